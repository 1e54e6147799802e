import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { REDIS_CLIENT, withTimeout } from '@buendel/queue';

/**
 * An IP address is often shared (a town hall behind one NAT gateway), so it may fail this
 * many times more often than one e-mail address before it is blocked too.
 */
export const IP_FAILURE_FACTOR = 10;

/** how long the limiter waits for Redis before it lets the login through */
const REDIS_TIMEOUT_MS = 1000;
/** connection states in which Redis is known to be unreachable */
const DOWN = ['reconnecting', 'close', 'end'];

/**
 * Checks both counters and, unless one is at its limit, counts this attempt as a failure
 * in advance, all in one step: concurrent attempts cannot slip past the limit together.
 * KEYS: e-mail counter, IP counter. ARGV: window seconds, e-mail limit, IP limit.
 * Returns {0, 0} when the attempt may go on, else {1 (e-mail) or 2 (IP), ms left}.
 */
const ATTEMPT_SCRIPT = `
local limits = { tonumber(ARGV[2]), tonumber(ARGV[3]) }
for n, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= limits[n] then
    return { n, redis.call('PTTL', key) }
  end
end
for _, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[1]) end
end
return { 0, 0 }`;

/** A success: forgets the e-mail's failures and takes back the IP's count of this attempt. */
const SUCCESS_SCRIPT = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0`;

export interface LoginBlock {
  /** seconds until the window of the blocking counter ends */
  retryAfterSeconds: number;
  scope: 'email' | 'ip';
}

/**
 * Counts failed logins in Redis, per lower-cased e-mail and per client IP, in fixed windows
 * of LOGIN_WINDOW_SECONDS that start with the first failure; shared by every API instance.
 * Fails open: when Redis does not answer, logins go on (with a warning in the log) rather
 * than a Redis outage locking everybody out.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly logger = new Logger(LoginRateLimiter.name);

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxFailuresPerEmail(): number {
    return this.config.LOGIN_MAX_FAILURES;
  }

  get maxFailuresPerIp(): number {
    return this.config.LOGIN_MAX_FAILURES * IP_FAILURE_FACTOR;
  }

  /** the Redis key of an e-mail's counter (hashed: no addresses in Redis) */
  emailKey(email: string): string {
    const digest = createHash('sha256').update(email.trim().toLowerCase()).digest('hex').slice(0, 32);
    return `${this.config.REDIS_PREFIX}:login:email:${digest}`;
  }

  ipKey(ip: string): string {
    return `${this.config.REDIS_PREFIX}:login:ip:${ip}`;
  }

  /**
   * Before a password is checked: the block in force for this e-mail or IP, or undefined,
   * in which case the attempt is counted as a failure until `succeeded` takes it back.
   */
  async attempt(email: string, ip: string): Promise<LoginBlock | undefined> {
    const reply = await this.guarded('count an attempt', () =>
      this.redis.eval(
        ATTEMPT_SCRIPT,
        2,
        this.emailKey(email),
        this.ipKey(ip),
        this.config.LOGIN_WINDOW_SECONDS,
        this.maxFailuresPerEmail,
        this.maxFailuresPerIp,
      ),
    );
    if (!Array.isArray(reply) || reply[0] === 0) return undefined;
    const ms = Number(reply[1]);
    return { scope: reply[0] === 1 ? 'email' : 'ip', retryAfterSeconds: ms > 0 ? Math.ceil(ms / 1000) : 1 };
  }

  /** after a successful login: the e-mail's failures are forgiven, the IP's earlier ones are not */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.guarded('clear', () => this.redis.eval(SUCCESS_SCRIPT, 2, this.emailKey(email), this.ipKey(ip)));
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
