import { say } from '../lib/progress';
import { median, nowMs, percentile, round, sum } from '../lib/stats';
import { AggregateRun } from '../lib/queue';
import { aggregatorSnapshotSql, BenchContext, ScenarioResult, withProfiles, writeEvidence } from './context';

/**
 * The floor: one INSERT ... SELECT ... GROUP BY over the same rows, computing everything the
 * product's aggregator groups: per bundle, CPV code and unit (the lines, with their distinct
 * participants), per bundle, code, unit and district (the cells of the lot proposal), and
 * per bundle (participants and demands).
 */
const FLOOR_SQL = `INSERT INTO bench_r1_floor (bundle_id, cpv_code, unit, district_key, quantity, value_cents, participants, demands)
  SELECT p.bundle_id, d.cpv_code, d.unit, d.district_key, sum(d.quantity), sum(d.estimated_value_cents),
         count(DISTINCT p.organisation_id), count(*)
  FROM bundle_participations p JOIN demands d ON d.id = p.demand_id
  GROUP BY GROUPING SETS ((p.bundle_id, d.cpv_code, d.unit), (p.bundle_id, d.cpv_code, d.unit, d.district_key), (p.bundle_id))`;

/** the statement the issue names, for context: lines only */
const FLOOR_SIMPLE_SQL = `INSERT INTO bench_r1_floor (bundle_id, cpv_code, unit, quantity, value_cents, participants)
  SELECT p.bundle_id, d.cpv_code, d.unit, sum(d.quantity), sum(d.estimated_value_cents), count(DISTINCT p.organisation_id)
  FROM bundle_participations p JOIN demands d ON d.id = p.demand_id GROUP BY 1, 2, 3`;

/** code whose inclusive CPU time the worker profile reports (paths overlap: BullMQ includes ioredis) */
const WORKER_LAYERS = [
  'node_modules/bullmq/',
  'updateProgress',
  'moveToFinished',
  'node_modules/ioredis/',
  'node_modules/typeorm/',
  'node_modules/pg/',
  'recompute',
  'regime',
  'proposeLots',
];

async function timeFloor(ctx: BenchContext, sql: string): Promise<number> {
  await ctx.stack.query('TRUNCATE bench_r1_floor');
  const started = nowMs();
  await ctx.stack.query(sql);
  return nowMs() - started;
}

/**
 * R1: the worker's `bundle.aggregate` for every bundle, end to end through BullMQ (one
 * addBulk, wait for every completion), against the floor of one set-based statement.
 * R1b: the same bundles through the product's set-based `bundles.aggregate-batch` jobs
 * (up to MAX_BUNDLE_BATCH bundles per job). Floor, R1 and R1b alternate `r1Runs` times;
 * the medians count.
 */
export async function runR1(ctx: BenchContext): Promise<{ R1: ScenarioResult; R1b: ScenarioResult }> {
  const { stack, queue, options } = ctx;
  const bundleIds = (await stack.query<{ id: string }>(`SELECT id FROM bundles ORDER BY id`)).map((r) => r.id);
  const [{ participations }] = await stack.query<{ participations: number }>(
    `SELECT count(*)::int AS participations FROM bundle_participations`,
  );
  await stack.query(
    `CREATE TABLE IF NOT EXISTS bench_r1_floor (bundle_id uuid, cpv_code text, unit text, district_key text,
       quantity numeric, value_cents numeric, participants int, demands int)`,
  );
  // warm every path once (caches, JIT), unmeasured
  await timeFloor(ctx, FLOOR_SQL);
  await queue.idle();
  await queue.aggregate(bundleIds.slice(0, Math.min(200, bundleIds.length)));
  await queue.aggregate(bundleIds.slice(0, Math.min(200, bundleIds.length)), undefined, 'batch');

  const floorMs: number[] = [];
  const measured = { single: [] as AggregateRun[], batch: [] as AggregateRun[] };
  const profiles: Record<string, string> = {};
  for (let k = 0; k < options.r1Runs; k++) {
    floorMs.push(await timeFloor(ctx, FLOOR_SQL));
    for (const mode of ['single', 'batch'] as const) {
      await queue.idle();
      const { result: run, profiles: p } = await withProfiles(
        ctx,
        mode === 'single' ? 'R1' : 'R1b',
        k === 0 ? [stack.worker] : [],
        () => queue.aggregate(bundleIds, undefined, mode),
        WORKER_LAYERS,
      );
      if (p['worker']) profiles[mode] = p['worker'];
      if (run.failed.length)
        throw new Error(`R1 (${mode}): ${run.failed.length} jobs failed: ${run.failed.slice(0, 3).join('; ')}`);
      measured[mode].push(run);
    }
    say(
      `R1 run ${k + 1}/${options.r1Runs}: bundle.aggregate ${round(measured.single[k]!.wallMs / 1000, 2)} s, ` +
        `bundles.aggregate-batch ${round(measured.batch[k]!.wallMs / 1000, 2)} s, floor ${round(floorMs[k]! / 1000, 2)} s`,
    );
  }
  const floorSimpleMs = await timeFloor(ctx, FLOOR_SIMPLE_SQL);

  // the aggregates are right: current, and equal to the floor's per-bundle totals
  await timeFloor(ctx, FLOOR_SQL);
  const [check] = await stack.query<{ stale: number; wrong: number; missing: number }>(
    `SELECT count(*) FILTER (WHERE a.source_version IS DISTINCT FROM b.participation_version)::int AS stale,
            count(*) FILTER (WHERE f.bundle_id IS NOT NULL AND (a.total_estimated_value_cents <> f.value_cents
                               OR a.participant_count <> f.participants OR a.demand_count <> f.demands))::int AS wrong,
            count(*) FILTER (WHERE a.bundle_id IS NULL)::int AS missing
     FROM bundles b LEFT JOIN bundle_aggregates a ON a.bundle_id = b.id
     LEFT JOIN bench_r1_floor f ON f.bundle_id = b.id AND f.cpv_code IS NULL AND f.district_key IS NULL`,
  );
  const correct = check!.stale === 0 && check!.wrong === 0 && check!.missing === 0;

  // where the time goes: the product's own snapshot query for one bundle, serially, as the product
  // runs it (a named prepared statement: parsed once, its plan kept) and parsed and planned each
  // time, and EXPLAIN ANALYZE
  const snapshot = await aggregatorSnapshotSql();
  const sqlMs: number[] = [];
  const unpreparedMs: number[] = [];
  const client = await stack.pool.connect();
  try {
    for (const [times, name] of [
      [sqlMs, 'bench-r1-snapshot'],
      [unpreparedMs, undefined],
    ] as const) {
      for (const id of bundleIds) {
        const started = nowMs();
        await client.query({ name, text: snapshot.sql, values: snapshot.params(id) });
        times.push(nowMs() - started);
      }
    }
  } finally {
    client.release();
  }
  const [largest] = await stack.query<{ bundle_id: string; n: number }>(
    `SELECT bundle_id, count(*)::int AS n FROM bundle_participations GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  const explain = async (sql: string, params: unknown[] = []) =>
    (await stack.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
  await stack.query('TRUNCATE bench_r1_floor');
  const explainFloor = await explain(FLOOR_SQL);
  const explainLargest = largest
    ? await explain(snapshot.sql, snapshot.params(largest.bundle_id))
    : '(no participations)';
  const explainFile = writeEvidence(
    ctx,
    'R1-explain.txt',
    `-- floor\n${FLOOR_SQL}\n\n${explainFloor}\n\n-- the product's snapshot query for the largest bundle (${largest?.n ?? 0} participations)\n${snapshot.sql}\n\n${explainLargest}\n`,
  );

  const floor = median(floorMs) / 1000;
  const concurrency = Number(process.env['WORKER_CONCURRENCY'] ?? 4);
  const sqlSumMs = sum(sqlMs);
  const unpreparedSumMs = sum(unpreparedMs);
  const common = {
    bundles: bundleIds.length,
    participations,
    runsFloorS: floorMs.map((ms) => round(ms / 1000, 3)),
    floorSimpleS: round(floorSimpleMs / 1000, 3),
    workerConcurrency: concurrency,
    aggregatesCheck: check,
    explain: explainFile,
  };
  const result = (mode: 'single' | 'batch'): ScenarioResult => {
    const runs = measured[mode];
    const project = median(runs.map((r) => r.wallMs)) / 1000;
    const ratio = project / floor;
    const last = runs[runs.length - 1]!;
    const processSum = sum(last.processMs);
    const pass = ratio <= 2 && correct;
    const jobs = {
      count: last.jobs,
      processMsP50: round(percentile(last.processMs, 50), 1),
      processMsMax: round(Math.max(0, ...last.processMs), 1),
      processMsSum: Math.round(processSum),
    };
    let note: string | undefined;
    if (!pass && mode === 'single') {
      note =
        `${bundleIds.length} jobs at worker concurrency ${concurrency} took ${round(project, 2)} s; each spends p50 ` +
        `${jobs.processMsP50} ms active (sum ${round(processSum / 1000, 1)} s, /${concurrency} = ${round(processSum / 1000 / concurrency, 1)} s): ` +
        `one snapshot query per bundle (prepared as the product runs it: p50 ${round(percentile(sqlMs, 50), 2)} ms alone; ` +
        `all ${bundleIds.length} serially ${round(sqlSumMs / 1000, 2)} s, already ${round(sqlSumMs / 1000 / floor, 1)}x the floor; ` +
        `parsed and planned each time ${round(unpreparedSumMs / 1000, 2)} s), then JS, an upsert ` +
        `and BullMQ's bookkeeping, about ten round trips to PostgreSQL and Redis per bundle on 2 shared cores. ` +
        `The floor reads the same ${participations.toLocaleString('en')} participations once, set-based (R1b: the product's batch job). ` +
        `Plans: ${explainFile}` +
        (profiles['single']
          ? `; worker profile: ${profiles['single']}`
          : '; run with --profile for the worker profile');
    } else if (!pass) {
      note =
        `${jobs.count} batch jobs took ${round(project, 2)} s (the longest ${round(jobs.processMsMax / 1000, 2)} s active) against ` +
        `the floor's ${round(floor, 2)} s for the same rows. Plans: ${explainFile}` +
        (profiles['batch'] ? `; worker profile: ${profiles['batch']}` : '; run with --profile for the worker profile');
    }
    if (!correct) note = `${note ?? ''} Aggregates wrong after the runs: ${JSON.stringify(check)}`.trim();
    return {
      title:
        mode === 'single'
          ? `full aggregation, ${bundleIds.length} bundle.aggregate jobs through BullMQ`
          : `full aggregation, ${jobs.count} bundles.aggregate-batch job${jobs.count === 1 ? '' : 's'} (the same bundles)`,
      project: round(project, 3),
      floor: round(floor, 3),
      unit: 's',
      ratio: round(ratio, 2),
      target: '<= 2',
      pass,
      note,
      details: {
        ...common,
        runsProjectS: runs.map((r) => round(r.wallMs / 1000, 3)),
        jobs,
        ...(mode === 'single'
          ? {
              snapshotSqlMs: {
                p50: round(percentile(sqlMs, 50), 2),
                p99: round(percentile(sqlMs, 99), 2),
                sumSerial: Math.round(sqlSumMs),
              },
              snapshotSqlUnpreparedMs: {
                p50: round(percentile(unpreparedMs, 50), 2),
                p99: round(percentile(unpreparedMs, 99), 2),
                sumSerial: Math.round(unpreparedSumMs),
              },
            }
          : {}),
        profile: profiles[mode],
      },
    };
  };
  return { R1: result('single'), R1b: result('batch') };
}
