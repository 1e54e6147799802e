import { INestApplicationContext } from '@nestjs/common';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestRegion,
  createUserWithRole,
  createTestWorker,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, currentAggregate, expectProblem, join, recordDemand } from '../support/bundling-api';

/**
 * The previews of a join and a leave: the aggregate before and after (total, regime with its
 * threshold, lots), by the same statement and rules as the aggregation, and nothing changed.
 * After the real join the stored aggregate equals the preview's `after`.
 */
describe('join and leave previews', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let region: TestRegion;
  let buyer: TestUser;
  let bundleId: string;
  let car: string;
  let paper: string;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    region = await createTestRegion(t, 1);
    buyer = await createUserWithRole(t, 'buyer', { organisation: region.municipalities[0] });
    const bundle = await t.http
      .post(`${API}/bundles`)
      .set(region.coordinator.auth)
      .send({
        title: 'E-Fahrzeuge mit Vorschau',
        cpvPrefix: '3414',
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
      })
      .expect(201);
    bundleId = bundle.body.id;
    const place = { deliveryAgs: region.municipalities[0]!.ags!, deliveryFrom: '2027-03-01', deliveryTo: '2027-06-30' };
    car = (
      await recordDemand(t, buyer, {
        cpvCode: '34144900-7',
        title: 'E-Transporter',
        quantity: 6,
        unit: 'H87',
        unitPriceEur: 40_000,
        ...place,
      })
    ).id;
    paper = (
      await recordDemand(t, buyer, {
        cpvCode: '30197630-1',
        title: 'Druckerpapier',
        quantity: 100,
        unit: 'H87',
        unitPriceEur: 4.99,
        ...place,
      })
    ).id;
    await currentAggregate(t, region.coordinator, bundleId);
  });

  afterAll(async () => {
    await t?.close();
    await worker?.close();
  });

  it('previews a join across the EU threshold without changing anything, and the join then gives exactly that', async () => {
    const res = await t.http
      .post(`${API}/bundles/${bundleId}/participations/preview`)
      .set(buyer.auth)
      .send({ demandIds: [car] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      bundleId,
      action: 'join',
      demandIds: [car],
      totalChangeEur: 240_000,
      regimeChanges: true,
      before: { participantCount: 0, demandCount: 0, totalEstimatedValueEur: 0, lines: [], lots: [] },
      after: {
        participantCount: 1,
        demandCount: 1,
        totalEstimatedValueEur: 240_000,
        lines: [{ cpvCode: '34144900-7', unit: 'H87', quantity: 6, estimatedValueEur: 240_000, participantCount: 1 }],
      },
    });
    expect(res.body.before.regime).toMatchObject({ scope: 'NATIONAL', thresholdEur: 216_000 });
    expect(res.body.after.regime).toMatchObject({ scope: 'EU', thresholdEur: 216_000 });
    expect(res.body.after.regime.legalBasis).toMatch(/VgV|GWB/);
    expect(res.body.after.lots).toHaveLength(1);
    expect(res.body.after.lots[0].estimatedValueEur).toBe(240_000);
    expect(res.body.after).not.toHaveProperty('version');

    // nothing changed: the demand is open, the bundle has no participant
    const demand = await t.http.get(`${API}/demands/${car}`).set(buyer.auth).expect(200);
    expect(demand.body.status).toBe('open');
    const bundle = await t.http.get(`${API}/bundles/${bundleId}`).set(buyer.auth).expect(200);
    expect(bundle.body.aggregate.participantCount).toBe(0);
    expect(bundle.body.myParticipation).toBeUndefined();

    expect((await join(t, buyer, bundleId, [car])).status).toBe(201);
    const stored = await currentAggregate(t, buyer, bundleId);
    const { computedAt: _c, version: _v, current: _cur, ...comparable } = stored as unknown as Record<string, unknown>;
    expect(comparable).toEqual(res.body.after);
  });

  it('previews joining again with a demand already in the bundle as no change', async () => {
    const res = await t.http
      .post(`${API}/bundles/${bundleId}/participations/preview`)
      .set(buyer.auth)
      .send({ demandIds: [car] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ demandIds: [], totalChangeEur: 0, regimeChanges: false });
    expect(res.body.after).toEqual(res.body.before);
  });

  it('previews the leave: back below the threshold, naming the demands that leave', async () => {
    const res = await t.http.get(`${API}/bundles/${bundleId}/participations/mine/leave-preview`).set(buyer.auth);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    expect(res.body).toMatchObject({
      action: 'leave',
      demandIds: [car],
      totalChangeEur: -240_000,
      regimeChanges: true,
      before: { participantCount: 1, totalEstimatedValueEur: 240_000, regime: { scope: 'EU' } },
      after: { participantCount: 0, totalEstimatedValueEur: 0, regime: { scope: 'NATIONAL' }, lots: [] },
    });
    const bundle = await t.http.get(`${API}/bundles/${bundleId}`).set(buyer.auth).expect(200);
    expect(bundle.body.myParticipation.demandIds).toEqual([car]);
  });

  it('answers like the join itself: every bad field named, mismatches, not participating', async () => {
    const preview = (body: unknown) =>
      t.http
        .post(`${API}/bundles/${bundleId}/participations/preview`)
        .set(buyer.auth)
        .send(body as object);
    expectProblem(await preview({}), 400, ['demandIds']);
    expectProblem(await preview({ demandIds: ['kein-uuid', car], extra: 1 }), 400, ['demandIds.0', 'extra']);
    expectProblem(await preview({ demandIds: ['00000000-0000-4000-8000-000000000000'] }), 400, ['demandIds.0']);
    // paper is not in the bundle's CPV scope (3414)
    expectProblem(await preview({ demandIds: [paper] }), 422, [/^demandIds\.0\./]);

    const stranger = await createTestRegion(t, 1);
    const strangerBuyer = await createUserWithRole(t, 'buyer', { organisation: stranger.municipalities[0] });
    expectProblem(
      await t.http
        .post(`${API}/bundles/${bundleId}/participations/preview`)
        .set(strangerBuyer.auth)
        .send({ demandIds: [car] }),
      404,
    );
    expectProblem(
      await t.http.get(`${API}/bundles/${bundleId}/participations/mine/leave-preview`).set(region.coordinator.auth),
      404,
    );
  });
});
