import type { ConnectionOptions } from 'bullmq';
import { Redis, RedisOptions } from 'ioredis';

/** a general-purpose, fail-fast Redis client (health, rate limits, heartbeat, live events' publishing) */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

export type RedisRole = 'worker' | 'producer' | 'client';

/**
 * Connection options per role. Workers block on Redis and must retry forever
 * (BullMQ requires `maxRetriesPerRequest: null`); producers and plain clients fail fast,
 * so that an API request never hangs on a Redis outage.
 */
export function redisOptions(role: RedisRole): RedisOptions {
  if (role === 'worker') {
    return { maxRetriesPerRequest: null, enableReadyCheck: true };
  }
  if (role === 'client') {
    // commands issued while (re)connecting wait briefly instead of failing at once
    return {
      maxRetriesPerRequest: 1,
      commandTimeout: 2000,
      connectTimeout: 2000,
      retryStrategy: (t) => Math.min(t * 200, 2000),
    };
  }
  return {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
}

/** BullMQ connection options for a redis:// or rediss:// URL and a role. */
export function bullConnection(redisUrl: string, role: RedisRole): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    username: url.username || undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    ...redisOptions(role),
  };
}

export function createRedis(url: string, role: RedisRole, name?: string): Redis {
  return new Redis(url, { ...redisOptions(role), connectionName: name, lazyConnect: false });
}

/** Resolves when Redis answers PING, rejects after `timeoutMs`. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<void> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } finally {
    client.disconnect();
  }
}

/** The promise's result, or a rejection naming the wait when `ms` pass first (Redis calls that must not hang). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
