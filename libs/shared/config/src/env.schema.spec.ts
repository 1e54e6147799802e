import { ConfigError, validateEnvironment } from './env.schema';

const base = {
  DATABASE_URL: 'postgres://u@localhost/db',
  JWT_SECRET: 'x'.repeat(32),
  OFFER_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
};

describe('validateEnvironment', () => {
  it('applies defaults and converts types', () => {
    const c = validateEnvironment({ ...base, PORT: '8080', DEMO_DATA: 'true' });
    expect(c.PORT).toBe(8080);
    expect(c.DEMO_DATA).toBe(true);
    expect(c.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      validateEnvironment({ ...base, PORT: 'abc', REDIS_URL: 'http://x', LOG_LEVEL: 'loud', DEMO_DATA: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'REDIS_URL', 'LOG_LEVEL', 'DEMO_DATA']) expect(message).toContain(name);
    expect(message).toContain('got "abc"');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('takes TRUST_PROXY as addresses, CIDR ranges or range names, and refuses anything else', () => {
    expect(validateEnvironment(base).TRUST_PROXY).toBeUndefined();
    for (const ok of ['10.0.0.5', '10.0.0.5, 192.168.0.0/16', '::1,fd00::/8', 'loopback,uniquelocal']) {
      expect(validateEnvironment({ ...base, TRUST_PROXY: ok }).TRUST_PROXY).toBe(ok);
    }
    for (const bad of ['true', '*', '10.0.0.300', '10.0.0.0/33', '10.0.0.1/8/1', 'proxy.example']) {
      expect(() => validateEnvironment({ ...base, TRUST_PROXY: bad })).toThrow(/TRUST_PROXY: must be IP addresses/);
    }
  });

  it('rejects ports out of range', () => {
    expect(() => validateEnvironment({ ...base, PORT: '70000' })).toThrow(/PORT/);
    expect(() => validateEnvironment({ ...base, PORT: '0' })).toThrow(/PORT/);
  });

  it('requires JWT_SECRET and ADMIN_PASSWORD in production', () => {
    expect(() => validateEnvironment({ DATABASE_URL: base.DATABASE_URL, NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET: is required when NODE_ENV=production[\s\S]*ADMIN_PASSWORD/,
    );
  });

  it('requires the offer key in production, checks its form, and keeps the legal periods in production', () => {
    const production = { ...base, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-long-password' };
    expect(() => validateEnvironment({ ...production, OFFER_ENCRYPTION_KEY: undefined })).toThrow(
      /OFFER_ENCRYPTION_KEY: is required when NODE_ENV=production/,
    );
    expect(() => validateEnvironment({ ...base, OFFER_ENCRYPTION_KEY: 'too-short' })).toThrow(
      /OFFER_ENCRYPTION_KEY: must be 32 bytes/,
    );
    expect(() => validateEnvironment({ ...production, TENDER_MIN_SUBMISSION_SECONDS: '5' })).toThrow(
      /TENDER_MIN_SUBMISSION_SECONDS: must not be set in production/,
    );
    expect(validateEnvironment({ ...base, TENDER_MIN_SUBMISSION_SECONDS: '5' }).TENDER_MIN_SUBMISSION_SECONDS).toBe(5);
  });

  it('keeps the OWASP argon2 cost in production and lets tests choose a cheaper one', () => {
    const production = {
      ...base,
      NODE_ENV: 'production',
      ADMIN_PASSWORD: 'a-long-password',
      SMTP_URL: 'smtp://mail.example.org:587',
    };
    const defaults = validateEnvironment(base);
    expect([defaults.PASSWORD_HASH_MEMORY_KIB, defaults.PASSWORD_HASH_PASSES]).toEqual([19_456, 2]);
    const cheap = validateEnvironment({ ...base, PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' });
    expect([cheap.PASSWORD_HASH_MEMORY_KIB, cheap.PASSWORD_HASH_PASSES]).toEqual([1024, 1]);
    expect(() => validateEnvironment({ ...production, PASSWORD_HASH_PASSES: '1' })).toThrow(
      /PASSWORD_HASH_MEMORY_KIB, PASSWORD_HASH_PASSES: must not be below 19456 KiB and 2 passes in production/,
    );
    expect(validateEnvironment({ ...production, PASSWORD_HASH_MEMORY_KIB: '65536' }).PASSWORD_HASH_MEMORY_KIB).toBe(
      65_536,
    );
    expect(() => validateEnvironment({ ...base, PASSWORD_HASH_MEMORY_KIB: '512' })).toThrow(
      /PASSWORD_HASH_MEMORY_KIB: must be at least 1024 KiB/,
    );
  });

  it('requires an SMTP server in production and checks the sender', () => {
    const production = { ...base, NODE_ENV: 'production', ADMIN_PASSWORD: 'a-long-password' };
    expect(() => validateEnvironment(production)).toThrow(/SMTP_URL: is required when NODE_ENV=production/);
    expect(validateEnvironment(base).SMTP_URL).toBeUndefined();
    expect(validateEnvironment({ ...base, SMTP_URL: 'smtps://u:p@mail.example.org' }).SMTP_URL).toBe(
      'smtps://u:p@mail.example.org',
    );
    expect(() => validateEnvironment({ ...base, SMTP_URL: 'http://mail.example.org' })).toThrow(
      /SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    );
    expect(validateEnvironment(base).MAIL_FROM).toBe('Bündel <noreply@buendel.local>');
    for (const ok of [
      'vergabe@landkreis-zwickau.de',
      'Vergabestelle Landkreis Zwickau <vergabe@landkreis-zwickau.de>',
    ]) {
      expect(validateEnvironment({ ...base, MAIL_FROM: ok }).MAIL_FROM).toBe(ok);
    }
    for (const bad of ['vergabe', 'Name <vergabe>', 'Name <a b@c.de>', 'a@b\nBcc: x@y']) {
      expect(() => validateEnvironment({ ...base, MAIL_FROM: bad })).toThrow(/MAIL_FROM: must be an e-mail address/);
    }
  });

  it('rejects a short JWT secret', () => {
    expect(() => validateEnvironment({ ...base, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32/);
  });

  it('lets the launcher provide DATABASE_URL and JWT_SECRET', () => {
    expect(() => validateEnvironment({})).toThrow(/DATABASE_URL[\s\S]*JWT_SECRET/);
    expect(validateEnvironment({}, { optional: ['DATABASE_URL', 'JWT_SECRET', 'OFFER_ENCRYPTION_KEY'] }).PORT).toBe(
      3000,
    );
  });
});
