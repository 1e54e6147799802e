import { createHmac } from 'node:crypto';
import { AccessTokenClaims, JWT_AUDIENCE, JWT_ISSUER } from '@buendel/auth';

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * Signs an access token the way the product's JwtService does (HS256, issuer, audience,
 * expiry), so that ten thousand buyers need no login (argon2 costs ~40 ms per login and
 * logins are rate-limited per IP).
 */
export function signAccessToken(secret: string, claims: AccessTokenClaims, ttlSeconds = 6 * 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({ ...claims, iat: now, exp: now + ttlSeconds, iss: JWT_ISSUER, aud: JWT_AUDIENCE }),
  );
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  return `${header}.${payload}.${signature}`;
}

/** Verifies an HS256 token (signature and expiry) and returns its claims; the bare floor server uses it. */
export function verifyAccessToken(secret: string, token: string): AccessTokenClaims | undefined {
  const [header, payload, signature] = token.split('.');
  if (!header || !payload || !signature) return undefined;
  const expected = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url');
  if (expected !== signature) return undefined;
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as AccessTokenClaims & {
    exp?: number;
  };
  if (!claims.exp || claims.exp * 1000 < Date.now()) return undefined;
  return claims;
}
