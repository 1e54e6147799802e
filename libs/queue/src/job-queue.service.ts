import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, jobOptionsFor, JobPayloads, QueueName } from './job-catalogue';

/**
 * Typed producer: `enqueue(JobName.X, payloadOfX)` picks the right queue and the job's
 * options. Use it outside transactions only (schedules, sweeps); a change that needs a job
 * writes an outbox row in its transaction instead (OutboxWriter).
 */
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.System) system: Queue,
    @InjectQueue(QueueName.Bundles) bundles: Queue,
    @InjectQueue(QueueName.Tenders) tenders: Queue,
    @InjectQueue(QueueName.Imports) imports: Queue,
    @InjectQueue(QueueName.Mail) mail: Queue,
  ) {
    this.queues = {
      [QueueName.System]: system,
      [QueueName.Bundles]: bundles,
      [QueueName.Tenders]: tenders,
      [QueueName.Imports]: imports,
      [QueueName.Mail]: mail,
    };
    // a lost Redis connection: one line now and then (the /health check reports the outage), never a stack trace
    let last = 0;
    for (const queue of Object.values(this.queues)) {
      queue.on('error', (error: Error) => {
        if (Date.now() - last < 10_000) return;
        last = Date.now();
        this.logger.warn(`queue ${queue.name}: ${error.message}`);
      });
    }
  }

  private readonly logger = new Logger(JobQueue.name);

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options?: JobsOptions): Promise<string | undefined> {
    const job = await this.queues[JOB_QUEUE[name]].add(name, data, { ...jobOptionsFor(name, data), ...options });
    return job.id;
  }
}
