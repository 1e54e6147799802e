import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { ThresholdsTask } from '@buendel/bundling';
import { JobName, JobQueue } from '@buendel/queue';
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

/**
 * The set-based path (bundles.aggregate-batch) recomputes many bundles in one statement: it
 * stores exactly what the per-bundle jobs stored, and a changed thresholds table sends every
 * open or closed bundle through it.
 */
describe('batch aggregation', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let region: TestRegion;
  let buyers: TestUser[];
  const bundleIds: string[] = [];

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 4);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    for (const [b, prefix] of ['3414', '3019', '3492'].entries()) {
      const bundle = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send({
          title: `Batch ${prefix}`,
          cpvPrefix: prefix,
          joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
          deliveryFrom: '2027-01-01',
          deliveryTo: '2027-12-31',
        })
        .expect(201);
      bundleIds.push(bundle.body.id);
      const cpvCode = { '3414': '34144900-7', '3019': '30197630-1', '3492': '34927100-2' }[prefix]!;
      for (const [i, buyer] of buyers.slice(0, 2 + b).entries()) {
        const demand = await recordDemand(t, buyer, {
          cpvCode,
          title: 'Batchbedarf',
          quantity: 1 + i * 2.5,
          unit: prefix === '3492' ? 'TNE' : 'H87',
          unitPriceEur: 99.99 + b,
          deliveryFrom: '2027-03-01',
          deliveryTo: '2027-04-30',
        });
        expect((await join(t, buyer, bundle.body.id, [demand.id])).status).toBe(201);
      }
    }
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const stored = () =>
    db.query<Array<Record<string, unknown>>>(
      `SELECT bundle_id, source_version, participant_count, demand_count, total_estimated_value_cents, lines, regime, lots, computed_at
       FROM bundle_aggregates WHERE bundle_id = ANY($1::uuid[]) ORDER BY bundle_id`,
      [bundleIds],
    );
  const withoutTime = (rows: Array<Record<string, unknown>>) =>
    rows.map(({ computed_at: _computedAt, ...rest }) => rest);

  it('stores exactly what the per-bundle jobs stored', async () => {
    for (const id of bundleIds) await currentAggregate(t, region.coordinator, id);
    const before = await stored();
    expect(before).toHaveLength(3);
    await t.app.get(JobQueue).enqueue(JobName.BundlesAggregateBatch, { bundleIds });
    const after = await eventually(async () => {
      const rows = await stored();
      return rows.every((r, i) => (r['computed_at'] as Date) > (before[i]!['computed_at'] as Date)) ? rows : undefined;
    });
    expect(withoutTime(after)).toEqual(withoutTime(before));
  });

  it('re-aggregates every open or closed bundle when the thresholds table changes', async () => {
    const before = await stored();
    // a period nobody uses makes the table differ from config/thresholds.json; the task restores it
    await db.query(
      `INSERT INTO eu_thresholds (category, valid_from, valid_to, threshold_cents, legal_basis) VALUES ('WORKS', '2099-01-01', NULL, 1, 'Test')`,
    );
    await t.app.get(ThresholdsTask).run();
    const [{ n }] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM eu_thresholds WHERE valid_from = '2099-01-01'`,
    );
    expect(n).toBe(0);
    const after = await eventually(async () => {
      const rows = await stored();
      return rows.every((r, i) => (r['computed_at'] as Date) > (before[i]!['computed_at'] as Date)) ? rows : undefined;
    }, 20_000);
    expect(withoutTime(after)).toEqual(withoutTime(before));
  });
});
