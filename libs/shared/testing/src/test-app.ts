import { INestApplicationContext } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import TestAgent from 'supertest/lib/agent';

export interface TestApp {
  app: NestFastifyApplication;
  http: TestAgent;
  close(): Promise<void>;
}

type AppFactory = () => Promise<NestFastifyApplication>;

/**
 * Boots the real API module tree against the run's database and Redis prefix
 * (set up by test/support/global-setup.ts) and returns a supertest agent for it.
 */
export async function createTestApp(factory: AppFactory): Promise<TestApp> {
  const app = await factory();
  // listening on a port of its own, so that many requests may run at once (supertest would
  // otherwise bind the server for each request)
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    http: request(app.getHttpServer()),
    close: () => app.close(),
  };
}

export async function createTestWorker(
  factory: () => Promise<INestApplicationContext>,
): Promise<INestApplicationContext> {
  const worker = await factory();
  await worker.init();
  return worker;
}

/** Polls until `check` returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < until) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}
