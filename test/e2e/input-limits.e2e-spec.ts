import { createApiApp } from '@buendel/api';
import { JSON_MAX_DEPTH } from '@buendel/http';
import {
  createTestApp,
  createTestRegion,
  createUserWithRole,
  insertTender,
  TestApp,
  TestRegion,
  TestUser,
  uniqueEmail,
} from '@buendel/testing';
import { API, expectProblem, ProblemResponse, recordDemand } from '../support/bundling-api';

/**
 * Input that used to reach PostgreSQL or the validators and come back as 500 (issue 11):
 * U+0000 in any text, JSON nested thousands of levels deep, dates in the year 0000. Each is
 * a 400 naming the field (413 for a body over the size limit), with a problem body in German.
 */
describe('input limits: no 500 from input', () => {
  let t: TestApp;
  let region: TestRegion;
  let buyer: TestUser;
  let tenderId: string;
  const NUL = '\u0000';

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    region = await createTestRegion(t, 1);
    buyer = await createUserWithRole(t, 'buyer', { organisation: region.municipalities[0]! });
    tenderId = await insertTender(t, region.district.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const demand = (over: Record<string, unknown> = {}) => ({
    cpvCode: '30197630-1',
    title: 'Kopierpapier A4',
    quantity: 10,
    unit: 'H87',
    unitPriceEur: 25,
    deliveryFrom: '2027-02-01',
    deliveryTo: '2027-03-31',
    ...over,
  });
  const bundle = (over: Record<string, unknown> = {}) => ({
    title: 'Streusalz 2027',
    cpvPrefix: '3492',
    joinDeadline: new Date(Date.now() + 86_400_000).toISOString(),
    deliveryFrom: '2027-10-01',
    deliveryTo: '2028-03-31',
    ...over,
  });
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
  const asProblem = (res: unknown) => res as ProblemResponse;

  describe('U+0000', () => {
    it('is refused in the unauthenticated login and registration, naming the field', async () => {
      const login = await t.http
        .post(`${API}/auth/login`)
        .set('accept-language', 'de')
        .send({ email: `a${NUL}@b.de`, password: `x${NUL}` });
      expectProblem(asProblem(login), 400, ['email', 'password'], { email: /Nullzeichen/ });
      expect(login.body.detail).toMatch(/ungültige Felder/);
      const register = await t.http.post(`${API}/suppliers/register`).send({
        companyName: `Muldentaler${NUL} GmbH`,
        address: { street: 'Am Markt 2', postalCode: '08056', city: `Zwickau${NUL}`, country: 'DE' },
        contactName: 'Max Mustermann',
        email: uniqueEmail('nul'),
        password: 'a-supplier-password',
      });
      // the missing VAT id is named in the same answer
      expectProblem(asProblem(register), 400, ['companyName', 'address.city', 'vatId']);
      expect(register.body.errors).toContainEqual(expect.objectContaining({ field: 'vatId', code: 'REQUIRED' }));
    });

    it('is refused in every text of a JSON body, also in list elements and in keys', async () => {
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demand({ title: `Papier${NUL}`, criteria: ['EU_ECOLABEL', `X${NUL}`] }));
      expectProblem(asProblem(res), 400, ['title', 'criteria.1'], { title: /U\+0000/ });
      const key = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send({ ...demand(), [`ti${NUL}tle`]: 'x' });
      expectProblem(asProblem(key), 400, ['ti\\u0000tle']);
      const patched = await t.http
        .patch(`${API}/demands/${(await recordDemand(t, buyer, demand())).id}`)
        .set(buyer.auth)
        .send({ title: `${NUL}` });
      expectProblem(asProblem(patched), 400, ['title']);
    });

    it('is refused in a query and in a path, naming the parameter', async () => {
      const search = await t.http
        .get(`${API}/cpv`)
        .query({ search: `Pa${NUL}pier` })
        .set(buyer.auth);
      expectProblem(asProblem(search), 400, ['search']);
      const status = await t.http.get(`${API}/demands?status=open%00`).set(buyer.auth);
      expectProblem(asProblem(status), 400, ['status']);
      const path = await t.http.get(`${API}/demands/%00`).set(buyer.auth);
      expectProblem(asProblem(path), 400, ['id']);
    });

    describe('U+0000 beside other bad fields: one answer names them all', () => {
      const byField = (errors: Array<{ field: string; code?: string; reason: string }> | undefined) =>
        Object.fromEntries((errors ?? []).map((e) => [e.field, { code: e.code, reason: e.reason }]));

      it('names the null character and every other bad field of the body at once', async () => {
        const res = await t.http
          .post(`${API}/demands`)
          .set(buyer.auth)
          .set('Accept-Language', 'de')
          .send(
            demand({
              title: `Papier${NUL}`,
              quantity: undefined,
              unitPriceEur: -1,
              criteria: ['EU_ECOLABEL', `X${NUL}`],
            }),
          );
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        const errors = byField(res.body.errors);
        expect(Object.keys(errors).sort()).toEqual(['criteria.1', 'quantity', 'title', 'unitPriceEur']);
        const nul = { code: 'NUL_CHARACTER', reason: 'darf kein Nullzeichen (U+0000) enthalten' };
        expect(errors['title']).toEqual(nul);
        expect(errors['criteria.1']).toEqual(nul);
        expect(errors['quantity']).toEqual({ code: 'REQUIRED', reason: 'muss angegeben werden' });
        expect(errors['unitPriceEur']!.code).not.toBe('NUL_CHARACTER');
        expect(errors['unitPriceEur']!.reason).toMatch(/^(muss|darf)/);
        // nothing stored, and a body with the null character alone is named as before
        const alone = await t.http
          .post(`${API}/demands`)
          .set(buyer.auth)
          .send(demand({ title: `Papier${NUL}` }));
        expect(alone.status).toBe(400);
        expect(byField(alone.body.errors)).toEqual({
          title: { code: 'NUL_CHARACTER', reason: 'must not contain a null character (U+0000)' },
        });
      });

      it('names a null character in the path with the bad fields of the body', async () => {
        const res = await t.http
          .patch(`${API}/demands/%00`)
          .set(buyer.auth)
          .set('Accept-Language', 'de')
          .send({ quantity: 0, colour: 'rot' });
        expect(res.status).toBe(400);
        const errors = byField(res.body.errors);
        expect(Object.keys(errors).sort()).toEqual(['colour', 'id', 'quantity']);
        expect(errors['id']).toEqual({ code: 'NUL_CHARACTER', reason: 'darf kein Nullzeichen (U+0000) enthalten' });
        expect(errors['colour']).toEqual({ code: 'UNKNOWN_FIELD', reason: 'ist kein bekanntes Feld' });
      });

      it('names a null character in the query with the other bad parameters', async () => {
        const res = await t.http
          .get(`${API}/demands`)
          .query({ status: `open${NUL}`, colour: 'rot' })
          .set(buyer.auth)
          .set('Accept-Language', 'de');
        expect(res.status).toBe(400);
        const errors = byField(res.body.errors);
        expect(Object.keys(errors).sort()).toEqual(['colour', 'status']);
        expect(errors['status']).toEqual({ code: 'NUL_CHARACTER', reason: 'darf kein Nullzeichen (U+0000) enthalten' });
      });

      it('an unknown API route and the web app still refuse U+0000 at once (400)', async () => {
        const unknown = await t.http.get(`${API}/keine-route`).query({ q: `a${NUL}` });
        expect(unknown.status).toBe(400);
        expect(byField(unknown.body.errors)).toEqual({
          q: { code: 'NUL_CHARACTER', reason: 'must not contain a null character (U+0000)' },
        });
      });
    });
  });

  describe('JSON depth and size', () => {
    it('refuses JSON nested 5,000 levels deep with 400 on every kind of JSON route, before anything reads it', async () => {
      for (const [method, path, auth] of [
        ['post', `${API}/auth/login`, {}],
        ['post', `${API}/demands`, buyer.auth],
        ['patch', `${API}/bundles/00000000-0000-4000-8000-000000000000`, region.coordinator.auth],
        ['post', `${API}/no-such-route`, {}],
      ] as const) {
        const res = await t.http[method](path)
          .set(auth)
          .set('accept-language', 'de')
          .set('content-type', 'application/json')
          .send(nested(5000));
        expectProblem(asProblem(res), 400);
        expect(res.body).toMatchObject({ code: 'JSON_TOO_DEEP', maxDepth: JSON_MAX_DEPTH });
        expect(res.body.detail).toMatch(/zu tief verschachtelt/);
      }
      // brackets inside strings are text, not nesting
      const text = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demand({ description: `${'['.repeat(500)}${'{'.repeat(500)}` }));
      expect(text.status).toBe(201);
    });

    it('takes JSON up to the depth limit, and refuses one level more', async () => {
      const deep = (levels: number) => `{"title":${nested(levels - 1)}}`;
      const at = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .set('content-type', 'application/json')
        .send(deep(JSON_MAX_DEPTH));
      expectProblem(asProblem(at), 400);
      expect(at.body.code).toBe('VALIDATION_FAILED');
      const over = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .set('content-type', 'application/json')
        .send(deep(JSON_MAX_DEPTH + 1));
      expect(over.body.code).toBe('JSON_TOO_DEEP');
    });

    it('refuses a body over 1 MiB with 413 and a problem body in German', async () => {
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demand({ description: 'x'.repeat(1024 * 1024) }));
      expectProblem(asProblem(res), 413);
      expect(res.body.detail).toMatch(/zu groß/);
      const bad = await t.http.post(`${API}/auth/login`).set('content-type', 'application/json').send('{"email":');
      expectProblem(asProblem(bad), 400);
      expect(bad.body.detail).toMatch(/kein gültiges JSON/);
    });
  });

  describe('what the router refuses itself', () => {
    it('answers a path parameter over 100 characters and a broken percent-encoding with a problem body', async () => {
      const long = await t.http.get(`${API}/demands/${'x'.repeat(101)}`).set(buyer.auth);
      expectProblem(asProblem(long), 414);
      expect(long.body).toMatchObject({ code: 'PATH_PARAMETER_TOO_LONG', detail: expect.stringMatching(/zu lang/) });
      expect(long.headers['x-request-id']).toBe(long.body.requestId);
      const broken = await t.http.get(`${API}/demands/%E0%A4%A`).set(buyer.auth);
      expectProblem(asProblem(broken), 400);
      expect(broken.body.code).toBe('BAD_URL');
    });

    it('answers a multipart upload without a boundary with 400 naming the file', async () => {
      const res = await t.http
        .post(`${API}/demands/import`)
        .set(buyer.auth)
        .set('content-type', 'multipart/form-data')
        .send(Buffer.from([0x7f, 0xdc, 0x18]));
      expectProblem(asProblem(res), 400, ['file']);
    });

    it('answers a new criterion without its name with 400 naming it', async () => {
      const admin = await createUserWithRole(t, 'admin');
      const res = await t.http
        .post(`${API}/criteria`)
        .set(admin.auth)
        .send({ code: 'FUZZ_NO_NAME', phases: ['specification'], legalReference: '§ 31 VgV' });
      expectProblem(asProblem(res), 400, ['name']);
    });

    it('names an unknown field of any name, also one that looks like a pattern', async () => {
      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ email: 'nobody@example.org', password: 'x', '+2757(': 1 });
      expectProblem(asProblem(res), 400, ['+2757(']);
    });
  });

  describe('dates outside 1900-2200', () => {
    it('are refused on the delivery dates of a demand, naming each field', async () => {
      const res = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demand({ deliveryFrom: '0000-01-01', deliveryTo: '2201-01-01' }));
      expectProblem(asProblem(res), 400, ['deliveryFrom', 'deliveryTo'], {
        deliveryFrom: /between the years 1900 and 2200/,
      });
      const id = (await recordDemand(t, buyer, demand())).id;
      const patched = await t.http.patch(`${API}/demands/${id}`).set(buyer.auth).send({ deliveryTo: '1899-12-31' });
      expectProblem(asProblem(patched), 400, ['deliveryTo']);
      const edges = await t.http
        .post(`${API}/demands`)
        .set(buyer.auth)
        .send(demand({ deliveryFrom: '2027-01-01', deliveryTo: '2200-12-31' }));
      expect(edges.status).toBe(201);
    });

    it("are refused on a bundle's deadline and delivery dates, and on a tender's deadline", async () => {
      const created = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(bundle({ joinDeadline: '0000-01-01T00:00:00Z', deliveryFrom: '0000-01-01', deliveryTo: '9999-12-31' }));
      expectProblem(asProblem(created), 400, ['joinDeadline', 'deliveryFrom', 'deliveryTo'], {
        joinDeadline: /between the years 1900 and 2200/,
      });
      const far = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(bundle({ joinDeadline: '+275760-09-13T00:00:00Z' }));
      expectProblem(asProblem(far), 400, ['joinDeadline']);
      const week = await t.http
        .post(`${API}/bundles`)
        .set(region.coordinator.auth)
        .send(bundle({ joinDeadline: '2027-W01' }));
      expectProblem(asProblem(week), 400, ['joinDeadline'], { joinDeadline: /ISO 8601/ });
      const moved = await t.http
        .patch(`${API}/bundles/00000000-0000-4000-8000-000000000000`)
        .set(region.coordinator.auth)
        .send({ joinDeadline: '2201-01-01T00:00:00Z' });
      expectProblem(asProblem(moved), 400, ['joinDeadline']);
      const tender = await t.http
        .patch(`${API}/tenders/${tenderId}`)
        .set(region.coordinator.auth)
        .send({ submissionDeadline: '0000-06-01T12:00:00+01:00' });
      expectProblem(asProblem(tender), 400, ['submissionDeadline'], {
        submissionDeadline: /between the years 1900 and 2200/,
      });
    });
  });
});
