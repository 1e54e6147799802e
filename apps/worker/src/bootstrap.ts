import { INestApplicationContext } from '@nestjs/common';
import { DiscoveryService, NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { assertEveryJobHandled, TypedWorkerHost } from '@buendel/queue';
import { WorkerModule } from './worker.module';

/** Builds the worker context and checks that every job name has exactly one handler. */
export async function createWorker(options: { clock?: Clock } = {}): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(WorkerModule.register(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  const hosts = app
    .get(DiscoveryService)
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is TypedWorkerHost => instance instanceof TypedWorkerHost);
  assertEveryJobHandled(hosts);
  const { WORKER_CONCURRENCY } = app.get<AppConfig>(APP_CONFIG);
  for (const host of hosts) host.worker.concurrency = WORKER_CONCURRENCY;
  return app;
}
