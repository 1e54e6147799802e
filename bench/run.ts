/**
 * `npm run bench`: loads (once) a national-scale data set through the product's own bulk
 * path, runs R1-R5 against the real API and worker as child processes, prints one table and
 * writes it as JSON to bench/results/<date>.json and bench/results/latest.json. Every figure
 * is a ratio to a floor measured in the same run on the same machine. See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { format, resolveConfig } from 'prettier';
import { GENERATOR_VERSION, GeneratedMeta, generate, readMeta } from './generate/generator';
import { parseOptions, ScenarioId, SCENARIOS } from './lib/options';
import { ROOT } from './lib/processes';
import { say } from './lib/progress';
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

function fmt(value: ScenarioResult['project'] | null): string {
  if (value === null) return '-';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return value.toLocaleString('en', { maximumFractionDigits: 3 });
  return Object.entries(value)
    .map(([k, v]) => `${k} ${v.toLocaleString('en', { maximumFractionDigits: 1 })}`)
    .join(', ');
}

export function table(results: Record<string, ScenarioResult>): string {
  const rows = Object.entries(results).map(([id, r]) => [
    id,
    r.title,
    fmt(r.project),
    fmt(r.floor),
    r.unit,
    r.ratio === null ? '-' : String(r.ratio),
    r.target,
    r.pass === null ? 'n/a' : r.pass ? 'PASS' : 'MISS',
  ]);
  const header = ['id', 'what', 'project', 'floor', 'unit', 'ratio', 'target', 'result'];
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, k) => c.padEnd(widths[k]!)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
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

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loadAtStart = loadAverage();
  const runId = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  // the pool connects on first use, after the database is (re)created below
  const live = new Stack(options);
  const stopAll = async () => {
    await live.stop().catch(() => undefined);
  };
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));

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
      meta.bundles === options.bundles;
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
      const started = Date.now();
      await run();
      windows[id] = [started, Date.now()];
      live.assertAlive();
      await resetRunState(live, queue);
    }

    const observations: Record<string, Observation> = { X1: await observeNotifyMatches(ctx) };
    const market = await observeMarketDemand(ctx).catch(() => undefined);
    if (market) observations['X2'] = market;
    const background = await backgroundJobs(live, windows);
    const machineInfo: Record<string, unknown> = {
      ...(await machine(live)),
      loadAverageAtStart: loadAtStart,
      loadAverageAtEnd: loadAverage(),
    };
    const report = {
      machine: machineInfo,
      date: new Date().toISOString(),
      rows: options.rows,
      bundles: meta!.bundles,
      participations: meta!.participations,
      seed: options.seed,
      generated: meta,
      results,
      observations,
      backgroundJobsDuringScenarios: background,
      evidence: path.relative(ROOT, ctx.evidenceDir),
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    };
    mkdirSync(RESULTS, { recursive: true });
    // formatted as `npm run format` would, so that results can be committed as they are
    const prettierOptions = (await resolveConfig(path.join(RESULTS, 'latest.json'))) ?? {};
    const json = await format(JSON.stringify(report), { ...prettierOptions, parser: 'json' });
    writeFileSync(path.join(RESULTS, `${runId}.json`), json);
    // latest.json is the last complete run without profiling (profiles slow the product down)
    const complete = SCENARIOS.every((id) => options.only.includes(id)) && !options.profile;
    if (complete) writeFileSync(path.join(RESULTS, 'latest.json'), json);
    const text = table(results);
    process.stdout.write(
      `\nBündel benchmark: ${options.rows.toLocaleString('en')} demand lines, ${meta!.bundles} bundles, ` +
        `${meta!.participations.toLocaleString('en')} participations; ${String(report.machine['nproc'])} cores, ${String(report.machine['cpu'])}\n\n${text}\n\n`,
    );
    for (const [id, r] of Object.entries(results)) if (r.note) process.stdout.write(`${id}: ${r.note}\n`);
    for (const [id, o] of Object.entries(observations)) {
      process.stdout.write(`${id}: ${o.title}: ${o.value} ${o.unit}; ${o.note} (${o.evidence})\n`);
    }
    process.stdout.write(
      `\nwritten: bench/results/${runId}.json${complete ? ' and bench/results/latest.json' : ''}; evidence in ${report.evidence}\n`,
    );
    if (options.keep) {
      say(`API on ${live.client.baseUrl}; Ctrl-C stops it`);
      await new Promise(() => undefined);
    }
  } finally {
    await queue.close().catch(() => undefined);
    await live.stop();
    await live.pool.end().catch(() => undefined);
  }
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
