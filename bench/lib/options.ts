import { parseArgs } from 'node:util';

/** every scenario, in the order they run */
export const SCENARIOS = ['R1', 'R2', 'R3', 'R4', 'R5', 'W1'] as const;
export type ScenarioId = (typeof SCENARIOS)[number];

export interface BenchOptions {
  /** demand lines loaded through the CSV import */
  rows: number;
  /**
   * `--sizes`: the row counts to run one after another (each its own data set and database);
   * undefined for a single-size run (`--rows`)
   */
  sizes?: number[];
  /** bundles created through the API (default: 2,000 per 1,000,000 rows, at least 50) */
  bundles: number;
  seed: string;
  regenerate: boolean;
  only: ScenarioId[];
  /** CPU profiles of the API and worker children, per scenario */
  profile: boolean;
  /** R2 samples (joins, one after the other) */
  r2Samples: number;
  /** R3 seconds per measurement (each endpoint, project and floor, twice) */
  r3Seconds: number;
  r3Connections: number;
  /** R4 lines in the CSV file */
  importRows: number;
  /** R5 concurrent joins */
  joins: number;
  /** repetitions of R1 (project and floor interleaved; the median counts) */
  r1Runs: number;
  /** concurrent CSV uploads while generating */
  uploadConcurrency: number;
  postgresUrl: string;
  redisUrl: string;
  /** keep the API and worker running after the run (for poking around); stop with Ctrl-C */
  keep: boolean;
}

const HELP = `npm run bench -- [options]

  --rows N            demand lines to load (default 1000000, at least 10787: one per municipality)
  --sizes N,N,...     run the scenarios at each of these sizes, one after another (each its own
                      database, as --rows), and compare them: one table per figure, a column per size
  --bundles N         bundles (default 2000 per 1,000,000 rows, at least 50)
  --seed S            generator seed (default "buendel")
  --regenerate        drop the bench database and load it anew
  --only R1,R3        run only these scenarios (R1-R5, W1: the web app in Chromium)
  --profile           CPU profiles of the API and worker during each scenario (tmp/bench/profiles)
  --r2-samples N      joins measured by R2 (default 100)
  --r3-seconds N      seconds per autocannon measurement (default 8)
  --r3-connections N  autocannon connections (default 10)
  --import-rows N     lines of the R4 CSV file (default 100000)
  --joins N           concurrent joins of R5 (default 200)
  --r1-runs N         repetitions of R1 (default 3)
  --upload-concurrency N  concurrent CSV uploads while generating (default 3)
  --keep              leave the API and worker running at the end
`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      rows: { type: 'string' },
      sizes: { type: 'string' },
      bundles: { type: 'string' },
      seed: { type: 'string' },
      regenerate: { type: 'boolean' },
      only: { type: 'string' },
      profile: { type: 'boolean' },
      'r2-samples': { type: 'string' },
      'r3-seconds': { type: 'string' },
      'r3-connections': { type: 'string' },
      'import-rows': { type: 'string' },
      joins: { type: 'string' },
      'r1-runs': { type: 'string' },
      'upload-concurrency': { type: 'string' },
      keep: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, fallback: number, min = 1): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number >= ${min}, got ${raw}`);
    return n;
  };
  const sizes = values.sizes === undefined ? undefined : parseSizes(values.sizes);
  if (sizes && values.rows !== undefined) throw new Error('--sizes and --rows exclude each other');
  if (sizes && values.bundles !== undefined)
    throw new Error('--bundles applies to one size; with --sizes each size has 2,000 bundles per 1,000,000 rows');
  if (sizes && values.keep)
    throw new Error('--keep applies to one size; each size of --sizes stops its API and worker');
  const rows = sizes ? sizes[0]! : int('rows', values.rows, 1_000_000, MIN_ROWS);
  const only = values.only ? values.only.split(',').map((s) => s.trim().toUpperCase() as ScenarioId) : [...SCENARIOS];
  for (const id of only) if (!SCENARIOS.includes(id)) throw new Error(`--only: unknown scenario ${id}`);
  return {
    rows,
    ...(sizes ? { sizes } : {}),
    bundles: int('bundles', values.bundles, defaultBundles(rows)),
    seed: values.seed ?? 'buendel',
    regenerate: !!values.regenerate,
    only,
    profile: !!values.profile,
    r2Samples: int('r2-samples', values['r2-samples'], 100),
    r3Seconds: int('r3-seconds', values['r3-seconds'], 8),
    r3Connections: int('r3-connections', values['r3-connections'], 10),
    importRows: int('import-rows', values['import-rows'], 100_000, 100),
    joins: int('joins', values.joins, 200, 2),
    r1Runs: int('r1-runs', values['r1-runs'], 3),
    uploadConcurrency: int('upload-concurrency', values['upload-concurrency'], 3),
    postgresUrl: process.env['BENCH_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432',
    redisUrl: process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379',
    keep: !!values.keep,
  };
}

/** every municipality uploads at least one line */
const MIN_ROWS = 10_787;

/** the bundles of a data set of `rows` lines when --bundles does not say: 2,000 per 1,000,000, at least 50 */
export function defaultBundles(rows: number): number {
  return Math.max(50, Math.round((rows / 1_000_000) * 2000));
}

/** `--sizes 250000,1_000_000,3000000`: distinct whole numbers >= MIN_ROWS, in the order given */
export function parseSizes(raw: string): number[] {
  const sizes = raw.split(',').map((part) => {
    const n = Number(part.trim().replace(/_/g, ''));
    if (!Number.isInteger(n) || n < MIN_ROWS)
      throw new Error(`--sizes: each size must be a whole number >= ${MIN_ROWS}, got ${part.trim() || '(empty)'}`);
    return n;
  });
  if (new Set(sizes).size !== sizes.length) throw new Error(`--sizes: a size is given twice (${raw})`);
  return sizes;
}

/** the options of one size of a --sizes run: its rows and its bundles, the rest as given */
export function optionsForSize(options: BenchOptions, rows: number): BenchOptions {
  return { ...options, rows, bundles: defaultBundles(rows) };
}

/** the database of one data set: `buendel_bench` for the full size, a suffix for the others */
export function databaseName(options: Pick<BenchOptions, 'rows'>): string {
  return options.rows === 1_000_000 ? 'buendel_bench' : `buendel_bench_${options.rows}`;
}
