import 'reflect-metadata';
import { Logger } from 'nestjs-pino';
import { ConfigError } from '@buendel/config';
import { createWorker } from './bootstrap';

async function main(): Promise<void> {
  const worker = await createWorker();
  await worker.init();
  worker.get(Logger).log('worker started; SIGTERM lets running jobs finish before it exits', 'Startup');
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof ConfigError ? e.message : e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
