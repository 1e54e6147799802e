import { INestApplicationContext } from '@nestjs/common';
import { Redis } from 'ioredis';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import { createTestApp, createTestWorker, eventually, TestApp, uniqueRunId } from '@buendel/testing';
import { heartbeatKey, HEARTBEAT_STALE_MS } from '@buendel/health';

describe('foundation: health, docs, problem details, worker', () => {
  let t: TestApp;
  const savedPrefix = process.env['REDIS_PREFIX'];
  beforeAll(async () => {
    // a Redis prefix of its own: no other test file's worker reports a heartbeat here
    process.env['REDIS_PREFIX'] = `buendel-test-foundation-${uniqueRunId()}`;
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t.close();
    process.env['REDIS_PREFIX'] = savedPrefix;
  });

  it('GET /health reports PostgreSQL and Redis up, and is not ready without a worker (503 naming it)', async () => {
    const res = await t.http.get('/health');
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.details.postgres.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
    expect(res.body.details.worker).toMatchObject({ status: 'down', heartbeat: 'missing', lastHeartbeatAt: null });
  });

  it('GET /health/live answers 200 while the API answers, whatever its dependencies do', async () => {
    const res = await t.http.get('/health/live').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const json = await t.http.get('/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
    expect(Object.keys(json.body.paths)).toContain('/health');
    const html = await t.http.get('/docs').expect(200);
    expect(html.text).toContain('swagger');
  });

  it('answers unknown routes with RFC 9457 problem details and the request id', async () => {
    const res = await t.http.get('/api/v1/no-such-thing').set('x-request-id', 'test-request-0001').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.headers['x-request-id']).toBe('test-request-0001');
    expect(res.body).toMatchObject({ status: 404, title: 'Not Found', requestId: 'test-request-0001' });
    expect(res.body.type).toMatch(/^https:\/\//);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.http
      .post('/api/v1/no-such-thing')
      .set('content-type', 'application/json')
      .send('{"broken":')
      .expect(400);
    expect(res.body.status).toBe(400);
    expect(res.body.detail).toMatch(/JSON/);
  });

  it('gives every request a fresh id when the caller sends none or a malformed one', async () => {
    const a = await t.http.get('/health').set('x-request-id', 'bad id with spaces');
    const b = await t.http.get('/health');
    expect(a.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
  });

  describe('the worker', () => {
    let worker: INestApplicationContext | undefined;
    afterAll(async () => {
      await worker?.close();
    });

    it('runs the heartbeat job through BullMQ and /health shows it', async () => {
      const redis = new Redis(process.env['REDIS_URL']!);
      try {
        await redis.del(heartbeatKey(process.env['REDIS_PREFIX']!));
        worker = await createTestWorker(createWorker);
        const beat = await eventually(
          async () => (await redis.get(heartbeatKey(process.env['REDIS_PREFIX']!))) ?? undefined,
        );
        expect(Date.now() - Number(beat)).toBeLessThan(10_000);
        const res = await t.http.get('/health').expect(200);
        expect(res.body).toMatchObject({ status: 'ok' });
        expect(res.body.details.worker).toMatchObject({ status: 'up', heartbeat: 'recent' });

        // a heartbeat older than HEARTBEAT_STALE_MS (a hung worker) is not ready either
        await worker.close();
        worker = undefined;
        await redis.set(heartbeatKey(process.env['REDIS_PREFIX']!), String(Date.now() - HEARTBEAT_STALE_MS - 1000));
        const stale = await t.http.get('/health').expect(503);
        expect(stale.body.details.worker).toMatchObject({ status: 'down', heartbeat: 'stale' });
      } finally {
        await redis.quit();
      }
    });
  });
});

describe('foundation: Redis down', () => {
  let t: TestApp;
  const saved = process.env['REDIS_URL'];
  beforeAll(async () => {
    process.env['REDIS_URL'] = 'redis://127.0.0.1:1'; // nothing listens there
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t.close();
    process.env['REDIS_URL'] = saved;
  });

  it('GET /health answers 503 and names Redis', async () => {
    const res = await t.http.get('/health').expect(503);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
    expect(res.body.details.redis.status).toBe('down');
    expect(res.body.details.postgres.status).toBe('up');
  });
});
