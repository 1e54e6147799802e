import { AsyncLocalStorage } from 'node:async_hooks';

export interface RequestContext {
  requestId?: string;
  userId?: string;
  organisationId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** who is acting, and in which request: read by the audit log */
export function currentRequestContext(): RequestContext {
  return storage.getStore() ?? {};
}

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** what an HTTP request carries that the context names (a Fastify request, after the access guard) */
export interface RequestLikeForContext {
  id?: unknown;
  raw?: { id?: unknown };
  user?: { id: string; organisationId: string };
}

/**
 * The context of an HTTP request, read from the request when asked: the user is the one
 * the access guard set before the handler ran. The API binds it to each handler with
 * `runWithRequestContext` in a Fastify preHandler hook (bootstrap.ts), which costs less
 * per request than a global Nest interceptor (benchmark R3a: Nest's interceptor chain,
 * an Observable and AsyncResource bindings around every handler).
 */
export function requestContextOf(r: RequestLikeForContext): RequestContext {
  return {
    get requestId() {
      const id = r.raw?.id ?? r.id;
      return typeof id === 'string' ? id : undefined;
    },
    get userId() {
      return r.user?.id;
    },
    get organisationId() {
      return r.user?.organisationId;
    },
  };
}
