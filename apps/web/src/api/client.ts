import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

/**
 * The one way the app talks to the API: a client typed from the committed OpenAPI document
 * (`npm run api:client` regenerates it). The browser's session is an httpOnly cookie that
 * this code never sees; a request that changes something carries the CSRF token, which the
 * API also left in the readable cookie `buendel_csrf`. German error reasons are asked for.
 */
export const CSRF_COOKIE = 'buendel_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function csrfToken(): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === CSRF_COOKIE) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

type Listener = () => void;
const expiredListeners = new Set<Listener>();

/** called when the API says that the session is over (401): the app sends the user to the login page */
export function onSessionExpired(listener: Listener): () => void {
  expiredListeners.add(listener);
  return () => expiredListeners.delete(listener);
}

/** tells the app that the session is over (for requests that do not go through `api`) */
export function sessionExpired(): void {
  for (const l of expiredListeners) l();
}

const session: Middleware = {
  onRequest({ request }) {
    request.headers.set('accept-language', 'de');
    if (!['GET', 'HEAD', 'OPTIONS'].includes(request.method)) {
      const token = csrfToken();
      if (token) request.headers.set(CSRF_HEADER, token);
    }
    return request;
  },
  onResponse({ request, response }) {
    const signingIn = new URL(request.url).pathname.endsWith('/auth/session');
    if (response.status === 401 && !signingIn) sessionExpired();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'same-origin' });
api.use(session);
