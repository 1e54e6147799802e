import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { DEFAULT_JOB_OPTIONS, QueueName } from './job-catalogue';
import { JobFailures } from './job-failures';
import { JobQueue } from './job-queue.service';
import { OutboxWriter } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { LiveEvents } from './live-events';
import { bullConnection, createRedis, REDIS_CLIENT, RedisRole } from './redis';
import { RedisStateKeeper } from './redis-state';

@Injectable()
class RedisClientCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/**
 * The BullMQ connection and every queue, the typed producer and the outbox writer. The API
 * registers as a producer (fail fast); the worker as a worker (retry forever), and it alone
 * runs the outbox relay. The key prefix comes from REDIS_PREFIX, so that
 * test runs and tenants of one Redis never see each other's keys.
 */
@Global()
@Module({})
export class QueueModule {
  static forRoot(role: Exclude<RedisRole, 'client'>): DynamicModule {
    return {
      module: QueueModule,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig) => {
            return {
              prefix: config.REDIS_PREFIX,
              connection: bullConnection(config.REDIS_URL, role),
              defaultJobOptions: DEFAULT_JOB_OPTIONS,
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
        JobQueue,
        OutboxWriter,
        LiveEvents,
        // only the worker moves outbox rows to Redis, records failed jobs and rebuilds what Redis lost
        ...(role === 'worker' ? [OutboxRelay, JobFailures, RedisStateKeeper] : []),
      ],
      exports: [
        BullModule,
        REDIS_CLIENT,
        JobQueue,
        OutboxWriter,
        LiveEvents,
        ...(role === 'worker' ? [OutboxRelay, JobFailures, RedisStateKeeper] : []),
      ],
    };
  }
}
