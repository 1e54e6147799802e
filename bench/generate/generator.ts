import { BundlesQueue } from '../lib/queue';
import { Progress, say } from '../lib/progress';
import { Random } from '../lib/random';
import { Stack } from '../lib/stack';
import { mapLimit, nowMs } from '../lib/stats';
import { World } from '../lib/world';
import { Family, FAMILIES, familyCriteria } from './catalogue';
import { drawLines, toCsv } from './rows';

/** the answer of POST /demands/import (the fields the bench reads) */
export interface ImportReport {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: unknown[];
}

/** bump when the generated data changes shape: a database of another version is loaded anew */
export const GENERATOR_VERSION = 4;
/** import keys of generated demands start with this; every other demand is a run's leftover */
export const GENERATED_KEY_PREFIX = 'g-';
/** the opt-in deadline of the generated bundles (their delivery window is 2027) */
const BUNDLE_DEADLINE = '2027-09-30T10:00:00.000Z';
/** the share of fitting open demands (by a hash of their key) that the generator joins to a bundle */
const JOINED_SHARE = 0.75;

export interface GeneratedMeta {
  generatorVersion: number;
  seed: string;
  rows: number;
  bundles: number;
  participations: number;
  openFittingDemands: number;
  generatedAt: string;
  seconds: { import: number; bundles: number; participations: number; aggregates: number; total: number };
  importRowsPerSecond: number;
  notes: string[];
}

export async function readMeta(stack: Stack): Promise<GeneratedMeta | undefined> {
  const [exists] = await stack.query<{ t: string | null }>(`SELECT to_regclass('bench_meta')::text AS t`);
  if (!exists?.t) return undefined;
  const [row] = await stack.query<{ value: GeneratedMeta }>(`SELECT value FROM bench_meta WHERE key = 'generated'`);
  return row?.value;
}

/** the deadline of generated bundles, or a later one when the bench runs after it */
function bundleDeadline(): string {
  const fixed = new Date(BUNDLE_DEADLINE).getTime();
  return fixed - Date.now() > 30 * 86_400_000 ? BUNDLE_DEADLINE : new Date(Date.now() + 180 * 86_400_000).toISOString();
}

/** Splits `total` over the weights by largest remainder (same input -> same split). */
export function apportion(weights: number[], total: number, minimum = 0): number[] {
  const base = minimum * weights.length;
  if (base > total) throw new Error(`cannot give ${weights.length} parts at least ${minimum} of ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => ((total - base) * w) / sum);
  const counts = exact.map((x) => Math.floor(x) + minimum);
  let rest = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length, rest--) counts[order[k]![1]]! += 1;
  return counts;
}

/**
 * Loads a national-scale data set through the product: every municipality's buyer uploads
 * its demands as a CSV file (POST /demands/import, the product's bulk path), every district's
 * coordinator opens bundles (POST /bundles), and the participations go in by SQL (see
 * `joinInSql`). Seeded: the same seed gives the same demands and bundles.
 */
export async function generate(stack: Stack, world: World, queue: BundlesQueue): Promise<GeneratedMeta> {
  const { options } = stack;
  const started = nowMs();
  const notes: string[] = [
    'bundles opened through the API before the demands were imported (their notify-matches jobs then find nothing to do)',
  ];

  // 1. how many demand lines each municipality uploads: by population
  const places = world.places;
  const weights = places.map((o) => Math.pow(Math.max(100, o.population ?? 1000), 0.6));
  const counts = apportion(weights, options.rows, 1);
  let keyOffset = 0;
  const uploads = places.map((org, k) => {
    const upload = { org, count: counts[k]!, offset: keyOffset };
    keyOffset += upload.count;
    return upload;
  });
  // 2. bundles: each district's coordinator opens bundles for families of its demand. They are opened
  // before the demands arrive: opening one starts the product's bundle.notify-matches job, which at
  // national scale reads every open demand (see the X1 observation), and 2,000 of them would take
  // the worker a quarter of an hour. The end state is the same.
  const bundlesStarted = nowMs();
  const districts = [...world.districts.values()].sort((a, b) => a.key.localeCompare(b.key));
  const demandsPerDistrict = new Map<string, number>();
  uploads.forEach((u) =>
    demandsPerDistrict.set(u.org.districtKey, (demandsPerDistrict.get(u.org.districtKey) ?? 0) + u.count),
  );
  const bundleCounts = apportion(
    districts.map((d) => Math.sqrt(demandsPerDistrict.get(d.key) ?? 1)),
    options.bundles,
  );
  const plans: Array<{ districtKey: string; families: Family[]; title: string }> = [];
  districts.forEach((district, k) => {
    const rng = new Random(options.seed, 'bundles', district.key);
    const pool = [...FAMILIES];
    for (let n = 0; n < bundleCounts[k]! && pool.length; n++) {
      const family = rng.weighted(pool, (f) => f.weight);
      pool.splice(pool.indexOf(family), 1);
      const families = [family];
      if (rng.chance(0.1) && pool.length) {
        const extra = rng.weighted(pool, (f) => f.weight);
        pool.splice(pool.indexOf(extra), 1);
        families.push(extra);
      }
      plans.push({
        districtKey: district.key,
        families,
        title: `${families.map((f) => f.label).join(' und ')} – ${district.name} 2027`,
      });
    }
  });
  if (plans.length !== options.bundles) {
    notes.push(`${plans.length} bundles instead of ${options.bundles}: a district ran out of families`);
  }
  const deadline = bundleDeadline();
  const bundleProgress = new Progress('bundles (POST /bundles)', plans.length, 'bundles');
  let opened = 0;
  const created = await mapLimit(plans, options.uploadConcurrency, async (plan) => {
    const [first, ...more] = plan.families;
    const body = {
      title: plan.title.slice(0, 200),
      cpvPrefix: first!.prefix,
      ...(more.length ? { additionalCpvPrefixes: more.map((f) => f.prefix) } : {}),
      joinDeadline: deadline,
      deliveryFrom: '2027-01-01',
      deliveryTo: '2027-12-31',
      mandatoryCriteria: [...new Set(plan.families.flatMap(familyCriteria))].sort(),
    };
    const bundle = await stack.client.expect<{ id: string }>(
      [201],
      'POST',
      '/api/v1/bundles',
      world.coordinatorToken(plan.districtKey),
      body,
    );
    bundleProgress.update(++opened);
    return { id: bundle.id, districtKey: plan.districtKey, families: plan.families.map((f) => f.key) };
  });
  bundleProgress.stop();
  await stack.query(
    `CREATE TABLE IF NOT EXISTS bench_gen_bundles (id uuid PRIMARY KEY, district_key text NOT NULL, families text NOT NULL, ordinal int NOT NULL)`,
  );
  await stack.query(
    `INSERT INTO bench_gen_bundles (id, district_key, families, ordinal)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::int[]) AS t(id, district_key, families, ordinal)`,
    [
      created.map((c) => c.id),
      created.map((c) => c.districtKey),
      created.map((c) => c.families.join(',')),
      created.map((_, k) => k),
    ],
  );
  await queue.idle();
  const bundlesSeconds = (nowMs() - bundlesStarted) / 1000;
  say(`opened ${created.length} bundles in ${bundlesSeconds.toFixed(1)} s`);

  // 3. the demands: one CSV upload per municipality, through the product's import
  const importStarted = nowMs();
  const progress = new Progress('demands (CSV import)', options.rows);
  let imported = 0;
  // large files first, so the last minute is not one big upload alone
  const ordered = [...uploads].sort((a, b) => b.count - a.count || a.org.ags!.localeCompare(b.org.ags!));
  await mapLimit(ordered, options.uploadConcurrency, async ({ org, count, offset }) => {
    const rng = new Random(options.seed, 'demands', org.ags!);
    const size = Math.min(3, Math.max(0.3, Math.pow((org.population ?? 1000) / 5000, 0.3)));
    const lines = drawLines(rng, count, {
      keyPrefix: `${GENERATED_KEY_PREFIX}${offset}-`,
      size,
      cpv: world.cpv,
      agsOf: () => org.ags!,
    });
    const csv = toCsv(lines, rng.chance(0.5));
    const response = await stack.client.post<ImportReport>(
      '/api/v1/demands/import',
      world.buyerToken(org),
      csv,
      'text/csv',
    );
    const report = response.body;
    if (response.status >= 300 || report.rejected > 0 || report.created + report.unchanged + report.updated !== count) {
      throw new Error(
        `import for ${org.name} (${org.ags}) answered ${response.status}: ${JSON.stringify(response.body).slice(0, 1500)}`,
      );
    }
    imported += count;
    progress.update(imported);
  });
  progress.stop();
  const importSeconds = (nowMs() - importStarted) / 1000;
  say(`imported ${imported.toLocaleString('en')} demand lines in ${importSeconds.toFixed(1)} s`);

  // 4. participations in SQL
  const participationsStarted = nowMs();
  const { participations, openFitting } = await joinInSql(stack, options.seed);
  const participationsSeconds = (nowMs() - participationsStarted) / 1000;
  notes.push(
    `participations inserted in SQL (${participations.toLocaleString('en')} rows, ${JOINED_SHARE * 100}% of the fitting open demands); ` +
      'the API join path is what R2 and R5 measure',
  );
  say(`joined ${participations.toLocaleString('en')} demands in SQL in ${participationsSeconds.toFixed(1)} s`);

  // 5. first aggregates through the worker
  const aggregatesStarted = nowMs();
  const aggregateProgress = new Progress('aggregates (worker)', created.length, 'bundles');
  const run = await queue.aggregate(
    created.map((c) => c.id),
    (done) => aggregateProgress.update(done),
    'batch',
  );
  aggregateProgress.stop();
  if (run.failed.length) throw new Error(`aggregation failed: ${run.failed.slice(0, 5).join('; ')}`);
  await queue.idle();
  const aggregatesSeconds = (nowMs() - aggregatesStarted) / 1000;

  say('VACUUM ANALYZE of the loaded tables');
  for (const table of ['demands', 'bundles', 'bundle_participations', 'bundle_aggregates', 'users', 'audit_events']) {
    await stack.query(`VACUUM (ANALYZE) ${table}`);
  }
  const meta: GeneratedMeta = {
    generatorVersion: GENERATOR_VERSION,
    seed: options.seed,
    rows: options.rows,
    bundles: created.length,
    participations,
    openFittingDemands: openFitting,
    generatedAt: new Date().toISOString(),
    seconds: {
      import: Math.round(importSeconds),
      bundles: Math.round(bundlesSeconds),
      participations: Math.round(participationsSeconds),
      aggregates: Math.round(aggregatesSeconds),
      total: Math.round((nowMs() - started) / 1000),
    },
    importRowsPerSecond: Math.round(imported / importSeconds),
    notes,
  };
  await stack.query(`CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
  await stack.query(
    `INSERT INTO bench_meta (key, value) VALUES ('generated', $1) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify(meta)],
  );
  return meta;
}

/**
 * Joins a fixed share of the fitting open demands to each generated bundle, by SQL: the
 * same fit the product checks on a join (CPV scope, district, overlapping delivery window,
 * no criterion beyond the bundle's), the share chosen by a hash of the demand's key, so
 * the same data gives the same participations. Marks the demands bundled and counts one
 * participation change per organisation, as one API join per organisation would.
 * `joined_by` stays NULL: that is how the bench tells generated participations from the
 * ones its scenarios make through the API.
 */
async function joinInSql(stack: Stack, seed: string): Promise<{ participations: number; openFitting: number }> {
  const threshold = Math.round(JOINED_SHARE * 256);
  const client = await stack.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO bundle_participations (bundle_id, demand_id, organisation_id, joined_by)
       SELECT DISTINCT ON (d.id) b.id, d.id, d.organisation_id, NULL::uuid
       FROM bench_gen_bundles g JOIN bundles b ON b.id = g.id
       JOIN demands d ON d.status = 'open' AND d.district_key = ANY(b.district_keys::bpchar[])
         AND EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE left(d.cpv_code, length(s.prefix)) = s.prefix)
         AND d.delivery_from <= b.delivery_to AND b.delivery_from <= d.delivery_to
         AND d.criteria <@ b.mandatory_criteria
       WHERE get_byte(decode(md5(d.import_key || $1), 'hex'), 0) < $2
       ORDER BY d.id, g.ordinal
       ON CONFLICT DO NOTHING`,
      [seed, threshold],
    );
    await client.query(
      `UPDATE demands d SET status = 'bundled', updated_at = now()
       FROM bundle_participations p WHERE p.demand_id = d.id AND p.joined_by IS NULL AND d.status = 'open'`,
    );
    await client.query(
      `UPDATE bundles b SET participation_version = b.participation_version + c.organisations, updated_at = now()
       FROM (SELECT bundle_id, count(DISTINCT organisation_id)::int AS organisations FROM bundle_participations GROUP BY 1) c
       WHERE c.bundle_id = b.id`,
    );
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
  const [{ participations }] = await stack.query<{ participations: number }>(
    `SELECT count(*)::int AS participations FROM bundle_participations`,
  );
  const [{ open }] = await stack.query<{ open: number }>(
    `SELECT count(*)::int AS open FROM bench_gen_bundles g JOIN bundles b ON b.id = g.id
     JOIN demands d ON d.status = 'open' AND d.district_key = ANY(b.district_keys::bpchar[])
       AND EXISTS (SELECT 1 FROM unnest(b.cpv_prefixes) s(prefix) WHERE left(d.cpv_code, length(s.prefix)) = s.prefix)
       AND d.delivery_from <= b.delivery_to AND b.delivery_from <= d.delivery_to
       AND d.criteria <@ b.mandatory_criteria`,
  );
  return { participations, openFitting: open };
}
