import { randomUUID } from 'node:crypto';
import { createApiApp } from '@buendel/api';
import { createTestApp, createTestRegion, createUserWithRole, TestApp, TestUser } from '@buendel/testing';
import { API } from '../support/bundling-api';

/**
 * The rule "bad input gets a clear 4xx naming every bad field and the reason" as a person reads
 * it (German, `Accept-Language: de`) and as a client reads it (the codes): a field that is not
 * given says so (REQUIRED, "muss angegeben werden"), not the format that no value meets yet.
 * Real API, PostgreSQL and Redis.
 */
interface FieldErrorView {
  field: string;
  reason: string;
  code?: string;
}

const byField = (errors: FieldErrorView[] | undefined) =>
  Object.fromEntries((errors ?? []).map((e) => [e.field, { code: e.code, reason: e.reason }]));

describe('field errors: every bad field named, with its code and German reason', () => {
  let t: TestApp;
  let buyer: TestUser;
  let coordinator: TestUser;
  let supplier: TestUser;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    // a municipality's buyer: its AGS is the demand's delivery place when none is given
    const region = await createTestRegion(t, 1);
    buyer = await createUserWithRole(t, 'buyer', { organisation: region.municipalities[0]! });
    coordinator = await createUserWithRole(t, 'coordinator');
    supplier = await createUserWithRole(t, 'supplier');
  });
  afterAll(async () => {
    await t?.close();
  });

  describe('a missing required field says that it must be given (REQUIRED)', () => {
    const missing = (fields: string[], reason: string) =>
      Object.fromEntries(fields.map((f) => [f, { code: 'REQUIRED', reason }]));

    it.each([
      [
        'POST /demands',
        () => ({ user: buyer, path: `${API}/demands`, body: {} }),
        ['cpvCode', 'title', 'quantity', 'unit', 'unitPriceEur', 'deliveryFrom', 'deliveryTo'],
      ],
      [
        'POST /bundles/{id}/participations',
        () => ({ user: buyer, path: `${API}/bundles/${randomUUID()}/participations`, body: {} }),
        ['demandIds'],
      ],
      [
        'POST /bundles/{id}/tender',
        () => ({ user: coordinator, path: `${API}/bundles/${randomUUID()}/tender`, body: {} }),
        ['submissionDeadline'],
      ],
      [
        'POST /tenders/{id}/offers',
        () => ({ user: supplier, path: `${API}/tenders/${randomUUID()}/offers`, body: {} }),
        ['lotId', 'prices'],
      ],
    ])('%s with an empty body: 400, each field REQUIRED, in German and English', async (_route, request, fields) => {
      const { user, path, body } = request();
      const de = await t.http.post(path).set(user.auth).set('Accept-Language', 'de').send(body);
      expect(de.status).toBe(400);
      expect(de.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(de.body.code).toBe('VALIDATION_FAILED');
      expect(byField(de.body.errors)).toEqual(missing(fields, 'muss angegeben werden'));
      const en = await t.http.post(path).set(user.auth).set('Accept-Language', 'en').send(body);
      expect(en.status).toBe(400);
      expect(byField(en.body.errors)).toEqual(missing(fields, 'is required'));
    });

    it('null is no value either; a present but wrong field keeps its own reason', async () => {
      const res = await t.http.post(`${API}/demands`).set(buyer.auth).set('Accept-Language', 'de').send({
        cpvCode: '34144900-7',
        title: null,
        quantity: 'zwei',
        unit: 'H87',
        unitPriceEur: 30_000,
        deliveryFrom: '2027-03-01',
      });
      expect(res.status).toBe(400);
      const errors = byField(res.body.errors);
      expect(Object.keys(errors).sort()).toEqual(['deliveryTo', 'quantity', 'title']);
      expect(errors['title']).toEqual({ code: 'REQUIRED', reason: 'muss angegeben werden' });
      expect(errors['deliveryTo']).toEqual({ code: 'REQUIRED', reason: 'muss angegeben werden' });
      const quantity = (res.body.errors as FieldErrorView[]).filter((e) => e.field === 'quantity');
      expect(quantity.map((e) => e.code)).not.toContain('REQUIRED');
      expect(quantity.map((e) => e.reason)).toContainEqual(expect.stringMatching(/^muss eine Zahl/));
    });

    it('a missing nested field is named by its path (supplier registration: address.city)', async () => {
      const res = await t.http
        .post(`${API}/suppliers/register`)
        .set('Accept-Language', 'de')
        .send({
          companyName: 'Muldentaler Fahrzeugbau GmbH',
          vatId: 'DE136695976',
          address: { street: 'Am Markt 2', postalCode: '08056', country: 'DE' },
          contactName: 'Petra Lange',
          email: `lange-${randomUUID()}@example.test`,
        });
      expect(res.status).toBe(400);
      const errors = byField(res.body.errors);
      expect(errors['address.city']).toEqual({ code: 'REQUIRED', reason: 'muss angegeben werden' });
      expect(errors['password']).toEqual({ code: 'REQUIRED', reason: 'muss angegeben werden' });
    });
  });
});
