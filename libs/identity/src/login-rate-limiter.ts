import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { REDIS_CLIENT, withTimeout } from '@buendel/queue';

/** how long the limiter waits for Redis before it lets the login through */
const REDIS_TIMEOUT_MS = 1000;
/** connection states in which Redis is known to be unreachable */
const DOWN = ['reconnecting', 'close', 'end'];
/** the wait before the first login past the account's free failures; it doubles with each further one */
const FIRST_DELAY_MS = 1000;

/**
 * Before the password is checked. KEYS: pair counter (account and address), address counter,
 * account counter. ARGV: window seconds, pair limit, address limit.
 * Refuses {1 (pair) or 2 (address), ms left, 0} when a counter is at its limit; else counts
 * this attempt as a failure of the pair and the address in advance (so that parallel guesses
 * cannot slip past the limit together) and returns {0, 0, the account's failures}.
 */
const BEFORE_SCRIPT = `
local limits = { tonumber(ARGV[2]), tonumber(ARGV[3]) }
for n = 1, 2 do
  if tonumber(redis.call('GET', KEYS[n]) or '0') >= limits[n] then
    return { n, redis.call('PTTL', KEYS[n]), 0 }
  end
end
for n = 1, 2 do
  if redis.call('INCR', KEYS[n]) == 1 then redis.call('EXPIRE', KEYS[n], ARGV[1]) end
end
return { 0, 0, tonumber(redis.call('GET', KEYS[3]) or '0') }`;

/** The password was checked and wrong: the account counts one more failure (the pair and address did already). */
const FAILED_SCRIPT = `
if redis.call('INCR', KEYS[1]) == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return 0`;

/** Success: the pair and the account are forgiven; the address takes back this attempt only. */
const SUCCEEDED_SCRIPT = `
redis.call('DEL', KEYS[1], KEYS[3])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0`;

/** The password was never checked (the database did not answer): this attempt counts for nothing. */
const NOT_CHECKED_SCRIPT = `
for n = 1, 2 do
  if tonumber(redis.call('GET', KEYS[n]) or '0') > 0 then redis.call('DECR', KEYS[n]) end
end
return 0`;

export interface LoginBlock {
  /** seconds until the window of the blocking counter ends */
  retryAfterSeconds: number;
  /** `pair`: this account from this address; `address`: every account from this address */
  scope: 'pair' | 'address';
}

export interface LoginGate {
  block?: LoginBlock;
  /** how long to wait before the password is checked: the account's recent failures slow it down */
  delayMs: number;
}

/**
 * Login throttling that an attacker cannot turn against a user (OWASP Authentication Cheat
 * Sheet), shared by every API instance through Redis, in fixed windows of
 * LOGIN_WINDOW_SECONDS that start with the first failure:
 *
 * - lockout per account and address pair: LOGIN_MAX_FAILURES wrong passwords for one e-mail
 *   from one address refuse that pair (429) until the window ends; the same account from
 *   another address is not refused;
 * - the account itself is never locked: past LOGIN_MAX_FAILURES failures from anywhere, each
 *   login for it waits first (1 s, doubling, at most LOGIN_MAX_DELAY_SECONDS), which slows a
 *   distributed guesser and only delays the real user;
 * - per address (password spraying): LOGIN_MAX_FAILURES_PER_ADDRESS failures from one address,
 *   high enough for a town hall behind one NAT gateway.
 *
 * Only a checked and wrong password counts: an attempt whose password could not be checked
 * (the database down) is taken back. Fails open: when Redis does not answer, logins go on
 * (with a warning in the log) rather than a Redis outage locking everybody out.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxFailuresPerPair(): number {
    return this.config.LOGIN_MAX_FAILURES;
  }

  get maxFailuresPerAddress(): number {
    return this.config.LOGIN_MAX_FAILURES_PER_ADDRESS;
  }

  /** the wait before a login of an account with this many recent failures */
  delayFor(accountFailures: number): number {
    const beyond = accountFailures - this.config.LOGIN_MAX_FAILURES;
    if (beyond < 0) return 0;
    return Math.min(FIRST_DELAY_MS * 2 ** Math.min(beyond, 16), this.config.LOGIN_MAX_DELAY_SECONDS * 1000);
  }

  /** the Redis keys of an e-mail and address (hashed: no e-mail addresses in Redis) */
  keys(email: string, ip: string): [pair: string, address: string, account: string] {
    const account = digest(email.trim().toLowerCase());
    const prefix = `${this.config.REDIS_PREFIX}:login`;
    return [`${prefix}:pair:${digest(`${account}|${ip}`)}`, `${prefix}:ip:${ip}`, `${prefix}:account:${account}`];
  }

  /**
   * Before a password is checked: a block in force for this pair or address, or the wait the
   * account's failures ask for. Unless blocked, the attempt counts as a failure of the pair and
   * the address until `succeeded` or `notChecked` takes it back.
   */
  async before(email: string, ip: string): Promise<LoginGate> {
    const reply = await this.guarded('count an attempt', () =>
      this.redis.eval(
        BEFORE_SCRIPT,
        3,
        ...this.keys(email, ip),
        this.config.LOGIN_WINDOW_SECONDS,
        this.maxFailuresPerPair,
        this.maxFailuresPerAddress,
      ),
    );
    if (!Array.isArray(reply)) return { delayMs: 0 };
    if (reply[0] === 0) return { delayMs: this.delayFor(Number(reply[2])) };
    const ms = Number(reply[1]);
    return {
      delayMs: 0,
      block: { scope: reply[0] === 1 ? 'pair' : 'address', retryAfterSeconds: ms > 0 ? Math.ceil(ms / 1000) : 1 },
    };
  }

  /** the password was checked and wrong (or the user unknown or inactive: the same answer) */
  async failed(email: string, ip: string): Promise<void> {
    const account = this.keys(email, ip)[2];
    await this.guarded('count a failure', () =>
      this.redis.eval(FAILED_SCRIPT, 1, account, this.config.LOGIN_WINDOW_SECONDS),
    );
  }

  /** a successful login: the pair's and the account's failures are forgiven, the address's earlier ones are not */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.guarded('clear', () => this.redis.eval(SUCCEEDED_SCRIPT, 3, ...this.keys(email, ip)));
  }

  /** the password could not be checked: this attempt counts for nothing */
  async notChecked(email: string, ip: string): Promise<void> {
    await this.guarded('take an attempt back', () => this.redis.eval(NOT_CHECKED_SCRIPT, 3, ...this.keys(email, ip)));
  }

  private async guarded<T>(what: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      // known to be down: no waiting for a timeout on every login of the outage
      if (DOWN.includes(this.redis.status)) throw new Error(`the Redis connection is ${this.redis.status}`);
      return await withTimeout(fn(), REDIS_TIMEOUT_MS);
    } catch (e) {
      this.logger.warn(
        `login rate limit unavailable (${what}: ${e instanceof Error ? e.message : String(e)}); failing open`,
      );
      return undefined;
    }
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}
