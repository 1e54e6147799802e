import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  eventually,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, currentAggregate, join, recordDemand } from '../support/bundling-api';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * With Redis gone, buyers still record demands and join; the outbox keeps the jobs. When
 * Redis is back, the relay moves them on and the aggregate catches up with nothing lost.
 */
describe('a Redis outage delays aggregation and loses nothing', () => {
  const redisUrl = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyers: TestUser[];
  let bundleId: string;
  const savedUrl = process.env['REDIS_URL'];

  beforeAll(async () => {
    await proxy.start();
    process.env['REDIS_URL'] = `redis://127.0.0.1:${proxy.port}`;
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 6);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'Streusalz Winter 2027',
        cpvPrefix: '3492',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-10-01',
        deliveryTo: '2028-03-31',
      })
      .expect(201);
    bundleId = bundle.body.id;
  });

  afterAll(async () => {
    process.env['REDIS_URL'] = savedUrl;
    await proxy.restore();
    await worker?.close();
    await t?.close();
    await proxy.cut();
  });

  const saltDemand = (buyer: TestUser, tonnes: number) =>
    recordDemand(t, buyer, {
      cpvCode: '34927100-2',
      title: 'Streusalz',
      quantity: tonnes,
      unit: 'TNE',
      unitPriceEur: 95.5,
      deliveryFrom: '2027-10-01',
      deliveryTo: '2027-12-31',
    });

  it('works normally while Redis answers', async () => {
    const demand = await saltDemand(buyers[0]!, 40);
    expect((await join(t, buyers[0]!, bundleId, [demand.id])).status).toBe(201);
    const aggregate = await currentAggregate(t, region.coordinator, bundleId);
    expect(aggregate.totalEstimatedValueEur).toBe(3820);
  });

  it('keeps accepting demands and joins while Redis is down, and says Redis is down', async () => {
    await proxy.cut();
    const health = await t.http.get('/health');
    expect(health.status).toBe(503);
    expect(health.body.details.redis.status).toBe('down');

    for (let i = 1; i < 6; i++) {
      const demand = await saltDemand(buyers[i]!, 10 * i);
      const res = await join(t, buyers[i]!, bundleId, [demand.id]);
      expect(res.status).toBe(201);
    }
    const left = await t.http.delete(`${API}/bundles/${bundleId}/participations/mine`).set(buyers[5]!.auth);
    expect(left.status).toBe(204);

    // the jobs wait in the outbox; the stored aggregate is behind and says so
    const db = t.app.get(DataSource);
    await new Promise((r) => setTimeout(r, 1500)); // more than a relay round
    const [waiting] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL AND payload->>'bundleId' = $1`,
      [bundleId],
    );
    expect(waiting!.n).toBeGreaterThanOrEqual(6);
    const res = await t.http.get(`${API}/bundles/${bundleId}`).set(region.coordinator.auth).expect(200);
    expect(res.body.aggregate).toMatchObject({ current: false, totalEstimatedValueEur: 3820 });
  });

  it('catches up once Redis is back, with every change counted', async () => {
    await proxy.restore();
    // 40 t + 10 + 20 + 30 + 40 t (the fifth buyer's 50 t left again) = 140 t at EUR 95.50
    const aggregate = await currentAggregate(t, region.coordinator, bundleId, 30_000);
    expect(aggregate).toMatchObject({ participantCount: 5, demandCount: 5, totalEstimatedValueEur: 13_370 });
    expect(aggregate.lines).toEqual([
      {
        cpvCode: '34927100-2',
        unit: 'TNE',
        districtKey: region.districtKey,
        specificationKey: null,
        specificationText: null,
        quantity: 140,
        estimatedValueEur: 13_370,
        participantCount: 5,
      },
    ]);
    const db = t.app.get(DataSource);
    await eventually(async () => {
      const [left] = await db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM outbox WHERE relayed_at IS NULL AND payload->>'bundleId' = $1`,
        [bundleId],
      );
      return left!.n === 0 ? true : undefined;
    });
    await eventually(async () => ((await t.http.get('/health')).status === 200 ? true : undefined), 15_000);
  });
});
