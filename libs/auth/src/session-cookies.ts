import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The browser's sign-in: the access token travels in an httpOnly, SameSite=Strict cookie that
 * page scripts cannot read (so an injected script cannot steal it), and every request that
 * changes something must carry the CSRF token in a header (double submit: the token is also
 * in a readable cookie, and it is an HMAC of the session token, so it cannot be made up or
 * taken from another session). API clients keep sending `Authorization: Bearer`, which needs
 * no CSRF token because browsers never add it by themselves.
 */
export const SESSION_COOKIE = 'buendel_session';
export const CSRF_COOKIE = 'buendel_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** methods that change nothing and therefore need no CSRF token */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface RequestLike {
  method?: string;
  headers: Record<string, string | string[] | undefined>;
}

/** the credential of a request: the bearer token when there is one, else the session cookie */
export function credentialOf(req: RequestLike): { kind: 'bearer' | 'cookie'; token: string } | undefined {
  const auth = header(req, 'authorization');
  const bearer = auth ? /^Bearer\s+(\S+)\s*$/i.exec(auth)?.[1] : undefined;
  if (bearer) return { kind: 'bearer', token: bearer };
  const cookie = readCookie(header(req, 'cookie'), SESSION_COOKIE);
  return cookie ? { kind: 'cookie', token: cookie } : undefined;
}

export function readCookie(cookieHeader: string | undefined, name: string): string | undefined {
  if (!cookieHeader) return undefined;
  for (const part of cookieHeader.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      const value = part.slice(eq + 1).trim();
      try {
        return decodeURIComponent(value) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** the CSRF token that belongs to a session token */
export function csrfTokenFor(secret: string, sessionToken: string): string {
  return createHmac('sha256', secret).update(`csrf:${sessionToken}`).digest('base64url');
}

/** whether a cookie-authenticated request may go on: safe methods always, others with the session's CSRF token */
export function csrfAccepted(req: RequestLike, secret: string, sessionToken: string): boolean {
  if (SAFE_METHODS.has((req.method ?? 'GET').toUpperCase())) return true;
  const sent = header(req, CSRF_HEADER);
  if (!sent) return false;
  const expected = Buffer.from(csrfTokenFor(secret, sessionToken));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Set-Cookie values that start a session (the token httpOnly, the CSRF token readable by the page) */
export function sessionCookies(token: string, csrfToken: string, maxAgeSeconds: number, secure: boolean): string[] {
  const common = `Path=/; Max-Age=${maxAgeSeconds}; SameSite=Strict${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=${token}; ${common}; HttpOnly`, `${CSRF_COOKIE}=${csrfToken}; ${common}`];
}

/** Set-Cookie values that end a session */
export function clearedSessionCookies(secure: boolean): string[] {
  const common = `Path=/; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; SameSite=Strict${secure ? '; Secure' : ''}`;
  return [`${SESSION_COOKIE}=; ${common}; HttpOnly`, `${CSRF_COOKIE}=; ${common}`];
}

function header(req: RequestLike, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
