import { applyDecorators, UseGuards } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { REDIS_CLIENT } from '@buendel/queue';

/**
 * Per-address limits for sign-up style routes (supplier registration; password resets when
 * they come), with @nestjs/throttler counting in Redis (@nest-lab/throttler-storage-redis)
 * under REDIS_PREFIX, so that every API instance shares the count. The address is the
 * client's as fastify sees it (X-Forwarded-For only from TRUST_PROXY); IPv6 addresses count
 * per /64, which one household or office gets.
 */
export const AddressLimitModule = ThrottlerModule.forRootAsync({
  inject: [REDIS_CLIENT, APP_CONFIG],
  useFactory: (redis: Redis, config: AppConfig) => ({
    throttlers: [{ ttl: 3600_000, limit: config.REGISTRATIONS_PER_ADDRESS_PER_HOUR }],
    storage: new ThrottlerStorageRedisService(redis),
    ipv6SubnetPrefix: 64,
    generateKey: (context, tracker, name) =>
      `${config.REDIS_PREFIX}:throttle:${name}:${context.getClass().name}.${context.getHandler().name}:${tracker}`,
  }),
});

/** At most REGISTRATIONS_PER_ADDRESS_PER_HOUR requests per client address and hour to this route (429 with Retry-After). */
export const LimitPerAddress = () =>
  applyDecorators(
    UseGuards(ThrottlerGuard),
    ApiTooManyRequestsResponse({ description: 'too many requests from this address this hour; see Retry-After' }),
  );
