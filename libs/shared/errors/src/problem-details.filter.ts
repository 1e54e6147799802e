import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { QueryFailedError } from 'typeorm';
import { DomainRuleError, EformsInputError, InvalidInputError, InvalidTransitionError } from '@buendel/domain';
import { DomainException, ErrorKind } from './domain.exception';
import { FieldError, PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemDetails } from './problem';
import { fieldErrorsIn, prefersGerman, toGerman } from './messages-de';
import { unavailableDependency, UNAVAILABLE_RETRY_AFTER_SECONDS } from './unavailable';

const KIND_STATUS: Record<ErrorKind, number> = {
  [ErrorKind.Validation]: HttpStatus.BAD_REQUEST,
  [ErrorKind.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorKind.Conflict]: HttpStatus.CONFLICT,
  [ErrorKind.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorKind.Unauthorized]: HttpStatus.UNAUTHORIZED,
  [ErrorKind.Gone]: HttpStatus.GONE,
  [ErrorKind.TooManyRequests]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorKind.Unprocessable]: HttpStatus.UNPROCESSABLE_ENTITY,
  [ErrorKind.UnsupportedMediaType]: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  [ErrorKind.PayloadTooLarge]: HttpStatus.PAYLOAD_TOO_LARGE,
};

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

interface MinimalRequest {
  url?: string;
  headers?: Record<string, string | string[] | undefined>;
  id?: string;
  raw?: { id?: unknown };
}
interface MinimalReply {
  status(code: number): MinimalReply;
  header(name: string, value: string): MinimalReply;
  send(body: unknown): void;
}

/**
 * What fastify says in English before Nest sees a request, as a person reads it. Nest hands
 * fastify's errors on as HttpException(message, status), so the English text is the key; only
 * fastify's own wording is replaced.
 */
const FASTIFY_GERMAN: Record<string, string> = {
  'Request body is too large': 'Der Inhalt der Anfrage ist zu groß (höchstens 1 MiB)',
  "Body is not valid JSON but content-type is set to 'application/json'":
    'Der Inhalt der Anfrage ist kein gültiges JSON, obwohl Content-Type application/json angibt',
  "Body cannot be empty when content-type is set to 'application/json'":
    'Der Inhalt der Anfrage ist leer, obwohl Content-Type application/json angibt (JSON erwartet)',
  'Unsupported Media Type': 'Dieser Inhaltstyp (Content-Type) wird hier nicht angenommen',
  'Request body size did not match Content-Length': 'Die Länge des Inhalts passt nicht zu Content-Length',
};

const inGerman = (detail: string) => FASTIFY_GERMAN[detail] ?? detail;

/** Errors fastify raises before Nest sees the request (bad JSON, wrong content type, too large). */
function fastifyError(e: unknown): { status: number; detail: string } | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const { code, statusCode, message } = e as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number' && statusCode < 500) {
    return {
      status: statusCode,
      detail: typeof message === 'string' ? inGerman(message) : 'Die Anfrage konnte nicht gelesen werden',
    };
  }
  return undefined;
}

/** PostgreSQL errors that a client caused (not a server fault) */
function clientDatabaseError(e: QueryFailedError): { status: number; code: string; detail: string } | undefined {
  const pgCode = (e.driverError as { code?: string } | undefined)?.code;
  switch (pgCode) {
    case '23505':
      return { status: 409, code: 'ALREADY_EXISTS', detail: 'An object with these values exists already' };
    case '40001':
    case '40P01':
      return { status: 409, code: 'CONCURRENT_UPDATE', detail: 'A concurrent change got in the way; please retry' };
    default:
      return undefined;
  }
}

/**
 * The one exception filter of the API. Every error leaves as RFC 9457 problem details;
 * anything unexpected is logged with the request id and answered with a generic 500
 * that reveals nothing internal.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const request = ctx.getRequest<MinimalRequest>();
    const reply = ctx.getResponse<MinimalReply>();
    const problem = this.toProblem(exception);
    if (prefersGerman(request.headers?.['accept-language'])) {
      toGerman(problem);
      if (exception instanceof DomainException && exception.germanDetail) problem.detail = exception.germanDetail;
    } else if (problem.errors) {
      problem.errors = fieldErrorsIn(false, problem.errors);
    }
    problem.instance = request.url?.split('?')[0];
    // the id pino-http gave the raw request is the one on every log line of this request
    const requestId = typeof request.raw?.id === 'string' ? request.raw.id : request.id;
    if (requestId) problem.requestId = String(requestId);
    if (problem.status === 503) {
      this.logger.warn({ requestId, dependency: problem['dependency'] }, `unavailable: ${errorText(exception)}`);
    } else if (problem.status >= 500) {
      this.logger.error({ err: exception, requestId }, 'unhandled error');
    }
    const out = reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE);
    if ((problem.status === 429 || problem.status === 503) && typeof problem['retryAfterSeconds'] === 'number') {
      out.header('retry-after', String(problem['retryAfterSeconds']));
    }
    out.send(problem);
  }

  private toProblem(e: unknown): ProblemDetails {
    if (e instanceof DomainException) {
      const status = KIND_STATUS[e.kind];
      return this.make(status, e.message, e.code, e.errors, e.extensions);
    }
    if (e instanceof DomainRuleError) {
      // a rule of the domain refused the input: the caller's mistake, never a 500
      if (e instanceof InvalidInputError) {
        return this.make(400, e.message, e.code, [{ field: e.field, reason: e.message.slice(e.field.length + 2) }]);
      }
      if (e instanceof InvalidTransitionError) return this.make(409, e.message, e.code);
      if (e instanceof EformsInputError) {
        // a notice refused for missing data: a 400 naming every piece, each with its German
        const errors = e.problems.map((p) => ({ field: p.field, reason: p.reason, de: p.de, code: 'EFORMS_MISSING' }));
        return this.make(400, e.message, e.code, errors);
      }
      return this.make(422, e.message, e.code);
    }
    if (e instanceof ThrottlerException) {
      return this.make(429, 'Too many requests; please wait before trying again', 'TOO_MANY_REQUESTS');
    }
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const body = e.getResponse();
      let detail = e.message;
      if (typeof body === 'object' && body !== null && 'message' in body) {
        const m = (body as { message: unknown }).message;
        detail = Array.isArray(m) ? m.join('; ') : String(m);
      }
      if (status === 503 && typeof body === 'object' && body !== null && 'details' in body) {
        // a readiness report (Terminus): which dependency is down is the point of the answer
        const { details, error } = body as { details: unknown; error?: unknown };
        return this.make(503, 'A dependency is unavailable', 'SERVICE_UNAVAILABLE', undefined, {
          details,
          error,
          retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
        });
      }
      if (status >= 500) return this.make(status, 'An unexpected error occurred', 'INTERNAL');
      return this.make(status, inGerman(detail), httpCode(status));
    }
    if (e instanceof QueryFailedError) {
      const known = clientDatabaseError(e);
      if (known) return this.make(known.status, known.detail, known.code);
    }
    const fst = fastifyError(e);
    if (fst) return this.make(fst.status, fst.detail, httpCode(fst.status));
    const down = unavailableDependency(e);
    if (down) {
      const what = down === 'postgres' ? 'The database' : 'The job queue (Redis)';
      return this.make(503, `${what} is unavailable; please try again shortly`, 'SERVICE_UNAVAILABLE', undefined, {
        dependency: down,
        retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      });
    }
    return this.make(500, 'An unexpected error occurred', 'INTERNAL');
  }

  private make(
    status: number,
    detail: string,
    code: string,
    errors?: FieldError[],
    extensions?: Record<string, unknown>,
  ): ProblemDetails {
    const title = TITLES[status] ?? 'Error';
    return {
      ...(extensions ?? {}), // first, so that no extension can replace a standard member
      type: `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`,
      title,
      status,
      detail,
      code,
      ...(errors && errors.length ? { errors } : {}),
    };
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function httpCode(status: number): string {
  return (TITLES[status] ?? 'Error').toUpperCase().replace(/ /g, '_');
}
