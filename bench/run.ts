/**
 * `npm run bench`: loads (once) a national-scale data set through the product's own bulk
 * path, runs R1-R5 against the real API and worker as child processes, prints one table and
 * writes it as JSON to bench/results/<date>.json and bench/results/latest.json. With
 * `--sizes`, does that at each size in turn and compares them (bench/lib/report.ts). Every figure
 * is a ratio to a floor measured in the same run on the same machine. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { format, resolveConfig } from 'prettier';
import { GENERATOR_VERSION, GeneratedMeta, generate, readMeta } from './generate/generator';
import { BenchOptions, optionsForSize, parseOptions, ScenarioId, SCENARIOS } from './lib/options';
import { ROOT } from './lib/processes';
import { say } from './lib/progress';
import { figureGrowth, SizeRun, sizesReport, table } from './lib/report';
import { BundlesQueue } from './lib/queue';
import { resetRunState } from './lib/reset';
import { databaseExists, recreateDatabase, Stack } from './lib/stack';
import { World } from './lib/world';
import { BenchContext, evidenceDir, ScenarioResult } from './scenarios/context';
import { runR1 } from './scenarios/r1-aggregation';
import { runR2 } from './scenarios/r2-freshness';
import { runR3 } from './scenarios/r3-api';
import { runR4 } from './scenarios/r4-ingest';
import { runR5 } from './scenarios/r5-contention';
import { runW1 } from './scenarios/w1-browser';
import { Observation, observeMarketDemand, observeNotifyMatches } from './scenarios/observations';

const RESULTS = path.join(ROOT, 'bench', 'results');

async function machine(stack: Stack): Promise<Record<string, unknown>> {
  const [pg] = await stack.query<{ version: string }>(`SELECT version()`);
  const settings = await stack.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings
     WHERE name IN ('shared_buffers', 'work_mem', 'max_connections', 'synchronous_commit', 'max_parallel_workers_per_gather')`,
  );
  const redis = new Redis(stack.options.redisUrl, { lazyConnect: true });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  let nproc = os.availableParallelism();
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
  } catch {
    // nproc missing: Node's count stands
  }
  return {
    nproc,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: pg?.version.split(',')[0],
    postgresSettings: Object.fromEntries(settings.map((s) => [s.name, s.setting])),
    redis: /redis_version:(\S+)/.exec(info)?.[1],
    workerConcurrency: Number(process.env['WORKER_CONCURRENCY'] ?? 4),
  };
}

function browserMissed(e: unknown): ScenarioResult {
  return {
    title: 'web app: main content rendered (p95 of 20 loads)',
    project: 'failed',
    floor: null,
    unit: 'ms',
    ratio: null,
    target: 'p95 <= 1000 ms',
    pass: null,
    note: `W1 did not run: ${e instanceof Error ? e.message : String(e)}`,
  };
}

const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** the JSON of one size: what a single-size run writes, and each entry of a --sizes run's `sizes` */
type SizeReport = SizeRun & {
  machine: Record<string, unknown> & SizeRun['machine'];
  date: string;
  seed: string;
  generated: GeneratedMeta;
  observations: Record<string, Observation>;
  backgroundJobsDuringScenarios: Record<string, string[]>;
  evidence: string;
};

const RUN_COMMAND = ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' ');

/** formatted as `npm run format` would, so that results can be committed as they are */
async function writeResults(runId: string, report: unknown, latest: boolean): Promise<void> {
  mkdirSync(RESULTS, { recursive: true });
  const prettierOptions = (await resolveConfig(path.join(RESULTS, 'latest.json'))) ?? {};
  const json = await format(JSON.stringify(report), { ...prettierOptions, parser: 'json' });
  writeFileSync(path.join(RESULTS, `${runId}.json`), json);
  if (latest) writeFileSync(path.join(RESULTS, 'latest.json'), json);
}

function printSize(report: SizeReport): void {
  process.stdout.write(
    `\nBündel benchmark: ${report.rows.toLocaleString('en')} demand lines, ${report.bundles} bundles, ` +
      `${report.participations.toLocaleString('en')} participations; ${String(report.machine['nproc'])} cores, ${String(report.machine['cpu'])}\n\n${table(report.results)}\n\n`,
  );
  for (const [id, r] of Object.entries(report.results)) if (r.note) process.stdout.write(`${id}: ${r.note}\n`);
  for (const [id, o] of Object.entries(report.observations)) {
    process.stdout.write(`${id}: ${o.title}: ${o.value} ${o.unit}; ${o.note} (${o.evidence})\n`);
  }
}

/**
 * One size: its data set (loaded the first time, reused later), the API and worker against its
 * database, the chosen scenarios, and its report, handed to `done` while the stack still runs.
 */
async function runSize(
  options: BenchOptions,
  runId: string,
  onStack: (stack: Stack | undefined) => void,
  done: (report: SizeReport) => Promise<void>,
): Promise<SizeReport> {
  const started = Date.now();
  const loadAtStart = loadAverage();
  // the pool connects on first use, after the database is (re)created below
  const live = new Stack(options);
  onStack(live);

  // the data set: reused when it is there at the right seed and size
  let meta: GeneratedMeta | undefined;
  let fresh = options.regenerate || !(await databaseExists(options));
  if (!fresh) {
    const probe = new Stack(options);
    meta = await readMeta(probe).catch(() => undefined);
    await probe.pool.end();
    const fits =
      meta?.generatorVersion === GENERATOR_VERSION &&
      meta.seed === options.seed &&
      meta.rows === options.rows &&
      // the generator opens fewer bundles than asked when a district runs out of families (3M: 5,995
      // of 6,000) and says so in a note: that data set is the one these options make
      (meta.bundles === options.bundles ||
        meta.notes.includes(`${meta.bundles} bundles instead of ${options.bundles}: a district ran out of families`));
    if (!fits) {
      say(
        meta
          ? `the bench database holds another data set (${JSON.stringify({ seed: meta.seed, rows: meta.rows, bundles: meta.bundles, v: meta.generatorVersion })}); loading anew`
          : 'the bench database is incomplete; loading anew',
      );
      fresh = true;
    }
  }
  if (fresh) {
    say(`creating database ${live.database} (Redis prefix ${live.redisPrefix})`);
    await recreateDatabase(options, live.redisPrefix);
  }
  say(`starting the API and the worker against ${live.database}`);
  await live.start();
  const queue = new BundlesQueue(live);
  await queue.ready();
  const world = new World(live);
  try {
    await world.load();
    await world.ensureUsers();
    const prober = world.places[0]!;
    await live.probeImport(world.buyerToken(prober), prober.ags!, world.cpv.get('30213100')!);
    if (fresh) {
      say(
        `generating ${options.rows.toLocaleString('en')} demand lines and ${options.bundles} bundles (seed "${options.seed}")`,
      );
      meta = await generate(live, world, queue);
      say(`data set ready in ${meta.seconds.total} s`);
    } else {
      say(`reusing the data set generated ${meta!.generatedAt}`);
    }
    const reset = await resetRunState(live, queue);
    if (reset.participations + reset.bundles + reset.demands > 0)
      say(`reset leftovers of an earlier run: ${JSON.stringify(reset)}`);

    const ctx: BenchContext = { options, stack: live, world, queue, runId, evidenceDir: evidenceDir(runId) };
    const results: Record<string, ScenarioResult> = {};
    const windows: Record<string, [number, number]> = {};
    const scenarios: Array<[ScenarioId, () => Promise<void>]> = [
      ['R1', async () => void Object.assign(results, await runR1(ctx))],
      ['R2', async () => void (results['R2'] = await runR2(ctx))],
      ['R3', async () => void Object.assign(results, await runR3(ctx))],
      ['R4', async () => void Object.assign(results, await runR4(ctx))],
      ['R5', async () => void (results['R5'] = await runR5(ctx))],
      // a browser that cannot start (no Chromium here) costs W1, not the run
      ['W1', async () => void (results['W1'] = await runW1(ctx).catch(browserMissed))],
    ];
    for (const [id, run] of scenarios) {
      if (!options.only.includes(id)) continue;
      say(`${id} ...`);
      const scenarioStarted = Date.now();
      await run();
      windows[id] = [scenarioStarted, Date.now()];
      live.assertAlive();
      await resetRunState(live, queue);
    }

    const observations: Record<string, Observation> = { X1: await observeNotifyMatches(ctx) };
    const market = await observeMarketDemand(ctx).catch(() => undefined);
    if (market) observations['X2'] = market;
    const background = await backgroundJobs(live, windows);
    const machineInfo = {
      ...(await machine(live)),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
    };
    const report: SizeReport = {
      machine: machineInfo,
      date: new Date().toISOString(),
      rows: options.rows,
      bundles: meta!.bundles,
      participations: meta!.participations,
      seed: options.seed,
      dataSet: fresh ? 'loaded' : 'reused',
      seconds: Math.round((Date.now() - started) / 1000),
      generated: meta!,
      results,
      observations,
      backgroundJobsDuringScenarios: background,
      evidence: path.relative(ROOT, ctx.evidenceDir),
    };
    await done(report);
    return report;
  } finally {
    await queue.close().catch(() => undefined);
    await live.stop();
    await live.pool.end().catch(() => undefined);
    onStack(undefined);
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const runId = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  let live: Stack | undefined;
  const stopAll = async () => {
    await live?.stop().catch(() => undefined);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  const onStack = (stack: Stack | undefined) => (live = stack);
  // latest.json is the last complete run without profiling (profiles slow the product down)
  const complete = SCENARIOS.every((id) => options.only.includes(id)) && !options.profile;

  if (!options.sizes) {
    await runSize(options, runId, onStack, async (report) => {
      await writeResults(runId, { ...report, command: RUN_COMMAND }, complete);
      printSize(report);
      process.stdout.write(
        `\nwritten: bench/results/${runId}.json${complete ? ' and bench/results/latest.json' : ''}; evidence in ${report.evidence}\n`,
      );
      if (options.keep) {
        say(`API on ${live!.client.baseUrl}; Ctrl-C stops it`);
        await new Promise(() => undefined);
      }
    });
    return;
  }

  // --sizes: one size after the other, each its own data set; the dated JSON is rewritten after
  // each size, so that a run that fails at a later size keeps the sizes done
  const runs: SizeReport[] = [];
  const results = (final: boolean) => {
    const { loadAverageAtStart: _start, loadAverageAtEnd: _end, ...machineInfo } = runs[0]!.machine;
    return {
      machine: machineInfo,
      date: new Date().toISOString(),
      seed: options.seed,
      sizesAsked: options.sizes,
      finished: final,
      sizes: runs,
      growth: figureGrowth(runs),
      command: RUN_COMMAND,
    };
  };
  for (const rows of options.sizes) {
    say(`size ${runs.length + 1} of ${options.sizes.length}: ${rows.toLocaleString('en')} demand lines`);
    const sizeOptions = optionsForSize(options, rows);
    await runSize(sizeOptions, `${runId}-${rows}`, onStack, async (report) => {
      runs.push(report);
      printSize(report);
      await writeResults(runId, results(false), false);
    });
  }
  await writeResults(runId, results(true), complete);
  const first = runs[0]!.machine;
  process.stdout.write(
    `\n\nBündel benchmark at ${runs.length} sizes; ${String(first['nproc'])} cores, ${String(first['cpu'])}, ` +
      `${String(first['memoryGiB'])} GiB, ${String(first['postgres'])}\n\n${sizesReport(runs)}\n`,
  );
  process.stdout.write(
    `\nwritten: bench/results/${runId}.json${complete ? ' and bench/results/latest.json' : ''}; evidence in ` +
      `${runs.map((r) => r.evidence).join(', ')}\n`,
  );
}

/** the product's periodic jobs (sweeps, market refresh) that ran during a scenario: noise to know about */
async function backgroundJobs(
  stack: Stack,
  windows: Record<string, [number, number]>,
): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  const { Queue } = await import('bullmq');
  const url = new URL(stack.options.redisUrl);
  for (const name of ['bundles', 'tenders', 'system']) {
    const queue = new Queue(name, {
      connection: { host: url.hostname, port: Number(url.port || 6379) },
      prefix: stack.redisPrefix,
    });
    try {
      const jobs = await queue.getJobs(['completed', 'failed'], 0, 2000);
      for (const job of jobs) {
        if (
          !job ||
          job.name === 'bundle.aggregate' ||
          job.name === 'worker.heartbeat' ||
          job.name === 'bundle.notify-matches'
        )
          continue;
        for (const [id, [from, to]] of Object.entries(windows)) {
          if ((job.processedOn ?? 0) < to && (job.finishedOn ?? 0) > from) {
            (out[id] ??= []).push(`${job.name} ${(job.finishedOn ?? 0) - (job.processedOn ?? 0)} ms`);
          }
        }
      }
    } finally {
      await queue.close();
    }
  }
  return out;
}

main().catch((e: unknown) => {
  process.stderr.write(`\nbench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  try {
    const api = readFileSync(path.join(ROOT, 'tmp/bench/api.log'), 'utf8').split('\n').slice(-15).join('\n');
    process.stderr.write(`\nlast lines of tmp/bench/api.log:\n${api}\n`);
  } catch {
    // no log yet
  }
  process.exit(1);
});
