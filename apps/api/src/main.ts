import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { APP_CONFIG, AppConfig, ConfigError } from '@buendel/config';
import { createApiApp, prepareDatabase } from './bootstrap';

async function main(): Promise<void> {
  const app = await createApiApp();
  await prepareDatabase(app);
  const config = app.get<AppConfig>(APP_CONFIG);
  await app.listen({ port: config.PORT, host: config.HOST });
  app.get(Logger).log(`API listening on port ${config.PORT}`, 'Startup');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
