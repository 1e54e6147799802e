import { Transform } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  DomainException,
  ErrorKind,
  FieldError,
  isFieldWithin,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPE_BASE,
  ValidationException,
} from '@buendel/errors';

/**
 * Input that no route can store or should walk: checked for every request before Nest sees it,
 * so that no handler, validator or SQL statement meets it (a 400 naming the field, never a 500).
 */

/** nesting of objects and arrays a JSON body may have; the deepest DTO needs about six */
export const JSON_MAX_DEPTH = 32;

/** PostgreSQL cannot store U+0000 in text; it is never part of what a person typed */
export const NUL_REASON = {
  code: 'NUL_CHARACTER',
  reason: 'must not contain a null character (U+0000)',
  de: 'darf kein Nullzeichen (U+0000) enthalten',
} as const;

export const JSON_TOO_DEEP_CODE = 'JSON_TOO_DEEP';

/**
 * Follows the nesting of JSON text as it arrives, chunk by chunk (bytes: brackets, quotes and the
 * backslash are ASCII, and no byte of a multi-byte UTF-8 character looks like one).
 */
export class JsonNesting {
  private depth = 0;
  private inString = false;
  private escaped = false;
  constructor(private readonly max: number) {}

  /** reads more text; true once the nesting went deeper than `max` */
  tooDeepAfter(chunk: Uint8Array | string): boolean {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
      } else if (c === 0x22) {
        this.inString = true;
      } else if (c === 0x7b || c === 0x5b) {
        if (++this.depth > this.max) return true;
      } else if (c === 0x7d || c === 0x5d) {
        this.depth--;
      }
    }
    return false;
  }
}

/** True when the JSON text nests objects and arrays deeper than `max` (brackets inside strings do not count). */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  return new JsonNesting(max).tooDeepAfter(text);
}

/**
 * Every place in a parsed value (a JSON body, the query, the path parameters) whose text holds
 * U+0000: `title`, `lots.2.name`; a key holding it is named by its parent and the key as written.
 */
export function fieldsWithNul(value: unknown, path = '', out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(path || '(body)');
    return out;
  }
  if (typeof value !== 'object' || value === null || depth > JSON_MAX_DEPTH + 1) return out;
  if (Array.isArray(value)) {
    value.forEach((v, i) => fieldsWithNul(v, path ? `${path}.${i}` : String(i), out, depth + 1));
    return out;
  }
  if (!isParsedObject(value)) return out; // a stream or a buffer (CSV, XLSX uploads) is read by its route
  for (const [key, v] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) out.push(field.split('\u0000').join('\\u0000'));
    else fieldsWithNul(v, field, out, depth + 1);
  }
  return out;
}

/**
 * An object a parser made (JSON, the query string, the router's parameters; the last two have
 * prototypes of their own), not a buffer, a stream or another class's instance.
 */
function isParsedObject(value: object): boolean {
  if (ArrayBuffer.isView(value) || typeof (value as { pipe?: unknown }).pipe === 'function') return false;
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
}

/** the 400 for JSON nested too deeply */
export function jsonTooDeep(max = JSON_MAX_DEPTH): DomainException {
  return new DomainException(
    ErrorKind.Validation,
    JSON_TOO_DEEP_CODE,
    `The JSON body is nested too deeply (at most ${max} levels of objects and lists)`,
    {
      de: `Der JSON-Inhalt ist zu tief verschachtelt (höchstens ${max} Ebenen aus Objekten und Listen)`,
      extensions: { maxDepth: max },
    },
  );
}

/**
 * The 400 naming every field that holds U+0000, and the other bad fields of the same request
 * (`others`, what its validation found) except where a field with U+0000 is named already.
 */
export function nulRefused(fields: string[], others: FieldError[] = []): ValidationException {
  const nul = [...new Set(fields)];
  const errors: FieldError[] = [
    ...nul.map((field) => ({ field, ...NUL_REASON })),
    ...others.filter((e) => !e.field.includes('\u0000') && !nul.some((f) => isFieldWithin(e.field, f))),
  ];
  return new ValidationException(errors, 'The request has invalid fields', 'Die Anfrage enthält ungültige Felder.');
}

/** the fields with U+0000 of a request whose refusal the hook left to NulCharacterGuard */
const NUL_FIELDS = new WeakMap<object, string[]>();

/** the fields with U+0000 of a request of an API route (see registerInputLimits), or undefined */
export function nulFieldsOf(request: { raw: object }): string[] | undefined {
  return NUL_FIELDS.get(request.raw);
}

/**
 * Installs the limits on the API's fastify instance:
 * - an `application/json` body nested deeper than `maxDepth` is refused with 400 while it
 *   arrives, before any parser reads it (the size limit, 413, is fastify's `bodyLimit`);
 * - a text holding U+0000 anywhere in the JSON body, the query or the path is refused with 400
 *   naming each such field (also on public routes: login, registration); on the routes
 *   `namedByGuard` takes (the API's) by NulCharacterGuard, before the handler too, which names
 *   the request's other bad fields in the same answer.
 */
export function registerInputLimits(
  fastify: FastifyInstance,
  options: { maxDepth?: number; namedByGuard?: (routeUrl: string) => boolean } = {},
): void {
  const maxDepth = options.maxDepth ?? JSON_MAX_DEPTH;
  fastify.addHook('preParsing', (request, _reply, payload, done) => {
    if (!isJsonMediaType(request.headers['content-type'])) {
      done(null, payload);
      return;
    }
    const nesting = new JsonNesting(maxDepth);
    const checked = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        if (nesting.tooDeepAfter(chunk)) next(jsonTooDeep(maxDepth));
        else next(null, chunk);
      },
    });
    // an error on the way (a dropped connection) ends the check too; fastify answers what it read.
    // A body fastify does not read (a GET's, one of an unknown media type) errs unheard: ignored.
    payload.on('error', (e) => checked.destroy(e));
    checked.on('error', () => undefined);
    done(null, payload.pipe(checked));
  });
  fastify.addHook('preValidation', (request: FastifyRequest, _reply, done) => {
    const fields = [
      ...fieldsWithNul(request.params),
      ...fieldsWithNul(request.query),
      ...(isJsonValue(request.body) ? fieldsWithNul(request.body) : []),
    ];
    if (fields.length && options.namedByGuard?.(request.routeOptions.url ?? '')) {
      NUL_FIELDS.set(request.raw, fields);
      done();
      return;
    }
    done(fields.length ? (nulRefused(fields) as unknown as FastifyError) : undefined);
  });
}

/** `application/json`, with or without parameters (what fastify's JSON parser takes) */
function isJsonMediaType(contentType: string | undefined): boolean {
  return typeof contentType === 'string' && /^\s*application\/json\s*(;|$)/i.test(contentType);
}

function isJsonValue(body: unknown): boolean {
  return typeof body === 'string' || Array.isArray(body) || (typeof body === 'object' && body !== null);
}

const FRAMEWORK_ERRORS: Record<string, { status: number; title: string; code: string; detail: string }> = {
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    title: 'URI Too Long',
    code: 'PATH_PARAMETER_TOO_LONG',
    detail: 'Ein Teil der Adresse (ein Pfadparameter) ist zu lang (höchstens 100 Zeichen)',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    title: 'Bad Request',
    code: 'BAD_URL',
    detail: 'Die Adresse ist ungültig kodiert (Prozent-Kodierung)',
  },
};

/**
 * fastify's `frameworkErrors`: what its router refuses before any route or hook runs (a path
 * parameter over `maxParamLength`, a broken percent-encoding) is a problem body too, in German.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const known = FRAMEWORK_ERRORS[error.code] ?? {
    status: error.statusCode && error.statusCode < 500 ? error.statusCode : 400,
    title: 'Bad Request',
    code: 'BAD_REQUEST',
    detail: 'Die Anfrage konnte nicht gelesen werden',
  };
  void reply
    .code(known.status)
    .header('content-type', PROBLEM_CONTENT_TYPE)
    .header('x-request-id', request.id)
    .send({
      type: `${PROBLEM_TYPE_BASE}${known.code.toLowerCase().replace(/_/g, '-')}`,
      title: known.title,
      status: known.status,
      detail: known.detail,
      code: known.code,
      instance: request.url.split('?')[0],
      requestId: request.id,
    });
}
