import { DataSource } from 'typeorm';
import { createDataSource } from '@buendel/persistence';

/** a plain data source on the run's migrated database, for the integration tier (no Nest, no HTTP) */
export async function openIntegrationDb(poolSize = 2): Promise<DataSource> {
  const db = createDataSource({ url: process.env['DATABASE_URL']!, applicationName: 'buendel-integration', poolSize });
  await db.initialize();
  return db;
}
