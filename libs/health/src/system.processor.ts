import { Processor } from '@nestjs/bullmq';
import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  WORKER_OPTIONS,
  JobName,
  QueueName,
  REDIS_CLIENT,
  RedisStateOwner,
  TypedJob,
  TypedWorkerHost,
  UnhandledJobError,
} from '@buendel/queue';
import { heartbeatKey, HEARTBEAT_EVERY_MS, HEARTBEAT_STALE_MS } from './heartbeat';

/** Jobs of the system queue. Only the worker imports this. */
@Processor(QueueName.System, WORKER_OPTIONS)
export class SystemProcessor extends TypedWorkerHost {
  readonly handles = [JobName.WorkerHeartbeat] as const;

  constructor(
    @Inject(REDIS_CLIENT) private readonly redis: Redis,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  async process(job: TypedJob): Promise<unknown> {
    switch (job.name) {
      case JobName.WorkerHeartbeat:
        await this.redis.set(heartbeatKey(this.config.REDIS_PREFIX), String(Date.now()), 'PX', HEARTBEAT_STALE_MS * 2);
        return { at: new Date().toISOString() };
      default:
        throw new UnhandledJobError(job.name);
    }
  }

  /** the heartbeat has no row: a missing heartbeat shows in /health */
  protected async onFinalFailure(job: TypedJob): Promise<void> {
    if (job.name !== JobName.WorkerHeartbeat) throw new UnhandledJobError(job.name);
  }
}

/** The repeatable system jobs with stable scheduler keys, registered at start and again whenever Redis lost them. */
@Injectable()
export class SystemSchedules extends RedisStateOwner {
  constructor(@InjectQueue(QueueName.System) private readonly queue: Queue) {
    super();
  }

  async restoreRedisState(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'worker-heartbeat',
      { every: HEARTBEAT_EVERY_MS },
      {
        name: JobName.WorkerHeartbeat,
        data: {},
        opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 100 } },
      },
    );
  }
}
