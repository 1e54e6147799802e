import { createApiApp } from '@buendel/api';
import {
  createTestApp,
  createTestRegion,
  createUserWithRole,
  TEST_PASSWORD,
  TestApp,
  TestUser,
} from '@buendel/testing';

const API = '/api/v1';

/** the cookies of a Set-Cookie answer, by name, with their attributes */
function cookiesOf(setCookie: string | string[] | undefined): Record<string, { value: string; attributes: string }> {
  const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  const byName: Record<string, { value: string; attributes: string }> = {};
  for (const c of list) {
    const [pair, ...attributes] = c.split(';');
    const eq = pair!.indexOf('=');
    byName[pair!.slice(0, eq)] = { value: pair!.slice(eq + 1), attributes: attributes.join(';').trim() };
  }
  return byName;
}

/**
 * The browser's sign-in: an httpOnly SameSite cookie instead of a token in localStorage,
 * a CSRF token for every change, logout that ends the session also for a copy of the cookie.
 * Bearer tokens of API clients are unaffected.
 */
describe('browser sessions (cookie, CSRF, logout)', () => {
  let t: TestApp;
  let buyer: TestUser;
  let other: TestUser;
  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    // municipalities with an AGS, where demands are delivered by default
    const region = await createTestRegion(t, 2);
    buyer = await createUserWithRole(t, 'buyer', { organisation: region.municipalities[0]! });
    other = await createUserWithRole(t, 'buyer', { organisation: region.municipalities[1]! });
  });
  afterAll(async () => {
    await t.close();
  });

  async function signIn(user: TestUser) {
    const res = await t.http
      .post(`${API}/auth/session`)
      .send({ email: user.email, password: TEST_PASSWORD })
      .expect(200);
    const cookies = cookiesOf(res.headers['set-cookie']);
    return {
      res,
      cookies,
      cookie: `buendel_session=${cookies['buendel_session']!.value}; buendel_csrf=${cookies['buendel_csrf']!.value}`,
      csrf: res.body.csrfToken as string,
    };
  }
  const demand = {
    cpvCode: '30192000-1',
    title: 'Kopierpapier',
    quantity: 10,
    unit: 'H87',
    unitPriceEur: 4.5,
    deliveryFrom: '2027-03-01',
    deliveryTo: '2027-06-30',
  };

  it('signs in with an httpOnly SameSite cookie and gives no token to the page', async () => {
    const { res, cookies, cookie, csrf } = await signIn(buyer);
    expect(res.body.accessToken).toBeUndefined();
    expect(res.body.user).toMatchObject({ id: buyer.id, email: buyer.email, role: 'buyer' });
    expect(new Date(res.body.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(cookies['buendel_session']!.attributes).toMatch(/HttpOnly/);
    expect(cookies['buendel_session']!.attributes).toMatch(/SameSite=Strict/);
    expect(cookies['buendel_session']!.attributes).toMatch(/Path=\//);
    expect(cookies['buendel_csrf']!.attributes).not.toMatch(/HttpOnly/);
    expect(cookies['buendel_csrf']!.value).toBe(csrf);
    expect(res.headers['cache-control']).toBe('no-store');

    const me = await t.http.get(`${API}/auth/me`).set('cookie', cookie).expect(200);
    expect(me.body).toMatchObject({ id: buyer.id, organisationId: buyer.organisationId });
  });

  it('refuses a change without the CSRF token, or with another session’s, and accepts it with its own', async () => {
    const mine = await signIn(buyer);
    const theirs = await signIn(other);

    const none = await t.http.post(`${API}/demands`).set('cookie', mine.cookie).send(demand).expect(403);
    expect(none.body).toMatchObject({ code: 'CSRF_TOKEN_INVALID', status: 403 });
    const foreign = await t.http
      .post(`${API}/demands`)
      .set('cookie', mine.cookie)
      .set('x-csrf-token', theirs.csrf)
      .send(demand)
      .expect(403);
    expect(foreign.body.code).toBe('CSRF_TOKEN_INVALID');
    await t.http
      .post(`${API}/demands`)
      .set('cookie', mine.cookie)
      .set('x-csrf-token', 'x'.repeat(43))
      .send(demand)
      .expect(403);

    const created = await t.http
      .post(`${API}/demands`)
      .set('cookie', mine.cookie)
      .set('x-csrf-token', mine.csrf)
      .send(demand)
      .expect(201);
    expect(created.body.organisationId).toBe(buyer.organisationId);
    // reading needs no CSRF token
    await t.http.get(`${API}/demands/${created.body.id}`).set('cookie', mine.cookie).expect(200);
  });

  it('keeps bearer tokens working without a CSRF token, and refuses a bearer token put into the cookie', async () => {
    await t.http.post(`${API}/demands`).set(buyer.auth).send(demand).expect(201);
    const res = await t.http.get(`${API}/auth/me`).set('cookie', `buendel_session=${buyer.accessToken}`).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers a wrong password as login does, without cookies', async () => {
    const res = await t.http
      .post(`${API}/auth/session`)
      .send({ email: buyer.email, password: 'wrong-password-1' })
      .expect(401);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('logs out: the cookies are cleared and a copy of the old cookie no longer counts', async () => {
    const session = await signIn(buyer);
    // logout needs the CSRF token too (another site must not end the session)
    await t.http.delete(`${API}/auth/session`).set('cookie', session.cookie).expect(403);
    await t.http.get(`${API}/auth/me`).set('cookie', session.cookie).expect(200);

    const out = await t.http
      .delete(`${API}/auth/session`)
      .set('cookie', session.cookie)
      .set('x-csrf-token', session.csrf)
      .expect(204);
    const cleared = cookiesOf(out.headers['set-cookie']);
    expect(cleared['buendel_session']!.value).toBe('');
    expect(cleared['buendel_session']!.attributes).toMatch(/Max-Age=0/);
    expect(cleared['buendel_csrf']!.value).toBe('');

    const after = await t.http.get(`${API}/auth/me`).set('cookie', session.cookie).expect(401);
    expect(after.body.code).toBe('TOKEN_REVOKED');
    // the user's other sessions and tokens go on
    await t.http.get(`${API}/auth/me`).set(buyer.auth).expect(200);
    // logging out without a session just clears the cookies
    await t.http.delete(`${API}/auth/session`).expect(204);
  });
});
