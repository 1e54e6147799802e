import path from 'node:path';
import { Pool } from 'pg';
import { Redis } from 'ioredis';
import { MailCatcher } from '@buendel/mail';
import { ApiClient } from './http';
import { BenchOptions, databaseName } from './options';
import { Child, DIST, freePort, waitFor } from './processes';

/** bench-only secrets: the bench database is thrown away, these protect nothing */
export const BENCH_JWT_SECRET = 'buendel-bench-jwt-secret-0123456789abcdef';
export const BENCH_OFFER_KEY = Buffer.alloc(32, 7).toString('base64');
export const BENCH_ADMIN_EMAIL = 'admin@bench.buendel.invalid';
export const BENCH_ADMIN_PASSWORD = 'bench-admin-password-not-secret';

/**
 * The product as production runs it: the API and the worker as two Node processes
 * (dist/apps/.../main.js) against the bench database and a bench-only Redis key prefix.
 */
export class Stack {
  api?: Child;
  worker?: Child;
  apiPort = 0;
  /** production requires SMTP_URL; the bench's mails (reminders, bundle matches) go to a local catcher */
  mail?: MailCatcher;
  readonly database: string;
  readonly databaseUrl: string;
  readonly redisPrefix: string;
  readonly pool: Pool;
  client!: ApiClient;

  constructor(readonly options: BenchOptions) {
    this.database = databaseName(options);
    this.databaseUrl = `${options.postgresUrl}/${this.database}`;
    this.redisPrefix = `bench-${this.database.replace(/_/g, '-')}`;
    this.pool = new Pool({ connectionString: this.databaseUrl, max: 6, application_name: 'buendel-bench' });
    this.pool.on('error', () => undefined);
  }

  /** the product's environment (see libs/shared/config/src/env.schema.ts) */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      NODE_ENV: 'production',
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.options.redisUrl,
      REDIS_PREFIX: this.redisPrefix,
      JWT_SECRET: BENCH_JWT_SECRET,
      OFFER_ENCRYPTION_KEY: BENCH_OFFER_KEY,
      ADMIN_EMAIL: BENCH_ADMIN_EMAIL,
      ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      MIGRATIONS_RUN: 'true',
      HOST: '127.0.0.1',
      ...(this.mail ? { SMTP_URL: this.mail.url } : {}),
      // the market view is refreshed by R3 when it needs it; its 5-minute schedule (seconds of
      // work at this size) would otherwise land in a random scenario
      MARKET_REFRESH_SECONDS: '86400',
      // R4 measures the import of one upload as it arrives, not the queueing of an import job
      IMPORT_JOB_BYTES: String(256 * 1024 * 1024),
      ...(process.env['WORKER_CONCURRENCY'] ? { WORKER_CONCURRENCY: process.env['WORKER_CONCURRENCY'] } : {}),
      ...extra,
    };
  }

  /** Starts the API (which migrates and loads the reference data), then the worker. */
  async start(): Promise<void> {
    this.mail ??= await MailCatcher.start({ keep: 50 });
    await this.startApi();
    this.worker = Child.start('worker', path.join(DIST, 'apps/worker/src/main.js'), this.env(), {
      profile: this.options.profile,
    });
    await waitFor(
      'the worker heartbeat',
      async () => {
        const health = (await (await fetch(`${this.client.baseUrl}/health`)).json()) as {
          info?: { worker?: { heartbeat?: string } };
        };
        return health.info?.worker?.heartbeat === 'recent';
      },
      60_000,
      [this.api!, this.worker],
      500,
    );
  }

  private async startApi(): Promise<void> {
    this.apiPort = await freePort();
    this.client = new ApiClient(`http://127.0.0.1:${this.apiPort}`);
    this.api = Child.start('api', path.join(DIST, 'apps/api/src/main.js'), this.env({ PORT: String(this.apiPort) }), {
      profile: this.options.profile,
    });
    await waitFor(
      // /health/live: readiness (/health) waits for the worker, which starts after the API
      'the API to answer /health/live (migrations and reference data on a fresh database take a minute)',
      async () => (await fetch(`${this.client.baseUrl}/health/live`)).status === 200,
      240_000,
      [this.api],
      500,
    );
  }

  /**
   * Uploads a three-line CSV file (dry run) before anything is loaded, so that a broken import
   * fails the bench at once with the product's answer, not after minutes of generation.
   * (Before ae2091a every upload answered 500: sniffDelimiter left a for-await over the
   * request stream, which destroys the stream.)
   */
  async probeImport(token: string, ags: string, cpvCode: string): Promise<void> {
    const csv =
      'cpvCode;title;quantity;unit;unitPriceEur;deliveryFrom;deliveryTo;deliveryAgs\r\n' +
      [1, 2, 3].map((n) => `${cpvCode};Probe ${n};${n};H87;10,5;2027-01-01;2027-03-31;${ags}`).join('\r\n') +
      '\r\n';
    const response = await this.client.post('/api/v1/demands/import?dryRun=true', token, csv, 'text/csv');
    if (response.status !== 200 && response.status !== 201) {
      throw new Error(
        `POST /demands/import fails (${response.status}), the bench cannot load data through it: ` +
          `${JSON.stringify(response.body).slice(0, 500)}\n${this.api!.tail(20)}`,
      );
    }
  }

  children(): Child[] {
    return [this.api, this.worker].filter((c): c is Child => !!c);
  }

  assertAlive(): void {
    for (const child of this.children()) child.assertAlive();
  }

  async stop(): Promise<void> {
    await Promise.all(this.children().map((c) => c.stop()));
    await this.mail?.close().catch(() => undefined);
    this.mail = undefined;
  }

  async query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }
}

/** Connects to the server's maintenance database for CREATE and DROP DATABASE. */
export async function withAdmin<T>(options: BenchOptions, fn: (pool: Pool) => Promise<T>): Promise<T> {
  const admin = new Pool({ connectionString: `${options.postgresUrl}/postgres`, max: 1 });
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}

export async function databaseExists(options: BenchOptions): Promise<boolean> {
  return withAdmin(options, async (admin) => {
    const { rows } = await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [databaseName(options)]);
    return rows.length > 0;
  });
}

/** Drops (WITH FORCE) and creates the bench database, and removes the bench's Redis keys. */
export async function recreateDatabase(options: BenchOptions, redisPrefix: string): Promise<void> {
  const name = databaseName(options);
  if (!/^buendel_bench(_\d+)?$/.test(name)) throw new Error(`refusing to drop ${name}`);
  await withAdmin(options, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  });
  await deleteRedisKeys(options.redisUrl, redisPrefix);
}

/** Deletes every Redis key under the bench prefix (SCAN, never KEYS). */
export async function deleteRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix.startsWith('bench-')) throw new Error(`refusing to delete keys under ${prefix}`);
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
