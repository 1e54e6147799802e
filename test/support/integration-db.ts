import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from '@buendel/persistence';

/**
 * A plain data source on the run's migrated database, for the integration tier (no Nest, no HTTP).
 * Nest's console logger (which TypeORM's messages go through, see TypeOrmLogger) prints errors only,
 * as the apps of the run do at LOG_LEVEL=error: a statement a test makes fail on purpose prints
 * nothing, one that fails unexpectedly fails its test with the database's message.
 */
export async function openIntegrationDb(poolSize = 2, applicationName = 'buendel-integration'): Promise<DataSource> {
  Logger.overrideLogger(['error', 'fatal']);
  const db = createDataSource({ url: process.env['DATABASE_URL']!, applicationName, poolSize });
  await db.initialize();
  return db;
}
