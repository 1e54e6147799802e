import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { createRedis, withTimeout } from './redis';

/** why the state in Redis is being rebuilt */
export type RestoreReason = 'start' | 'data lost';

/**
 * An owner of state in Redis that the database can rebuild: job schedulers with stable keys,
 * and the delayed jobs of deadlines that the database holds (PostgreSQL is the source of truth
 * of every deadline). `restoreRedisState` must be idempotent: it runs at every start of a
 * worker and whenever Redis has lost its data, possibly in several workers at once.
 */
export abstract class RedisStateOwner {
  abstract restoreRedisState(reason: RestoreReason): Promise<void>;
}

/** how often the worker checks that Redis still holds its state */
export const REDIS_STATE_CHECK_MS = 5000;

/** the key (under REDIS_PREFIX) that says the state in Redis was rebuilt; gone when Redis lost its data */
export const redisStateKey = (prefix: string) => `${prefix}:worker:state`;

/**
 * Heals the worker's state in Redis. At start, and whenever the marker key is found missing
 * (every REDIS_STATE_CHECK_MS and at once after each reconnection: a Redis that restarted empty,
 * was flushed or lost its keys), it asks every RedisStateOwner to rebuild what it owns, and
 * then sets the marker. A failed rebuild (Redis down again) leaves the marker unset and is
 * tried again at the next check. Only the worker runs it.
 */
@Injectable()
export class RedisStateKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RedisStateKeeper.name);
  private redis?: Redis;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get owners(): RedisStateOwner[] {
    return this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is RedisStateOwner => instance instanceof RedisStateOwner);
  }

  async onApplicationBootstrap(): Promise<void> {
    const redis = createRedis(this.config.REDIS_URL, 'client', 'buendel-state-keeper');
    redis.on('error', () => undefined); // an outage is what this class waits out
    let connectedBefore = false;
    redis.on('ready', () => {
      if (connectedBefore) void this.check();
      connectedBefore = true;
    });
    this.redis = redis;
    await this.restore('start');
    this.timer = setInterval(() => void this.check(), REDIS_STATE_CHECK_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }

  /** Rebuilds the state if Redis no longer holds the marker. */
  async check(): Promise<void> {
    if (this.stopped || this.running || !this.redis) return;
    try {
      if ((await withTimeout(this.redis.exists(redisStateKey(this.config.REDIS_PREFIX)), 2000)) === 1) return;
    } catch {
      return; // Redis is down: nothing to rebuild into; the next check tries again
    }
    await this.restore('data lost');
  }

  /** Asks every owner (all at once) to rebuild its state; the marker is set only when all succeeded. */
  restore(reason: RestoreReason): Promise<void> {
    if (this.running) return this.running;
    this.running = this.rebuild(reason).finally(() => (this.running = undefined));
    return this.running;
  }

  private async rebuild(reason: RestoreReason): Promise<void> {
    const started = Date.now();
    const owners = this.owners;
    const results = await Promise.allSettled(owners.map((owner) => owner.restoreRedisState(reason)));
    const failures = results.flatMap((r, i) =>
      r.status === 'rejected'
        ? [`${owners[i]?.constructor.name}: ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`]
        : [],
    );
    if (failures.length) {
      this.logger.warn(`state in Redis not rebuilt yet (${failures.join('; ')}); trying again`);
      return;
    }
    await this.redis?.set(redisStateKey(this.config.REDIS_PREFIX), new Date().toISOString()).catch(() => undefined);
    const how = reason === 'start' ? 'registered' : 'rebuilt from the database after Redis lost its data';
    this.logger.log(`job schedules and deadline jobs ${how} in ${Date.now() - started} ms`);
  }
}
