import { createHmac } from 'node:crypto';
import { createApiApp } from '@buendel/api';
import { createTestApp, createUserWithRole, TestApp, TestUser } from '@buendel/testing';

/** Tokens built by hand (base64url and HMAC), so that every field can be forged. */
function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function forge(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  key: string | undefined,
  hmac: 'sha256' | 'sha512' = 'sha256',
): string {
  const unsigned = `${b64url(header)}.${b64url(payload)}`;
  const signature = key === undefined ? '' : createHmac(hmac, key).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

describe('access tokens (JWT)', () => {
  let t: TestApp;
  let user: TestUser;
  const secret = () => process.env['JWT_SECRET']!;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (overrides: Record<string, unknown> = {}) => ({
    sub: user.id,
    email: user.email,
    role: user.role,
    org: user.organisationId,
    iss: 'buendel',
    aud: 'buendel-api',
    iat: now() - 10,
    exp: now() + 600,
    ...overrides,
  });
  const HS256 = { alg: 'HS256', typ: 'JWT' };

  beforeAll(async () => {
    t = await createTestApp(createApiApp);
    user = await createUserWithRole(t, 'buyer');
  });
  afterAll(async () => {
    await t.close();
  });

  const me = (token: string) => t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`);

  it('accepts a correctly forged token (the control for the cases below)', async () => {
    const res = await me(forge(HS256, claims(), secret())).expect(200);
    expect(res.body.id).toBe(user.id);
  });

  it.each([
    ['alg none without a signature', () => forge({ alg: 'none', typ: 'JWT' }, claims(), undefined)],
    ['alg none with an HS256 signature', () => forge({ alg: 'none', typ: 'JWT' }, claims(), secret())],
    ['a wrong key', () => forge(HS256, claims(), `${secret()}-not`)],
    ['HS512 with the right key', () => forge({ alg: 'HS512', typ: 'JWT' }, claims(), secret(), 'sha512')],
    ['a wrong audience', () => forge(HS256, claims({ aud: 'another-api' }), secret())],
    ['a wrong issuer', () => forge(HS256, claims({ iss: 'someone-else' }), secret())],
    ['an expired token', () => forge(HS256, claims({ iat: now() - 7200, exp: now() - 3600 }), secret())],
    ['a token not valid yet', () => forge(HS256, claims({ nbf: now() + 3600 }), secret())],
    ['an unknown role', () => forge(HS256, claims({ role: 'superuser' }), secret())],
    ['no organisation claim', () => forge(HS256, claims({ org: undefined }), secret())],
    [
      'a payload changed after signing (role admin)',
      () => {
        const [h, , s] = forge(HS256, claims(), secret()).split('.');
        return `${h}.${b64url(claims({ role: 'admin' }))}.${s}`;
      },
    ],
    ['a token without exp (it would never expire)', () => forge(HS256, claims({ exp: undefined }), secret())],
    ['a token without iat', () => forge(HS256, claims({ iat: undefined }), secret())],
    ['a subject that is not a user id', () => forge(HS256, claims({ sub: 'admin' }), secret())],
    ['garbage', () => 'not.a.token'],
  ])('refuses %s with 401 problem details', async (_, token) => {
    const res = await me(token()).expect(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.status).toBe(401);
    expect(['UNAUTHENTICATED', 'TOKEN_REVOKED']).toContain(res.body.code);
  });

  it('refuses a request without a bearer token, or with another scheme', async () => {
    await t.http.get('/api/v1/auth/me').expect(401);
    await t.http
      .get('/api/v1/auth/me')
      .set('Authorization', forge(HS256, claims(), secret()))
      .expect(401);
    await t.http
      .get('/api/v1/auth/me')
      .set('Authorization', `Basic ${Buffer.from(`${user.email}:${user.password}`).toString('base64')}`)
      .expect(401);
  });
});
