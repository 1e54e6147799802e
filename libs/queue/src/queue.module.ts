import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { QueueName } from './job-catalogue';
import { createRedis, redisOptions, RedisRole } from './redis';

/** a general-purpose, fail-fast Redis client (health, rate limits, heartbeat) */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');

@Injectable()
class RedisClientCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The BullMQ connection and every queue. The API registers as a producer (fail fast);
 * the worker as a worker (retry forever). The key prefix comes from REDIS_PREFIX, so that
 * test runs and tenants of one Redis never see each other's keys.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(role: Exclude<RedisRole, 'client'>): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const url = new URL(config.REDIS_URL);
            return {
              prefix: config.REDIS_PREFIX,
              connection: {
                host: url.hostname,
                port: Number(url.port || 6379),
                username: url.username || undefined,
                password: url.password ? decodeURIComponent(url.password) : undefined,
                db: url.pathname.length > 1 ? Number(url.pathname.slice(1)) : undefined,
                tls: url.protocol === 'rediss:' ? {} : undefined,
                ...redisOptions(role),
              },
              defaultJobOptions: {
                attempts: 5,
                backoff: { type: 'exponential', delay: 1000 },
                removeOnComplete: { age: 24 * 3600, count: 1000 },
                removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
              },
            };
          },
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      providers: [
        {
          provide: REDIS_CLIENT,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            const client = createRedis(config.REDIS_URL, 'client', 'buendel-client');
            client.on('error', () => undefined); // reported through /health, not as crashes
            return client;
          },
        },
        RedisClientCloser,
      ],
      exports: [BullModule, REDIS_CLIENT],
    };
  }
}
