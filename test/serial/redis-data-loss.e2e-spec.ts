import { INestApplicationContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { QueueName } from '@buendel/queue';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  eventually,
  insertTender,
  TestApp,
  TestRegion,
} from '@buendel/testing';
import { API } from '../support/bundling-api';
import { TcpProxy } from '../support/tcp-proxy';

/**
 * Redis loses its data (flushed while connected, or restarted empty): the database is the
 * source of truth of every deadline, so the worker rebuilds its job schedulers and the
 * delayed deadline jobs from it, and bundles still close and tenders still open on time.
 * "Flushing" deletes only this run's keys (its REDIS_PREFIX), never the shared Redis.
 */
describe('Redis losing its data loses no deadline', () => {
  const redisUrl = new URL(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  const proxy = new TcpProxy(redisUrl.hostname, Number(redisUrl.port || 6379));
  const savedUrl = process.env['REDIS_URL'];
  const prefix = process.env['REDIS_PREFIX']!;
  const redis = new Redis(redisUrl.toString());
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let db: DataSource;

  beforeAll(async () => {
    await proxy.start();
    process.env['REDIS_URL'] = `redis://127.0.0.1:${proxy.port}`;
    t = await createTestApp(createApiApp);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 1);
  });
  afterAll(async () => {
    await proxy.restore();
    await worker?.close();
    await t?.close();
    await proxy.cut();
    await redis.quit();
    process.env['REDIS_URL'] = savedUrl;
  });

  /** deletes every key of this run's prefix: what FLUSHALL does to a Redis of our own */
  async function loseRedisData(): Promise<number> {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.unlink(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  const openBundle = async (secondsAhead: number) => {
    const res = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: `Streusalz ${secondsAhead}`,
        cpvPrefix: '3492',
        joinDeadline: new Date(Date.now() + secondsAhead * 1000).toISOString(),
        deliveryFrom: '2027-10-01',
        deliveryTo: '2028-03-31',
      })
      .expect(201);
    return { id: res.body.id as string, deadline: new Date(res.body.joinDeadline as string) };
  };

  const publishedTender = async (secondsAhead: number) => {
    const id = await insertTender(t, region.district.id);
    await db.query(
      `UPDATE tenders SET status = 'published', published_at = now(), submission_deadline = now() + make_interval(secs => $2)
       WHERE id = $1`,
      [id, secondsAhead],
    );
    const [row] = await db.query<Array<{ deadline: Date }>>(
      `SELECT submission_deadline AS deadline FROM tenders WHERE id = $1`,
      [id],
    );
    return { id, deadline: new Date(row!.deadline) };
  };

  /** seconds from the deadline until the row's status is `status` */
  const lateness = async (table: 'bundles' | 'tenders', id: string, status: string, deadline: Date) => {
    await eventually(
      async () => {
        const [row] = await db.query<Array<{ status: string }>>(`SELECT status FROM ${table} WHERE id = $1`, [id]);
        return row?.status === status ? true : undefined;
      },
      deadline.getTime() - Date.now() + 45_000,
      100,
    );
    return (Date.now() - deadline.getTime()) / 1000;
  };

  const delayedJobIds = async (queue: QueueName) =>
    (await t.app.get<Queue>(getQueueToken(queue)).getDelayed()).map((j) => j.id);

  it('rebuilds the schedules and deadline jobs after a flush, and closes and opens on time', async () => {
    const bundle = await openBundle(20);
    const tender = await publishedTender(22);
    worker = await createTestWorker(createWorker);
    // the worker's start reconciled the tender from the database, and the relay moved the bundle's job
    await eventually(async () =>
      (await delayedJobIds(QueueName.Bundles)).some((id) => id?.includes(bundle.id)) ? true : undefined,
    );
    expect((await delayedJobIds(QueueName.Tenders)).some((id) => id?.includes(tender.id))).toBe(true);
    await eventually(async () => ((await t.http.get('/health')).status === 200 ? true : undefined), 20_000);

    expect(await loseRedisData()).toBeGreaterThan(10);
    expect(await delayedJobIds(QueueName.Bundles)).toEqual([]);

    // within a check interval the worker notices and rebuilds everything from the database
    const rebuilt = await eventually(
      async () => {
        const schedulers = await t.app.get<Queue>(getQueueToken(QueueName.Bundles)).getJobSchedulers();
        const bundles = await delayedJobIds(QueueName.Bundles);
        const tenders = await delayedJobIds(QueueName.Tenders);
        return schedulers.some((s) => s.key === 'bundle-sweep') &&
          bundles.some((id) => id?.includes(bundle.id)) &&
          tenders.some((id) => id?.includes(tender.id))
          ? Date.now()
          : undefined;
      },
      15_000,
      100,
    );
    expect(rebuilt).toBeLessThan(bundle.deadline.getTime());
    const tenderSchedulers = await t.app.get<Queue>(getQueueToken(QueueName.Tenders)).getJobSchedulers();
    expect(tenderSchedulers.map((s) => s.key).sort()).toEqual(['market-refresh', 'tender-sweep']);
    // the heartbeat comes back, and with it readiness
    await eventually(async () => ((await t.http.get('/health')).status === 200 ? true : undefined), 20_000);

    const bundleLate = await lateness('bundles', bundle.id, 'closed', bundle.deadline);
    const tenderLate = await lateness('tenders', tender.id, 'opened', tender.deadline);
    process.stdout.write(
      `redis flush: bundle closed ${bundleLate.toFixed(2)} s, tender opened ${tenderLate.toFixed(2)} s after its deadline\n`,
    );
    expect(bundleLate).toBeLessThan(30);
    expect(tenderLate).toBeLessThan(30);
  });

  it('rebuilds them too when Redis comes back empty after an outage', async () => {
    const bundle = await openBundle(15);
    await eventually(async () =>
      (await delayedJobIds(QueueName.Bundles)).some((id) => id?.includes(bundle.id)) ? true : undefined,
    );
    await proxy.cut();
    await loseRedisData(); // a Redis that restarted without its data
    await new Promise((r) => setTimeout(r, 1500));
    await proxy.restore();
    const late = await lateness('bundles', bundle.id, 'closed', bundle.deadline);
    process.stdout.write(`redis restart: bundle closed ${late.toFixed(2)} s after its deadline\n`);
    expect(late).toBeLessThan(30);
    const schedulers = await t.app.get<Queue>(getQueueToken(QueueName.System)).getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toEqual(['worker-heartbeat']);
  });
});
