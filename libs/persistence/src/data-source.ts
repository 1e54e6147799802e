import { DataSource, DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { TypeOrmLogger } from './typeorm-logger';

export interface DataSourceSettings {
  url: string;
  /** an application name shown in pg_stat_activity */
  applicationName?: string;
  poolSize?: number;
}

/** The one data source definition; `synchronize` is off for good: schema changes are migrations. */
export function dataSourceOptions(settings: DataSourceSettings): DataSourceOptions {
  return {
    type: 'postgres',
    url: settings.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension to install at connect
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    migrationsRun: false,
    logger: new TypeOrmLogger(),
    applicationName: settings.applicationName ?? 'buendel',
    // a server that accepts connections but never answers must not hang requests for ever; the
    // time includes the wait for a free pooled connection, so it must outlast a burst of load
    extra: { max: settings.poolSize ?? 10, connectionTimeoutMillis: 30_000 },
  };
}

export function createDataSource(settings: DataSourceSettings): DataSource {
  return new DataSource(dataSourceOptions(settings));
}

/** an arbitrary but fixed key for the migration advisory lock */
const MIGRATION_LOCK_KEY = 7_248_321_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several API
 * instances starting at once apply each migration exactly once.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await runner.release();
  }
}
