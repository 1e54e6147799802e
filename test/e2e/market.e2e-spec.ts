import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { bullConnection, JobName, JobQueue, TypedJob, WORKER_OPTIONS } from '@buendel/queue';
import { marketComputeLockMs, TendersProcessor } from '@buendel/tendering';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createTestWorker,
  createUserWithRole,
  eventually,
  uniqueRunId,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, join, recordDemand } from '../support/bundling-api';

interface Cell {
  cpv: { prefix: string; level: string };
  region: { level: string; districtKey: string | null };
  period: { level: string; quarter: string | null };
  organisationCount: number;
  quantities: Array<{ unit: string; quantity: number }>;
}

/**
 * The supplier's market view is anonymous: no answer carries a municipality's identity, and no
 * cell describes fewer than three organisations or is dominated by one of them.
 */
describe('market view', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let region: TestRegion;
  let buyers: TestUser[];
  let supplier: TestUser;

  async function bundleWith(
    cpvPrefix: string,
    cpvCode: string,
    quantities: number[],
    firstBuyer: number,
  ): Promise<void> {
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: `Markttest ${cpvPrefix}`,
        cpvPrefix,
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    for (const [i, quantity] of quantities.entries()) {
      const buyer = buyers[firstBuyer + i]!;
      const demand = await recordDemand(t, buyer, {
        cpvCode,
        title: 'Marktbedarf',
        quantity,
        unit: 'H87',
        unitPriceEur: 10,
        deliveryFrom: '2027-02-01',
        deliveryTo: '2027-02-28',
      });
      expect((await join(t, buyer, bundle.body.id, [demand.id])).status).toBe(201);
    }
  }

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 9);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    supplier = await createUserWithRole(t, 'supplier');
    // paper: three organisations, none dominant -> a cell of its own
    await bundleWith('3019', '30197630-1', [100, 120, 140], 0);
    // furniture: two organisations only -> never a cell of its own
    await bundleWith('3912', '39121100-7', [5, 7], 3);
    // salt: three organisations, one with 96 % of the volume -> not a cell of its own
    await bundleWith('3492', '34927100-2', [480, 10, 10], 5);

    // a refresh that started before these joins (another test file's worker) may finish first:
    // wait for a snapshot that holds them
    await t.app.get(JobQueue).enqueue(JobName.MarketRefresh, {});
    await eventually(async () => {
      const res = await t.http
        .get(`${API}/market/demand`)
        .query({ districtKey: region.districtKey, pageSize: 100 })
        .set(supplier.auth);
      const cells = res.body.items as Cell[];
      return cells.some((c) => c.region.districtKey === region.districtKey && c.cpv.prefix.startsWith('3019'))
        ? true
        : undefined;
    }, 30_000);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  it('market.refresh holds its queue lock through the anonymisation, which blocks the event loop', async () => {
    // at 3M demand lines the synchronous pass took longer than the 5 s lock: BullMQ could not
    // renew it, took the job as stalled five times and failed it. The job now extends its lock
    // before the pass: its lock in Redis outlives the worker's 5 s once the refresh has run.
    const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
    const prefix = `buendel-test-marketlock-${uniqueRunId()}`;
    const queue = new Queue('tenders', { connection: bullConnection(redisUrl, 'producer'), prefix });
    const manual = new Worker('tenders', null, {
      connection: bullConnection(redisUrl, 'worker'),
      prefix,
      ...WORKER_OPTIONS,
    });
    try {
      await queue.add(JobName.MarketRefresh, {});
      const token = 'market-lock-test';
      const job = await manual.getNextJob(token);
      expect(job?.name).toBe(JobName.MarketRefresh);
      const result = (await worker.get(TendersProcessor).process(job as TypedJob, token)) as { contributions: number };
      expect(result.contributions).toBeGreaterThan(0);
      const redis = new Redis(redisUrl);
      const lockMs = await redis.pttl(`${prefix}:tenders:${job!.id}:lock`);
      redis.disconnect();
      expect(lockMs).toBeGreaterThan(WORKER_OPTIONS.lockDuration);
      expect(lockMs).toBeLessThanOrEqual(marketComputeLockMs(result.contributions));
      expect(marketComputeLockMs(result.contributions)).toBeGreaterThanOrEqual(120_000);
      expect(marketComputeLockMs(1_400_000)).toBe(480_000);
    } finally {
      await manual.close();
      await queue.obliterate({ force: true });
      await queue.close();
    }
  });

  async function allCells(query: Record<string, string>): Promise<{ cells: Cell[]; raw: string }> {
    const cells: Cell[] = [];
    let raw = '';
    for (let page = 1; ; page++) {
      const res = await t.http
        .get(`${API}/market/demand`)
        .query({ ...query, page, pageSize: 100 })
        .set(supplier.auth)
        .expect(200);
      raw += JSON.stringify(res.body);
      cells.push(...res.body.items);
      if (page * 100 >= res.body.total) break;
    }
    return { cells, raw };
  }

  it('shows the paper demand of three organisations as a district cell with the summed quantity', async () => {
    const { cells } = await allCells({ districtKey: region.districtKey });
    const paper = cells.filter(
      (c) =>
        c.region.level === 'district' && c.region.districtKey === region.districtKey && c.cpv.prefix.startsWith('3019'),
    );
    expect(paper).toHaveLength(1);
    expect(paper[0]).toMatchObject({
      organisationCount: 3,
      quantities: [{ unit: 'H87', quantity: 360 }],
      period: { level: 'quarter', quarter: '2027-Q1' },
    });
  });

  it('never shows a cell of fewer than three organisations or one dominated by a single one', async () => {
    const queries: Array<Record<string, string>> = [
      {},
      { districtKey: region.districtKey },
      { cpv: '39' },
      { cpv: '3492' },
      { nuts: 'DEZ' },
    ];
    for (const query of queries) {
      const { cells } = await allCells(query);
      for (const cell of cells) expect(cell.organisationCount).toBeGreaterThanOrEqual(3);
      const own = cells.filter((c) => c.region.districtKey === region.districtKey);
      // two furniture buyers, and the salt cell led by one buyer with 96 %, are not cells of this district
      expect(own.some((c) => c.cpv.prefix.startsWith('391'))).toBe(false);
      expect(own.some((c) => c.cpv.prefix.startsWith('3492'))).toBe(false);
    }
  });

  it('carries no identity of a municipality, user or bundle in any answer', async () => {
    const { raw } = await allCells({});
    const { raw: filtered } = await allCells({ districtKey: region.districtKey });
    const bundles = await db.query<Array<{ id: string }>>(
      `SELECT id FROM bundles WHERE coordinator_organisation_id = $1`,
      [region.district.id],
    );
    const secrets = [
      ...region.municipalities.flatMap((m) => [m.id, m.name, m.ags!]),
      ...buyers.flatMap((b) => [b.id, b.email]),
      ...bundles.map((b) => b.id),
      region.district.id,
      '"price',
      'unitPrice',
    ];
    for (const secret of secrets) {
      expect(raw).not.toContain(secret);
      expect(filtered).not.toContain(secret);
    }
  });

  it('is for suppliers only, and checks its filters', async () => {
    expect((await t.http.get(`${API}/market/demand`).set(buyers[0]!.auth)).status).toBe(403);
    const bad = await t.http
      .get(`${API}/market/demand`)
      .query({ cpv: 'x', nuts: 'FR1', districtKey: '1' })
      .set(supplier.auth);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['cpv', 'districtKey', 'nuts']);
  });
});
