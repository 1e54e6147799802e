import { randomInt } from 'node:crypto';
import { createApiApp } from '@buendel/api';
import { germanVatIdFrom } from '@buendel/identity';
import { createTestApp, createUserWithRole, TestApp, uniqueEmail, uniqueRunId } from '@buendel/testing';

const API = '/api/v1';

/**
 * Login throttling that cannot be turned against a user, behind a trusted proxy: the API of
 * this file believes X-Forwarded-For from 127.0.0.1 (TRUST_PROXY), so every request can come
 * from an address of its own. A Redis prefix of its own keeps its counters apart.
 */
describe('login throttling behind a proxy', () => {
  let t: TestApp;
  const saved = { ...process.env };
  const LIMITS = { LOGIN_MAX_FAILURES: 5, LOGIN_MAX_DELAY_SECONDS: 2, REGISTRATIONS_PER_ADDRESS_PER_HOUR: 3 };

  beforeAll(async () => {
    Object.assign(process.env, {
      TRUST_PROXY: '127.0.0.1',
      REDIS_PREFIX: `buendel-test-throttle-${uniqueRunId()}`,
      ...Object.fromEntries(Object.entries(LIMITS).map(([k, v]) => [k, String(v)])),
    });
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t?.close();
    for (const key of ['TRUST_PROXY', 'REDIS_PREFIX', ...Object.keys(LIMITS)]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  const address = () => `203.0.113.${randomInt(1, 255)}`;
  const login = (from: string, email: string, password: string) =>
    t.http.post(`${API}/auth/login`).set('x-forwarded-for', from).send({ email, password });

  it('lets the right password in from another address while one address guesses wrong', async () => {
    const supplier = await createUserWithRole(t, 'supplier');
    const attacker = '198.51.100.7';
    for (let i = 0; i < LIMITS.LOGIN_MAX_FAILURES; i++) {
      expect((await login(attacker, supplier.email, `guess-${i}`)).status).toBe(401);
    }
    // the attacker's address is refused for this account, even with the right password ...
    const blocked = await login(attacker, supplier.email, supplier.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // ... the supplier at its own address is not
    const ok = await login('192.0.2.10', supplier.email, supplier.password);
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(supplier.id);
  });

  it('only slows an account down when many addresses guess, it never locks it', async () => {
    const buyer = await createUserWithRole(t, 'buyer');
    // four addresses, five wrong passwords each, all at once: 20 failures of the account
    const guesses = await Promise.all(
      [1, 2, 3, 4].flatMap((a) =>
        Array.from({ length: LIMITS.LOGIN_MAX_FAILURES }, (_, i) =>
          login(`198.51.100.${20 + a}`, buyer.email, `guess-${a}-${i}`),
        ),
      ),
    );
    expect(guesses.map((r) => r.status)).toEqual(Array(20).fill(401));
    const started = Date.now();
    const ok = await login('192.0.2.11', buyer.email, buyer.password);
    const waited = Date.now() - started;
    expect(ok.status).toBe(200);
    // the wait is the cap (LOGIN_MAX_DELAY_SECONDS), not a lockout of 15 minutes
    expect(waited).toBeGreaterThanOrEqual(LIMITS.LOGIN_MAX_DELAY_SECONDS * 1000 - 50);
    // the success forgave the account: no more waiting
    const again = Date.now();
    expect((await login('192.0.2.11', buyer.email, buyer.password)).status).toBe(200);
    expect(Date.now() - again).toBeLessThan(LIMITS.LOGIN_MAX_DELAY_SECONDS * 1000);
  });

  it("does not lock a town hall out behind one NAT address for a few users' typos", async () => {
    const nat = address();
    const users = await Promise.all(Array.from({ length: 8 }, () => createUserWithRole(t, 'buyer')));
    for (const u of users) {
      for (let i = 0; i < 3; i++) expect((await login(nat, u.email, `typo-${i}`)).status).toBe(401);
    }
    // 24 failures from one address; everybody behind it still signs in
    for (const u of users) expect((await login(nat, u.email, u.password)).status).toBe(200);
  });

  it('limits supplier registrations per address, whatever the body, and counts each address apart', async () => {
    const body = () => ({
      companyName: 'Muldentaler Reinigung GmbH',
      vatId: germanVatIdFrom(String(randomInt(10_000_000, 99_999_999))),
      address: { street: 'Am Markt 2', postalCode: '08056', city: 'Zwickau', country: 'DE' },
      contactName: 'Max Mustermann',
      email: uniqueEmail('register'),
      password: 'a-supplier-password',
    });
    const from = address();
    const register = (ip: string, b: object) =>
      t.http.post(`${API}/suppliers/register`).set('x-forwarded-for', ip).send(b);
    expect((await register(from, body())).status).toBe(201);
    expect((await register(from, {})).status).toBe(400);
    expect((await register(from, body())).status).toBe(201);
    const refused = await register(from, body());
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
    // another address (its last digit changed; a random address ending in 9 gave the same one)
    expect((await register(`${from.slice(0, -1)}${from.endsWith('9') ? '8' : '9'}`, body())).status).toBe(201);
  });
});

describe('login throttling without a trusted proxy', () => {
  let t: TestApp;
  const saved = process.env['REDIS_PREFIX'];
  beforeAll(async () => {
    process.env['REDIS_PREFIX'] = `buendel-test-throttle-${uniqueRunId()}`;
    t = await createTestApp(createApiApp);
  });
  afterAll(async () => {
    await t?.close();
    process.env['REDIS_PREFIX'] = saved;
  });

  it('ignores X-Forwarded-For: a guesser cannot pose as many addresses', async () => {
    const user = await createUserWithRole(t, 'buyer');
    for (let i = 0; i < 5; i++) {
      const res = await t.http
        .post(`${API}/auth/login`)
        .set('x-forwarded-for', `198.51.100.${100 + i}`)
        .send({ email: user.email, password: `guess-${i}` });
      expect(res.status).toBe(401);
    }
    const blocked = await t.http
      .post(`${API}/auth/login`)
      .set('x-forwarded-for', '192.0.2.50')
      .send({ email: user.email, password: user.password });
    expect(blocked.status).toBe(429);
  });
});
