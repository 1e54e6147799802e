import { createSecretKey } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { VerifiedTokens } from './verified-tokens';

const key = createSecretKey(Buffer.from('a secret of the tests', 'utf8'));
const options = { algorithms: ['HS256' as const], issuer: 'buendel', audience: 'buendel-api' };
const sign = (claims: object, signWith: string | Buffer = 'a secret of the tests') =>
  jwt.sign(claims, signWith, { algorithm: 'HS256', issuer: 'buendel', audience: 'buendel-api', expiresIn: 60 });

/** jsonwebtoken's verify behind the memory, counting the verifications that reached it */
function verifier(max?: number) {
  let calls = 0;
  const tokens = new VerifiedTokens(max);
  const verify = tokens.wrap((token, secretOrKey, opts, callback) => {
    calls++;
    jwt.verify(token, secretOrKey as never, opts as never, callback as never);
  });
  const run = (token: string, k: object = key, o: object = options) =>
    new Promise<{ error?: Error; payload?: object }>((resolve) =>
      verify(token, k, o, (error, payload) => resolve(error ? { error } : { payload })),
    );
  return { run, tokens, calls: () => calls };
}

describe('VerifiedTokens', () => {
  afterEach(() => jest.restoreAllMocks());

  it('verifies a token once, then answers the same text from memory with the same claims', async () => {
    const v = verifier();
    const token = sign({ sub: 'u1' });
    const first = await v.run(token);
    const second = await v.run(token);
    expect(first.payload).toMatchObject({ sub: 'u1' });
    expect(second.payload).toEqual(first.payload);
    expect(v.calls()).toBe(1);
  });

  it('refuses a changed signature or payload as jsonwebtoken does, remembered token or not', async () => {
    const v = verifier();
    const token = sign({ sub: 'u1', role: 'buyer' });
    await v.run(token);
    const [h, p, s] = token.split('.');
    const other = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'admin' }),
    );
    expect((await v.run(`${h}.${other.toString('base64url')}.${s}`)).error?.message).toBe('invalid signature');
    expect((await v.run(`${h}.${p}.${s!.slice(0, -2)}AA`)).error?.message).toBe('invalid signature');
    expect((await v.run(sign({ sub: 'u1' }, 'another secret'))).error?.message).toBe('invalid signature');
    expect(v.tokens.size).toBe(1);
  });

  it('asks the clock at every use: an expired token goes to jsonwebtoken again, which refuses it', async () => {
    const v = verifier();
    const token = sign({ sub: 'u1' });
    await v.run(token);
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    expect((await v.run(token)).error?.name).toBe('TokenExpiredError');
    expect(v.calls()).toBe(2);
    expect(v.tokens.size).toBe(0);
  });

  it('does not answer from memory under another key or other options', async () => {
    const v = verifier();
    const token = sign({ sub: 'u1' });
    await v.run(token);
    const sameSecretOtherKey = createSecretKey(Buffer.from('a secret of the tests', 'utf8'));
    await v.run(token, sameSecretOtherKey);
    expect((await v.run(token, key, { ...options, audience: 'someone-else' })).error?.message).toMatch(/audience/);
    expect(v.calls()).toBe(3);
  });

  it('keeps no token without an expiry, and no more tokens than its limit', async () => {
    const v = verifier(2);
    const forever = jwt.sign({ sub: 'u0' }, 'a secret of the tests', { issuer: 'buendel', audience: 'buendel-api' });
    await v.run(forever);
    await v.run(forever);
    expect(v.calls()).toBe(2);
    for (const sub of ['u1', 'u2', 'u3']) await v.run(sign({ sub }));
    expect(v.tokens.size).toBe(2);
  });
});
