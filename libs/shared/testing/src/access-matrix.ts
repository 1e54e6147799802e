import { randomUUID } from 'node:crypto';
import TestAgent from 'supertest/lib/agent';
import { TestRole, TestUser } from './identity-fixtures';
import { TestApp } from './test-app';

/**
 * One row of the access matrix (test/e2e/access-matrix.e2e-spec.ts): who may call a route.
 * Every route of the OpenAPI document needs exactly one row; put a module's rows in
 * test/access/<module>.access.ts (`export const rules: RouteAccessRule[] = [...]`).
 */
export interface RouteAccessRule {
  /** `METHOD /path` as in the OpenAPI document, e.g. `GET /api/v1/demands/{id}` */
  route: string;
  /** `public` (no token needed) or the roles the route is for; other roles get 403, no token 401 */
  access: 'public' | readonly TestRole[];
  /** the body sent in the role checks (default `{}`; an allowed role may answer 400, that is fine) */
  body?: unknown;
  /** path parameters for the role checks (default: a random UUID for each) */
  params?: Record<string, string>;
  /**
   * Routes with path parameters that address an organisation's object: make such an object
   * owned by `owner`'s organisation and return the path parameters that address it (and a
   * valid body, so that validation does not answer first). A user of another organisation
   * with the same role must then get 404, and `owner` must not.
   */
  ownedObject?: (
    ctx: AccessMatrixContext,
    owner: TestUser,
  ) => Promise<{ params: Record<string, string>; body?: unknown }>;
  /** the roles checked as foreign callers (default: every allowed role except admin) */
  foreignRoles?: readonly TestRole[];
  /** for a route with path parameters but no owner (say why): the foreign check is skipped */
  noOwner?: string;
  /** the route answers a never-ending event stream (text/event-stream): the checks read its status and close it */
  stream?: boolean;
}

export interface AccessMatrixContext {
  t: TestApp;
  /** one user per role, each in its own organisation */
  users: Record<TestRole, TestUser>;
  /** a second user per role, in other organisations than `users` */
  foreign: Record<TestRole, TestUser>;
}

/** every `METHOD /path` of the API's OpenAPI document (/docs-json) */
export async function openApiRoutes(http: TestAgent): Promise<string[]> {
  const res = await http.get('/docs-json').expect(200);
  const paths = res.body.paths as Record<string, Record<string, unknown>>;
  const methods = ['get', 'post', 'put', 'patch', 'delete'];
  return Object.entries(paths)
    .flatMap(([path, operations]) =>
      Object.keys(operations)
        .filter((m) => methods.includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    )
    .sort();
}

export function pathParameters(route: string): string[] {
  return [...route.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
}

/** `GET /api/v1/x/{id}` with `{ id }` -> `['GET', '/api/v1/x/<id>']`; missing parameters get a random UUID */
export function resolveRoute(route: string, params: Record<string, string> = {}): [string, string] {
  const [method, path] = route.split(' ') as [string, string];
  return [method, path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? randomUUID()))];
}

/** calls a route as a caller (a user, or undefined for no token) and returns the status */
export async function callRoute(
  http: TestAgent,
  route: string,
  caller: TestUser | undefined,
  options: { params?: Record<string, string>; body?: unknown; stream?: boolean } = {},
): Promise<{ status: number; body: unknown }> {
  const [method, path] = resolveRoute(route, options.params);
  let req = http[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
  if (caller) req = req.set(caller.auth);
  if (options.stream) req = req.parse(streamOrJson as unknown as Parameters<typeof req.parse>[0]);
  if (method !== 'GET' && method !== 'DELETE') req = req.send((options.body ?? {}) as object);
  const res = await req;
  return { status: res.status, body: res.body };
}

/** superagent parser for a route that may answer an endless event stream: an event stream is closed at once */
function streamOrJson(
  res: NodeJS.ReadableStream & { headers: Record<string, string> },
  done: (e: null, body: unknown) => void,
) {
  if (String(res.headers['content-type']).startsWith('text/event-stream')) {
    (res as unknown as { destroy(): void }).destroy();
    done(null, undefined);
    return;
  }
  let text = '';
  res.setEncoding('utf8');
  res.on('data', (chunk: string) => (text += chunk));
  res.on('end', () => {
    try {
      done(null, text ? JSON.parse(text) : {});
    } catch {
      done(null, text);
    }
  });
}
