import { randomInt } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createApiApp } from '@buendel/api';
import { AuditLog } from '@buendel/audit';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  CoordinationService,
  DEMO_LOGINS,
  DEMO_PASSWORD,
  DEMO_PUBLIC_BODY_USERS,
  DemoDataTask,
  germanVatIdFrom,
  LoginRateLimiter,
  PasswordHasher,
  PLATFORM_OPERATOR_NAME,
  PLATFORM_OPERATOR_REFERENCE_KEY,
  PlatformAdminTask,
} from '@buendel/identity';
import {
  adminToken,
  createTestApp,
  createUserWithRole,
  insertOrganisation,
  loginAs,
  TEST_PASSWORD,
  TestApp,
  testDistrictKey,
  uniqueEmail,
} from '@buendel/testing';

const API = '/api/v1';

function uniqueVatId(): string {
  return germanVatIdFrom(String(randomInt(10_000_000, 99_999_999)));
}

function supplierBody(overrides: Record<string, unknown> = {}) {
  return {
    companyName: 'Westsächsische Bürotechnik GmbH',
    vatId: uniqueVatId(),
    address: { street: 'Hauptstraße 1', postalCode: '08056', city: 'Zwickau', country: 'DE' },
    contactName: 'Erika Mustermann',
    email: uniqueEmail('supplier'),
    password: 'a-supplier-password',
    ...overrides,
  };
}

function decodeClaims(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
}

/** a problem without the members that differ per request */
function sameAnswer(body: Record<string, unknown>) {
  const { requestId: _requestId, ...rest } = body;
  return rest;
}

describe('identity', () => {
  let t: TestApp;
  let db: DataSource;
  let admin: string;
  let config: AppConfig;

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    db = t.app.get(DataSource);
    config = t.app.get<AppConfig>(APP_CONFIG);
    admin = `Bearer ${await adminToken(t)}`;
  });
  afterAll(async () => {
    await t.close();
  });

  async function auditActions(entityId: string): Promise<string[]> {
    const rows = await db.query<Array<{ action: string }>>(
      `SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`,
      [entityId],
    );
    return rows.map((r) => r.action);
  }

  describe('POST /auth/login', () => {
    it('signs in the platform admin with a pinned HS256 token carrying sub, email, role and org', async () => {
      const res = await t.http
        .post(`${API}/auth/login`)
        .send({ email: process.env['ADMIN_EMAIL'], password: process.env['ADMIN_PASSWORD'] })
        .expect(200);
      expect(res.body.user).toEqual({
        id: expect.any(String),
        name: 'Plattform-Administration',
        email: process.env['ADMIN_EMAIL'],
        role: 'admin',
        organisationId: expect.any(String),
      });
      expect(res.body.user).not.toHaveProperty('passwordHash');
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString('utf8'));
      expect(header.alg).toBe('HS256');
      const claims = decodeClaims(res.body.accessToken);
      expect(claims).toMatchObject({
        sub: res.body.user.id,
        email: res.body.user.email,
        role: 'admin',
        org: res.body.user.organisationId,
        iss: 'buendel',
        aud: 'buendel-api',
      });
      expect((claims['exp'] as number) - (claims['iat'] as number)).toBe(config.JWT_EXPIRES_IN_SECONDS);
    });

    it('accepts the e-mail in any case and with surrounding spaces', async () => {
      const user = await createUserWithRole(t, 'buyer');
      await t.http
        .post(`${API}/auth/login`)
        .send({ email: `  ${user.email.toUpperCase()} `, password: user.password })
        .expect(200);
    });

    it('gives one answer for an unknown e-mail, a wrong password and an inactive user', async () => {
      const user = await createUserWithRole(t, 'buyer');
      const inactive = await createUserWithRole(t, 'buyer');
      await db.query(`UPDATE users SET active = false WHERE id = $1`, [inactive.id]);
      const hasher = t.app.get(PasswordHasher);
      const dummy = jest.spyOn(hasher, 'verifyDummy');

      const unknown = await t.http
        .post(`${API}/auth/login`)
        .send({ email: uniqueEmail('nobody'), password: 'whatever-password' });
      expect(dummy).toHaveBeenCalledTimes(1); // the same argon2 work as for a real user
      dummy.mockRestore();
      const wrong = await t.http.post(`${API}/auth/login`).send({ email: user.email, password: 'wrong-password-1' });
      const off = await t.http.post(`${API}/auth/login`).send({ email: inactive.email, password: inactive.password });

      for (const res of [unknown, wrong, off]) {
        expect(res.status).toBe(401);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.body.code).toBe('INVALID_CREDENTIALS');
      }
      expect(sameAnswer(wrong.body)).toEqual(sameAnswer(unknown.body));
      expect(sameAnswer(off.body)).toEqual(sameAnswer(unknown.body));
    });

    it('answers 400 for a body without e-mail or password', async () => {
      const res = await t.http.post(`${API}/auth/login`).send({}).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(
        expect.arrayContaining(['email', 'password']),
      );
    });

    it('answers 429 with Retry-After past LOGIN_MAX_FAILURES failures from this address, even to the right password', async () => {
      const user = await createUserWithRole(t, 'supplier');
      for (let i = 0; i < config.LOGIN_MAX_FAILURES; i++) {
        await t.http
          .post(`${API}/auth/login`)
          .send({ email: user.email, password: `wrong-${i}` })
          .expect(401);
      }
      const blocked = await t.http
        .post(`${API}/auth/login`)
        .send({ email: user.email.toUpperCase(), password: user.password })
        .expect(429);
      expect(blocked.headers['content-type']).toContain('application/problem+json');
      expect(blocked.body.code).toBe('TOO_MANY_LOGIN_ATTEMPTS');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(config.LOGIN_WINDOW_SECONDS);
      expect(blocked.body.retryAfterSeconds).toBe(retryAfter);

      // the lock is per account and address: another user signs in from the same address
      const other = await createUserWithRole(t, 'supplier');
      await loginAs(t.http, other.email, other.password);
    });

    it('counts parallel attempts too: no more than LOGIN_MAX_FAILURES guesses get through', async () => {
      const user = await createUserWithRole(t, 'buyer');
      const results = await Promise.all(
        Array.from({ length: config.LOGIN_MAX_FAILURES * 3 }, (_, i) =>
          t.http.post(`${API}/auth/login`).send({ email: user.email, password: `parallel-guess-${i}` }),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 401)).toHaveLength(config.LOGIN_MAX_FAILURES);
      expect(statuses.filter((s) => s === 429)).toHaveLength(config.LOGIN_MAX_FAILURES * 2);
    });

    it('forgives an e-mail its failures after a successful login', async () => {
      const user = await createUserWithRole(t, 'buyer');
      const fail = () => t.http.post(`${API}/auth/login`).send({ email: user.email, password: 'wrong-password-x' });
      for (let i = 0; i < config.LOGIN_MAX_FAILURES - 1; i++) expect((await fail()).status).toBe(401);
      await loginAs(t.http, user.email, user.password);
      for (let i = 0; i < config.LOGIN_MAX_FAILURES - 1; i++) expect((await fail()).status).toBe(401);
      await loginAs(t.http, user.email, user.password);
    });

    it('counts failures per client address too (password spraying), in Redis under the run prefix', async () => {
      const limiter = t.app.get(LoginRateLimiter);
      const ip = `198.51.100.${randomInt(1, 254)}`;
      expect(limiter.maxFailuresPerAddress).toBeGreaterThanOrEqual(limiter.maxFailuresPerPair * 20);
      // one failed attempt each for many e-mail addresses from one address
      for (let i = 0; i < limiter.maxFailuresPerAddress; i++) {
        const email = uniqueEmail('spray');
        expect(await limiter.before(email, ip)).toEqual({ delayMs: 0 });
        await limiter.failed(email, ip);
      }
      const gate = await limiter.before(uniqueEmail('fresh'), ip);
      expect(gate.block).toMatchObject({ scope: 'address' });
      expect(gate.block!.retryAfterSeconds).toBeGreaterThan(0);
      expect(await limiter.before(uniqueEmail('fresh'), '198.51.100.255')).toEqual({ delayMs: 0 });

      const redis = new Redis(process.env['REDIS_URL']!);
      try {
        const [pair, address, account] = limiter.keys('A@B.de', ip);
        expect(await redis.get(address)).toBe(String(limiter.maxFailuresPerAddress));
        expect(await redis.ttl(address)).toBeGreaterThan(0);
        for (const key of [pair, address, account])
          expect(key.startsWith(`${process.env['REDIS_PREFIX']}:login:`)).toBe(true);
        expect(limiter.keys('A@B.de', ip)).toEqual(limiter.keys('a@b.de', ip));
        expect(`${pair}${account}`).not.toContain('a@b.de');
      } finally {
        await redis.quit();
      }
    });

    it('slows an account down with growing waits past its free failures, never locking it', () => {
      const limiter = t.app.get(LoginRateLimiter);
      const free = limiter.maxFailuresPerPair;
      expect(limiter.delayFor(free - 1)).toBe(0);
      expect(limiter.delayFor(free)).toBe(1000);
      expect(limiter.delayFor(free + 1)).toBe(2000);
      expect(limiter.delayFor(free + 2)).toBe(4000);
      expect(limiter.delayFor(free + 1000)).toBe(config.LOGIN_MAX_DELAY_SECONDS * 1000);
    });
  });

  describe('GET /auth/me', () => {
    it('shows the admin in the platform operator organisation', async () => {
      const res = await t.http.get(`${API}/auth/me`).set('Authorization', admin).expect(200);
      expect(res.body).toMatchObject({ email: process.env['ADMIN_EMAIL'], role: 'admin' });
      expect(res.body.organisation).toMatchObject({
        id: res.body.organisationId,
        type: 'central_purchasing_body',
        name: PLATFORM_OPERATOR_NAME,
      });
      expect(res.body).not.toHaveProperty('coordinatedDistrictKeys');
      expect(JSON.stringify(res.body)).not.toMatch(/password/i);
    });

    it('shows a buyer its municipality and a coordinator its districts', async () => {
      const buyer = await createUserWithRole(t, 'buyer');
      const me = await t.http.get(`${API}/auth/me`).set(buyer.auth).expect(200);
      expect(me.body).toEqual({
        id: buyer.id,
        name: 'Erika Mustermann',
        email: buyer.email,
        role: 'buyer',
        organisationId: buyer.organisationId,
        organisation: {
          id: buyer.organisationId,
          type: 'municipality',
          name: buyer.organisation.name,
          ags: null,
          districtKey: buyer.organisation.districtKey,
          nuts3: null,
          population: null,
        },
      });

      const coordinator = await createUserWithRole(t, 'coordinator');
      const res = await t.http.get(`${API}/auth/me`).set(coordinator.auth).expect(200);
      expect(res.body.organisation.type).toBe('district');
      expect(res.body.coordinatedDistrictKeys).toEqual([coordinator.organisation.districtKey]);
    });

    it('PATCH /auth/me changes your own display name, in the audit trail; every bad field named', async () => {
      const buyer = await createUserWithRole(t, 'buyer');
      const res = await t.http.patch(`${API}/auth/me`).set(buyer.auth).send({ name: '  Petra Fischer ' }).expect(200);
      expect(res.body).toMatchObject({ id: buyer.id, name: 'Petra Fischer', email: buyer.email });
      const me = await t.http.get(`${API}/auth/me`).set(buyer.auth).expect(200);
      expect(me.body.name).toBe('Petra Fischer');
      const [event] = await db.query(
        `SELECT actor_user_id, data FROM audit_events WHERE entity_id = $1 AND action = 'user.changed'`,
        [buyer.id],
      );
      expect(event).toEqual({
        actor_user_id: buyer.id,
        data: { name: 'Petra Fischer', previousName: 'Erika Mustermann' },
      });

      const bad = await t.http
        .patch(`${API}/auth/me`)
        .set(buyer.auth)
        .set('Accept-Language', 'de')
        .send({ name: 'x'.repeat(201), role: 'admin' })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['name', 'role']);
      expect(bad.body.errors.find((e: { field: string }) => e.field === 'name').reason).toMatch(/200/);
      const empty = await t.http.patch(`${API}/auth/me`).set(buyer.auth).send({ name: ' ' }).expect(400);
      expect(empty.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
      await t.http.patch(`${API}/auth/me`).send({ name: 'Niemand' }).expect(401);
    });

    it('names both bad ids of a user path in one 400', async () => {
      const res = await t.http
        .patch(`${API}/organisations/nope/users/nix`)
        .set('Authorization', admin)
        .set('Accept-Language', 'de')
        .send({ name: 'Monika Vogel' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['id', 'userId']);
    });

    it('refuses null for a name, a state or a password (400 naming each), and changes nothing', async () => {
      const buyer = await createUserWithRole(t, 'buyer');
      const res = await t.http
        .patch(`${API}/organisations/${buyer.organisationId}/users/${buyer.id}`)
        .set('Authorization', admin)
        .send({ name: null, active: null, password: null })
        .expect(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([
        'active',
        'name',
        'password',
      ]);
      // the user still signs in with its password and keeps its token
      await t.http.get(`${API}/auth/me`).set(buyer.auth).expect(200);
    });

    it('an admin sets a user name; the list of the organisation shows it', async () => {
      const buyer = await createUserWithRole(t, 'buyer');
      const res = await t.http
        .patch(`${API}/organisations/${buyer.organisationId}/users/${buyer.id}`)
        .set('Authorization', admin)
        .send({ name: 'Monika Vogel' })
        .expect(200);
      expect(res.body).toMatchObject({ id: buyer.id, name: 'Monika Vogel', active: true });
      const list = await t.http
        .get(`${API}/organisations/${buyer.organisationId}/users`)
        .set('Authorization', admin)
        .expect(200);
      expect(list.body.items).toEqual([expect.objectContaining({ id: buyer.id, name: 'Monika Vogel' })]);
    });

    it('no longer accepts the token of a deactivated user', async () => {
      const user = await createUserWithRole(t, 'buyer');
      await db.query(`UPDATE users SET active = false WHERE id = $1`, [user.id]);
      const res = await t.http.get(`${API}/auth/me`).set(user.auth).expect(401);
      expect(res.body.code).toBe('TOKEN_REVOKED');
    });
  });

  describe('POST /suppliers/register', () => {
    it('creates a supplier organisation and its first user, with audit events', async () => {
      const body = supplierBody({ vatId: '', email: uniqueEmail('Vertrieb').toUpperCase() });
      const digits = String(randomInt(10_000_000, 99_999_999));
      body.vatId = `de ${germanVatIdFrom(digits).slice(2, 5)} ${germanVatIdFrom(digits).slice(5)}`;
      const res = await t.http.post(`${API}/suppliers/register`).send(body).expect(201);
      expect(res.body.organisation).toMatchObject({
        id: expect.any(String),
        type: 'supplier',
        name: body.companyName,
        vatId: germanVatIdFrom(digits),
        address: body.address,
        contactName: body.contactName,
      });
      expect(res.body.user).toMatchObject({
        id: expect.any(String),
        name: body.contactName, // the registering person, unless `name` says otherwise
        email: body.email.toLowerCase(),
        role: 'supplier',
        organisationId: res.body.organisation.id,
        active: true,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon/i);
      expect(await auditActions(res.body.organisation.id)).toEqual(['organisation.created']);
      expect(await auditActions(res.body.user.id)).toEqual(['user.created']);
      const [event] = await db.query(`SELECT actor_user_id FROM audit_events WHERE entity_id = $1`, [res.body.user.id]);
      expect(event.actor_user_id).toBe(res.body.user.id);

      const token = await loginAs(t.http, body.email.toLowerCase(), body.password);
      const me = await t.http.get(`${API}/auth/me`).set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body.organisation.id).toBe(res.body.organisation.id);
    });

    it('lists every bad field with its reason', async () => {
      const res = await t.http
        .post(`${API}/suppliers/register`)
        .send({
          companyName: '  ',
          vatId: 'DE12345',
          address: { street: '', postalCode: '#1', city: '', country: 'Germany' },
          contactName: '',
          email: 'not-an-email',
          password: 'short',
          extra: 1,
        })
        .expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      for (const field of [
        'companyName',
        'vatId',
        'address.street',
        'address.postalCode',
        'address.city',
        'address.country',
        'contactName',
        'email',
        'password',
        'extra',
      ]) {
        expect(fields).toContain(field);
      }
      const reason = (field: string) =>
        res.body.errors
          .filter((e: { field: string }) => e.field === field)
          .map((e: { reason: string }) => e.reason)
          .join('; ');
      expect(reason('password')).toMatch(/at least 12 characters/);
      expect(reason('vatId')).toMatch(/DE and nine digits/);
      expect(reason('email')).toMatch(/e-mail/);
    });

    it('requires every field', async () => {
      const res = await t.http.post(`${API}/suppliers/register`).send({}).expect(400);
      const fields = new Set(res.body.errors.map((e: { field: string }) => e.field));
      for (const field of ['companyName', 'vatId', 'address', 'contactName', 'email', 'password']) {
        expect(fields).toContain(field);
      }
    });

    it('checks the VAT id check digit and the German postal code', async () => {
      const valid = uniqueVatId();
      const wrongDigit = `${valid.slice(0, 10)}${(Number(valid[10]) + 1) % 10}`;
      const bad = await t.http
        .post(`${API}/suppliers/register`)
        .send(supplierBody({ vatId: wrongDigit }))
        .expect(400);
      expect(bad.body.errors).toEqual([
        expect.objectContaining({ field: 'vatId', reason: expect.stringMatching(/check digit/) }),
      ]);

      const plz = await t.http
        .post(`${API}/suppliers/register`)
        .send(supplierBody({ address: { street: 'Ring 1', postalCode: '0805', city: 'Zwickau', country: 'DE' } }))
        .expect(400);
      expect(plz.body.errors).toEqual([
        expect.objectContaining({ field: 'address.postalCode', reason: expect.stringMatching(/five digits/) }),
      ]);

      // an Austrian address keeps its four-digit postal code
      await t.http
        .post(`${API}/suppliers/register`)
        .send(supplierBody({ address: { street: 'Ring 1', postalCode: '1010', city: 'Wien', country: 'at' } }))
        .expect(201);
    });

    it('answers 409 for a registered VAT id or e-mail, without saying which, and creates nothing', async () => {
      const first = supplierBody();
      await t.http.post(`${API}/suppliers/register`).send(first).expect(201);

      const sameVat = await t.http
        .post(`${API}/suppliers/register`)
        .send(supplierBody({ vatId: first.vatId, companyName: 'Doppelt GmbH' }))
        .expect(409);
      const sameEmail = await t.http
        .post(`${API}/suppliers/register`)
        .send(supplierBody({ email: first.email, companyName: 'Doppelt GmbH' }))
        .expect(409);
      expect(sameVat.headers['content-type']).toContain('application/problem+json');
      expect(sameAnswer(sameVat.body)).toEqual(sameAnswer(sameEmail.body));
      expect(sameVat.body.code).toBe('ALREADY_REGISTERED');
      expect(sameVat.body).not.toHaveProperty('errors');
      const [{ count }] = await db.query(
        `SELECT count(*)::int AS count FROM organisations WHERE name = 'Doppelt GmbH'`,
      );
      expect(count).toBe(0);
    });

    it('lets exactly one of two concurrent registrations with one VAT id through', async () => {
      const vatId = uniqueVatId();
      const results = await Promise.all(
        [1, 2].map(() => t.http.post(`${API}/suppliers/register`).send(supplierBody({ vatId }))),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    });
  });

  describe('POST /organisations/{id}/users (admin)', () => {
    it('creates a user with a fitting role and records user.created', async () => {
      const town = await insertOrganisation(t, { type: 'municipality' });
      const email = uniqueEmail('einkauf');
      const res = await t.http
        .post(`${API}/organisations/${town.id}/users`)
        .set('Authorization', admin)
        .send({ name: '  Jens Lehmann ', email: email.toUpperCase(), password: TEST_PASSWORD, role: 'buyer' })
        .expect(201);
      expect(res.body).toMatchObject({
        name: 'Jens Lehmann',
        email,
        role: 'buyer',
        organisationId: town.id,
        active: true,
      });
      expect(res.body).not.toHaveProperty('passwordHash');
      const [event] = await db.query(
        `SELECT action, actor_user_id, data FROM audit_events WHERE entity_id = $1 AND action = 'user.created'`,
        [res.body.id],
      );
      const me = await t.http.get(`${API}/auth/me`).set('Authorization', admin).expect(200);
      expect(event).toMatchObject({ action: 'user.created', actor_user_id: me.body.id });
      expect(JSON.stringify(event.data)).not.toMatch(/password|argon/i);
      await loginAs(t.http, email, TEST_PASSWORD);
    });

    it.each([
      ['supplier', 'municipality', /supplier organisation/],
      ['supplier', 'district', /supplier organisation/],
      ['buyer', 'supplier', /public body/],
      ['coordinator', 'supplier', /public body/],
      ['admin', 'supplier', /public body/],
    ] as const)('refuses a %s in a %s with 400 on the field role', async (role, type, reason) => {
      const organisation = await insertOrganisation(t, { type });
      const res = await t.http
        .post(`${API}/organisations/${organisation.id}/users`)
        .set('Authorization', admin)
        .send({ name: 'Anja Schubert', email: uniqueEmail(), password: TEST_PASSWORD, role })
        .expect(400);
      expect(res.body.code).toBe('ROLE_DOES_NOT_FIT_ORGANISATION');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'role', reason: expect.stringMatching(reason) }),
      ]);
    });

    it('answers 404 for an unknown organisation, 400 for a malformed id, 409 for a known e-mail', async () => {
      const body = { name: 'Frank Neumann', email: uniqueEmail(), password: TEST_PASSWORD, role: 'buyer' };
      const unknown = await t.http
        .post(`${API}/organisations/00000000-0000-4000-8000-000000000000/users`)
        .set('Authorization', admin)
        .send(body)
        .expect(404);
      expect(unknown.body.code).toBe('NOT_FOUND');

      const malformed = await t.http
        .post(`${API}/organisations/not-a-uuid/users`)
        .set('Authorization', admin)
        .send(body)
        .expect(400);
      expect(malformed.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID', code: 'IS_UUID' }]);

      const existing = await createUserWithRole(t, 'buyer');
      const dup = await t.http
        .post(`${API}/organisations/${existing.organisationId}/users`)
        .set('Authorization', admin)
        .send({ ...body, email: existing.email })
        .expect(409);
      expect(dup.body.code).toBe('EMAIL_TAKEN');
    });

    it('validates name, e-mail, password and role, all at once', async () => {
      const town = await insertOrganisation(t, { type: 'municipality' });
      const res = await t.http
        .post(`${API}/organisations/${town.id}/users`)
        .set('Authorization', admin)
        .send({ name: '   ', email: 'x', password: 'short', role: 'mayor' })
        .expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
        'email',
        'name',
        'password',
        'role',
      ]);
      const noName = await t.http
        .post(`${API}/organisations/${town.id}/users`)
        .set('Authorization', admin)
        .send({ email: uniqueEmail(), password: TEST_PASSWORD, role: 'buyer', name: 'x'.repeat(201) })
        .expect(400);
      expect(noName.body.errors).toEqual([expect.objectContaining({ field: 'name', code: 'MAX_LENGTH' })]);
    });

    it('is for admins only', async () => {
      const coordinator = await createUserWithRole(t, 'coordinator');
      await t.http
        .post(`${API}/organisations/${coordinator.organisationId}/users`)
        .set(coordinator.auth)
        .send({ name: 'Uwe Krause', email: uniqueEmail(), password: TEST_PASSWORD, role: 'buyer' })
        .expect(403);
    });
  });

  describe('organisations', () => {
    it('POST /organisations creates a central purchasing body (admin)', async () => {
      const district = await insertOrganisation(t, { type: 'district' });
      const res = await t.http
        .post(`${API}/organisations`)
        .set('Authorization', admin)
        .send({ name: 'Zweckverband Beschaffung Test', districtKey: district.districtKey })
        .expect(201);
      expect(res.body).toMatchObject({
        type: 'central_purchasing_body',
        name: 'Zweckverband Beschaffung Test',
        districtKey: district.districtKey,
        ags: null,
      });
      expect(await auditActions(res.body.id)).toEqual(['organisation.created']);

      const bad = await t.http
        .post(`${API}/organisations`)
        .set('Authorization', admin)
        .send({ type: 'municipality', name: '', districtKey: '123' })
        .expect(400);
      expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['districtKey', 'name', 'type']);
      await t.http
        .post(`${API}/organisations`)
        .set('Authorization', admin)
        .send({ name: 'Irgendwo', districtKey: '00000' })
        .expect(400);
    });

    it('GET /organisations/{id}: public bodies for everyone, a supplier for its own users and admins only', async () => {
      const supplier = await createUserWithRole(t, 'supplier');
      const otherSupplier = await createUserWithRole(t, 'supplier');
      const buyer = await createUserWithRole(t, 'buyer');

      const own = await t.http.get(`${API}/organisations/${supplier.organisationId}`).set(supplier.auth).expect(200);
      expect(own.body).toMatchObject({ id: supplier.organisationId, type: 'supplier' });
      await t.http.get(`${API}/organisations/${supplier.organisationId}`).set('Authorization', admin).expect(200);

      const foreign = await t.http
        .get(`${API}/organisations/${supplier.organisationId}`)
        .set(otherSupplier.auth)
        .expect(404);
      const missing = await t.http
        .get(`${API}/organisations/00000000-0000-4000-8000-000000000000`)
        .set(otherSupplier.auth)
        .expect(404);
      expect(foreign.body.code).toBe(missing.body.code);
      expect(JSON.stringify(foreign.body)).not.toContain(supplier.organisation.name);
      await t.http.get(`${API}/organisations/${supplier.organisationId}`).set(buyer.auth).expect(404);

      const town = await t.http.get(`${API}/organisations/${buyer.organisationId}`).set(supplier.auth).expect(200);
      expect(town.body).toMatchObject({ id: buyer.organisationId, type: 'municipality' });
      await t.http.get(`${API}/organisations/not-a-uuid`).set(buyer.auth).expect(400);
    });
  });

  describe('coordination', () => {
    it('assigns districts to a town, a city and a central purchasing body; a district coordinates its own', async () => {
      const d1 = await insertOrganisation(t, { type: 'district' });
      const d2 = await insertOrganisation(t, { type: 'district' });
      const city = await insertOrganisation(t, { type: 'city' });
      const town = await insertOrganisation(t, { type: 'municipality', districtKey: d1.districtKey });
      const cpb = await insertOrganisation(t, { type: 'central_purchasing_body', districtKey: null });
      const [k1, k2] = [d1.districtKey!, d2.districtKey!];
      const assign = (id: string, districtKeys: unknown) =>
        t.http
          .post(`${API}/organisations/${id}/coordinated-districts`)
          .set('Authorization', admin)
          .send({ districtKeys });

      const res = await assign(town.id, [k2, k1, k1]).expect(200);
      const both = [k1, k2].sort();
      expect(res.body).toEqual({ organisationId: town.id, assignedDistrictKeys: both, coordinatedDistrictKeys: both });
      await assign(town.id, [k1]).expect(200); // idempotent, adds nothing
      expect(await auditActions(town.id)).toEqual(['coordination.assigned']);

      const cityRes = await assign(city.id, [k1]).expect(200);
      expect(cityRes.body.coordinatedDistrictKeys).toEqual([k1, city.districtKey!].sort());
      await assign(cpb.id, [k2]).expect(200);

      const coordination = t.app.get(CoordinationService);
      expect(await coordination.coordinatedDistrictKeys(town.id)).toEqual(both);
      expect(await coordination.coordinatedDistrictKeys(city.id)).toEqual([k1, city.districtKey!].sort());
      expect(await coordination.coordinatedDistrictKeys(cpb.id)).toEqual([k2]);
      expect(await coordination.coordinatedDistrictKeys(d1.id)).toEqual([k1]);

      const coordinator = await createUserWithRole(t, 'coordinator', { organisation: town });
      const me = await t.http.get(`${API}/auth/me`).set(coordinator.auth).expect(200);
      expect(me.body.coordinatedDistrictKeys).toEqual(both);
      const buyer = await createUserWithRole(t, 'buyer');
      const read = await t.http
        .get(`${API}/organisations/${town.id}/coordinated-districts`)
        .set(buyer.auth)
        .expect(200);
      expect(read.body.coordinatedDistrictKeys).toEqual(both);

      const removed = await t.http
        .delete(`${API}/organisations/${town.id}/coordinated-districts/${k2}`)
        .set('Authorization', admin)
        .expect(200);
      expect(removed.body.assignedDistrictKeys).toEqual([k1]);
      expect(await auditActions(town.id)).toEqual(['coordination.assigned', 'coordination.unassigned']);
    });

    it('refuses districts and suppliers as coordinators, and unknown or malformed district keys', async () => {
      const district = await insertOrganisation(t, { type: 'district' });
      const supplier = await insertOrganisation(t, { type: 'supplier' });
      const town = await insertOrganisation(t, { type: 'municipality' });
      const assign = (id: string, districtKeys: unknown) =>
        t.http
          .post(`${API}/organisations/${id}/coordinated-districts`)
          .set('Authorization', admin)
          .send({ districtKeys });

      const own = await assign(district.id, [testDistrictKey()]).expect(400);
      expect(own.body).toMatchObject({
        code: 'ORGANISATION_CANNOT_COORDINATE',
        detail: expect.stringMatching(/own district/),
      });
      const sup = await assign(supplier.id, [district.districtKey]).expect(400);
      expect(sup.body.code).toBe('ORGANISATION_CANNOT_COORDINATE');

      const unknown = await assign(town.id, [district.districtKey, '00000']).expect(400);
      expect(unknown.body.errors).toEqual([{ field: 'districtKeys.1', reason: 'is not a known district key' }]);
      const malformed = await assign(town.id, ['1452']).expect(400);
      expect(malformed.body.errors[0].field).toBe('districtKeys');
      await assign(town.id, []).expect(400);
      await assign('00000000-0000-4000-8000-000000000000', [district.districtKey]).expect(404);
      await t.http
        .delete(`${API}/organisations/${town.id}/coordinated-districts/abc`)
        .set('Authorization', admin)
        .expect(400);
    });
  });

  describe('start-up tasks', () => {
    function platformAdminTask(overrides: Partial<AppConfig>): PlatformAdminTask {
      return new PlatformAdminTask(
        db,
        { ...config, ...overrides } as AppConfig,
        t.app.get(PasswordHasher),
        t.app.get(AuditLog),
      );
    }

    it('made the platform operator organisation and its admin once', async () => {
      const rows = await db.query(`SELECT id, type, name FROM organisations WHERE reference_key = $1`, [
        PLATFORM_OPERATOR_REFERENCE_KEY,
      ]);
      expect(rows).toEqual([{ id: expect.any(String), type: 'central_purchasing_body', name: PLATFORM_OPERATOR_NAME }]);
      await t.app.get(PlatformAdminTask).run(); // again: changes nothing
      const again = await db.query(`SELECT id FROM organisations WHERE reference_key = $1`, [
        PLATFORM_OPERATOR_REFERENCE_KEY,
      ]);
      expect(again).toHaveLength(1);
    });

    it('creates the admin, is idempotent, and takes a changed ADMIN_PASSWORD', async () => {
      const email = uniqueEmail('second-admin');
      await platformAdminTask({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'first-admin-password' }).run();
      await loginAs(t.http, email, 'first-admin-password');
      const [{ id }] = await db.query(`SELECT id FROM users WHERE email = $1`, [email]);
      await platformAdminTask({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'first-admin-password' }).run();
      expect(await auditActions(id)).toEqual(['user.created']);

      await platformAdminTask({ ADMIN_EMAIL: email, ADMIN_PASSWORD: 'second-admin-password' }).run();
      await loginAs(t.http, email, 'second-admin-password');
      await t.http.post(`${API}/auth/login`).send({ email, password: 'first-admin-password' }).expect(401);
      expect(await auditActions(id)).toEqual(['user.created', 'user.updated']);
    });

    it('makes an existing user named by ADMIN_EMAIL the admin', async () => {
      const supplier = await createUserWithRole(t, 'supplier');
      await platformAdminTask({ ADMIN_EMAIL: supplier.email, ADMIN_PASSWORD: 'taken-over-password' }).run();
      const token = await loginAs(t.http, supplier.email, 'taken-over-password');
      const me = await t.http.get(`${API}/auth/me`).set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body).toMatchObject({ role: 'admin', organisation: { name: PLATFORM_OPERATOR_NAME } });
    });

    it('loads the demo data idempotently, skipping users whose reference organisations are missing', async () => {
      const task = new DemoDataTask(
        db,
        { ...config, DEMO_DATA: true } as AppConfig,
        t.app.get(PasswordHasher),
        t.app.get(AuditLog),
      );
      const demoEmails = DEMO_LOGINS.map((l) => l.email);
      const count = async () =>
        (await db.query(`SELECT count(*)::int AS n FROM users WHERE email = ANY($1)`, [demoEmails]))[0].n as number;

      // with or without the reference data loaded, the task does not fail
      await task.run();
      const supplierLogins = DEMO_LOGINS.filter((l) => l.role === 'supplier');
      expect(supplierLogins).toHaveLength(2);
      for (const s of supplierLogins) await loginAs(t.http, s.email, DEMO_PASSWORD);

      // the Landkreis Zwickau organisations, as the reference data names them, if not loaded yet
      for (const u of DEMO_PUBLIC_BODY_USERS) {
        const isDistrict = u.referenceKey.startsWith('kreis:');
        const code = u.referenceKey.split(':')[1]!;
        await db.query(
          `INSERT INTO organisations (type, name, ags, district_key, reference_key) VALUES ($1, $2, $3, '14524', $4)
           ON CONFLICT (reference_key) WHERE reference_key IS NOT NULL DO NOTHING`,
          [isDistrict ? 'district' : 'municipality', u.organisation, isDistrict ? null : code, u.referenceKey],
        );
      }
      await task.run();
      expect(await count()).toBe(DEMO_LOGINS.length);
      await task.run();
      expect(await count()).toBe(DEMO_LOGINS.length);

      expect(DEMO_LOGINS.filter((l) => l.role === 'buyer').length).toBeGreaterThanOrEqual(5);
      const coordinator = DEMO_LOGINS.find((l) => l.role === 'coordinator')!;
      const token = await loginAs(t.http, coordinator.email, coordinator.password);
      const me = await t.http.get(`${API}/auth/me`).set('Authorization', `Bearer ${token}`).expect(200);
      expect(me.body.organisation.districtKey).toBe('14524');
      expect(me.body.coordinatedDistrictKeys).toEqual(['14524']);
    });
  });
});

describe('identity: Redis down', () => {
  let t: TestApp;
  const saved = process.env['REDIS_URL'];
  beforeAll(async () => {
    process.env['REDIS_URL'] = 'redis://127.0.0.1:1'; // nothing listens there
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t.close();
    process.env['REDIS_URL'] = saved;
  });

  it('still signs users in, and a wrong password is still a 401 (the limiter fails open)', async () => {
    const user = await createUserWithRole(t, 'buyer');
    await t.http.post(`${API}/auth/login`).send({ email: user.email, password: 'wrong-password-1' }).expect(401);
    await loginAs(t.http, user.email, user.password);
  });
});
