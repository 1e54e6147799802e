/** the Redis key (under REDIS_PREFIX) where the worker records its last heartbeat */
export const heartbeatKey = (prefix: string) => `${prefix}:worker:heartbeat`;
export const HEARTBEAT_EVERY_MS = 10_000;
/** a worker that has not reported for this long counts as down */
export const HEARTBEAT_STALE_MS = 3 * HEARTBEAT_EVERY_MS;
