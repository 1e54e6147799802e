import { Pool } from 'pg';
import { say } from '../lib/progress';
import { mapLimit, nowMs, percentile, round, sleep } from '../lib/stats';
import { BenchContext, ScenarioResult, withProfiles } from './context';

interface BundleView {
  id: string;
  aggregate: { version: number; current: boolean; participantCount: number; demandCount: number } | null;
}

/**
 * R5: contention. `joins` buyers of one district (the one with the most municipalities)
 * each record one demand (POST /demands), then all join one new bundle at the same moment
 * (POST /bundles/{id}/participations, all requests in flight together). Checks that every
 * join answered 201 and counted once: participations, the participation version and the
 * aggregate's participant and demand counts all equal `joins`. The floors, run before and after:
 * as many concurrent single-row INSERTs through pg (pool of 10, like the product), and as
 * many concurrent transactions that take one row lock, insert and bump a version (the
 * serialisation a correct join cannot avoid). The ratio is the joins' rate over the locked
 * transactions' (the mean of both runs); the target is 0.2 (issue 18).
 */
export async function runR5(ctx: BenchContext): Promise<ScenarioResult> {
  const { stack, world, options, queue } = ctx;
  const district = world.largestDistrict();
  if (district.places.length < options.joins) {
    throw new Error(`R5: district ${district.key} has only ${district.places.length} municipalities`);
  }
  const buyers = district.places.slice(0, options.joins);
  const coordinator = world.coordinatorToken(district.key);
  const bundle = await stack.client.expect<BundleView>([201], 'POST', '/api/v1/bundles', coordinator, {
    title: `Bench R5 Notebooks ${ctx.runId}`,
    cpvPrefix: '3021',
    joinDeadline: new Date(Date.now() + 2 * 3600_000).toISOString(),
    deliveryFrom: '2027-03-01',
    deliveryTo: '2027-12-31',
  });
  const laptop = world.cpv.get('30213100')!;
  const demandIds = await mapLimit(buyers, 8, async (org) => {
    const demand = await stack.client.expect<{ id: string }>([201], 'POST', '/api/v1/demands', world.buyerToken(org), {
      cpvCode: laptop,
      title: 'Notebooks für die Verwaltung',
      quantity: 3,
      unit: 'H87',
      unitPriceEur: 949.9,
      deliveryFrom: '2027-04-01',
      deliveryTo: '2027-06-30',
      deliveryAgs: org.ags,
    });
    return demand.id;
  });
  await queue.idle();

  const before = await floors(stack.databaseUrl, options.joins);
  const statuses: number[] = [];
  const latency: number[] = [];
  const { result: wallMs, profiles } = await withProfiles(ctx, 'R5', [stack.api], async () => {
    const started = nowMs();
    await Promise.all(
      buyers.map(async (org, k) => {
        const t = nowMs();
        const response = await stack.client.post(`/api/v1/bundles/${bundle.id}/participations`, world.buyerToken(org), {
          demandIds: [demandIds[k]],
        });
        latency.push(nowMs() - t);
        statuses.push(response.status);
      }),
    );
    return nowMs() - started;
  });
  const throughput = options.joins / (wallMs / 1000);
  say(`R5: ${options.joins} joins in ${Math.round(wallMs)} ms`);

  // the aggregate catches up; then everything must count each join exactly once
  const waitStarted = nowMs();
  let view: BundleView | undefined;
  while (nowMs() - waitStarted < 60_000) {
    view = await stack.client.expect<BundleView>([200], 'GET', `/api/v1/bundles/${bundle.id}`, coordinator);
    if (view.aggregate?.current && view.aggregate.version >= options.joins) break;
    await sleep(20);
  }
  const aggregateLagMs = nowMs() - waitStarted;
  const [db] = await stack.query<{ participations: number; demands: number; organisations: number; version: number }>(
    `SELECT count(*)::int AS participations, count(DISTINCT p.demand_id)::int AS demands,
            count(DISTINCT p.organisation_id)::int AS organisations, max(b.participation_version)::int AS version
     FROM bundles b LEFT JOIN bundle_participations p ON p.bundle_id = b.id WHERE b.id = $1`,
    [bundle.id],
  );
  const answered201 = statuses.filter((s) => s === 201).length;
  const counted = {
    joins: options.joins,
    answered201,
    participations: db!.participations,
    distinctDemands: db!.demands,
    distinctOrganisations: db!.organisations,
    participationVersion: db!.version,
    aggregateParticipantCount: view?.aggregate?.participantCount ?? -1,
    aggregateDemandCount: view?.aggregate?.demandCount ?? -1,
  };
  const pass = Object.values(counted).every((n) => n === options.joins);

  // the locked-transaction floor ran just before the joins; once more after, and the mean counts
  const after = await floors(stack.databaseUrl, options.joins);
  const insertsPerSecond = (before.insertsPerSecond + after.insertsPerSecond) / 2;
  const lockedPerSecond = (before.lockedPerSecond + after.lockedPerSecond) / 2;
  const ratio = round(throughput / lockedPerSecond, 3);
  return {
    title: `${options.joins} concurrent joins to one bundle (district ${district.key})`,
    project: { joinsPerSecond: round(throughput, 1), joins: options.joins, counted: counted.aggregateParticipantCount },
    floor: { insertsPerSecond: round(insertsPerSecond, 1), lockedTransactionsPerSecond: round(lockedPerSecond, 1) },
    unit: 'joins/s',
    // against the locked transactions: the serialisation a correct join cannot avoid
    ratio,
    target: `none lost or doubled, >= ${LOCKED_FLOOR_TARGET} x locked floor`,
    pass: pass && ratio >= LOCKED_FLOOR_TARGET,
    note: !pass
      ? `counts differ: ${JSON.stringify(counted)}`
      : ratio < LOCKED_FLOOR_TARGET
        ? `every join counted once, but ${round(throughput, 1)} joins/s is below ${LOCKED_FLOOR_TARGET} x ${round(lockedPerSecond, 1)} locked tx/s`
        : undefined,
    details: {
      counted,
      statuses: Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length])),
      wallMs: Math.round(wallMs),
      joinLatencyMs: { p50: Math.round(percentile(latency, 50)), p99: Math.round(percentile(latency, 99)) },
      aggregateCurrentAfterMs: Math.round(aggregateLagMs),
      floorRuns: { before, after },
      profiles,
    },
  };
}

const LOCKED_FLOOR_TARGET = 0.2;

/**
 * The floors, for `joins` concurrent requests over a pool of 10 (like the product's): single-row
 * INSERTs, and transactions that lock one row, insert and bump a version.
 */
async function floors(
  databaseUrl: string,
  joins: number,
): Promise<{ insertsPerSecond: number; lockedPerSecond: number }> {
  const floorPool = new Pool({ connectionString: databaseUrl, max: 10, application_name: 'buendel-bench-r5' });
  try {
    await floorPool.query(
      `CREATE TABLE IF NOT EXISTS bench_r5_floor (bundle_id int, demand_id int, PRIMARY KEY (bundle_id, demand_id))`,
    );
    await floorPool.query(
      `CREATE TABLE IF NOT EXISTS bench_r5_floor_bundle (id int PRIMARY KEY, version bigint NOT NULL)`,
    );
    await floorPool.query(`TRUNCATE bench_r5_floor`);
    await floorPool.query(`INSERT INTO bench_r5_floor_bundle VALUES (1, 0) ON CONFLICT (id) DO UPDATE SET version = 0`);
    const ids = Array.from({ length: joins }, (_, k) => k);
    let started = nowMs();
    await Promise.all(ids.map((k) => floorPool.query(`INSERT INTO bench_r5_floor VALUES (1, $1)`, [k])));
    const insertsPerSecond = joins / ((nowMs() - started) / 1000);
    await floorPool.query(`TRUNCATE bench_r5_floor`);
    started = nowMs();
    await Promise.all(
      ids.map(async (k) => {
        const client = await floorPool.connect();
        try {
          await client.query('BEGIN');
          await client.query(`SELECT version FROM bench_r5_floor_bundle WHERE id = 1 FOR UPDATE`);
          await client.query(`INSERT INTO bench_r5_floor VALUES (1, $1)`, [k]);
          await client.query(`UPDATE bench_r5_floor_bundle SET version = version + 1 WHERE id = 1`);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
      }),
    );
    const lockedPerSecond = joins / ((nowMs() - started) / 1000);
    await floorPool.query(`TRUNCATE bench_r5_floor`);
    return { insertsPerSecond, lockedPerSecond };
  } finally {
    await floorPool.end();
  }
}
