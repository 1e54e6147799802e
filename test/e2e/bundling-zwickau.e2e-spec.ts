import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  createTestApp,
  createTestWorker,
  createUserWithRole,
  eventually,
  TestApp,
  TestOrganisation,
  TestUser,
} from '@buendel/testing';
import { awaitMailsTo, mailsTo } from '../support/mail';
import { API, currentAggregate, join, recordDemand } from '../support/bundling-api';

/**
 * Landkreis Zwickau plays the core loop with the real reference data: ten municipalities
 * record e-vehicle and charging-station demands, the district opens a bundle, they join; the
 * aggregate equals a hand count, the regime turns EU-wide exactly at EUR 216,000 and back when
 * a participant leaves, and the bundle closes by itself at its (moved) deadline.
 */
const E_VEHICLE = '34144900-7';
const CHARGER = '31158000-8';
const CAR_PRICE = 30_000;
/** the seventh municipality's car: 6 x 32,000 + 22,000 + 1,999.99 = 215,999.99, one cent below the threshold */
const SEVENTH_CAR_PRICE = 22_000;

describe('core loop in Landkreis Zwickau', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  let coordinator: TestUser;
  const buyers: TestUser[] = [];
  const cars: string[] = [];
  const chargers: string[] = [];
  let bundleId: string;

  const window = { deliveryFrom: '2027-03-01', deliveryTo: '2027-09-30' };

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    const [district] = await db.query<Array<{ id: string; name: string }>>(
      `SELECT id, name FROM organisations WHERE reference_key = 'kreis:14524'`,
    );
    const asOrganisation = (
      o: { id: string; name: string; ags: string | null },
      type: 'district' | 'municipality',
    ): TestOrganisation => ({
      ...o,
      type,
      districtKey: '14524',
    });
    coordinator = await createUserWithRole(t, 'coordinator', {
      organisation: asOrganisation({ ...district!, ags: null }, 'district'),
    });
    const municipalities = await db.query<Array<{ id: string; name: string; ags: string }>>(
      `SELECT id, name, ags FROM organisations WHERE district_key = '14524' AND type = 'municipality' ORDER BY ags LIMIT 10`,
    );
    expect(municipalities).toHaveLength(10);
    for (const [i, m] of municipalities.entries()) {
      const buyer = await createUserWithRole(t, 'buyer', { organisation: asOrganisation(m, 'municipality') });
      buyers.push(buyer);
      const car = await recordDemand(t, buyer, {
        cpvCode: E_VEHICLE,
        title: `E-Kleinwagen ${m.name}`,
        quantity: 1,
        unit: 'H87',
        unitPriceEur: i === 6 ? SEVENTH_CAR_PRICE : CAR_PRICE,
        criteria: ['ZERO_EMISSION_VEHICLE'],
        ...window,
      });
      const charger = await recordDemand(t, buyer, {
        cpvCode: CHARGER,
        title: `Wallbox ${m.name}`,
        quantity: 1,
        unit: 'H87',
        unitPriceEur: i === 6 ? 1_999.99 : 2_000,
        ...window,
      });
      expect(car.estimatedValueEur).toBe(i === 6 ? SEVENTH_CAR_PRICE : CAR_PRICE);
      cars.push(car.id);
      chargers.push(charger.id);
    }
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  const joinMunicipality = async (i: number) => {
    const res = await join(t, buyers[i]!, bundleId, [cars[i]!, chargers[i]!]);
    expect(res.status).toBe(201);
    return res.body;
  };

  it('the district opens a bundle over e-vehicles and chargers for its region', async () => {
    const res = await t.http
      .post(`${API}/bundles`)
      .set(coordinator.auth)
      .send({
        title: 'E-Mobilität Landkreis Zwickau (Szenario)',
        cpvPrefix: '341449',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(Date.now() + 3600_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: ['ZERO_EMISSION_VEHICLE', 'BATTERY_DUE_DILIGENCE'],
        minParticipants: 5,
      });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'open',
      coordinatorOrganisationId: coordinator.organisationId,
      cpvPrefix: '341449',
      cpvPrefixes: ['341449', '3115'],
      districtKeys: ['14524'],
    });
    bundleId = res.body.id;
    const empty = await currentAggregate(t, coordinator, bundleId);
    expect(empty).toMatchObject({ participantCount: 0, totalEstimatedValueEur: 0, lines: [], lots: [] });
    expect(empty.regime).toMatchObject({ scope: 'NATIONAL', thresholdEur: 216_000 });
  });

  it('tells the buyers whose open demands fit the new bundle', async () => {
    const note = await eventually(async () => {
      const res = await t.http.get(`${API}/notifications`).set(buyers[0]!.auth).expect(200);
      return res.body.items.find((n: { subjectId: string }) => n.subjectId === bundleId);
    });
    expect(note).toMatchObject({ kind: 'bundle.matching-opened', readAt: null });
    expect([...note.data.demandIds].sort()).toEqual([cars[0], chargers[0]].sort());
    // and by e-mail, naming the demands that fit, once
    const [mail] = await awaitMailsTo(buyers[0]!.email);
    expect(mail!.subject).toBe('Neues Bündel passt zu Ihren Bedarfen: E-Mobilität Landkreis Zwickau (Szenario)');
    expect(mail!.text).toContain('Diese offenen Bedarfe Ihrer Organisation passen dazu:');
    expect(mail!.text).toMatch(/Sie können bis \d\d\.\d\d\.\d{4}, \d\d:\d\d Uhr beitreten/);
    // the link opens the bundle's page of the web app, not an API address a browser cannot read
    expect(mail!.text).toContain(`/buendel/${bundleId}`);
    expect(mail!.text).not.toContain('/api/v1/');
    expect(await mailsTo(buyers[0]!.email)).toHaveLength(1);
  });

  it('lists the bundle among the matches of a demand, with the reason where a demand does not fit', async () => {
    const res = await t.http.get(`${API}/demands/${cars[0]}/matches`).set(buyers[0]!.auth).expect(200);
    const match = res.body.items.find((m: { bundle: { id: string } }) => m.bundle.id === bundleId);
    expect(match).toMatchObject({ canJoin: true, mismatches: [] });

    const late = await recordDemand(t, buyers[0]!, {
      cpvCode: E_VEHICLE,
      title: 'E-Transporter 2028',
      quantity: 1,
      unit: 'H87',
      unitPriceEur: 45_000,
      deliveryFrom: '2028-03-01',
      deliveryTo: '2028-06-30',
      criteria: ['RENEWABLE_ELECTRICITY'],
    });
    const other = await t.http.get(`${API}/demands/${late.id}/matches`).set(buyers[0]!.auth).expect(200);
    const mismatch = other.body.items.find((m: { bundle: { id: string } }) => m.bundle.id === bundleId);
    expect(mismatch.canJoin).toBe(false);
    expect(mismatch.mismatches.map((m: { field: string }) => m.field).sort()).toEqual(['criteria', 'deliveryWindow']);
    const refused = await join(t, buyers[0]!, bundleId, [late.id]);
    expect(refused.status).toBe(422);
    expect(refused.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'demandIds.0.criteria',
      'demandIds.0.deliveryWindow',
    ]);
    await t.http.delete(`${API}/demands/${late.id}`).set(buyers[0]!.auth).expect(200);
  });

  it('stays national below EUR 216,000 and turns EU-wide exactly when the sum reaches it', async () => {
    for (let i = 0; i < 6; i++) await joinMunicipality(i);
    let aggregate = await currentAggregate(t, coordinator, bundleId);
    expect(aggregate.totalEstimatedValueEur).toBe(192_000);
    expect(aggregate.regime.scope).toBe('NATIONAL');

    await joinMunicipality(6);
    aggregate = await currentAggregate(t, coordinator, bundleId);
    expect(aggregate.totalEstimatedValueEur).toBe(215_999.99);
    expect(aggregate.regime.scope).toBe('NATIONAL');

    // the seventh municipality corrects its charger price by one cent: exactly the threshold
    await t.http.patch(`${API}/demands/${chargers[6]}`).set(buyers[6]!.auth).send({ unitPriceEur: 2000 }).expect(200);
    aggregate = await currentAggregate(t, coordinator, bundleId);
    expect(aggregate.totalEstimatedValueEur).toBe(216_000);
    expect(aggregate.regime).toMatchObject({ scope: 'EU', thresholdEur: 216_000 });
    expect(aggregate.regime.legalBasis).toMatch(/§ 106 .*GWB/);
  });

  it('goes back to national when a participant leaves', async () => {
    await t.http.delete(`${API}/bundles/${bundleId}/participations/mine`).set(buyers[6]!.auth).expect(204);
    const aggregate = await currentAggregate(t, coordinator, bundleId);
    expect(aggregate.totalEstimatedValueEur).toBe(192_000);
    expect(aggregate.participantCount).toBe(6);
    expect(aggregate.regime.scope).toBe('NATIONAL');
    const demand = await t.http.get(`${API}/demands/${cars[6]}`).set(buyers[6]!.auth).expect(200);
    expect(demand.body).toMatchObject({ status: 'open', bundleId: null });
  });

  it('equals a hand count once all ten have joined', async () => {
    for (let i = 6; i < 10; i++) await joinMunicipality(i);
    const aggregate = await currentAggregate(t, coordinator, bundleId);
    // by hand: nine cars at 30,000 and one at 22,000; ten chargers at 2,000
    const carsValue = 9 * CAR_PRICE + SEVENTH_CAR_PRICE;
    const chargersValue = 10 * 2_000;
    expect(aggregate).toMatchObject({
      participantCount: 10,
      demandCount: 20,
      totalEstimatedValueEur: carsValue + chargersValue,
      lines: [
        { cpvCode: CHARGER, unit: 'H87', quantity: 10, estimatedValueEur: chargersValue, participantCount: 10 },
        { cpvCode: E_VEHICLE, unit: 'H87', quantity: 10, estimatedValueEur: carsValue, participantCount: 10 },
      ],
    });
    expect(aggregate.regime.scope).toBe('EU');
    // one lot per product (§ 97 Abs. 4 GWB); lot values add up to the total
    expect(aggregate.lots.map((l) => l.key).sort()).toEqual(['P-3115', 'P-3414']);
    expect(aggregate.lots.reduce((s, l) => s + l.estimatedValueEur, 0)).toBe(aggregate.totalEstimatedValueEur);

    // the same numbers straight from the tables
    const [sql] = await db.query<Array<{ total: string; n: number }>>(
      `SELECT sum(d.estimated_value_cents)::text AS total, count(DISTINCT p.organisation_id)::int AS n
       FROM bundle_participations p JOIN demands d ON d.id = p.demand_id WHERE p.bundle_id = $1`,
      [bundleId],
    );
    expect(Number(sql!.total) / 100).toBe(aggregate.totalEstimatedValueEur);
    expect(sql!.n).toBe(10);
  });

  it('shows the coordinator who takes part, and a buyer only its own share', async () => {
    const asCoordinator = await t.http.get(`${API}/bundles/${bundleId}`).set(coordinator.auth).expect(200);
    expect(asCoordinator.body.participants).toHaveLength(10);
    const asBuyer = await t.http.get(`${API}/bundles/${bundleId}`).set(buyers[3]!.auth).expect(200);
    expect(asBuyer.body.participants).toBeUndefined();
    expect([...asBuyer.body.myParticipation.demandIds].sort()).toEqual([cars[3], chargers[3]].sort());
  });

  it('closes by itself at its deadline, also after the deadline was moved', async () => {
    const deadline = new Date(Date.now() + 2_500).toISOString();
    await t.http.patch(`${API}/bundles/${bundleId}`).set(coordinator.auth).send({ joinDeadline: deadline }).expect(200);
    const closed = await eventually(async () => {
      const res = await t.http.get(`${API}/bundles/${bundleId}`).set(coordinator.auth).expect(200);
      return res.body.status === 'closed' ? res.body : undefined;
    }, 20_000);
    expect(new Date(closed.closedAt).getTime()).toBeGreaterThanOrEqual(new Date(deadline).getTime());
    const [event] = await db.query<Array<{ data: { trigger: string; participants: number } }>>(
      `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'bundle.closed'`,
      [bundleId],
    );
    expect(event!.data).toMatchObject({ trigger: 'deadline', participants: 10 });
  });

  it('freezes the volumes: no joining, leaving or changing bound demands after closing', async () => {
    const left = await t.http.delete(`${API}/bundles/${bundleId}/participations/mine`).set(buyers[0]!.auth);
    expect(left.status).toBe(409);
    expect(left.body.code).toBe('BUNDLE_NOT_OPEN');
    const changed = await t.http.patch(`${API}/demands/${cars[0]}`).set(buyers[0]!.auth).send({ quantity: 5 });
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('DEMAND_BOUND');
    const withdrawn = await t.http.delete(`${API}/demands/${cars[0]}`).set(buyers[0]!.auth);
    expect(withdrawn.status).toBe(409);
    const aggregate = await currentAggregate(t, coordinator, bundleId);
    expect(aggregate.totalEstimatedValueEur).toBe(9 * CAR_PRICE + SEVENTH_CAR_PRICE + 20_000);
  });

  it('recorded every step in the audit trail', async () => {
    const rows = await db.query<Array<{ action: string; n: number }>>(
      `SELECT action, count(*)::int AS n FROM audit_events WHERE entity_id = $1 GROUP BY action ORDER BY action`,
      [bundleId],
    );
    expect(Object.fromEntries(rows.map((r) => [r.action, r.n]))).toEqual({
      'bundle.closed': 1,
      'bundle.created': 1,
      'bundle.joined': 11,
      'bundle.left': 1,
      'bundle.updated': 1,
    });
  });
});
