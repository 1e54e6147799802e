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
  eventually,
  insertOrganisation,
  insertSignedInUsers,
  TestApp,
  TestRegion,
  TestUser,
} from '@buendel/testing';
import {
  API,
  DemandInput,
  expectProblem,
  FieldErrorView,
  join,
  ProblemResponse,
  recordDemand,
} from '../support/bundling-api';

/**
 * Bad input on every bundling route: a 4xx problem (never a 500) that names each offending
 * field with a reason, and nothing stored. Runs against the real API, worker, PostgreSQL and
 * Redis, in test regions of its own.
 */
const E_VEHICLE = '34144900-7';
const OFFICE = '30190000-7';

const demandBody = (over: Partial<Record<keyof DemandInput, unknown>> & Record<string, unknown> = {}) => ({
  cpvCode: E_VEHICLE,
  title: 'E-Kleinwagen Bauhof',
  quantity: 2,
  unit: 'H87',
  unitPriceEur: 30_000,
  deliveryFrom: '2027-03-01',
  deliveryTo: '2027-06-30',
  ...over,
});

/** a demand's quantity 0, criteria.1 NO_SUCH_CRITERION and a delivery place of another district, named in German */
const expectQuantityCriterionAndPlace = (errors: FieldErrorView[]) => {
  const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
  expect(byField['criteria.1']).toMatchObject({
    code: 'UNKNOWN_CRITERION',
    reason: 'NO_SUCH_CRITERION steht nicht im Kriterienkatalog',
  });
  expect(byField['deliveryAgs']).toMatchObject({ code: 'DELIVERY_PLACE_NOT_ALLOWED' });
  expect(byField['quantity']).toMatchObject({ reason: 'muss größer als null sein' });
};

const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

const bundleBody = (over: Record<string, unknown> = {}) => ({
  title: 'E-Fahrzeuge 2027',
  cpvPrefix: '3414',
  joinDeadline: inAnHour(),
  deliveryFrom: '2027-01-01',
  deliveryTo: '2027-12-31',
  mandatoryCriteria: ['ZERO_EMISSION_VEHICLE'],
  ...over,
});

describe('bundling: bad input gets a 4xx naming each field, and nothing is stored', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let db: DataSource;
  /** region A: a district with its coordinator and three municipalities with a buyer each */
  let region: TestRegion;
  let buyers: TestUser[];
  /** region B: another district, its coordinator and one buyer */
  let other: TestRegion;
  let otherBuyer: TestUser;
  /** the main open bundle of region A (E-vehicles, ZERO_EMISSION_VEHICLE mandatory) */
  let mainBundle: string;
  /** buyer 0's car, recorded before the main bundle opened (so buyer 0 gets a notification) */
  let car0: string;

  const demandsOf = async (organisationId: string) => {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM demands WHERE organisation_id = $1`,
      [organisationId],
    );
    return row!.n;
  };
  const bundlesOf = async (organisationId: string) => {
    const [row] = await db.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM bundles WHERE coordinator_organisation_id = $1`,
      [organisationId],
    );
    return row!.n;
  };
  const auditActions = async (entityId: string) =>
    (
      await db.query<Array<{ action: string }>>(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [
        entityId,
      ])
    ).map((r) => r.action);
  const getDemand = async (user: TestUser, id: string) =>
    (await t.http.get(`${API}/demands/${id}`).set(user.auth).expect(200)).body;
  const newBundle = async (coordinator: TestUser, over: Record<string, unknown> = {}): Promise<string> => {
    const res = await t.http.post(`${API}/bundles`).set(coordinator.auth).send(bundleBody(over));
    if (res.status !== 201) throw new Error(`creating a bundle answered ${res.status}: ${JSON.stringify(res.body)}`);
    return res.body.id;
  };
  const newDemand = async (user: TestUser, over: Partial<DemandInput> = {}) =>
    (await recordDemand(t, user, { ...(demandBody() as DemandInput), ...over })).id;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    worker = await createTestWorker(createWorker);
    db = t.app.get(DataSource);
    region = await createTestRegion(t, 3);
    buyers = await insertSignedInUsers(t, region.municipalities, 'buyer');
    other = await createTestRegion(t, 1);
    [otherBuyer] = await insertSignedInUsers(t, other.municipalities, 'buyer');
    car0 = await newDemand(buyers[0]!, { criteria: ['ZERO_EMISSION_VEHICLE'] });
    mainBundle = await newBundle(region.coordinator);
  });

  afterAll(async () => {
    await worker?.close();
    await t?.close();
  });

  describe('POST /demands', () => {
    const cases: Array<[string, Record<string, unknown>, Array<string | RegExp>, Record<string, RegExp>?]> = [
      ['quantity 0', demandBody({ quantity: 0 }), ['quantity'], { quantity: /above zero/ }],
      ['quantity -1', demandBody({ quantity: -1 }), ['quantity']],
      ['quantity with 4 decimals', demandBody({ quantity: 1.2345 }), ['quantity'], { quantity: /3 decimals/ }],
      ['quantity "abc"', demandBody({ quantity: 'abc' }), ['quantity']],
      ['quantity 1e12', demandBody({ quantity: 1e12 }), ['quantity']],
      [
        'unit price with 5 decimals',
        demandBody({ unitPriceEur: 1.23456 }),
        ['unitPriceEur'],
        { unitPriceEur: /4 decimals/ },
      ],
      ['negative unit price', demandBody({ unitPriceEur: -5 }), ['unitPriceEur']],
      ['CPV code of a bad shape', demandBody({ cpvCode: 'abc' }), ['cpvCode']],
      ['unknown CPV code', demandBody({ cpvCode: '34144999-7' }), ['cpvCode'], { cpvCode: /not a CPV/ }],
      [
        'CPV code with a wrong check digit',
        demandBody({ cpvCode: '34144900-8' }),
        ['cpvCode'],
        { cpvCode: /check digit.*34144900-7/ },
      ],
      ['unknown unit', demandBody({ unit: 'XYZ' }), ['unit'], { unit: /XYZ/ }],
      ['unit deleted from Rec. 20', demandBody({ unit: 'BX' }), ['unit'], { unit: /deleted/ }],
      [
        'an abbreviation that means two units',
        demandBody({ unit: 'Pkg.' }),
        ['unit'],
        { unit: /Paket \(XPK\) or Packung \(XPA\)/ },
      ],
      [
        'deliveryFrom after deliveryTo',
        demandBody({ deliveryFrom: '2027-07-01', deliveryTo: '2027-06-30' }),
        ['deliveryTo'],
        { deliveryTo: /before deliveryFrom/ },
      ],
      [
        'impossible date',
        demandBody({ deliveryFrom: '2027-02-30' }),
        ['deliveryFrom'],
        { deliveryFrom: /date written YYYY-MM-DD/ },
      ],
      [
        'unknown criterion',
        demandBody({ criteria: ['NO_SUCH_CRITERION'] }),
        ['criteria.0'],
        { 'criteria.0': /NO_SUCH_CRITERION/ },
      ],
      ['duplicate criteria', demandBody({ criteria: ['EU_ECOLABEL', 'EU_ECOLABEL'] }), [/^criteria(\.1)?$/]],
      ['criterion in lower case', demandBody({ criteria: ['eu_ecolabel'] }), [/^criteria(\.0)?$/]],
      ['unknown extra field', demandBody({ colour: 'red' }), ['colour'], { colour: /should not exist/ }],
      ['status bundled', demandBody({ status: 'bundled' }), ['status'], { status: /draft or open/ }],
      ['null for required fields', demandBody({ quantity: null, title: null }), ['quantity', 'title']],
      [
        // 1e9 x EUR 1e8 is more cents than a safe integer: the answer must name a field of the request
        'a quantity and price whose product is too large',
        demandBody({ quantity: 1e9, unitPriceEur: 1e8 }),
        [/^(quantity|unitPriceEur|estimatedValueEur)$/],
      ],
      [
        'several bad fields at once',
        demandBody({ quantity: 0, unitPriceEur: -1, deliveryTo: 'soon', title: '   ' }),
        ['quantity', 'unitPriceEur', 'deliveryTo', 'title'],
      ],
      [
        'a specification key without its text',
        demandBody({ specificationKey: 'e-van' }),
        ['specificationText'],
        { specificationText: /required with specificationKey/ },
      ],
      [
        'a specification text without its key',
        demandBody({ specificationText: 'E-Transporter' }),
        ['specificationKey'],
        { specificationKey: /required with specificationText/ },
      ],
      [
        'a bad specification key and an empty text',
        demandBody({ specificationKey: 'E Transporter!', specificationText: ' ', quantity: 0 }),
        ['specificationKey', 'specificationText', 'quantity'],
        { specificationKey: /hyphens/ },
      ],
      [
        'a specification key of 65 characters and a text of 201',
        demandBody({ specificationKey: 'k'.repeat(65), specificationText: 't'.repeat(201) }),
        ['specificationKey', 'specificationText'],
      ],
    ];

    it('names every bad specification field in German', async () => {
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyers[1]!.auth)
        .set('Accept-Language', 'de')
        .send(demandBody({ specificationKey: 'E Transporter!', specificationText: 42 }));
      expectProblem(res, 400, ['specificationKey', 'specificationText'], {
        specificationKey: /Bindestrichen/,
        specificationText: /Text/,
      });
    });

    it('refuses a body without the required fields, naming each', async () => {
      const before = await demandsOf(buyers[0]!.organisationId);
      const res = await t.http.post(`${API}/demands`).set(buyers[0]!.auth).send({});
      expectProblem(res, 400, ['cpvCode', 'title', 'quantity', 'unit', 'unitPriceEur', 'deliveryFrom', 'deliveryTo']);
      expect(await demandsOf(buyers[0]!.organisationId)).toBe(before);
    });

    it('names bad fields and unknown references of one demand at once (UNKNOWN_REFERENCE), in German', async () => {
      const buyer = buyers[1]!;
      const before = await demandsOf(buyer.organisationId);
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .set('Accept-Language', 'de')
        .send(
          demandBody({
            quantity: 0,
            criteria: ['EU_ECOLABEL', 'NO_SUCH_CRITERION', 'eu_ecolabel'],
            deliveryAgs: '01001000',
          }),
        );
      const errors = expectProblem(res, 400, ['quantity', 'criteria.1', 'criteria.2', 'deliveryAgs']);
      expect(res.body.code).toBe('UNKNOWN_REFERENCE');
      expectQuantityCriterionAndPlace(errors);
      expect(await demandsOf(buyer.organisationId)).toBe(before);
      // bad fields alone stay VALIDATION_FAILED
      const alone = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demandBody({ quantity: 0 }));
      expectProblem(alone, 400, ['quantity']);
      expect(alone.body.code).toBe('VALIDATION_FAILED');
    });

    it.each(cases)('refuses %s', async (_name, body, fields, reasons = {}) => {
      const buyer = buyers[1]!;
      const before = await demandsOf(buyer.organisationId);
      const res = await t.http.post(`${API}/demands`).set(buyer.auth).send(body);
      expectProblem(res, 400, fields, reasons);
      expect(await demandsOf(buyer.organisationId)).toBe(before);
    });

    it('reads units as German offices write them, and stores the Rec. 20 code', async () => {
      const buyer = buyers[1]!;
      for (const [unit, code] of [
        ['Stück', 'H87'],
        ['Stk.', 'H87'],
        ['kWh', 'KWH'],
        ['Karton', 'XCT'],
      ] as const) {
        const res = await t.http.post(`${API}/demands`).set(buyer.auth).send(demandBody({ unit })).expect(201);
        expect([unit, res.body.unit]).toEqual([unit, code]);
        const patched = await t.http
          .patch(`${API}/demands/${res.body.id}`)
          .set(buyer.auth)
          .send({ unit: 'Liter' })
          .expect(200);
        expect(patched.body.unit).toBe('LTR');
      }
    });

    it("refuses another municipality's AGS as the delivery place, saying what is allowed", async () => {
      const buyer = buyers[0]!;
      const before = await demandsOf(buyer.organisationId);
      const foreignAgs = region.municipalities[1]!.ags!;
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demandBody({ deliveryAgs: foreignAgs }));
      expectProblem(res, 400, ['deliveryAgs'], {
        deliveryAgs: new RegExp(`allowed: your AGS ${region.municipalities[0]!.ags}`),
      });
      expect(await demandsOf(buyer.organisationId)).toBe(before);
    });

    it('refuses an AGS that does not exist, also in a district the coordinator coordinates', async () => {
      const before = await demandsOf(region.coordinator.organisationId);
      const res = await t.http
        .post(`${API}/demands`)
        .set(region.coordinator.auth)
        .send(demandBody({ deliveryAgs: `${region.districtKey}999` }));
      expectProblem(res, 400, ['deliveryAgs'], { deliveryAgs: new RegExp(`${region.districtKey}999`) });
      const malformed = await t.http
        .post(`${API}/demands`)
        .set(region.coordinator.auth)
        .send(demandBody({ deliveryAgs: '1234' }));
      expectProblem(malformed, 400, ['deliveryAgs']);
      expect(await demandsOf(region.coordinator.organisationId)).toBe(before);
    });

    it('refuses a JSON array as the body', async () => {
      const buyer = buyers[1]!;
      const before = await demandsOf(buyer.organisationId);
      const res = await t.http.post(`${API}/demands`).set(buyer.auth).send([demandBody()]);
      const errors = expectProblem(res, 400);
      expect(errors.length).toBeGreaterThan(0);
      expect(await demandsOf(buyer.organisationId)).toBe(before);
    });

    it('refuses a malformed JSON body with a 400 problem', async () => {
      const buyer = buyers[1]!;
      const before = await demandsOf(buyer.organisationId);
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .set('Content-Type', 'application/json')
        .send('{"cpvCode": "34144900-7", "title": ');
      expectProblem(res, 400);
      expect(res.body.detail).toMatch(/JSON/i);
      expect(await demandsOf(buyer.organisationId)).toBe(before);
    });

    it('stores a valid demand with exact values (the control case)', async () => {
      const buyer = buyers[1]!;
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demandBody({ quantity: 1.5, unitPriceEur: 19.9999, criteria: ['EU_ECOLABEL'] }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        organisationId: buyer.organisationId,
        cpvCode: E_VEHICLE,
        quantity: 1.5,
        unitPriceEur: 19.9999,
        estimatedValueEur: 30,
        deliveryAgs: region.municipalities[1]!.ags,
        criteria: ['EU_ECOLABEL'],
        status: 'open',
        bundleId: null,
      });
    });
  });

  describe('PATCH /demands/{id}', () => {
    let target: string;
    let original: Record<string, unknown>;

    beforeAll(async () => {
      target = await newDemand(buyers[2]!, { title: 'Ziel der Änderungen' });
      original = await getDemand(buyers[2]!, target);
    });

    const cases: Array<[string, Record<string, unknown>, Array<string | RegExp>, Record<string, RegExp>?]> = [
      ['quantity 0', { quantity: 0 }, ['quantity']],
      ['quantity with 4 decimals', { quantity: 1.2345 }, ['quantity']],
      ['quantity "abc"', { quantity: 'abc' }, ['quantity']],
      ['unit price with 5 decimals', { unitPriceEur: 0.00001 }, ['unitPriceEur']],
      ['negative unit price', { unitPriceEur: -0.01 }, ['unitPriceEur']],
      ['CPV code with a wrong check digit', { cpvCode: '34144900-8' }, ['cpvCode'], { cpvCode: /34144900-7/ }],
      ['unknown CPV code', { cpvCode: '34144999-7' }, ['cpvCode']],
      ['unit deleted from Rec. 20', { unit: 'BX' }, ['unit'], { unit: /deleted/ }],
      ['deliveryTo before the stored deliveryFrom', { deliveryTo: '2027-01-15' }, ['deliveryTo']],
      ['impossible date', { deliveryTo: '2027-02-30' }, ['deliveryTo']],
      ['a foreign delivery place', { deliveryAgs: '01001000' }, ['deliveryAgs'], { deliveryAgs: /allowed/ }],
      ['unknown criterion', { criteria: ['EU_ECOLABEL', 'NO_SUCH_CRITERION'] }, ['criteria.1']],
      ['criterion in lower case', { criteria: ['eu_ecolabel'] }, [/^criteria(\.0)?$/]],
      [
        'unknown extra field',
        { organisationId: randomUUID() },
        ['organisationId'],
        { organisationId: /should not exist/ },
      ],
      ['status bundled', { status: 'bundled' }, ['status']],
      ['status withdrawn', { status: 'withdrawn' }, ['status']],
      // null is no value: a required field cannot be cleared
      ['cpvCode null', { cpvCode: null }, ['cpvCode']],
      ['quantity null', { quantity: null }, ['quantity']],
      ['title null', { title: null }, ['title']],
      ['unit null', { unit: null }, ['unit']],
      ['unitPriceEur null', { unitPriceEur: null }, ['unitPriceEur']],
      ['deliveryFrom null', { deliveryFrom: null }, ['deliveryFrom']],
    ];

    it.each(cases)('refuses %s and leaves the demand as it was', async (_name, body, fields, reasons = {}) => {
      const res = await t.http.patch(`${API}/demands/${target}`).set(buyers[2]!.auth).send(body);
      expectProblem(res, 400, fields, reasons);
      expect(await getDemand(buyers[2]!, target)).toEqual(original);
    });

    it('no failed change reached the audit trail', async () => {
      expect(await auditActions(target)).toEqual(['demand.created']);
    });

    it('refuses an id that is not a UUID (field id)', async () => {
      const res = await t.http.patch(`${API}/demands/not-a-uuid`).set(buyers[2]!.auth).send({ quantity: 3 });
      expectProblem(res, 400, ['id'], { id: /UUID/ });
    });

    it("answers 404 for another organisation's demand, exactly like for a missing one", async () => {
      const res = await t.http.patch(`${API}/demands/${target}`).set(buyers[0]!.auth).send({ quantity: 3 });
      expectProblem(res, 404);
      const missingId = randomUUID();
      const missing = await t.http.patch(`${API}/demands/${missingId}`).set(buyers[0]!.auth).send({ quantity: 3 });
      expectProblem(missing, 404);
      const strip = (b: ProblemResponse['body'], id: string) => ({
        ...b,
        detail: String(b.detail).replace(id, '<id>'),
        instance: String(b['instance']).replace(id, '<id>'),
        requestId: undefined,
      });
      expect(strip(res.body, target)).toEqual(strip(missing.body, missingId));
      const text = JSON.stringify(res.body);
      expect(text).not.toContain(buyers[2]!.organisationId);
      expect(text).not.toContain('Ziel der Änderungen');
      expect(await getDemand(buyers[2]!, target)).toEqual(original);
    });

    it('refuses a status change of a bundled demand (409) and keeps it in its bundle', async () => {
      const demand = await newDemand(buyers[2]!);
      expect((await join(t, buyers[2]!, mainBundle, [demand])).status).toBe(201);
      for (const status of ['open', 'draft']) {
        const res = await t.http.patch(`${API}/demands/${demand}`).set(buyers[2]!.auth).send({ status });
        expectProblem(res, 409, ['status']);
        expect(res.body.code).toBe('DEMAND_NOT_EDITABLE');
      }
      expect(await getDemand(buyers[2]!, demand)).toMatchObject({ status: 'bundled', bundleId: mainBundle });
    });

    it('refuses any change of a withdrawn demand (409)', async () => {
      const demand = await newDemand(buyers[2]!);
      await t.http.delete(`${API}/demands/${demand}`).set(buyers[2]!.auth).expect(200);
      for (const body of [{ quantity: 3 }, { status: 'open' }, { title: 'wieder da' }]) {
        const res = await t.http.patch(`${API}/demands/${demand}`).set(buyers[2]!.auth).send(body);
        expectProblem(res, 409);
        expect(res.body.code).toBe('DEMAND_NOT_EDITABLE');
      }
      expect(await getDemand(buyers[2]!, demand)).toMatchObject({ status: 'withdrawn', quantity: 2 });
    });

    it('stores, answers and changes a product specification (the key lower-cased)', async () => {
      const created = await t.http
        .post(`${API}/demands`)
        .set(buyers[2]!.auth)
        .send(demandBody({ specificationKey: 'E-Transporter-3-5t', specificationText: ' E-Transporter 3,5 t ' }))
        .expect(201);
      expect(created.body).toMatchObject({
        specificationKey: 'e-transporter-3-5t',
        specificationText: 'E-Transporter 3,5 t',
      });
      const changed = await t.http
        .patch(`${API}/demands/${created.body.id}`)
        .set(buyers[2]!.auth)
        .send({ specificationKey: 'e-kleinwagen', specificationText: 'E-Kleinwagen' })
        .expect(200);
      expect(changed.body).toMatchObject({ specificationKey: 'e-kleinwagen', specificationText: 'E-Kleinwagen' });
      const [event] = await db.query<Array<{ data: { fields: string[] } }>>(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'demand.updated'`,
        [created.body.id],
      );
      expect(event!.data.fields).toEqual(expect.arrayContaining(['specificationKey', 'specificationText']));
      expect(event!.data.fields).not.toContain('title');
      const plain = await t.http.post(`${API}/demands`).set(buyers[2]!.auth).send(demandBody()).expect(201);
      expect(plain.body).toMatchObject({ specificationKey: null, specificationText: null });
    });

    it('names a bad field and an unknown criterion and place of one change at once (UNKNOWN_REFERENCE)', async () => {
      const demand = await newDemand(buyers[2]!);
      const before = await getDemand(buyers[2]!, demand);
      const res = await t.http
        .patch(`${API}/demands/${demand}`)
        .set(buyers[2]!.auth)
        .set('Accept-Language', 'de')
        .send({ quantity: 0, criteria: ['EU_ECOLABEL', 'NO_SUCH_CRITERION'], deliveryAgs: '01001000' });
      const errors = expectProblem(res, 400, ['quantity', 'criteria.1', 'deliveryAgs']);
      expect(res.body.code).toBe('UNKNOWN_REFERENCE');
      expectQuantityCriterionAndPlace(errors);
      expect(await getDemand(buyers[2]!, demand)).toEqual(before);
      // a bad status is named with the others, not checked as a transition
      const status = await t.http
        .patch(`${API}/demands/${demand}`)
        .set(buyers[2]!.auth)
        .send({ status: 'bogus', criteria: ['NO_SUCH_CRITERION'] });
      expectProblem(status, 400, ['status', 'criteria.0']);
      // bad fields alone stay VALIDATION_FAILED
      const alone = await t.http.patch(`${API}/demands/${demand}`).set(buyers[2]!.auth).send({ quantity: 0 });
      expectProblem(alone, 400, ['quantity']);
      expect(alone.body.code).toBe('VALIDATION_FAILED');
      expect(await getDemand(buyers[2]!, demand)).toEqual(before);
    });

    it('accepts a valid change (the control case) and records it', async () => {
      const demand = await newDemand(buyers[2]!);
      const res = await t.http
        .patch(`${API}/demands/${demand}`)
        .set(buyers[2]!.auth)
        .send({ quantity: 3, unitPriceEur: 1000.5 });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ quantity: 3, unitPriceEur: 1000.5, estimatedValueEur: 3001.5 });
      const [event] = await db.query<Array<{ data: { fields: string[] }; actor_user_id: string }>>(
        `SELECT data, actor_user_id FROM audit_events WHERE entity_id = $1 AND action = 'demand.updated'`,
        [demand],
      );
      expect(event!.actor_user_id).toBe(buyers[2]!.id);
      expect(event!.data.fields).toEqual(expect.arrayContaining(['quantity', 'unitPriceEur', 'estimatedValueCents']));
    });
  });

  describe('DELETE /demands/{id}', () => {
    it('withdraws; a second withdrawal answers 200 again and changes nothing', async () => {
      const demand = await newDemand(buyers[1]!);
      const first = await t.http.delete(`${API}/demands/${demand}`).set(buyers[1]!.auth);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ id: demand, status: 'withdrawn' });
      const second = await t.http.delete(`${API}/demands/${demand}`).set(buyers[1]!.auth);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ id: demand, status: 'withdrawn', updatedAt: first.body.updatedAt });
      expect(await auditActions(demand)).toEqual(['demand.created', 'demand.withdrawn']);
    });

    it("answers 404 for another organisation's demand and leaves it open", async () => {
      const demand = await newDemand(buyers[1]!);
      const res = await t.http.delete(`${API}/demands/${demand}`).set(buyers[0]!.auth);
      expectProblem(res, 404);
      expect(JSON.stringify(res.body)).not.toContain(buyers[1]!.organisationId);
      expect(await getDemand(buyers[1]!, demand)).toMatchObject({ status: 'open' });
      const bad = await t.http.delete(`${API}/demands/12345`).set(buyers[0]!.auth);
      expectProblem(bad, 400, ['id']);
    });
  });

  describe('GET /demands', () => {
    it('refuses a bad status, CPV filter and page size, each named', async () => {
      const res = await t.http.get(`${API}/demands?status=nope&cpv=x&pageSize=1000`).set(buyers[0]!.auth);
      expectProblem(res, 400, ['status', 'cpv', 'pageSize']);
    });

    it('refuses a CPV filter that only looks like one (division 00, wrong check digit) without a 500', async () => {
      for (const cpv of ['00', '34144900-8']) {
        const res = await t.http.get(`${API}/demands?cpv=${cpv}`).set(buyers[0]!.auth);
        expectProblem(res, 400, ['cpv']);
      }
    });
  });

  describe('POST /bundles', () => {
    let foreignDistrict: string;
    beforeAll(() => {
      foreignDistrict = other.districtKey;
    });

    const cases: Array<[string, () => Record<string, unknown>, Array<string | RegExp>, Record<string, RegExp>?]> = [
      [
        'a missing title',
        () => {
          const { title: _t, ...rest } = bundleBody();
          return rest;
        },
        ['title'],
      ],
      ['cpvPrefix "abc"', () => bundleBody({ cpvPrefix: 'abc' }), ['cpvPrefix']],
      ['cpvPrefix "1" (too short)', () => bundleBody({ cpvPrefix: '1' }), ['cpvPrefix']],
      ['a prefix no CPV code heads', () => bundleBody({ cpvPrefix: '99' }), ['cpvPrefix'], { cpvPrefix: /99/ }],
      ['cpvPrefix of division 00', () => bundleBody({ cpvPrefix: '00' }), ['cpvPrefix']],
      ['a full CPV code with a wrong check digit', () => bundleBody({ cpvPrefix: '34144900-8' }), ['cpvPrefix']],
      [
        'works (45) mixed with supplies',
        () => bundleBody({ cpvPrefix: '45', additionalCpvPrefixes: ['3414'], mandatoryCriteria: [] }),
        [/^additionalCpvPrefixes(\.0)?$/],
        {},
      ],
      [
        'a malformed additional prefix',
        () => bundleBody({ additionalCpvPrefixes: ['31x'] }),
        [/^additionalCpvPrefixes(\.0)?$/],
      ],
      ['joinDeadline in the past', () => bundleBody({ joinDeadline: '2020-01-01T00:00:00Z' }), ['joinDeadline']],
      ['joinDeadline that is not ISO 8601', () => bundleBody({ joinDeadline: 'next Friday' }), ['joinDeadline']],
      ['an impossible joinDeadline', () => bundleBody({ joinDeadline: '2030-02-30T12:00:00Z' }), ['joinDeadline']],
      [
        'deliveryFrom after deliveryTo',
        () => bundleBody({ deliveryFrom: '2027-12-31', deliveryTo: '2027-01-01' }),
        ['deliveryTo'],
      ],
      ['an impossible delivery date', () => bundleBody({ deliveryTo: '2027-02-29' }), ['deliveryTo']],
      [
        'an unknown mandatory criterion',
        () => bundleBody({ mandatoryCriteria: ['ZERO_EMISSION_VEHICLE', 'NO_SUCH_CRITERION'] }),
        ['mandatoryCriteria.1'],
      ],
      ['minParticipants 0', () => bundleBody({ minParticipants: 0 }), ['minParticipants']],
      ['targetValueEur with 3 decimals', () => bundleBody({ targetValueEur: 1000.125 }), ['targetValueEur']],
      ['an unknown extra field', () => bundleBody({ status: 'closed' }), ['status']],
    ];

    it.each(cases)('refuses %s', async (_name, body, fields, reasons = {}) => {
      const before = await bundlesOf(region.district.id);
      const res = await t.http.post(`${API}/bundles`).set(region.coordinator.auth).send(body());
      expectProblem(res, 400, fields, reasons);
      expect(await bundlesOf(region.district.id)).toBe(before);
    });

    it("names bad fields and the domain's problems of the others at once (UNKNOWN_REFERENCE), in German", async () => {
      const before = await bundlesOf(region.district.id);
      const res = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .set('Accept-Language', 'de')
        .send(
          bundleBody({
            title: '',
            minParticipants: 0,
            districtKeys: [region.districtKey, foreignDistrict, 'abc'],
            mandatoryCriteria: ['NO_SUCH_CRITERION', 'zero'],
            deliveryFrom: '2027-12-31',
            deliveryTo: '2027-01-01',
          }),
        );
      const errors = expectProblem(res, 400, [
        'title',
        'minParticipants',
        'districtKeys.1',
        'districtKeys.2',
        'mandatoryCriteria.0',
        'mandatoryCriteria.1',
        'deliveryTo',
      ]);
      expect(res.body.code).toBe('UNKNOWN_REFERENCE');
      const reasons = Object.fromEntries(errors.map((e) => [e.field, e.reason]));
      expect(reasons['mandatoryCriteria.0']).toBe('NO_SUCH_CRITERION steht nicht im Kriterienkatalog');
      expect(reasons['districtKeys.1']).toBe(`Ihre Organisation koordiniert den Landkreis ${foreignDistrict} nicht`);
      expect(reasons['deliveryTo']).toBe('darf nicht vor dem Lieferbeginn (31.12.2027) liegen');
      expect(await bundlesOf(region.district.id)).toBe(before);
      // a refused CPV prefix is looked up nowhere: named once, by the validation
      const cpv = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(bundleBody({ cpvPrefix: 'x', mandatoryCriteria: ['NO_SUCH_CRITERION'] }));
      expectProblem(cpv, 400, ['cpvPrefix', 'mandatoryCriteria.0']);
      expect(cpv.body.errors.filter((e: { field: string }) => e.field === 'cpvPrefix')).toHaveLength(1);
    });

    it("the domain's problems of a new bundle carry codes", async () => {
      const before = await bundlesOf(region.district.id);
      const codes = (errors: FieldErrorView[]) => Object.fromEntries(errors.map((e) => [e.field, e.code]));
      const res = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(
          bundleBody({
            title: '',
            cpvPrefix: '9999',
            joinDeadline: new Date(Date.now() - 60_000).toISOString(),
            districtKeys: [foreignDistrict],
            mandatoryCriteria: ['NO_SUCH_CRITERION'],
            deliveryFrom: '2027-12-31',
            deliveryTo: '2027-01-01',
          }),
        );
      const fields = ['title', 'cpvPrefix', 'joinDeadline', 'districtKeys.0', 'mandatoryCriteria.0', 'deliveryTo'];
      expect(codes(expectProblem(res, 400, fields))).toEqual({
        title: 'IS_LENGTH',
        cpvPrefix: 'UNKNOWN_CPV_PREFIX',
        joinDeadline: 'NOT_IN_FUTURE',
        'districtKeys.0': 'DISTRICT_NOT_COORDINATED',
        'mandatoryCriteria.0': 'UNKNOWN_CRITERION',
        deliveryTo: 'DELIVERY_TO_BEFORE_FROM',
      });
      const mixed = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(bundleBody({ cpvPrefix: '45', additionalCpvPrefixes: ['3414'], mandatoryCriteria: [] }));
      expect(codes(expectProblem(mixed, 400, ['additionalCpvPrefixes']))).toEqual({
        additionalCpvPrefixes: 'WORKS_MIXED_WITH_SUPPLIES',
      });
      expect(await bundlesOf(region.district.id)).toBe(before);
    });

    it('refuses districts the coordinator does not coordinate (districtKeys.N)', async () => {
      const before = await bundlesOf(region.district.id);
      const res = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(bundleBody({ districtKeys: [region.districtKey, foreignDistrict] }));
      expectProblem(res, 400, ['districtKeys.1'], { 'districtKeys.1': new RegExp(foreignDistrict) });
      expect(await bundlesOf(region.district.id)).toBe(before);
    });

    it('refuses a buyer (403)', async () => {
      const res = await t.http.post(`${API}/bundles`).set(buyers[0]!.auth).send(bundleBody());
      expectProblem(res, 403);
    });
  });

  describe('PATCH /bundles/{id}', () => {
    it('refuses a deadline in the past (joinDeadline) and keeps the old one', async () => {
      const before = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      const res = await t.http
        .patch(`${API}/bundles/${mainBundle}`)
        .set(region.coordinator.auth)
        .send({ joinDeadline: new Date(Date.now() - 60_000).toISOString(), title: 'Neu' });
      expectProblem(res, 400, ['joinDeadline']);
      const after = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      expect(after).toMatchObject({ joinDeadline: before.joinDeadline, title: before.title });
      const bad = await t.http
        .patch(`${API}/bundles/${mainBundle}`)
        .set(region.coordinator.auth)
        .send({ joinDeadline: 'morgen', minParticipants: 0, cpvPrefix: '31' });
      expectProblem(bad, 400, ['joinDeadline', 'minParticipants', 'cpvPrefix']);
      expect(await auditActions(mainBundle)).not.toContain('bundle.updated');
    });

    it('names a bad field and a deadline in the past of one change at once (UNKNOWN_REFERENCE)', async () => {
      const before = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      const res = await t.http
        .patch(`${API}/bundles/${mainBundle}`)
        .set(region.coordinator.auth)
        .set('Accept-Language', 'de')
        .send({ joinDeadline: new Date(Date.now() - 60_000).toISOString(), minParticipants: 0 });
      const errors = expectProblem(res, 400, ['joinDeadline', 'minParticipants']);
      expect(res.body.code).toBe('UNKNOWN_REFERENCE');
      const byField = Object.fromEntries(errors.map((e) => [e.field, e]));
      expect(byField['joinDeadline']).toMatchObject({ code: 'NOT_IN_FUTURE', reason: 'muss in der Zukunft liegen' });
      expect(byField['minParticipants']).toMatchObject({ code: 'MIN' });
      // bad fields alone stay VALIDATION_FAILED
      const alone = await t.http
        .patch(`${API}/bundles/${mainBundle}`)
        .set(region.coordinator.auth)
        .send({ minParticipants: 0 });
      expectProblem(alone, 400, ['minParticipants']);
      expect(alone.body.code).toBe('VALIDATION_FAILED');
      const after = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      expect(after).toMatchObject({ joinDeadline: before.joinDeadline, minParticipants: before.minParticipants });
      expect(await auditActions(mainBundle)).not.toContain('bundle.updated');
    });

    it('refuses clearing the title with null (400 title), not a 500', async () => {
      const before = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      const cleared = await t.http
        .patch(`${API}/bundles/${mainBundle}`)
        .set(region.coordinator.auth)
        .send({ title: null });
      expectProblem(cleared, 400, ['title']);
      const after = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      expect(after.title).toBe(before.title);
    });

    it('refuses a change of a closed bundle (409)', async () => {
      const bundle = await newBundle(region.coordinator);
      await t.http.post(`${API}/bundles/${bundle}/close`).set(region.coordinator.auth).expect(200);
      const res = await t.http.patch(`${API}/bundles/${bundle}`).set(region.coordinator.auth).send({ title: 'Neu' });
      expectProblem(res, 409);
      expect(res.body.code).toBe('BUNDLE_NOT_OPEN');
    });

    it("answers 404 for another coordinator's bundle and changes nothing", async () => {
      const res = await t.http
        .patch(`${API}/bundles/${mainBundle}`)
        .set(other.coordinator.auth)
        .send({ title: 'Übernommen' });
      expectProblem(res, 404);
      const after = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      expect(after.title).not.toBe('Übernommen');
    });
  });

  describe('POST /bundles/{id}/participations', () => {
    const participationOf = async (bundleId: string, user: TestUser) =>
      (await t.http.get(`${API}/bundles/${bundleId}`).set(user.auth).expect(200)).body.myParticipation;

    it('refuses non-UUIDs, naming each by its position (demandIds.N)', async () => {
      const buyer = buyers[0]!;
      expectProblem(await join(t, buyer, mainBundle, ['nope', car0, '1234']), 400, ['demandIds.0', 'demandIds.2']);
      expect(await getDemand(buyer, car0)).toMatchObject({ status: 'open', bundleId: null });
    });

    it('refuses an empty list, a missing list and duplicates', async () => {
      const buyer = buyers[0]!;
      expectProblem(await join(t, buyer, mainBundle, []), 400, ['demandIds']);
      expectProblem(await join(t, buyer, mainBundle, [car0, car0]), 400, ['demandIds']);
      const missing = await t.http.post(`${API}/bundles/${mainBundle}/participations`).set(buyer.auth).send({});
      expectProblem(missing, 400, ['demandIds']);
      expect(await participationOf(mainBundle, buyer)).toBeUndefined();
      expect(await getDemand(buyer, car0)).toMatchObject({ status: 'open', bundleId: null });
    });

    it("refuses another organisation's demand (400 demandIds.N); the foreign demand is untouched", async () => {
      const foreign = await newDemand(buyers[1]!);
      const res = await join(t, buyers[0]!, mainBundle, [car0, foreign]);
      expectProblem(res, 400, ['demandIds.1']);
      expect(JSON.stringify(res.body)).not.toContain(buyers[1]!.organisationId);
      expect(await getDemand(buyers[1]!, foreign)).toMatchObject({ status: 'open', bundleId: null });
      expect(await getDemand(buyers[0]!, car0)).toMatchObject({ status: 'open', bundleId: null });
      const [rows] = await db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM bundle_participations WHERE demand_id = ANY($1::uuid[])`,
        [[car0, foreign]],
      );
      expect(rows!.n).toBe(0);
    });

    it('refuses a draft demand (422 demandIds.0.status)', async () => {
      const draft = await newDemand(buyers[0]!, { status: 'draft' });
      const res = await join(t, buyers[0]!, mainBundle, [draft]);
      expectProblem(res, 422, ['demandIds.0.status'], { 'demandIds.0.status': /draft/ });
      expect(await getDemand(buyers[0]!, draft)).toMatchObject({ status: 'draft', bundleId: null });
    });

    it('names each mismatch of a demand outside the CPV scope, window and criteria (422)', async () => {
      const misfit = await newDemand(buyers[0]!, {
        cpvCode: OFFICE,
        title: 'Büromaterial 2028',
        deliveryFrom: '2028-02-01',
        deliveryTo: '2028-03-31',
        criteria: ['EU_ECOLABEL'],
      });
      const res = await join(t, buyers[0]!, mainBundle, [misfit]);
      expectProblem(res, 422, ['demandIds.0.cpvCode', 'demandIds.0.deliveryWindow', 'demandIds.0.criteria'], {
        'demandIds.0.cpvCode': /30190000-7/,
        'demandIds.0.criteria': /EU_ECOLABEL/,
      });
      expect(res.body.errors).toHaveLength(3);
      expect(res.body.code).toBe('DEMAND_DOES_NOT_FIT');
      expect(await getDemand(buyers[0]!, misfit)).toMatchObject({ status: 'open', bundleId: null });

      // a reader of German (the web app) gets each reason in German, the criterion by its name
      const de = await t.http
        .post(`${API}/bundles/${mainBundle}/participations`)
        .set(buyers[0]!.auth)
        .set('accept-language', 'de')
        .send({ demandIds: [misfit] })
        .expect(422);
      const reasons = Object.fromEntries(
        (de.body.errors as Array<{ field: string; reason: string }>).map((e) => [e.field, e.reason]),
      );
      expect(reasons['demandIds.0.cpvCode']).toMatch(/^Der CPV-Code 30190000-7 liegt außerhalb des CPV-Bereichs/);
      expect(reasons['demandIds.0.deliveryWindow']).toMatch(/^Der Lieferzeitraum 01\.02\.2028 bis 31\.03\.2028/);
      expect(reasons['demandIds.0.criteria']).toBe(
        'Der Bedarf verlangt das Kriterium „EU-Umweltzeichen (EU Ecolabel)“, das das Bündel nicht vorschreibt.',
      );
    });

    it('names a demand delivered outside the region (422 demandIds.0.deliveryAgs)', async () => {
      // a central purchasing body coordinating both test districts opens a bundle for district B only
      const cpb = await insertOrganisation(t, { type: 'central_purchasing_body', districtKey: null });
      await t.http
        .post(`${API}/organisations/${cpb.id}/coordinated-districts`)
        .set('Authorization', `Bearer ${await adminToken(t)}`)
        .send({ districtKeys: [region.districtKey, other.districtKey] })
        .expect(200);
      const [cpbUser] = await insertSignedInUsers(t, [cpb], 'coordinator');
      const bundle = await newBundle(cpbUser!, { districtKeys: [other.districtKey] });
      const inA = await newDemand(cpbUser!, { deliveryAgs: region.municipalities[0]!.ags! });
      const res = await join(t, cpbUser!, bundle, [inA]);
      expectProblem(res, 422, [/^demandIds\.0\.(deliveryAgs|districtKey)$/]);
      expect(res.body.errors[0].reason).toMatch(new RegExp(region.districtKey));
      expect(await getDemand(cpbUser!, inA)).toMatchObject({ status: 'open', bundleId: null });
    });

    it('is all or nothing: one bad demand among good ones joins nothing', async () => {
      const buyer = buyers[0]!;
      const good1 = await newDemand(buyer);
      const bad = await newDemand(buyer, { deliveryFrom: '2029-01-01', deliveryTo: '2029-02-01' });
      const good2 = await newDemand(buyer);
      const res = await join(t, buyer, mainBundle, [good1, bad, good2]);
      expectProblem(res, 422, ['demandIds.1.deliveryWindow']);
      for (const id of [good1, bad, good2]) {
        expect(await getDemand(buyer, id)).toMatchObject({ status: 'open', bundleId: null });
      }
      expect(await participationOf(mainBundle, buyer)).toBeUndefined();
      expect((await join(t, buyer, mainBundle, [good1, good2])).status).toBe(201);
      await t.http.delete(`${API}/bundles/${mainBundle}/participations/mine`).set(buyer.auth).expect(204);
    });

    it('refuses a demand that takes part in another bundle (422)', async () => {
      const buyer = buyers[1]!;
      const second = await newBundle(region.coordinator, { title: 'Zweites Bündel' });
      const demand = await newDemand(buyer);
      expect((await join(t, buyer, second, [demand])).status).toBe(201);
      const res = await join(t, buyer, mainBundle, [demand]);
      expectProblem(res, 422, ['demandIds.0.status'], { 'demandIds.0.status': new RegExp(second) });
      expect(await getDemand(buyer, demand)).toMatchObject({ status: 'bundled', bundleId: second });
    });

    it('refuses to join a closed bundle (409 BUNDLE_NOT_OPEN)', async () => {
      const bundle = await newBundle(region.coordinator);
      await t.http.post(`${API}/bundles/${bundle}/close`).set(region.coordinator.auth).expect(200);
      const demand = await newDemand(buyers[1]!);
      const res = await join(t, buyers[1]!, bundle, [demand]);
      expectProblem(res, 409);
      expect(res.body.code).toBe('BUNDLE_NOT_OPEN');
      expect(await getDemand(buyers[1]!, demand)).toMatchObject({ status: 'open', bundleId: null });
    });

    it('refuses joining and leaving once the deadline passed, before the job closed the bundle (409)', async () => {
      const buyer = buyers[1]!;
      const bundle = await newBundle(region.coordinator);
      const joined = await newDemand(buyer);
      const late = await newDemand(buyer);
      expect((await join(t, buyer, bundle, [joined])).status).toBe(201);
      await db.query(`UPDATE bundles SET join_deadline = now() - interval '1 minute' WHERE id = $1`, [bundle]);
      const [res, left] = await Promise.all([
        join(t, buyer, bundle, [late]),
        t.http.delete(`${API}/bundles/${bundle}/participations/mine`).set(buyer.auth),
      ]);
      expectProblem(res, 409);
      expect(res.body.code).toBe('JOIN_DEADLINE_PASSED');
      expectProblem(left, 409);
      expect(left.body.code).toBe('JOIN_DEADLINE_PASSED');
      expect(await getDemand(buyer, late)).toMatchObject({ status: 'open', bundleId: null });
      expect(await getDemand(buyer, joined)).toMatchObject({ status: 'bundled', bundleId: bundle });
    });

    it('answers 404 NOT_PARTICIPATING when leaving a bundle one does not take part in', async () => {
      const res = await t.http.delete(`${API}/bundles/${mainBundle}/participations/mine`).set(buyers[2]!.auth);
      // buyer 2 joined the main bundle in the PATCH tests; buyer 1 never did
      expect(res.status).toBe(204);
      const again = await t.http.delete(`${API}/bundles/${mainBundle}/participations/mine`).set(buyers[2]!.auth);
      expectProblem(again, 404);
      expect(again.body.code).toBe('NOT_PARTICIPATING');
      const never = await t.http.delete(`${API}/bundles/${mainBundle}/participations/mine`).set(buyers[1]!.auth);
      expectProblem(never, 404);
      expect(never.body.code).toBe('NOT_PARTICIPATING');
    });
  });

  describe('POST /bundles/{id}/close and /cancel', () => {
    it('closes once; the second close answers 409', async () => {
      const bundle = await newBundle(region.coordinator);
      const first = await t.http.post(`${API}/bundles/${bundle}/close`).set(region.coordinator.auth);
      expect(first.status).toBe(200);
      expect(first.body.status).toBe('closed');
      const second = await t.http.post(`${API}/bundles/${bundle}/close`).set(region.coordinator.auth);
      expectProblem(second, 409);
      expect(second.body.code).toBe('BUNDLE_NOT_OPEN');
      expect(await auditActions(bundle)).toEqual(['bundle.created', 'bundle.closed']);
    });

    it('cancels once; the second cancel answers 409', async () => {
      const bundle = await newBundle(region.coordinator);
      expect((await t.http.post(`${API}/bundles/${bundle}/cancel`).set(region.coordinator.auth)).status).toBe(200);
      const second = await t.http.post(`${API}/bundles/${bundle}/cancel`).set(region.coordinator.auth);
      expectProblem(second, 409);
      const close = await t.http.post(`${API}/bundles/${bundle}/close`).set(region.coordinator.auth);
      expectProblem(close, 409);
      expect(await auditActions(bundle)).toEqual(['bundle.created', 'bundle.cancelled']);
    });

    it('refuses a buyer (403) and another coordinator (404)', async () => {
      for (const action of ['close', 'cancel']) {
        expectProblem(await t.http.post(`${API}/bundles/${mainBundle}/${action}`).set(buyers[0]!.auth), 403);
        expectProblem(await t.http.post(`${API}/bundles/${mainBundle}/${action}`).set(other.coordinator.auth), 404);
      }
      const after = (await t.http.get(`${API}/bundles/${mainBundle}`).set(region.coordinator.auth).expect(200)).body;
      expect(after.status).toBe('open');
    });

    it('cancelling releases the demands: open again, no bundle, free to join another', async () => {
      const buyer = buyers[2]!;
      const bundle = await newBundle(region.coordinator, { title: 'Wird abgesagt' });
      const demand = await newDemand(buyer);
      expect((await join(t, buyer, bundle, [demand])).status).toBe(201);
      const cancelled = await t.http.post(`${API}/bundles/${bundle}/cancel`).set(region.coordinator.auth);
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.status).toBe('cancelled');
      expect(await getDemand(buyer, demand)).toMatchObject({ status: 'open', bundleId: null });
      const rejoin = await join(t, buyer, mainBundle, [demand]);
      expect(rejoin.status).toBe(201);
      expect(await getDemand(buyer, demand)).toMatchObject({ status: 'bundled', bundleId: mainBundle });
      const [event] = await db.query<Array<{ data: { releasedDemandIds: string[] } }>>(
        `SELECT data FROM audit_events WHERE entity_id = $1 AND action = 'bundle.cancelled'`,
        [bundle],
      );
      expect(event!.data.releasedDemandIds).toEqual([demand]);
      await t.http.delete(`${API}/bundles/${mainBundle}/participations/mine`).set(buyer.auth).expect(204);
    });
  });

  describe('GET /bundles and GET /demands/{id}/matches', () => {
    it('refuses bad status, districtKey and cpv filters, each named', async () => {
      const res = await t.http.get(`${API}/bundles?status=x&districtKey=123&cpv=zz`).set(buyers[0]!.auth);
      expectProblem(res, 400, ['status', 'districtKey', 'cpv']);
    });

    it('refuses a CPV filter that only looks like one without a 500', async () => {
      for (const cpv of ['00', '34144900-8']) {
        const res = await t.http.get(`${API}/bundles?cpv=${cpv}`).set(buyers[0]!.auth);
        expectProblem(res, 400, ['cpv']);
      }
    });

    it("answers 404 for the matches of another organisation's demand", async () => {
      const res = await t.http.get(`${API}/demands/${car0}/matches`).set(buyers[1]!.auth);
      expectProblem(res, 404);
      expect(JSON.stringify(res.body)).not.toContain(mainBundle);
      const own = await t.http.get(`${API}/demands/${car0}/matches`).set(buyers[0]!.auth).expect(200);
      expect(own.body.items.map((m: { bundle: { id: string } }) => m.bundle.id)).toContain(mainBundle);
    });
  });

  describe('criteria', () => {
    const criterion = (over: Record<string, unknown> = {}) => ({
      code: `TEST_CRITERION_${randomUUID().slice(0, 8).toUpperCase()}`,
      name: { de: 'Testkriterium', en: 'Test criterion' },
      phases: ['award'],
      legalReference: '§ 58 VgV',
      ...over,
    });
    const criteriaCount = async () =>
      (await db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM sustainability_criteria`))[0]!.n;

    it('POST /criteria refuses a lower-case code, empty or unknown phases, naming each field', async () => {
      const admin = { Authorization: `Bearer ${await adminToken(t)}` };
      const before = await criteriaCount();
      const cases: Array<[Record<string, unknown>, string[]]> = [
        [criterion({ code: 'lower_case' }), ['code']],
        [criterion({ phases: [] }), ['phases']],
        [criterion({ phases: ['design'] }), ['phases.0']],
        [criterion({ phases: ['award', 'award'] }), ['phases']],
        [criterion({ name: { de: 'Nur deutsch' } }), ['name.en']],
        [criterion({ cpvPrefixes: ['3x'] }), ['cpvPrefixes.0']],
      ];
      for (const [body, fields] of cases) {
        expectProblem(await t.http.post(`${API}/criteria`).set(admin).send(body), 400, fields);
      }
      expect(await criteriaCount()).toBe(before);
    });

    it('POST /criteria refuses a CPV prefix that only looks like one without a 500', async () => {
      const admin = { Authorization: `Bearer ${await adminToken(t)}` };
      const before = await criteriaCount();
      const res = await t.http
        .post(`${API}/criteria`)
        .set(admin)
        .send(criterion({ cpvPrefixes: ['00'] }));
      expectProblem(res, 400, [/^cpvPrefixes(\.0)?$/]);
      expect(await criteriaCount()).toBe(before);
    });

    it('POST /criteria refuses a code that exists (409) and a non-admin (403)', async () => {
      const admin = { Authorization: `Bearer ${await adminToken(t)}` };
      const res = await t.http
        .post(`${API}/criteria`)
        .set(admin)
        .send(criterion({ code: 'EU_ECOLABEL' }));
      expectProblem(res, 409);
      expect(res.body.code).toBe('CRITERION_EXISTS');
      const list = await t.http.get(`${API}/criteria`).set(buyers[0]!.auth).expect(200);
      const eco = list.body.items.find((c: { code: string }) => c.code === 'EU_ECOLABEL');
      expect(eco).toMatchObject({ builtin: true, legalReference: expect.stringMatching(/66\/2010/) });
      expectProblem(await t.http.post(`${API}/criteria`).set(buyers[0]!.auth).send(criterion()), 403);
    });

    it('a valid new criterion appears in GET /criteria and can be required by a demand', async () => {
      const admin = { Authorization: `Bearer ${await adminToken(t)}` };
      const body = criterion({ phases: ['award', 'performance'] });
      const created = await t.http.post(`${API}/criteria`).set(admin).send(body);
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: body.code, builtin: false, phases: ['award', 'performance'] });
      const list = await t.http.get(`${API}/criteria?phase=performance`).set(buyers[0]!.auth).expect(200);
      expect(list.body.items.map((c: { code: string }) => c.code)).toContain(body.code);
      const qualification = await t.http.get(`${API}/criteria?phase=qualification`).set(buyers[0]!.auth).expect(200);
      expect(qualification.body.items.map((c: { code: string }) => c.code)).not.toContain(body.code);
      const demand = await recordDemand(t, buyers[1]!, { ...(demandBody() as DemandInput), criteria: [body.code] });
      expect(await getDemand(buyers[1]!, demand.id)).toMatchObject({ criteria: [body.code] });
      expect(await auditActions(body.code)).toEqual(['criterion.created']);
    });

    it('GET /criteria refuses an unknown phase and a CPV filter that is no code', async () => {
      expectProblem(await t.http.get(`${API}/criteria?phase=x`).set(buyers[0]!.auth), 400, ['phase']);
      expectProblem(await t.http.get(`${API}/criteria?cpv=3414`).set(buyers[0]!.auth), 400, ['cpv']);
    });

    it('GET /criteria refuses a CPV code with a wrong check digit as a 400 naming cpv', async () => {
      const res = await t.http.get(`${API}/criteria?cpv=34144900-8`).set(buyers[0]!.auth);
      expectProblem(res, 400, ['cpv'], { cpv: /34144900-7|check digit/ });
    });

    it('GET /criteria?cpv= lists the criteria meant for that code only', async () => {
      const res = await t.http.get(`${API}/criteria?cpv=${E_VEHICLE}`).set(buyers[0]!.auth).expect(200);
      const codes = res.body.items.map((c: { code: string }) => c.code);
      expect(codes).toContain('ZERO_EMISSION_VEHICLE');
      expect(codes).toContain('BATTERY_DUE_DILIGENCE');
      expect(codes).toContain('EU_ECOLABEL');
      expect(codes).not.toContain('RENEWABLE_ELECTRICITY');
      expect(codes).not.toContain('BLAUER_ENGEL');
      expect(res.body.total).toBe(codes.length);
    });
  });

  describe('notifications', () => {
    let note: { id: string; readAt: string | null };

    beforeAll(async () => {
      // buyer 0's car fitted the main bundle when it opened: the worker told buyer 0
      note = await eventually(async () => {
        const res = await t.http.get(`${API}/notifications`).set(buyers[0]!.auth).expect(200);
        return res.body.items.find((n: { subjectId: string }) => n.subjectId === mainBundle);
      }, 20_000);
    });

    it('GET /notifications refuses unread=maybe and a bad page', async () => {
      expectProblem(await t.http.get(`${API}/notifications?unread=maybe`).set(buyers[0]!.auth), 400, ['unread']);
      expectProblem(await t.http.get(`${API}/notifications?page=0`).set(buyers[0]!.auth), 400, ['page']);
    });

    it("answers 404 for another organisation's notification and leaves it unread", async () => {
      expect(note.readAt).toBeNull();
      for (const user of [buyers[1]!, otherBuyer, region.coordinator]) {
        expectProblem(await t.http.post(`${API}/notifications/${note.id}/read`).set(user.auth), 404);
      }
      expectProblem(await t.http.post(`${API}/notifications/nope/read`).set(buyers[0]!.auth), 400, ['id']);
      const unread = await t.http.get(`${API}/notifications?unread=true`).set(buyers[0]!.auth).expect(200);
      expect(unread.body.items.map((n: { id: string }) => n.id)).toContain(note.id);
    });

    it('marking read twice keeps the first readAt', async () => {
      const first = await t.http.post(`${API}/notifications/${note.id}/read`).set(buyers[0]!.auth).expect(200);
      expect(first.body.readAt).toEqual(expect.any(String));
      await new Promise((r) => setTimeout(r, 20));
      const second = await t.http.post(`${API}/notifications/${note.id}/read`).set(buyers[0]!.auth).expect(200);
      expect(second.body.readAt).toBe(first.body.readAt);
      const unread = await t.http.get(`${API}/notifications?unread=true`).set(buyers[0]!.auth).expect(200);
      expect(unread.body.items.map((n: { id: string }) => n.id)).not.toContain(note.id);
    });
  });

  describe('audit trail of the successful changes', () => {
    it('records demand.created, demand.updated, demand.withdrawn, bundle.created and bundle.cancelled with the actor', async () => {
      const buyer = buyers[1]!;
      const demand = await newDemand(buyer);
      await t.http.patch(`${API}/demands/${demand}`).set(buyer.auth).send({ title: 'Geändert' }).expect(200);
      await t.http.delete(`${API}/demands/${demand}`).set(buyer.auth).expect(200);
      const bundle = await newBundle(region.coordinator, { title: 'Für die Akten' });
      await t.http.post(`${API}/bundles/${bundle}/cancel`).set(region.coordinator.auth).expect(200);

      const rows = await db.query<
        Array<{
          action: string;
          entity_type: string;
          entity_id: string;
          actor_user_id: string;
          actor_organisation_id: string;
        }>
      >(
        `SELECT action, entity_type, entity_id, actor_user_id, actor_organisation_id FROM audit_events
         WHERE entity_id = ANY($1::text[]) ORDER BY id`,
        [[demand, bundle]],
      );
      expect(rows).toEqual([
        {
          action: 'demand.created',
          entity_type: 'demand',
          entity_id: demand,
          actor_user_id: buyer.id,
          actor_organisation_id: buyer.organisationId,
        },
        {
          action: 'demand.updated',
          entity_type: 'demand',
          entity_id: demand,
          actor_user_id: buyer.id,
          actor_organisation_id: buyer.organisationId,
        },
        {
          action: 'demand.withdrawn',
          entity_type: 'demand',
          entity_id: demand,
          actor_user_id: buyer.id,
          actor_organisation_id: buyer.organisationId,
        },
        {
          action: 'bundle.created',
          entity_type: 'bundle',
          entity_id: bundle,
          actor_user_id: region.coordinator.id,
          actor_organisation_id: region.coordinator.organisationId,
        },
        {
          action: 'bundle.cancelled',
          entity_type: 'bundle',
          entity_id: bundle,
          actor_user_id: region.coordinator.id,
          actor_organisation_id: region.coordinator.organisationId,
        },
      ]);
    });
  });
});
