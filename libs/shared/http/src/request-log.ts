import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** the part of a pino logger the request log uses */
export interface RequestLogger {
  isLevelEnabled(level: string): boolean;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/**
 * One line per answered request, as pino-http wrote it (`requestId`, `req`, `res`,
 * `responseTime` in ms; info for 2xx/3xx, warn for 4xx, error for 5xx), from fastify's
 * onResponse hook: no logger per request, and nothing built when the level is off. `/health`
 * is not logged. `logger` is asked at each request (the app's logger exists after the hooks).
 */
export function registerRequestLog(fastify: FastifyInstance, logger: () => RequestLogger | undefined): void {
  const reqOf = (request: FastifyRequest) => ({ id: request.id, method: request.method, url: request.url });
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const status = reply.statusCode;
    const level = status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info';
    const log = logger();
    if (request.url !== '/health' && log?.isLevelEnabled(level)) {
      log[level](
        {
          requestId: request.id,
          req: reqOf(request),
          res: { statusCode: status },
          responseTime: Math.round(reply.elapsedTime),
        },
        status >= 500 ? 'request errored' : 'request completed',
      );
    }
    done();
  });
  // the client went away before the answer (pino-http logged these on the response's close)
  fastify.addHook('onRequestAbort', (request: FastifyRequest, done: () => void) => {
    const log = logger();
    if (log?.isLevelEnabled('warn')) log.warn({ requestId: request.id, req: reqOf(request) }, 'request aborted');
    done();
  });
}
