import { DataSource } from 'typeorm';
import { NotificationsRepository } from '@buendel/bundling';
import { MarketRepository, MarketService } from '@buendel/tendering';
import { BenchContext, writeEvidence } from './context';

export interface Observation {
  title: string;
  value: number;
  unit: string;
  note: string;
  evidence: string;
}

/**
 * X1, beyond R1-R5: what the product's bundle.notify-matches job (run once when a bundle
 * opens) costs at national scale. Its statement, taken from NotificationsRepository, runs
 * under EXPLAIN ANALYZE for the generated bundle with the most demands in its district, in
 * a transaction that is rolled back.
 */
export async function observeNotifyMatches(ctx: BenchContext): Promise<Observation> {
  let sql = '';
  const recorder = {
    query: async (text: string) => {
      sql ||= text;
      return [];
    },
  };
  await new NotificationsRepository(recorder as unknown as DataSource).notifyMatchingBuyers('bundle');
  const [bundle] = await ctx.stack.query<{ id: string; district_key: string; n: number }>(
    `SELECT g.id, g.district_key, c.n::int AS n FROM bench_gen_bundles g
     JOIN (SELECT district_key, count(*) AS n FROM demands GROUP BY 1) c ON c.district_key = g.district_key::bpchar
     ORDER BY c.n DESC, g.ordinal LIMIT 1`,
  );
  const client = await ctx.stack.pool.connect();
  let plan: string[];
  try {
    await client.query('BEGIN');
    plan = (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [bundle!.id])).rows.map(
      (r) => r['QUERY PLAN'],
    );
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan.join('\n'))?.[1] ?? NaN);
  const scanned = /Rows Removed by Join Filter: (\d+)/.exec(plan.join('\n'))?.[1];
  const evidence = writeEvidence(
    ctx,
    'X1-notify-matches-explain.txt',
    `-- NotificationsRepository.notifyMatchingBuyers for bundle ${bundle!.id} (district ${bundle!.district_key})\n${sql}\n\n${plan.join('\n')}\n`,
  );
  return {
    title: 'bundle.notify-matches when a bundle opens (one statement)',
    value: Math.round(ms),
    unit: 'ms',
    note:
      scanned && Number(scanned) > 10 * bundle!.n
        ? `reads ${Number(scanned).toLocaleString('en')} open demands of all Germany to find the ${bundle!.n.toLocaleString('en')} of district ${bundle!.district_key}: ` +
          'demands.district_key is char(5), bundles.district_keys text[], so `d.district_key = ANY(b.district_keys)` ' +
          'compares as text and the index on (status, district_key) serves only status; see the plan'
        : 'uses the index on (status, district_key)',
    evidence,
  };
}

/**
 * X2: the first page of GET /market/demand (MarketService.demand without filters), its
 * statements taken from the product under EXPLAIN ANALYZE.
 */
export async function observeMarketDemand(ctx: BenchContext): Promise<Observation | undefined> {
  const statements: Array<{ sql: string; params: unknown[] }> = [];
  const recorder = {
    query: async (sql: string, params: unknown[] = []) => {
      statements.push({ sql, params });
      return sql.includes('count(*)') ? [{ total: 0 }] : [];
    },
  };
  await new MarketService(new MarketRepository(recorder as unknown as DataSource))
    .demand({} as never)
    .catch(() => undefined);
  const page = statements.find((s) => /ORDER BY/i.test(s.sql));
  if (!page) return undefined;
  const plan = (
    await ctx.stack.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${page.sql}`, page.params)
  ).map((r) => r['QUERY PLAN']);
  const [{ cells }] = await ctx.stack.query<{ cells: number }>(
    `SELECT count(*)::int AS cells FROM market_demand_cells`,
  );
  const text = plan.join('\n');
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(text)?.[1] ?? NaN);
  const sorts = /Sort Key: c\.cpv_prefix/.test(text);
  return {
    title: 'GET /market/demand first page: the page statement',
    value: Math.round(ms * 10) / 10,
    unit: 'ms',
    note: sorts
      ? `sorts all ${cells.toLocaleString('en')} cells of the snapshot for every request (no index follows the ORDER BY); ` +
        "the floor runs the same SQL, so R3b's ratio hides this cost"
      : `${cells.toLocaleString('en')} cells; the page comes from an index`,
    evidence: writeEvidence(ctx, 'X2-market-demand-explain.txt', `${page.sql}\n\n${text}\n`),
  };
}
