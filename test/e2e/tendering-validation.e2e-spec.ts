import { randomUUID } from 'node:crypto';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { createWorker } from '@buendel/worker';
import {
  adminToken,
  createTestApp,
  createTestRegion,
  createTestWorker,
  completeNoticeData,
  createUserWithRole,
  eventually,
  insertOrganisation,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import { API, expectProblem, join, recordDemand } from '../support/bundling-api';

/**
 * Bad input on every tendering route (joint tender drafts, publication, cancellation, sealed
 * offers, award, allocations, market and reports): a 4xx problem (never a 500) that names
 * each offending field with a reason, and nothing changed: no rows, the same answer to a GET
 * afterwards, no audit event. Also the positive lot editing: merging proposed lots into one
 * and splitting a product by district. Real API, worker, PostgreSQL and Redis, own regions.
 */
const CAR = '34144900-7';
const CHARGER = '31158000-8';
const BATTERY_CHARGER = '31158100-9';
const ZEV = 'ZERO_EMISSION_VEHICLE';
/** the vehicles' lot of the proposal: the vehicle criterion sits on it only */
const CARS = ['P-3414'];
const MIN_SECONDS = 2; // TENDER_MIN_SUBMISSION_SECONDS of the e2e run

interface ItemView {
  id: string;
  cpvCode: string;
  unit: string;
  quantity: number;
  estimatedValueEur: number;
  deliveryAgs: string[];
  districtKey: string | null;
}
interface LotView {
  id: string;
  key: string;
  title: string;
  estimatedValueEur: number;
  status: string;
  items: ItemView[];
}
interface TenderView {
  id: string;
  bundleId: string;
  status: string;
  title: string;
  estimatedValueEur: number;
  priceWeight: number;
  submissionDeadline: string;
  lots: LotView[];
  criteria: Array<{ code: string; phase: string; weight: number | null }>;
  submissionMinimum: { seconds: number; period: string };
}

interface Participant {
  user: TestUser;
  cars: number;
  charger?: { cpvCode: string; quantity: number; unitPriceEur: number };
}

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const cents = (eur: number) => Math.round(eur * 100);

type Body = Record<string, unknown>;
type Case = [string, () => Body, Array<string | RegExp>, Record<string, RegExp>?];

describe('tendering: bad input gets a 4xx naming each field, and nothing changes', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  /** region A: district with coordinator, three municipalities with a buyer each */
  let region: TestRegion;
  let buyers: TestUser[];
  /** region B: another district, its coordinator (the "foreign" one) and two buyers */
  let other: TestRegion;
  let otherBuyers: TestUser[];
  let supplierA: TestUser;
  let supplierB: TestUser;
  let supplierC: TestUser;
  let admin: Record<string, string>;

  // ---------------------------------------------------------------- helpers

  const newBundle = async (coordinator: TestUser, over: Body = {}): Promise<string> => {
    const res = await t.http
      .post(`${API}/bundles`)
      .set(coordinator.auth)
      .send({
        title: 'E-Fahrzeuge und Ladetechnik',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: inAnHour(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: [ZEV],
        ...over,
      });
    if (res.status !== 201) throw new Error(`creating a bundle answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.id;
  };

  /** a bundle the participants join with a car demand (and a charger demand) each */
  const filledBundle = async (coordinator: TestUser, participants: Participant[], over: Body = {}) => {
    const bundleId = await newBundle(coordinator, over);
    const demandIds: string[] = [];
    for (const p of participants) {
      const ids = [
        (
          await recordDemand(t, p.user, {
            cpvCode: CAR,
            title: 'E-Auto',
            quantity: p.cars,
            unit: 'H87',
            unitPriceEur: 30_000,
            deliveryFrom: '2027-03-01',
            deliveryTo: '2027-06-30',
            criteria: [ZEV],
          })
        ).id,
      ];
      if (p.charger) {
        ids.push(
          (
            await recordDemand(t, p.user, {
              title: 'Ladegerät',
              unit: 'H87',
              deliveryFrom: '2027-03-01',
              deliveryTo: '2027-06-30',
              ...p.charger,
            })
          ).id,
        );
      }
      const res = await join(t, p.user, bundleId, ids);
      if (res.status !== 201) throw new Error(`joining answered ${res.status}: ${JSON.stringify(res.body)}`);
      demandIds.push(...ids);
    }
    return { bundleId, demandIds };
  };

  const closeBundle = async (coordinator: TestUser, bundleId: string) => {
    const res = await t.http.post(`${API}/bundles/${bundleId}/close`).set(coordinator.auth);
    if (res.status !== 200) throw new Error(`closing answered ${res.status}: ${JSON.stringify(res.body)}`);
  };

  /**
   * Region A's three buyers: cars 3 + 1 + 2 (EUR 30,000 each); chargers 31158000-8 (1 + 1 at
   * EUR 1,500) and battery chargers 31158100-9 (2 at EUR 800). Proposed lots: P-3414 (one item)
   * and P-3115 (two items). Total EUR 184,600.
   */
  const standardParticipants = (): Participant[] => [
    { user: buyers[0]!, cars: 3, charger: { cpvCode: CHARGER, quantity: 1, unitPriceEur: 1_500 } },
    { user: buyers[1]!, cars: 1, charger: { cpvCode: BATTERY_CHARGER, quantity: 2, unitPriceEur: 800 } },
    { user: buyers[2]!, cars: 2, charger: { cpvCode: CHARGER, quantity: 1, unitPriceEur: 1_500 } },
  ];
  const STANDARD_TOTAL_EUR = 6 * 30_000 + 2 * 1_500 + 2 * 800;

  const closedStandardBundle = async () => {
    const b = await filledBundle(region.coordinator, standardParticipants());
    await closeBundle(region.coordinator, b.bundleId);
    return b;
  };

  const draftTender = async (bundleId: string, body: Body, coordinator = region.coordinator): Promise<TenderView> => {
    const res = await t.http.post(`${API}/bundles/${bundleId}/tender`).set(coordinator.auth).send(body);
    if (res.status !== 201) throw new Error(`drafting answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body;
  };

  const getTender = async (id: string, user = region.coordinator): Promise<TenderView> =>
    (await t.http.get(`${API}/tenders/${id}`).set(user.auth).expect(200)).body;

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const [row] = await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return row!.n;
  };
  const tendersOfBundle = (bundleId: string) => count(`tenders WHERE bundle_id = $1`, [bundleId]);
  const offersOf = (tenderId: string) => count(`offers WHERE tender_id = $1`, [tenderId]);

  const auditMark = async (): Promise<number> => {
    const [row] = await db.query<Array<{ id: string | null }>>(`SELECT max(id)::text AS id FROM audit_events`);
    return Number(row?.id ?? 0);
  };
  /** audit events after the mark, on these entities or by these organisations */
  const auditSince = async (mark: number, entityIds: string[], actorOrganisationIds: string[] = []) =>
    (
      await db.query<Array<{ action: string }>>(
        `SELECT action FROM audit_events WHERE id > $1 AND (entity_id = ANY($2::text[]) OR actor_organisation_id = ANY($3::uuid[]))
         ORDER BY id`,
        [mark, entityIds, actorOrganisationIds],
      )
    ).map((r) => r.action);

  const bundleStatus = async (bundleId: string, user = region.coordinator) =>
    (await t.http.get(`${API}/bundles/${bundleId}`).set(user.auth).expect(200)).body.status as string;
  const demandStates = async (ids: string[]) =>
    db.query<Array<{ id: string; status: string }>>(`SELECT id, status FROM demands WHERE id = ANY($1) ORDER BY id`, [
      ids,
    ]);

  const lotByKey = (tender: TenderView, key: string) => {
    const lot = tender.lots.find((l) => l.key === key);
    if (!lot) throw new Error(`no lot ${key} in ${JSON.stringify(tender.lots.map((l) => l.key))}`);
    return lot;
  };
  const pricesFor = (lot: LotView, price = 1_000) => lot.items.map((i) => ({ itemId: i.id, unitPriceEur: price }));

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 3);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    other = await createTestRegion(t, 2);
    otherBuyers = await insertSignedInUsers(t, other.municipalities, 'buyer');
    supplierA = await createUserWithRole(t, 'supplier');
    supplierB = await createUserWithRole(t, 'supplier');
    supplierC = await createUserWithRole(t, 'supplier');
    admin = { Authorization: `Bearer ${await adminToken(t)}` };
    // EU tenders start with their eForms notice, which names every organisation's address and contact
    await completeNoticeData(t, [
      region.district.id,
      ...region.municipalities.map((m) => m.id),
      other.district.id,
      ...other.municipalities.map((m) => m.id),
      ...[supplierA, supplierB, supplierC].map((s) => s.organisationId),
    ]);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  // ================================================================ POST /bundles/{id}/tender

  describe('POST /bundles/{id}/tender', () => {
    let bundleId: string;
    let demandIds: string[];

    beforeAll(async () => {
      ({ bundleId, demandIds } = await closedStandardBundle());
    });

    /** the closed bundle has no tender, is still closed, its demands are still bundled, nothing audited */
    const expectNotTendered = async (mark: number, caller = region.coordinator) => {
      expect(await tendersOfBundle(bundleId)).toBe(0);
      expect(await bundleStatus(bundleId)).toBe('closed');
      expect((await demandStates(demandIds)).map((d) => d.status)).toEqual(demandIds.map(() => 'bundled'));
      expect(await auditSince(mark, [bundleId], [caller.organisationId])).toEqual([]);
    };

    const withDeadline = (over: Body = {}): Body => ({ submissionDeadline: inAnHour(), ...over });
    const lot = (title: string, cpvPrefixes?: string[], districtKeys?: string[]) => ({
      title,
      ...(cpvPrefixes ? { cpvPrefixes } : {}),
      ...(districtKeys ? { districtKeys } : {}),
    });
    const bothLots = () => [lot('E-Autos', ['3414']), lot('Ladetechnik', ['3115'])];

    const cases: Case[] = [
      ['no submissionDeadline', () => ({}), ['submissionDeadline']],
      ['submissionDeadline null', () => ({ submissionDeadline: null }), ['submissionDeadline']],
      [
        'submissionDeadline not ISO 8601',
        () => ({ submissionDeadline: 'next friday' }),
        ['submissionDeadline'],
        { submissionDeadline: /ISO 8601/ },
      ],
      ['submissionDeadline a number', () => ({ submissionDeadline: Date.now() + 3600_000 }), ['submissionDeadline']],
      ['an impossible date', () => ({ submissionDeadline: '2027-02-30T12:00:00Z' }), ['submissionDeadline']],
      [
        'a deadline in the past',
        () => ({ submissionDeadline: '2020-01-01T12:00:00Z' }),
        ['submissionDeadline'],
        { submissionDeadline: new RegExp(`${MIN_SECONDS} seconds`) },
      ],
      [
        'a deadline shorter than the minimum period',
        () => ({ submissionDeadline: inMs(500) }),
        ['submissionDeadline'],
        { submissionDeadline: new RegExp(`at least ${MIN_SECONDS} seconds`) },
      ],
      [
        'lots that leave the chargers out',
        () => withDeadline({ lots: [lot('E-Autos', ['3414'])] }),
        ['lots'],
        { lots: /no lot takes .*31158000-8/ },
      ],
      [
        'lots that take the cars twice',
        () => withDeadline({ lots: [lot('E-Autos', ['3414']), lot('Alles', ['3414', '3115'])] }),
        ['lots'],
        { lots: /more than one lot takes .*34144900-7/ },
      ],
      [
        'a lot without selectors beside another lot (everything twice)',
        () => withDeadline({ lots: [lot('Alles'), lot('E-Autos', ['3414'])] }),
        ['lots'],
        { lots: /more than one lot/ },
      ],
      [
        'a lot that takes nothing (a product not in the bundle)',
        () => withDeadline({ lots: [...bothLots(), lot('Papier', ['3019'])] }),
        ['lots.2'],
        { 'lots.2': /takes none/ },
      ],
      [
        'a lot that takes nothing (a district not in the bundle)',
        () =>
          withDeadline({
            lots: [lot('Alles', ['3414', '3115'], [region.districtKey]), lot('Fremd', ['3414'], [other.districtKey])],
          }),
        ['lots.1'],
      ],
      ['empty lots', () => withDeadline({ lots: [] }), ['lots']],
      ['lots not an array', () => withDeadline({ lots: { title: 'x' } }), ['lots']],
      ['a lot without a title', () => withDeadline({ lots: [{ cpvPrefixes: ['3414', '3115'] }] }), ['lots.0.title']],
      [
        'a lot with a blank title',
        () => withDeadline({ lots: [{ title: '   ', cpvPrefixes: ['3414', '3115'] }] }),
        ['lots.0.title'],
      ],
      [
        "cpvPrefixes ['x']",
        () => withDeadline({ lots: [lot('E-Autos', ['x']), lot('Ladetechnik', ['3115'])] }),
        ['lots.0.cpvPrefixes.0'],
        { 'lots.0.cpvPrefixes.0': /CPV prefix/ },
      ],
      [
        "cpvPrefixes ['00']",
        () => withDeadline({ lots: [lot('E-Autos', ['00']), lot('Ladetechnik', ['3115'])] }),
        ['lots.0.cpvPrefixes.0'],
      ],
      [
        "cpvPrefixes 'x' (not a list)",
        () => withDeadline({ lots: [{ title: 'E-Autos', cpvPrefixes: 'x' }, lot('Ladetechnik', ['3115'])] }),
        [/^lots\.0\.cpvPrefixes(\.0)?$/],
      ],
      [
        "cpvPrefixes ['3414', '3x15'] (the second bad)",
        () => withDeadline({ lots: [lot('Alles', ['3414', '3x15'])] }),
        ['lots.0.cpvPrefixes.1'],
      ],
      [
        "districtKeys ['123']",
        () => withDeadline({ lots: [lot('E-Autos', ['3414'], ['123']), lot('Ladetechnik', ['3115'])] }),
        ['lots.0.districtKeys.0'],
        { 'lots.0.districtKeys.0': /district key/ },
      ],
      [
        "districtKeys [own, 'abcde']",
        () => withDeadline({ lots: [lot('Alles', ['3414', '3115'], [region.districtKey, 'abcde'])] }),
        ['lots.0.districtKeys.1'],
      ],
      [
        'an unknown field in a lot',
        () => withDeadline({ lots: [{ ...lot('Alles', ['3414', '3115']), colour: 'red' }] }),
        ['lots.0.colour'],
      ],
      [
        'a criterion in a phase the catalogue does not allow',
        () =>
          withDeadline({
            criteria: [
              { code: ZEV, lotKeys: CARS, phase: 'specification' },
              { code: ZEV, lotKeys: CARS, phase: 'qualification' },
            ],
          }),
        ['criteria.1.phase'],
        { 'criteria.1.phase': /specification, award/ },
      ],
      [
        'a vehicle criterion on every lot, the wallboxes included (the lot outside its CPV scope is named)',
        () => withDeadline({ criteria: [{ code: ZEV, phase: 'specification' }] }),
        ['criteria.0.lotKeys'],
        { 'criteria.0.lotKeys': /ZERO_EMISSION_VEHICLE applies only to CPV 341.*the lot P-3115/ },
      ],
      [
        'a criterion on a lot the tender does not have',
        () => withDeadline({ criteria: [{ code: ZEV, phase: 'specification', lotKeys: ['P-3414', 'P-9999'] }] }),
        ['criteria.0.lotKeys'],
        { 'criteria.0.lotKeys': /no lot of this tender: P-9999/ },
      ],
      [
        'lot keys that are no keys, and given twice',
        () =>
          withDeadline({
            criteria: [
              { code: ZEV, phase: 'specification', lotKeys: ['P-3414', 'P-3414'] },
              { code: 'TAKE_BACK', phase: 'performance', lotKeys: ['los eins'] },
            ],
          }),
        ['criteria.0.lotKeys', 'criteria.1.lotKeys.0'],
      ],
      [
        'a phase that does not exist',
        () => withDeadline({ criteria: [{ code: ZEV, lotKeys: CARS, phase: 'bidding' }] }),
        ['criteria.0.phase'],
      ],
      [
        'an unknown criterion',
        () =>
          withDeadline({
            criteria: [
              { code: ZEV, lotKeys: CARS, phase: 'specification' },
              { code: 'NO_SUCH_CRITERION', phase: 'specification' },
            ],
          }),
        ['criteria.1.code'],
        { 'criteria.1.code': /NO_SUCH_CRITERION/ },
      ],
      [
        'a criterion code in lower case',
        () => withDeadline({ criteria: [{ code: 'zero_emission_vehicle', phase: 'specification' }] }),
        ['criteria.0.code'],
      ],
      [
        'an award criterion without weight',
        () =>
          withDeadline({
            criteria: [
              { code: ZEV, lotKeys: CARS, phase: 'specification' },
              { code: ZEV, lotKeys: CARS, phase: 'award' },
            ],
          }),
        ['criteria.1.weight'],
        { 'criteria.1.weight': /needs a weight above 0/ },
      ],
      [
        'an award criterion with weight 0',
        () => withDeadline({ criteria: [{ code: ZEV, lotKeys: CARS, phase: 'award', weight: 0 }], priceWeight: 100 }),
        ['criteria.0.weight'],
      ],
      [
        'a weight on a specification criterion',
        () => withDeadline({ criteria: [{ code: ZEV, lotKeys: CARS, phase: 'specification', weight: 10 }] }),
        ['criteria.0.weight'],
        { 'criteria.0.weight': /only award criteria carry a weight/ },
      ],
      [
        'a weight given as a string',
        () => withDeadline({ criteria: [{ code: ZEV, lotKeys: CARS, phase: 'award', weight: '30' }] }),
        ['criteria.0.weight'],
      ],
      [
        'a criterion placed twice in one phase',
        () =>
          withDeadline({
            criteria: [
              { code: ZEV, lotKeys: CARS, phase: 'specification' },
              { code: ZEV, lotKeys: CARS, phase: 'specification' },
            ],
          }),
        [/^criteria\.1(\.code|\.phase)?$/],
      ],
      [
        'weights and priceWeight not summing to 100',
        () =>
          withDeadline({
            criteria: [
              { code: ZEV, lotKeys: CARS, phase: 'specification' },
              { code: ZEV, lotKeys: CARS, phase: 'award', weight: 20 },
            ],
            priceWeight: 70,
          }),
        ['priceWeight'],
        { priceWeight: /100/ },
      ],
      [
        "the bundle's mandatory criterion left out",
        () => withDeadline({ criteria: [{ code: 'TAKE_BACK', phase: 'performance' }] }),
        ['criteria'],
        { criteria: /ZERO_EMISSION_VEHICLE/ },
      ],
      ['no criteria at all (the mandatory one left out)', () => withDeadline({ criteria: [] }), ['criteria']],
      ['priceWeight 101', () => withDeadline({ priceWeight: 101 }), ['priceWeight']],
      ['priceWeight -1', () => withDeadline({ priceWeight: -1 }), ['priceWeight']],
      [
        'priceWeight with 3 decimals',
        () => withDeadline({ priceWeight: 70.125 }),
        ['priceWeight'],
        { priceWeight: /2 decimals/ },
      ],
      ['priceWeight as a string', () => withDeadline({ priceWeight: '70' }), ['priceWeight']],
      ['an unknown extra field', () => withDeadline({ colour: 'red' }), ['colour'], { colour: /should not exist/ }],
      ['a title of 201 characters', () => withDeadline({ title: 'x'.repeat(201) }), ['title']],
      [
        'several bad fields at once',
        () => ({ submissionDeadline: 'x', priceWeight: 101, lots: [{ cpvPrefixes: ['00'] }] }),
        ['submissionDeadline', 'priceWeight', 'lots.0.title', 'lots.0.cpvPrefixes.0'],
      ],
      [
        'lots, criteria and deadline wrong at once (each named)',
        () => ({
          submissionDeadline: inMs(300),
          lots: [lot('E-Autos', ['3414'])],
          criteria: [{ code: 'NO_SUCH_CRITERION', phase: 'specification' }],
        }),
        ['submissionDeadline', 'lots', 'criteria.0.code', 'criteria'],
      ],
    ];

    it.each(cases)('refuses %s', async (_name, body, fields, reasons = {}) => {
      const mark = await auditMark();
      const res = await t.http.post(`${API}/bundles/${bundleId}/tender`).set(region.coordinator.auth).send(body());
      expectProblem(res, 400, fields, reasons);
      await expectNotTendered(mark);
    });

    it("names the bad fields and the domain's problems of the others in one 400 (INVALID_TENDER)", async () => {
      const mark = await auditMark();
      const codes = (errors: Array<{ field: string; code?: string }>) =>
        Object.fromEntries(errors.map((e) => [e.field, e.code]));
      const post = (body: Body) =>
        t.http
          .post(`${API}/bundles/${bundleId}/tender`)
          .set(region.coordinator.auth)
          .set('Accept-Language', 'de')
          .send(body);
      const short = await post({ title: '  ', submissionDeadline: inMs(500) });
      expect(codes(expectProblem(short, 400, ['title', 'submissionDeadline']))).toEqual({
        title: 'IS_LENGTH',
        submissionDeadline: 'BEFORE_MINIMUM_PERIOD',
      });
      expect(short.body.code).toBe('INVALID_TENDER');
      const lots = await post(withDeadline({ priceWeight: 101, lots: [lot('E-Autos', ['3414'])] }));
      expectProblem(lots, 400, ['priceWeight', 'lots']);
      // bad fields alone stay VALIDATION_FAILED; a refused deadline is not checked again
      const alone = await post({ title: '  ', submissionDeadline: 'next friday' });
      expectProblem(alone, 400, ['title', 'submissionDeadline']);
      expect(alone.body.code).toBe('VALIDATION_FAILED');
      await expectNotTendered(mark);
    });

    it('refuses a bundle that is still open (409 BUNDLE_NOT_CLOSED)', async () => {
      const open = await filledBundle(region.coordinator, [{ user: buyers[0]!, cars: 1 }]);
      const mark = await auditMark();
      const res = await t.http
        .post(`${API}/bundles/${open.bundleId}/tender`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(res, 409);
      expect(res.body.code).toBe('BUNDLE_NOT_CLOSED');
      expect(await tendersOfBundle(open.bundleId)).toBe(0);
      expect(await bundleStatus(open.bundleId)).toBe('open');
      expect((await demandStates(open.demandIds)).map((d) => d.status)).toEqual(['bundled']);
      expect(await auditSince(mark, [open.bundleId], [region.coordinator.organisationId])).toEqual([]);
    });

    it('refuses a cancelled bundle (409)', async () => {
      const cancelled = await filledBundle(region.coordinator, [{ user: buyers[1]!, cars: 1 }]);
      await closeBundle(region.coordinator, cancelled.bundleId);
      await t.http.post(`${API}/bundles/${cancelled.bundleId}/cancel`).set(region.coordinator.auth).expect(200);
      const mark = await auditMark();
      const res = await t.http
        .post(`${API}/bundles/${cancelled.bundleId}/tender`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(res, 409);
      expect(res.body.code).toBe('BUNDLE_NOT_CLOSED');
      expect(await tendersOfBundle(cancelled.bundleId)).toBe(0);
      expect(await bundleStatus(cancelled.bundleId)).toBe('cancelled');
      expect(await auditSince(mark, [cancelled.bundleId], [region.coordinator.organisationId])).toEqual([]);
    });

    it('refuses a closed bundle without participants (409 NO_PARTICIPANTS)', async () => {
      const empty = await newBundle(region.coordinator);
      await closeBundle(region.coordinator, empty);
      const mark = await auditMark();
      const res = await t.http
        .post(`${API}/bundles/${empty}/tender`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(res, 409);
      expect(res.body.code).toBe('NO_PARTICIPANTS');
      expect(await tendersOfBundle(empty)).toBe(0);
      expect(await bundleStatus(empty)).toBe('closed');
      expect(await auditSince(mark, [empty], [region.coordinator.organisationId])).toEqual([]);
    });

    it("answers 404 for another coordinator's bundle, 403 for a buyer, 400 for a non-UUID id", async () => {
      const mark = await auditMark();
      const foreign = await t.http
        .post(`${API}/bundles/${bundleId}/tender`)
        .set(other.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(foreign, 404);
      const buyer = await t.http
        .post(`${API}/bundles/${bundleId}/tender`)
        .set(buyers[0]!.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(buyer, 403);
      const supplier = await t.http
        .post(`${API}/bundles/${bundleId}/tender`)
        .set(supplierA.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(supplier, 403);
      const badId = await t.http
        .post(`${API}/bundles/not-a-uuid/tender`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(badId, 400, ['id']);
      const unknown = await t.http
        .post(`${API}/bundles/${randomUUID()}/tender`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(unknown, 404);
      await expectNotTendered(mark);
      expect(await auditSince(mark, [], [other.coordinator.organisationId, buyers[0]!.organisationId])).toEqual([]);
    });

    it('drafts the tender from valid input (the control case), then refuses a second one (409 TENDER_EXISTS)', async () => {
      const tender = await draftTender(bundleId, { submissionDeadline: inAnHour() });
      expect(tender).toMatchObject({ status: 'draft', bundleId, estimatedValueEur: STANDARD_TOTAL_EUR, opening: null });
      // the draft names its minimum period (the web app's form shows it and where it would end)
      expect(tender.submissionMinimum).toEqual({
        seconds: MIN_SECONDS,
        period: `${MIN_SECONDS} Sekunden (TENDER_MIN_SUBMISSION_SECONDS)`,
      });
      // a deadline too short, asked in German: the reason in German, with the earliest instant in Berlin time
      const short = await t.http
        .patch(`${API}/tenders/${tender.id}`)
        .set(region.coordinator.auth)
        .set('accept-language', 'de')
        .send({ submissionDeadline: inMs(200) });
      expect(short.status).toBe(400);
      expect(short.body.errors).toEqual([
        {
          field: 'submissionDeadline',
          code: 'BEFORE_MINIMUM_PERIOD',
          reason: expect.stringMatching(
            new RegExp(
              `^muss mindestens ${MIN_SECONDS} Sekunden \\(TENDER_MIN_SUBMISSION_SECONDS\\) nach der Veröffentlichung liegen: frühestens am \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2} Uhr$`,
            ),
          ),
        },
      ]);
      const mark = await auditMark();
      const again = await t.http
        .post(`${API}/bundles/${bundleId}/tender`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour() });
      expectProblem(again, 409);
      expect(again.body.code).toBe('TENDER_EXISTS');
      expect(await tendersOfBundle(bundleId)).toBe(1);
      expect(await getTender(tender.id)).toEqual(tender);
      expect(await auditSince(mark, [bundleId, tender.id], [region.coordinator.organisationId])).toEqual([]);
    });
  });

  // ================================================================ lot editing: merge and split

  describe('lot editing: a central purchasing body merges the proposed lots and splits cars by district', () => {
    let cpbUser: TestUser;
    let bundleId: string;
    let tender: TenderView;
    const total = 6 * 30_000 + 1 * 1_500 + 2 * 800;

    const sharesOf = async (itemId: string) =>
      (
        await db.query<Array<{ organisation_id: string; quantity: string; estimated_value_cents: string }>>(
          `SELECT organisation_id, quantity::text AS quantity, estimated_value_cents::text AS estimated_value_cents
           FROM tender_item_shares WHERE item_id = $1`,
          [itemId],
        )
      )
        .map((r) => ({
          organisationId: r.organisation_id,
          quantity: Number(r.quantity),
          cents: Number(r.estimated_value_cents),
        }))
        .sort((a, b) => (a.organisationId < b.organisationId ? -1 : 1));
    const expectedShares = (rows: Array<{ organisationId: string; quantity: number; cents: number }>) =>
      [...rows].sort((a, b) => (a.organisationId < b.organisationId ? -1 : 1));

    beforeAll(async () => {
      const cpb = await insertOrganisation(t, { type: 'central_purchasing_body', districtKey: null });
      await t.http
        .post(`${API}/organisations/${cpb.id}/coordinated-districts`)
        .set(admin)
        .send({ districtKeys: [region.districtKey, other.districtKey] })
        .expect(200);
      [cpbUser] = await insertSignedInUsers(t, [cpb], 'coordinator');
      // district A: 3 + 1 cars and a charger; district B: 2 cars and 2 battery chargers
      ({ bundleId } = await filledBundle(
        cpbUser!,
        [
          { user: buyers[0]!, cars: 3, charger: { cpvCode: CHARGER, quantity: 1, unitPriceEur: 1_500 } },
          { user: buyers[1]!, cars: 1 },
          { user: otherBuyers[0]!, cars: 2, charger: { cpvCode: BATTERY_CHARGER, quantity: 2, unitPriceEur: 800 } },
        ],
        { districtKeys: [region.districtKey, other.districtKey] },
      ));
      await closeBundle(cpbUser!, bundleId);
    });

    it('merges the two proposed product lots into one lot holding every item', async () => {
      tender = await draftTender(
        bundleId,
        {
          submissionDeadline: inAnHour(),
          lots: [{ title: 'Fahrzeuge und Ladetechnik', cpvPrefixes: ['3414', '3115'] }],
        },
        cpbUser,
      );
      expect(tender.estimatedValueEur).toBe(total);
      expect(tender.lots).toHaveLength(1);
      const [merged] = tender.lots;
      expect(merged).toMatchObject({ title: 'Fahrzeuge und Ladetechnik', estimatedValueEur: total });
      // items are grouped by CPV code, unit, specification and delivery district: the cars of each district are one item
      const [first, second] = [region.districtKey, other.districtKey].sort();
      const carsIn = (districtKey: string) => (districtKey === region.districtKey ? 4 : 2);
      expect(
        merged!.items.map((i) => ({
          cpvCode: i.cpvCode,
          unit: i.unit,
          districtKey: i.districtKey,
          quantity: i.quantity,
          value: i.estimatedValueEur,
        })),
      ).toEqual([
        { cpvCode: CHARGER, unit: 'H87', districtKey: region.districtKey, quantity: 1, value: 1_500 },
        { cpvCode: BATTERY_CHARGER, unit: 'H87', districtKey: other.districtKey, quantity: 2, value: 1_600 },
        { cpvCode: CAR, unit: 'H87', districtKey: first, quantity: carsIn(first!), value: carsIn(first!) * 30_000 },
        { cpvCode: CAR, unit: 'H87', districtKey: second, quantity: carsIn(second!), value: carsIn(second!) * 30_000 },
      ]);
      const car = merged!.items.find((i) => i.cpvCode === CAR && i.districtKey === region.districtKey)!;
      expect(car.deliveryAgs).toEqual([region.municipalities[0]!.ags, region.municipalities[1]!.ags].sort());
      expect(await sharesOf(car.id)).toEqual(
        expectedShares([
          { organisationId: buyers[0]!.organisationId, quantity: 3, cents: cents(90_000) },
          { organisationId: buyers[1]!.organisationId, quantity: 1, cents: cents(30_000) },
        ]),
      );
      expect(await getTender(tender.id, cpbUser)).toEqual(tender);
    });

    it('re-plans the lots by PATCH: cars split by district (same prefix, different districts), chargers apart', async () => {
      const mark = await auditMark();
      const res = await t.http
        .patch(`${API}/tenders/${tender.id}`)
        .set(cpbUser.auth)
        .send({
          lots: [
            { title: 'E-Autos Kreis A', cpvPrefixes: ['3414'], districtKeys: [region.districtKey] },
            { title: 'E-Autos Kreis B', cpvPrefixes: ['3414'], districtKeys: [other.districtKey] },
            { title: 'Ladetechnik', cpvPrefixes: ['3115'] },
          ],
        });
      expect(res.status).toBe(200);
      const split = res.body as TenderView;
      expect(split.lots.map((l) => l.title)).toEqual(['E-Autos Kreis A', 'E-Autos Kreis B', 'Ladetechnik']);
      const [carsA, carsB, chargers] = split.lots as [LotView, LotView, LotView];
      expect(carsA.items.map((i) => [i.cpvCode, i.quantity, i.estimatedValueEur])).toEqual([[CAR, 4, 120_000]]);
      expect(carsA.items[0]!.deliveryAgs).toEqual(
        [region.municipalities[0]!.ags, region.municipalities[1]!.ags].sort(),
      );
      expect(carsB.items.map((i) => [i.cpvCode, i.quantity, i.estimatedValueEur])).toEqual([[CAR, 2, 60_000]]);
      expect(carsB.items[0]!.deliveryAgs).toEqual([other.municipalities[0]!.ags]);
      expect(chargers.items.map((i) => [i.cpvCode, i.quantity, i.estimatedValueEur])).toEqual([
        [CHARGER, 1, 1_500],
        [BATTERY_CHARGER, 2, 1_600],
      ]);
      expect(split.lots.map((l) => l.estimatedValueEur)).toEqual([120_000, 60_000, 3_100]);
      // the lot values sum exactly to the tender's estimated value, which is unchanged
      expect(split.lots.reduce((s, l) => s + cents(l.estimatedValueEur), 0)).toBe(cents(split.estimatedValueEur));
      expect(split.estimatedValueEur).toBe(total);
      // each organisation's share sits in the lot of its district
      expect(await sharesOf(carsA.items[0]!.id)).toEqual(
        expectedShares([
          { organisationId: buyers[0]!.organisationId, quantity: 3, cents: cents(90_000) },
          { organisationId: buyers[1]!.organisationId, quantity: 1, cents: cents(30_000) },
        ]),
      );
      expect(await sharesOf(carsB.items[0]!.id)).toEqual([
        { organisationId: otherBuyers[0]!.organisationId, quantity: 2, cents: cents(60_000) },
      ]);
      // the old lot and its items are gone
      expect(await count(`tender_lots WHERE tender_id = $1`, [tender.id])).toBe(3);
      expect(await count(`tender_items WHERE tender_id = $1`, [tender.id])).toBe(4);
      expect(await getTender(tender.id, cpbUser)).toEqual(split);
      expect(await auditSince(mark, [tender.id])).toEqual(['tender.updated']);
      tender = split;
    });

    it('refuses a re-plan that leaves district B out, and keeps the lots as they were', async () => {
      const mark = await auditMark();
      const res = await t.http
        .patch(`${API}/tenders/${tender.id}`)
        .set(cpbUser.auth)
        .send({
          lots: [
            { title: 'E-Autos Kreis A', cpvPrefixes: ['3414'], districtKeys: [region.districtKey] },
            { title: 'Ladetechnik', cpvPrefixes: ['3115'] },
          ],
        });
      expectProblem(res, 400, ['lots'], { lots: new RegExp(`no lot takes .*${other.districtKey}`) });
      expect(await getTender(tender.id, cpbUser)).toEqual(tender);
      expect(await auditSince(mark, [tender.id], [cpbUser.organisationId])).toEqual([]);
    });

    it('renames a lot of the draft (PATCH /tenders/{id}/lots/{lotId}); bad input names every field, no 500', async () => {
      const lot = tender.lots[2]!;
      const rename = (tenderId: string, lotId: string, body: object, user = cpbUser) =>
        t.http.patch(`${API}/tenders/${tenderId}/lots/${lotId}`).set(user.auth).set('Accept-Language', 'de').send(body);
      const mark = await auditMark();
      const badPath = await rename('nope', 'nix', { title: 'Los 3' });
      expectProblem(badPath, 400, ['id', 'lotId']);
      const badBody = await rename(tender.id, lot.id, { title: '   ', colour: 'red' });
      expectProblem(badBody, 400, ['title', 'colour']);
      expectProblem(await rename(tender.id, lot.id, { title: 'x'.repeat(201) }), 400, ['title']);
      expectProblem(await rename(tender.id, lot.id, { title: 42 }), 400, ['title'], { title: /Text/ });
      expectProblem(await rename(tender.id, lot.id, {}), 400, ['title']);
      expect((await rename(tender.id, randomUUID(), { title: 'Los 3: Ladetechnik' })).status).toBe(404);
      expect((await rename(tender.id, lot.id, { title: 'Los 3: Ladetechnik' }, region.coordinator)).status).toBe(404);
      expect(await auditSince(mark, [tender.id])).toEqual([]);

      const res = await rename(tender.id, lot.id, { title: ' Los 3: Ladeinfrastruktur (Wallboxen) ' });
      expect(res.status).toBe(200);
      expect(res.body.lots.map((l: LotView) => l.title)).toEqual([
        'E-Autos Kreis A',
        'E-Autos Kreis B',
        'Los 3: Ladeinfrastruktur (Wallboxen)',
      ]);
      expect(res.body.lots[2].items).toEqual(lot.items);
      expect(await auditSince(mark, [tender.id])).toEqual(['tender.lot.renamed']);
      tender = res.body as TenderView;
    });
  });

  // ================================================================ T2: a tender with a short deadline

  /** published with a deadline a few seconds ahead; its offers are opened while the other tests run */
  let t2: TenderView;
  let t2Bundle: string;
  const t2Offers: Record<'A-car' | 'B-car' | 'C-car' | 'A-charger', string> = {
    'A-car': '',
    'B-car': '',
    'C-car': '',
    'A-charger': '',
  };

  describe('a tender with a short deadline (T2): published, offers in, no award before the opening', () => {
    it('publishes T2 and takes valid offers, one of them not declaring the specification criterion', async () => {
      ({ bundleId: t2Bundle } = await closedStandardBundle());
      t2 = await draftTender(t2Bundle, { submissionDeadline: inMs(10_000) });
      await t.http.post(`${API}/tenders/${t2.id}/publish`).set(region.coordinator.auth).expect(200);
      const car = lotByKey(t2, 'P-3414');
      const charger = lotByKey(t2, 'P-3115');
      const submit = async (supplier: TestUser, lot: LotView, price: number, criteria: string[]) => {
        const res = await t.http
          .post(`${API}/tenders/${t2.id}/offers`)
          .set(supplier.auth)
          .send({ lotId: lot.id, prices: pricesFor(lot, price), criteria });
        expect(res.status).toBe(201);
        return res.body.id as string;
      };
      t2Offers['A-car'] = await submit(supplierA, car, 29_000, [ZEV]);
      t2Offers['B-car'] = await submit(supplierB, car, 28_000, [ZEV]);
      t2Offers['C-car'] = await submit(supplierC, car, 20_000, []);
      t2Offers['A-charger'] = await submit(supplierA, charger, 1_200, []);
      expect(await offersOf(t2.id)).toBe(4);
    });

    it('refuses an award before the opening (409) and stores nothing', async () => {
      const mark = await auditMark();
      const res = await t.http
        .post(`${API}/tenders/${t2.id}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: lotByKey(t2, 'P-3414').id, offerId: t2Offers['B-car'] });
      expectProblem(res, 409);
      expect(res.body.code).toBe('TENDER_WRONG_STATUS');
      expect(await count(`tender_awards WHERE tender_id = $1`, [t2.id])).toBe(0);
      expect(await auditSince(mark, [t2.id], [region.coordinator.organisationId])).toEqual([]);
    });
  });

  // ================================================================ T1: draft, PATCH, publish

  /** the main tender: a draft with an early deadline, then published with a deadline an hour ahead */
  let t1: TenderView;
  let t1Bundle: string;
  let t1Demands: string[];

  describe('a draft (T1): PATCH and publish', () => {
    let createdDeadline: number;

    beforeAll(async () => {
      ({ bundleId: t1Bundle, demandIds: t1Demands } = await closedStandardBundle());
      createdDeadline = Date.now() + 4_000;
      t1 = await draftTender(t1Bundle, { submissionDeadline: new Date(createdDeadline).toISOString() });
    });

    const nulls: Array<[string, Body]> = [
      ['title', { title: null }],
      ['submissionDeadline', { submissionDeadline: null }],
      ['lots', { lots: null }],
      ['criteria', { criteria: null }],
      ['priceWeight', { priceWeight: null }],
    ];

    it.each(nulls)('refuses null for %s (400, the field named)', async (field, body) => {
      const mark = await auditMark();
      const res = await t.http.patch(`${API}/tenders/${t1.id}`).set(region.coordinator.auth).send(body);
      expectProblem(res, 400, [field]);
      expect(await getTender(t1.id)).toEqual(t1);
      expect(await auditSince(mark, [t1.id], [region.coordinator.organisationId])).toEqual([]);
    });

    const patches: Case[] = [
      ['an unknown extra field', () => ({ colour: 'red' }), ['colour']],
      ['a blank title', () => ({ title: '  ' }), ['title']],
      ['a deadline that is not ISO 8601', () => ({ submissionDeadline: '31.12.2027' }), ['submissionDeadline']],
      [
        'a deadline shorter than the minimum period',
        () => ({ submissionDeadline: inMs(200) }),
        ['submissionDeadline'],
        { submissionDeadline: new RegExp(`${MIN_SECONDS} seconds`) },
      ],
      ['lots that leave the chargers out', () => ({ lots: [{ title: 'E-Autos', cpvPrefixes: ['3414'] }] }), ['lots']],
      [
        'valid lots beside criteria in a wrong phase (all or nothing)',
        () => ({
          lots: [{ title: 'Alles', cpvPrefixes: ['3414', '3115'] }],
          criteria: [{ code: ZEV, phase: 'performance' }],
        }),
        ['criteria.0.phase'],
      ],
      [
        'valid lots beside a price weight that breaks the sum (all or nothing)',
        () => ({ lots: [{ title: 'Alles', cpvPrefixes: ['3414', '3115'] }], priceWeight: 80 }),
        ['priceWeight'],
      ],
      ['priceWeight 101', () => ({ priceWeight: 101 }), ['priceWeight']],
      [
        'an award weight too small for two decimals, written with an exponent (7e-323)',
        () => ({ criteria: [{ code: ZEV, phase: 'award', weight: 7e-323 }] }),
        ['criteria.0.weight'],
      ],
      [
        'a weight of 7e-323 on a criterion outside the award phase',
        () => ({ criteria: [{ code: ZEV, phase: 'specification', weight: 7e-323 }] }),
        ['criteria.0.weight'],
      ],
      [
        "the bundle's mandatory criterion left out",
        () => ({ criteria: [{ code: 'TAKE_BACK', phase: 'performance' }] }),
        ['criteria'],
      ],
    ];

    it.each(patches)('refuses a PATCH with %s and changes nothing', async (_name, body, fields, reasons = {}) => {
      const mark = await auditMark();
      const res = await t.http.patch(`${API}/tenders/${t1.id}`).set(region.coordinator.auth).send(body());
      expectProblem(res, 400, fields, reasons);
      expect(await getTender(t1.id)).toEqual(t1);
      expect(await auditSince(mark, [t1.id], [region.coordinator.organisationId])).toEqual([]);
    });

    it("names a PATCH's bad fields and the domain's problems of the others in one 400 (INVALID_TENDER)", async () => {
      const mark = await auditMark();
      const patch = (body: Body) => t.http.patch(`${API}/tenders/${t1.id}`).set(region.coordinator.auth).send(body);
      const short = await patch({ title: '  ', submissionDeadline: inMs(200) });
      const errors = expectProblem(short, 400, ['title', 'submissionDeadline']);
      expect(short.body.code).toBe('INVALID_TENDER');
      expect(errors.find((e) => e.field === 'submissionDeadline')).toMatchObject({ code: 'BEFORE_MINIMUM_PERIOD' });
      const mandatory = await patch({ priceWeight: 101, criteria: [{ code: 'TAKE_BACK', phase: 'performance' }] });
      expectProblem(mandatory, 400, ['priceWeight', 'criteria']);
      const alone = await patch({ title: '  ' });
      expectProblem(alone, 400, ['title']);
      expect(alone.body.code).toBe('VALIDATION_FAILED');
      // a bad field to another coordinator's tender is a 400 naming it, as before (not a 404)
      const foreign = await t.http.patch(`${API}/tenders/${t1.id}`).set(other.coordinator.auth).send({ title: '  ' });
      expectProblem(foreign, 400, ['title']);
      expect(await getTender(t1.id)).toEqual(t1);
      expect(await auditSince(mark, [t1.id], [region.coordinator.organisationId])).toEqual([]);
    });

    it("answers 404 to another coordinator's PATCH and publish, 403 to a buyer", async () => {
      const mark = await auditMark();
      const patch = await t.http.patch(`${API}/tenders/${t1.id}`).set(other.coordinator.auth).send({ title: 'Fremd' });
      expectProblem(patch, 404);
      const publish = await t.http.post(`${API}/tenders/${t1.id}/publish`).set(other.coordinator.auth);
      expectProblem(publish, 404);
      const buyer = await t.http.patch(`${API}/tenders/${t1.id}`).set(buyers[0]!.auth).send({ title: 'Fremd' });
      expectProblem(buyer, 403);
      const badId = await t.http.patch(`${API}/tenders/123`).set(region.coordinator.auth).send({ title: 'X' });
      expectProblem(badId, 400, ['id']);
      expect(await getTender(t1.id)).toEqual(t1);
      expect(await auditSince(mark, [t1.id])).toEqual([]);
    });

    it('keeps the draft away from suppliers: no OCDS (404), no offers (404)', async () => {
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/ocds`).set(supplierA.auth), 404);
      const car = lotByKey(t1, 'P-3414');
      const offer = await t.http
        .post(`${API}/tenders/${t1.id}/offers`)
        .set(supplierA.auth)
        .send({ lotId: car.id, prices: pricesFor(car), criteria: [ZEV] });
      expectProblem(offer, 404);
      expect(await offersOf(t1.id)).toBe(0);
    });

    it('refuses to publish a draft whose deadline has become too early (400 submissionDeadline)', async () => {
      // wait until less than the minimum period is left before the deadline set at drafting
      const wait = createdDeadline - MIN_SECONDS * 1000 + 300 - Date.now();
      if (wait > 0) await sleep(wait);
      const mark = await auditMark();
      const res = await t.http.post(`${API}/tenders/${t1.id}/publish`).set(region.coordinator.auth);
      expectProblem(res, 400, ['submissionDeadline'], { submissionDeadline: new RegExp(`${MIN_SECONDS} seconds`) });
      const after = await getTender(t1.id);
      expect(after).toEqual(t1);
      expect(after.status).toBe('draft');
      expect(await auditSince(mark, [t1.id], [region.coordinator.organisationId])).toEqual([]);
    });

    it('publishes after a new deadline (the control case); a second publish and a PATCH of the weights get 409', async () => {
      const patched = await t.http
        .patch(`${API}/tenders/${t1.id}`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: inAnHour(), title: 'Gemeinsame Beschaffung E-Autos' });
      expect(patched.status).toBe(200);
      expect(patched.body.title).toBe('Gemeinsame Beschaffung E-Autos');
      const published = await t.http.post(`${API}/tenders/${t1.id}/publish`).set(region.coordinator.auth);
      expect(published.status).toBe(200);
      expect(published.body.status).toBe('published');
      t1 = published.body;

      const mark = await auditMark();
      const twice = await t.http.post(`${API}/tenders/${t1.id}/publish`).set(region.coordinator.auth);
      expectProblem(twice, 409);
      expect(twice.body.code).toBe('TENDER_WRONG_STATUS');
      // after publication only title, description and a later deadline change (with a change notice)
      const patch = await t.http
        .patch(`${API}/tenders/${t1.id}`)
        .set(region.coordinator.auth)
        .send({ priceWeight: 50 });
      expectProblem(patch, 409);
      const foreign = await t.http.patch(`${API}/tenders/${t1.id}`).set(other.coordinator.auth).send({ title: 'Neu' });
      expectProblem(foreign, 404);
      expect(await getTender(t1.id)).toEqual(t1);
      expect(await auditSince(mark, [t1.id], [region.coordinator.organisationId])).toEqual([]);
    });
  });

  // ================================================================ offers on T1

  describe('POST /tenders/{id}/offers (T1, published, deadline in an hour)', () => {
    let car: LotView;
    let chargers: LotView;

    beforeAll(() => {
      car = lotByKey(t1, 'P-3414');
      chargers = lotByKey(t1, 'P-3115');
      if (chargers.items.length !== 2) throw new Error('the charger lot should have two items');
    });

    it('takes a valid offer (the control case)', async () => {
      const res = await t.http
        .post(`${API}/tenders/${t1.id}/offers`)
        .set(supplierA.auth)
        .send({ lotId: chargers.id, prices: pricesFor(chargers, 1_100.5), criteria: [] });
      expect(res.status).toBe(201);
      expect(await offersOf(t1.id)).toBe(1);
    });

    const price = (itemId: () => string, unitPriceEur: unknown = 1_000) => ({ itemId: itemId(), unitPriceEur });
    const ch0 = () => chargers.items[0]!.id;
    const ch1 = () => chargers.items[1]!.id;
    const carItem = () => car.items[0]!.id;
    const chargerOffer = (over: Body = {}): Body => ({
      lotId: chargers.id,
      prices: [price(ch0), price(ch1)],
      // the vehicle criterion sits on the vehicles' lot only: the chargers' lot has none
      criteria: [],
      ...over,
    });

    const cases: Case[] = [
      ['a lotId that is not a UUID', () => chargerOffer({ lotId: 'lot-1' }), ['lotId']],
      ['an unknown lotId', () => chargerOffer({ lotId: randomUUID() }), ['lotId']],
      [
        'a lot of another tender',
        () => chargerOffer({ lotId: lotByKey(t2, 'P-3115').id }),
        ['lotId'],
        { lotId: /not a lot of this tender/ },
      ],
      ['no lotId', () => chargerOffer({ lotId: undefined }), ['lotId']],
      ['empty prices', () => chargerOffer({ prices: [] }), ['prices']],
      ['no prices', () => chargerOffer({ prices: undefined }), ['prices']],
      [
        'an item of another lot',
        () => chargerOffer({ prices: [price(ch0), price(ch1), price(carItem)] }),
        ['prices.2.itemId'],
        { 'prices.2.itemId': /not an item of this lot/ },
      ],
      [
        'an item id that is not a UUID',
        () => chargerOffer({ prices: [price(ch0), price(() => 'x')] }),
        ['prices.1.itemId'],
      ],
      [
        'an item priced twice',
        () => chargerOffer({ prices: [price(ch0), price(ch1), price(ch0, 900)] }),
        ['prices.2.itemId'],
        { 'prices.2.itemId': /twice/ },
      ],
      [
        'an item left out',
        () => chargerOffer({ prices: [price(ch0)] }),
        ['prices'],
        { prices: /every item of the lot needs a price/ },
      ],
      ['unitPriceEur 0', () => chargerOffer({ prices: [price(ch0, 0), price(ch1)] }), ['prices.0.unitPriceEur']],
      [
        'a negative unitPriceEur',
        () => chargerOffer({ prices: [price(ch0), price(ch1, -5)] }),
        ['prices.1.unitPriceEur'],
      ],
      [
        'unitPriceEur with 5 decimals',
        () => chargerOffer({ prices: [price(ch0, 1.23456), price(ch1)] }),
        ['prices.0.unitPriceEur'],
        { 'prices.0.unitPriceEur': /4 decimals/ },
      ],
      [
        'unitPriceEur as a string',
        () => chargerOffer({ prices: [price(ch0, '1000'), price(ch1)] }),
        ['prices.0.unitPriceEur'],
      ],
      ['unitPriceEur null', () => chargerOffer({ prices: [price(ch0, null), price(ch1)] }), ['prices.0.unitPriceEur']],
      [
        'a criterion the tender does not ask for',
        () => chargerOffer({ criteria: ['EU_ECOLABEL', ZEV] }),
        ['criteria.0', 'criteria.1'],
        { 'criteria.0': /EU_ECOLABEL/, 'criteria.1': /ZERO_EMISSION_VEHICLE is not a criterion of this lot/ },
      ],
      ['a criterion in lower case', () => chargerOffer({ criteria: ['zero_emission_vehicle'] }), ['criteria.0']],
      ['a criterion twice', () => chargerOffer({ criteria: [ZEV, ZEV] }), [/^criteria(\.1)?$/]],
      ['criteria not a list', () => chargerOffer({ criteria: ZEV }), ['criteria']],
      ['an unknown extra field', () => chargerOffer({ discountPercent: 5 }), ['discountPercent']],
      [
        'an unknown field in a price',
        () => chargerOffer({ prices: [{ ...price(ch0), note: 'x' }, price(ch1)] }),
        ['prices.0.note'],
      ],
    ];

    it.each(cases)('refuses %s and stores nothing', async (_name, body, fields, reasons = {}) => {
      const before = await offersOf(t1.id);
      const mark = await auditMark();
      const res = await t.http.post(`${API}/tenders/${t1.id}/offers`).set(supplierB.auth).send(body());
      expectProblem(res, 400, fields, reasons);
      expect(await offersOf(t1.id)).toBe(before);
      expect(
        await count(`offers WHERE supplier_organisation_id = $1 AND tender_id = $2`, [supplierB.organisationId, t1.id]),
      ).toBe(0);
      expect(await auditSince(mark, [t1.id], [supplierB.organisationId])).toEqual([]);
    });

    it('reads ids written in upper case as the same ids (only the foreign criterion is named)', async () => {
      // UUIDs are case-insensitive (RFC 9562); the body validation accepts upper case, so the lot and items must be found
      const before = await offersOf(t1.id);
      const res = await t.http
        .post(`${API}/tenders/${t1.id}/offers`)
        .set(supplierB.auth)
        .send({
          lotId: chargers.id.toUpperCase(),
          prices: chargers.items.map((i) => ({ itemId: i.id.toUpperCase(), unitPriceEur: 1_000 })),
          criteria: ['EU_ECOLABEL'],
        });
      expectProblem(res, 400, ['criteria.0']);
      expect(await offersOf(t1.id)).toBe(before);
    });

    describe("one answer names every bad field: those of the validation and the lot's of the valid ones", () => {
      type Named = { field: string; code?: string; reason: string };
      const refused = async (body: Body) => {
        const before = await offersOf(t1.id);
        const res = await t.http
          .post(`${API}/tenders/${t1.id}/offers`)
          .set(supplierB.auth)
          .set('accept-language', 'de')
          .send(body);
        expect(res.status).toBe(400);
        expect(await offersOf(t1.id)).toBe(before);
        return {
          code: res.body.code as string,
          byField: Object.fromEntries((res.body.errors as Named[]).map((e) => [e.field, e])),
        };
      };

      it('a bad price and a criterion the lot does not ask for', async () => {
        const res = await refused(chargerOffer({ prices: [price(ch0, -5), price(ch1)], criteria: ['EU_ECOLABEL'] }));
        expect(res.code).toBe('INVALID_OFFER');
        expect(Object.keys(res.byField).sort()).toEqual(['criteria.0', 'prices.0.unitPriceEur']);
        expect(res.byField['prices.0.unitPriceEur']).toMatchObject({
          code: 'MIN',
          reason: 'muss größer als null sein',
        });
        expect(res.byField['criteria.0']).toEqual({
          field: 'criteria.0',
          code: 'NOT_A_LOT_CRITERION',
          reason: 'EU_ECOLABEL ist kein Kriterium dieses Loses',
        });
      });

      it('a price as text, an item of another lot and a missing price', async () => {
        const res = await refused(chargerOffer({ prices: [price(ch0, '1000'), price(carItem)] }));
        expect(res.code).toBe('INVALID_OFFER');
        expect(Object.keys(res.byField).sort()).toEqual(['prices', 'prices.0.unitPriceEur', 'prices.1.itemId']);
        expect(res.byField['prices.1.itemId']).toMatchObject({
          code: 'NOT_AN_ITEM',
          reason: 'ist keine Position dieses Loses',
        });
        expect(res.byField['prices']).toMatchObject({ code: 'PRICE_MISSING' });
        expect(res.byField['prices']!.reason).toMatch(/^jede Position des Loses braucht einen Preis; es fehlen: /);
      });

      it('an item id that is no UUID: not also "an item without a price" (which item it prices is open)', async () => {
        const res = await refused(chargerOffer({ prices: [price(ch0), price(() => 'x')], criteria: [ZEV] }));
        expect(res.code).toBe('INVALID_OFFER');
        expect(Object.keys(res.byField).sort()).toEqual(['criteria.0', 'prices.1.itemId']);
        expect(res.byField['prices.1.itemId']).toMatchObject({ reason: 'muss eine Positions-ID (UUID) sein' });
        expect(res.byField['criteria.0']).toMatchObject({ code: 'NOT_A_LOT_CRITERION' });
      });

      it('a lot of another tender beside a missing price list', async () => {
        const res = await refused(chargerOffer({ lotId: lotByKey(t2, 'P-3115').id, prices: undefined }));
        expect(res.code).toBe('INVALID_OFFER');
        expect(res.byField).toEqual({
          prices: { field: 'prices', code: 'REQUIRED', reason: 'muss angegeben werden' },
          lotId: { field: 'lotId', code: 'NOT_A_LOT', reason: 'ist kein Los dieser Ausschreibung' },
        });
      });

      it('only bad fields of the validation: VALIDATION_FAILED, as before; a bad lot id names the rest alone', async () => {
        const price0 = await refused(chargerOffer({ prices: [price(ch0, 0), price(ch1)] }));
        expect(price0.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(price0.byField)).toEqual(['prices.0.unitPriceEur']);
        const lot = await refused(chargerOffer({ lotId: 'lot-1', criteria: ['EU_ECOLABEL'] }));
        expect(lot.code).toBe('VALIDATION_FAILED');
        expect(Object.keys(lot.byField)).toEqual(['lotId']);
      });

      it('a bad field to an unknown tender is a 400 naming it, as before (not a 404)', async () => {
        const res = await t.http
          .post(`${API}/tenders/${randomUUID()}/offers`)
          .set(supplierB.auth)
          .send(chargerOffer({ prices: [price(ch0, -1), price(ch1)] }));
        expectProblem(res, 400, ['prices.0.unitPriceEur']);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      });
    });

    it('names a lot of another tender with the code of a bad offer (INVALID_OFFER), in German', async () => {
      const res = await t.http
        .post(`${API}/tenders/${t1.id}/offers`)
        .set(supplierB.auth)
        .set('accept-language', 'de')
        .send(chargerOffer({ lotId: lotByKey(t2, 'P-3115').id }));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        code: 'INVALID_OFFER',
        detail: 'Das Angebot enthält ungültige Angaben; die Felder nennen die Gründe.',
        errors: [{ field: 'lotId', reason: 'ist kein Los dieser Ausschreibung' }],
      });
    });

    it('answers 403 to a buyer, a coordinator and an admin, 404 to an unknown tender, 400 to a bad id', async () => {
      const before = await offersOf(t1.id);
      const body = chargerOffer();
      expectProblem(await t.http.post(`${API}/tenders/${t1.id}/offers`).set(buyers[0]!.auth).send(body), 403);
      expectProblem(await t.http.post(`${API}/tenders/${t1.id}/offers`).set(region.coordinator.auth).send(body), 403);
      expectProblem(await t.http.post(`${API}/tenders/${t1.id}/offers`).set(admin).send(body), 403);
      expectProblem(await t.http.post(`${API}/tenders/${randomUUID()}/offers`).set(supplierB.auth).send(body), 404);
      expectProblem(await t.http.post(`${API}/tenders/nope/offers`).set(supplierB.auth).send(body), 400, ['id']);
      expect(await offersOf(t1.id)).toBe(before);
    });
  });

  // ================================================================ sealed until the deadline (T1)

  describe('sealed offers, record and allocations before the deadline (T1)', () => {
    it('GET /offers: 409 OFFERS_SEALED for its coordinator; 403 for admin, buyer, supplier; 404 for another coordinator', async () => {
      const mark = await auditMark();
      const own = await t.http.get(`${API}/tenders/${t1.id}/offers`).set(region.coordinator.auth);
      expectProblem(own, 409);
      expect(own.body.code).toBe('OFFERS_SEALED');
      expect(JSON.stringify(own.body)).not.toMatch(/1100\.5|unitPrice/);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/offers`).set(admin), 403);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/offers`).set(buyers[0]!.auth), 403);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/offers`).set(supplierA.auth), 403);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/offers`).set(other.coordinator.auth), 404);
      // reading sealed offers is not recorded as a read
      expect(await auditSince(mark, [t1.id])).toEqual([]);
    });

    it('refuses an award before the opening (409)', async () => {
      const res = await t.http
        .post(`${API}/tenders/${t1.id}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: lotByKey(t1, 'P-3115').id, offerId: randomUUID() });
      expectProblem(res, 409);
      expect(await count(`tender_awards WHERE tender_id = $1`, [t1.id])).toBe(0);
    });

    it('GET /record: 403 for a buyer, 404 for another coordinator', async () => {
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/record`).set(buyers[0]!.auth), 403);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/record`).set(supplierA.auth), 403);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/record`).set(other.coordinator.auth), 404);
      expect((await t.http.get(`${API}/tenders/${t1.id}/record`).set(region.coordinator.auth)).status).toBe(200);
    });

    it('GET /allocations: 404 for another coordinator and for a buyer that does not take part', async () => {
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/allocations`).set(other.coordinator.auth), 404);
      expectProblem(await t.http.get(`${API}/tenders/${t1.id}/allocations`).set(otherBuyers[1]!.auth), 404);
    });
  });

  // ================================================================ award (T2, after the opening)

  describe('POST /tenders/{id}/award (T2, opened)', () => {
    let car: LotView;
    let charger: LotView;
    const awardsOf = () => count(`tender_awards WHERE tender_id = $1`, [t2.id]);

    beforeAll(async () => {
      car = lotByKey(t2, 'P-3414');
      charger = lotByKey(t2, 'P-3115');
      await eventually(async () => ((await getTender(t2.id)).status === 'opened' ? true : undefined), 30_000);
    });

    it('refuses a late offer (409 SUBMISSION_CLOSED) and stores nothing', async () => {
      const before = await offersOf(t2.id);
      const res = await t.http
        .post(`${API}/tenders/${t2.id}/offers`)
        .set(supplierB.auth)
        .send({ lotId: charger.id, prices: pricesFor(charger, 900), criteria: [] });
      expectProblem(res, 409);
      expect(res.body.code).toBe('SUBMISSION_CLOSED');
      expect(await offersOf(t2.id)).toBe(before);
    });

    it('shows the opened offers to its coordinator: B first, C excluded (the premise of what follows)', async () => {
      const res = await t.http.get(`${API}/tenders/${t2.id}/offers`).set(region.coordinator.auth).expect(200);
      const cars = res.body.lots.find((l: { lotId: string }) => l.lotId === car.id);
      const byId = (id: string) => cars.offers.find((o: { offerId: string }) => o.offerId === id);
      expect(byId(t2Offers['B-car']).score.rank).toBe(1);
      expect(byId(t2Offers['A-car']).score.rank).toBe(2);
      expect(byId(t2Offers['C-car']).excluded).toBe(true);
      expectProblem(await t.http.get(`${API}/tenders/${t2.id}/offers`).set(other.coordinator.auth), 404);
    });

    const cases: Array<[string, () => Body, number, Array<string | RegExp>, Record<string, RegExp>?]> = [
      ['lotId and offerId that are not UUIDs', () => ({ lotId: 'lot', offerId: 'offer' }), 400, ['lotId', 'offerId']],
      ['no body', () => ({}), 400, ['lotId', 'offerId']],
      [
        'a lot of another tender',
        () => ({ lotId: lotByKey(t1, 'P-3414').id, offerId: t2Offers['B-car'] }),
        400,
        ['lotId'],
      ],
      [
        'an offer of another lot',
        () => ({ lotId: car.id, offerId: t2Offers['A-charger'] }),
        400,
        ['offerId'],
        { offerId: /not an offer for this lot/ },
      ],
      ['an unknown offer', () => ({ lotId: car.id, offerId: randomUUID() }), 400, ['offerId']],
      [
        'an excluded offer (does not declare the specification criterion)',
        () => ({ lotId: car.id, offerId: t2Offers['C-car'], reason: 'Der Preis ist deutlich am günstigsten.' }),
        422,
        ['offerId'],
        { offerId: /ZERO_EMISSION_VEHICLE/ },
      ],
      [
        'another than the best without a reason',
        () => ({ lotId: car.id, offerId: t2Offers['A-car'] }),
        400,
        ['reason'],
        { reason: /20 characters/ },
      ],
      [
        'another than the best with a reason of 19 characters',
        () => ({ lotId: car.id, offerId: t2Offers['A-car'], reason: 'x'.repeat(19) }),
        400,
        ['reason'],
      ],
      [
        'another than the best with a reason that is short once trimmed',
        () => ({ lotId: car.id, offerId: t2Offers['A-car'], reason: `      ${'Zu teuer.'}            ` }),
        400,
        ['reason'],
      ],
      ['an empty reason', () => ({ lotId: car.id, offerId: t2Offers['A-car'], reason: '' }), 400, ['reason']],
      ['an unknown extra field', () => ({ lotId: car.id, offerId: t2Offers['B-car'], score: 100 }), 400, ['score']],
    ];

    it.each(cases)('refuses %s and awards nothing', async (_name, body, status, fields, reasons = {}) => {
      const mark = await auditMark();
      const res = await t.http.post(`${API}/tenders/${t2.id}/award`).set(region.coordinator.auth).send(body());
      expectProblem(res, status, fields, reasons);
      expect(await awardsOf()).toBe(0);
      expect(await count(`tender_allocations WHERE tender_id = $1`, [t2.id])).toBe(0);
      expect((await getTender(t2.id)).lots.map((l) => l.status)).toEqual(['open', 'open']);
      expect((await getTender(t2.id)).status).toBe('opened');
      expect(await auditSince(mark, [t2.id], [region.coordinator.organisationId])).toEqual(
        // reading the offers to evaluate them is not part of a refused award
        [],
      );
    });

    it('names a lot of another tender and an offer of another lot with their own code (INVALID_AWARD)', async () => {
      const award = (body: Body) =>
        t.http
          .post(`${API}/tenders/${t2.id}/award`)
          .set(region.coordinator.auth)
          .set('accept-language', 'de')
          .send(body);
      const lot = await award({ lotId: lotByKey(t1, 'P-3414').id, offerId: t2Offers['B-car'] });
      expect(lot.status).toBe(400);
      expect(lot.body).toMatchObject({
        code: 'INVALID_AWARD',
        detail: 'Der Zuschlag enthält ungültige Angaben; die Felder nennen die Gründe.',
        errors: [{ field: 'lotId', code: 'NOT_A_LOT', reason: 'ist kein Los dieser Ausschreibung' }],
      });
      const offer = await award({ lotId: car.id, offerId: t2Offers['A-charger'] });
      expect(offer.status).toBe(400);
      expect(offer.body).toMatchObject({
        code: 'INVALID_AWARD',
        errors: [{ field: 'offerId', code: 'NOT_AN_OFFER_OF_LOT', reason: 'ist kein Angebot für dieses Los' }],
      });
      // another than the best without a reason: the reason is named as missing, with its minimum
      const unreasoned = await award({ lotId: car.id, offerId: t2Offers['A-car'] });
      expect(unreasoned.status).toBe(400);
      expect(unreasoned.body).toMatchObject({
        code: 'AWARD_REASON_REQUIRED',
        errors: [
          {
            field: 'reason',
            code: 'REQUIRED',
            params: { min: 20 },
            reason: 'muss angegeben werden (mindestens 20 Zeichen): das Angebot steht auf Rang 2',
          },
        ],
      });
      expect(await awardsOf()).toBe(0);
    });

    it('reads lot and offer ids written in upper case as the same ids (only the missing reason is named)', async () => {
      const res = await t.http
        .post(`${API}/tenders/${t2.id}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: car.id.toUpperCase(), offerId: t2Offers['A-car'].toUpperCase() });
      expectProblem(res, 400, ['reason']);
      expect(await awardsOf()).toBe(0);
    });

    it("answers 404 to another coordinator's award, 403 to a buyer and a supplier", async () => {
      const body = { lotId: car.id, offerId: t2Offers['B-car'] };
      expectProblem(await t.http.post(`${API}/tenders/${t2.id}/award`).set(other.coordinator.auth).send(body), 404);
      expectProblem(await t.http.post(`${API}/tenders/${t2.id}/award`).set(buyers[0]!.auth).send(body), 403);
      expectProblem(await t.http.post(`${API}/tenders/${t2.id}/award`).set(supplierB.auth).send(body), 403);
      expect(await awardsOf()).toBe(0);
    });

    it('awards the best offer (the control case), then refuses the same lot again (409)', async () => {
      const ok = await t.http
        .post(`${API}/tenders/${t2.id}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: car.id, offerId: t2Offers['B-car'] });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ tenderStatus: 'opened', award: { bestRanked: true, valueEur: 6 * 28_000 } });
      const mark = await auditMark();
      const twice = await t.http.post(`${API}/tenders/${t2.id}/award`).set(region.coordinator.auth).send({
        lotId: car.id,
        offerId: t2Offers['A-car'],
        reason: 'Bieter B hat die Lieferzeit nicht nachgewiesen.',
      });
      expectProblem(twice, 409);
      expect(twice.body.code).toBe('LOT_ALREADY_AWARDED');
      expect(await awardsOf()).toBe(1);
      const [award] = await db.query<Array<{ offer_id: string }>>(
        `SELECT offer_id FROM tender_awards WHERE lot_id = $1`,
        [car.id],
      );
      expect(award!.offer_id).toBe(t2Offers['B-car']);
      expect(await auditSince(mark, [t2.id], [region.coordinator.organisationId])).toEqual([]);
    });

    it('awards the last lot; an awarded tender cannot be cancelled (409) or awarded again', async () => {
      const last = await t.http
        .post(`${API}/tenders/${t2.id}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: charger.id, offerId: t2Offers['A-charger'] });
      expect(last.status).toBe(200);
      expect(last.body.tenderStatus).toBe('awarded');
      const awarded = await getTender(t2.id);
      const mark = await auditMark();
      const cancel = await t.http
        .post(`${API}/tenders/${t2.id}/cancel`)
        .set(region.coordinator.auth)
        .send({ reason: 'Die Haushaltsmittel wurden gestrichen.' });
      expectProblem(cancel, 409);
      const again = await t.http
        .post(`${API}/tenders/${t2.id}/award`)
        .set(region.coordinator.auth)
        .send({ lotId: charger.id, offerId: t2Offers['A-charger'] });
      expectProblem(again, 409);
      expect(await getTender(t2.id)).toEqual(awarded);
      expect(await bundleStatus(t2Bundle)).toBe('awarded');
      expect(await auditSince(mark, [t2.id, t2Bundle], [region.coordinator.organisationId])).toEqual([]);
    });

    it('GET /allocations: 404 for another coordinator and for a buyer that does not take part', async () => {
      expect((await t.http.get(`${API}/tenders/${t2.id}/allocations`).set(region.coordinator.auth)).status).toBe(200);
      expectProblem(await t.http.get(`${API}/tenders/${t2.id}/allocations`).set(other.coordinator.auth), 404);
      expectProblem(await t.http.get(`${API}/tenders/${t2.id}/allocations`).set(otherBuyers[1]!.auth), 404);
      // a supplier sees allocations only of the lots whose contracts it holds: none here yet
      expectProblem(await t.http.get(`${API}/tenders/${t2.id}/allocations`).set(supplierA.auth), 404);
      expectProblem(await t.http.get(`${API}/tenders/${t2.id}/record`).set(buyers[0]!.auth), 403);
      expectProblem(await t.http.get(`${API}/tenders/${t2.id}/record`).set(other.coordinator.auth), 404);
    });
  });

  // ================================================================ cancel (T1)

  describe('POST /tenders/{id}/cancel (T1, published)', () => {
    const reasons: Case[] = [
      ['no reason', () => ({}), ['reason']],
      ['a reason of 9 characters', () => ({ reason: 'Zu teuer!' }), ['reason']],
      ['a reason that is short once trimmed', () => ({ reason: '        Storno        ' }), ['reason']],
      ['a reason that is not a string', () => ({ reason: 12345678901 }), ['reason']],
      ['an unknown extra field', () => ({ reason: 'Die Mittel sind gestrichen worden.', force: true }), ['force']],
    ];

    it.each(reasons)('refuses %s and changes nothing', async (_name, body, fields) => {
      const mark = await auditMark();
      const before = await getTender(t1.id);
      const res = await t.http.post(`${API}/tenders/${t1.id}/cancel`).set(region.coordinator.auth).send(body());
      expectProblem(res, 400, fields);
      expect(await getTender(t1.id)).toEqual(before);
      expect(await bundleStatus(t1Bundle)).toBe('tendering');
      expect((await demandStates(t1Demands)).map((d) => d.status)).toEqual(t1Demands.map(() => 'tendered'));
      expect(await auditSince(mark, [t1.id, t1Bundle], [region.coordinator.organisationId])).toEqual([]);
    });

    it("answers 404 to another coordinator's cancel and 403 to a buyer", async () => {
      const body = { reason: 'Die Mittel sind gestrichen worden.' };
      expectProblem(await t.http.post(`${API}/tenders/${t1.id}/cancel`).set(other.coordinator.auth).send(body), 404);
      expectProblem(await t.http.post(`${API}/tenders/${t1.id}/cancel`).set(buyers[0]!.auth).send(body), 403);
      expect((await getTender(t1.id)).status).toBe('published');
    });

    it('cancels with a reason: the bundle is cancelled, its demands are open again and in no bundle', async () => {
      const res = await t.http
        .post(`${API}/tenders/${t1.id}/cancel`)
        .set(region.coordinator.auth)
        .send({ reason: 'Die Haushaltsmittel wurden gestrichen.' });
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      expect(await bundleStatus(t1Bundle)).toBe('cancelled');
      const owners = new Map<string, TestUser>();
      const rows = await db.query<Array<{ id: string; organisation_id: string }>>(
        `SELECT id, organisation_id FROM demands WHERE id = ANY($1)`,
        [t1Demands],
      );
      for (const r of rows)
        owners.set(
          r.id,
          buyers.find((b) => b.organisationId === r.organisation_id)!,
        );
      for (const id of t1Demands) {
        const demand = await t.http.get(`${API}/demands/${id}`).set(owners.get(id)!.auth).expect(200);
        expect(demand.body).toMatchObject({ status: 'open', bundleId: null });
      }
      expect(await count(`bundle_participations WHERE bundle_id = $1`, [t1Bundle])).toBe(0);
      const [event] = await db.query<Array<{ data: { reason: string } }>>(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'tender.cancelled'`,
        [t1.id],
      );
      expect(event!.data.reason).toBe('Die Haushaltsmittel wurden gestrichen.');
    });

    it('refuses to cancel a cancelled tender (409) and an offer to it (409)', async () => {
      const cancelled = await getTender(t1.id);
      const mark = await auditMark();
      const again = await t.http
        .post(`${API}/tenders/${t1.id}/cancel`)
        .set(region.coordinator.auth)
        .send({ reason: 'Noch einmal aufgehoben, sicher ist sicher.' });
      expectProblem(again, 409);
      const chargers = lotByKey(t1, 'P-3115');
      const before = await offersOf(t1.id);
      const offer = await t.http
        .post(`${API}/tenders/${t1.id}/offers`)
        .set(supplierB.auth)
        .send({ lotId: chargers.id, prices: pricesFor(chargers), criteria: [] });
      expectProblem(offer, 409);
      expect(await offersOf(t1.id)).toBe(before);
      const publish = await t.http.post(`${API}/tenders/${t1.id}/publish`).set(region.coordinator.auth);
      expectProblem(publish, 409);
      expect(await getTender(t1.id)).toEqual(cancelled);
      expect(
        await auditSince(mark, [t1.id, t1Bundle], [region.coordinator.organisationId, supplierB.organisationId]),
      ).toEqual([]);
    });
  });

  // ================================================================ market

  describe('market', () => {
    it('GET /market/demand names each bad query parameter', async () => {
      const res = await t.http
        .get(`${API}/market/demand`)
        .query({ cpv: 'x', nuts: 'FR1', districtKey: '1', pageSize: '1000' })
        .set(supplierA.auth);
      expectProblem(res, 400, ['cpv', 'nuts', 'districtKey', 'pageSize']);
      for (const [query, field] of [
        [{ cpv: '00' }, 'cpv'],
        [{ nuts: 'de' }, 'nuts'],
        [{ districtKey: '123456' }, 'districtKey'],
        [{ page: '0' }, 'page'],
        [{ pageSize: 'ten' }, 'pageSize'],
        [{ colour: 'red' }, 'colour'],
      ] as Array<[Record<string, string>, string]>) {
        expectProblem(await t.http.get(`${API}/market/demand`).query(query).set(supplierA.auth), 400, [field]);
      }
      // the control case
      expect(
        (
          await t.http
            .get(`${API}/market/demand`)
            .query({ cpv: '3414', districtKey: region.districtKey, pageSize: '100' })
            .set(supplierA.auth)
        ).status,
      ).toBe(200);
    });

    it('GET /market/tenders?cpv=00 is a 400 on cpv', async () => {
      expectProblem(await t.http.get(`${API}/market/tenders`).query({ cpv: '00' }).set(supplierA.auth), 400, ['cpv']);
      expectProblem(
        await t.http.get(`${API}/market/tenders`).query({ districtKey: 'abcde' }).set(supplierA.auth),
        400,
        ['districtKey'],
      );
      expect((await t.http.get(`${API}/market/tenders`).query({ cpv: '3414' }).set(supplierA.auth)).status).toBe(200);
      expectProblem(
        await t.http
          .get(`${API}/market/tenders`)
          .query({ open: 'ja', deadlineBefore: '2027-02-30', cpv: '00' })
          .set(supplierA.auth),
        400,
        ['cpv', 'deadlineBefore', 'open'],
      );
    });
  });

  describe('POST/DELETE /market/subscriptions', () => {
    const subscriptionsOf = (organisationId: string) =>
      count(`supplier_subscriptions WHERE supplier_organisation_id = $1`, [organisationId]);
    let unknownDistrict = '99999';

    beforeAll(async () => {
      // 99999 unless a test district happens to have it
      for (let k = 99999; ; k--) {
        const n = await count(`organisations WHERE district_key = $1`, [String(k)]);
        if (n === 0) {
          unknownDistrict = String(k);
          break;
        }
      }
    });

    const cases: Case[] = [
      ['no cpvPrefixes', () => ({}), ['cpvPrefixes']],
      ['empty cpvPrefixes', () => ({ cpvPrefixes: [] }), ['cpvPrefixes']],
      ['a bad prefix', () => ({ cpvPrefixes: ['3414', 'x1'] }), ['cpvPrefixes.1'], { 'cpvPrefixes.1': /CPV prefix/ }],
      ["prefix '00'", () => ({ cpvPrefixes: ['00'] }), ['cpvPrefixes.0']],
      ['duplicate prefixes', () => ({ cpvPrefixes: ['3414', '3414'] }), [/^cpvPrefixes(\.1)?$/]],
      [
        'an unknown district key',
        () => ({ cpvPrefixes: ['3414'], districtKeys: [region.districtKey, unknownDistrict] }),
        ['districtKeys.1'],
        { 'districtKeys.1': new RegExp(unknownDistrict) },
      ],
      ['a malformed district key', () => ({ cpvPrefixes: ['3414'], districtKeys: ['1452'] }), ['districtKeys.0']],
      [
        'duplicate district keys',
        () => ({ cpvPrefixes: ['3414'], districtKeys: [region.districtKey, region.districtKey] }),
        [/^districtKeys(\.1)?$/],
      ],
      ['an unknown extra field', () => ({ cpvPrefixes: ['3414'], email: 'x@y.z' }), ['email']],
    ];

    it.each(cases)('refuses %s and stores nothing', async (_name, body, fields, reasons = {}) => {
      const before = await subscriptionsOf(supplierC.organisationId);
      const res = await t.http.post(`${API}/market/subscriptions`).set(supplierC.auth).send(body());
      expectProblem(res, 400, fields, reasons);
      expect(await subscriptionsOf(supplierC.organisationId)).toBe(before);
    });

    it("refuses to delete another supplier's subscription (404; it still exists) and a non-UUID id (400)", async () => {
      const created = await t.http
        .post(`${API}/market/subscriptions`)
        .set(supplierA.auth)
        .send({ cpvPrefixes: ['3414'], districtKeys: [region.districtKey] });
      expect(created.status).toBe(201);
      expectProblem(await t.http.delete(`${API}/market/subscriptions/${created.body.id}`).set(supplierB.auth), 404);
      expectProblem(await t.http.delete(`${API}/market/subscriptions/${randomUUID()}`).set(supplierA.auth), 404);
      expectProblem(await t.http.delete(`${API}/market/subscriptions/abc`).set(supplierA.auth), 400, ['id']);
      const mine = await t.http.get(`${API}/market/subscriptions`).set(supplierA.auth).expect(200);
      expect(mine.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
      expect(await count(`supplier_subscriptions WHERE id = $1`, [created.body.id])).toBe(1);
      await t.http.delete(`${API}/market/subscriptions/${created.body.id}`).set(supplierA.auth).expect(204);
      expect(await count(`supplier_subscriptions WHERE id = $1`, [created.body.id])).toBe(0);
    });
  });

  // ================================================================ reports

  describe('GET /reports/sustainability', () => {
    it('400 for a malformed district key, 404 for a district not coordinated, 403 for a buyer', async () => {
      expectProblem(
        await t.http.get(`${API}/reports/sustainability`).query({ districtKey: '123' }).set(region.coordinator.auth),
        400,
        ['districtKey'],
      );
      expectProblem(
        await t.http
          .get(`${API}/reports/sustainability`)
          .query({ districtKey: other.districtKey })
          .set(region.coordinator.auth),
        404,
      );
      expectProblem(
        await t.http
          .get(`${API}/reports/sustainability`)
          .query({ districtKey: region.districtKey })
          .set(buyers[0]!.auth),
        403,
      );
      expectProblem(await t.http.get(`${API}/reports/sustainability`).set(supplierA.auth), 403);
      expect(
        (
          await t.http
            .get(`${API}/reports/sustainability`)
            .query({ districtKey: region.districtKey })
            .set(region.coordinator.auth)
        ).status,
      ).toBe(200);
    });
  });
});
