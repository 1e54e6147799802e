/** a dependency whose outage is answered with 503 and Retry-After, not with 500 */
export type Dependency = 'postgres' | 'redis';

/** seconds a client should wait before trying again while a dependency is down */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** socket errors of a server that is gone, frozen or unreachable */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * PostgreSQL SQLSTATEs of a server that cannot serve now: connection exceptions (class 08),
 * operator intervention (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect
 * now) and too many connections (53300).
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/** what node-postgres (pg, pg-pool) says when its connection fails or is lost */
const PG_MESSAGES = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /^Connection ended unexpectedly/,
];

/** what ioredis says when it cannot send a command */
const REDIS_NAMES = new Set(['MaxRetriesPerRequestError']);
const REDIS_MESSAGES = [
  /^Connection is closed\.?$/,
  /Stream isn't writeable and enableOfflineQueue options is false/,
  /^Command timed out$/,
  /^Reached the max retries per request limit/,
];

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  driverError?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/**
 * Which dependency an error says is unavailable, if any: PostgreSQL (refused, dropped or
 * shut-down connections, through TypeORM's QueryFailedError or straight from the pool) or
 * Redis (ioredis failing fast). Everything else is undefined, and stays a 500.
 */
export function unavailableDependency(e: unknown, depth = 0): Dependency | undefined {
  if (typeof e !== 'object' || e === null || depth > 3) return undefined;
  const { name, message, code, driverError, errors, cause } = e as ErrorShape;
  const text = typeof message === 'string' ? message : '';
  if ((typeof name === 'string' && REDIS_NAMES.has(name)) || REDIS_MESSAGES.some((m) => m.test(text))) return 'redis';
  if (typeof code === 'string' && isUnavailableSqlState(code)) return 'postgres';
  if (PG_MESSAGES.some((m) => m.test(text))) return 'postgres';
  const inner = [driverError, cause, ...(Array.isArray(errors) ? errors : [])]
    .map((x) => unavailableDependency(x, depth + 1))
    .find((d) => d !== undefined);
  if (inner) return inner;
  // a refused or dropped socket: Redis clients say so in their own words above, so this is PostgreSQL's pool
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return 'postgres';
  return undefined;
}
