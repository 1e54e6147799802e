import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError } from '@buendel/config';
import { createDataSource, runMigrations } from '../data-source';
import { cliDatabaseUrl } from './cli-env';

async function main(): Promise<void> {
  const logger = new Logger('migration:run');
  const dataSource = createDataSource({ url: cliDatabaseUrl(), applicationName: 'buendel-migrations' });
  await dataSource.initialize();
  try {
    const applied = await runMigrations(dataSource);
    logger.log(applied.length ? `applied ${applied.join(', ')}` : 'the schema is up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : String(e instanceof Error ? e.stack : e)}\n`);
  process.exit(1);
});
