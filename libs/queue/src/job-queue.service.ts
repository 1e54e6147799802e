import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, JobPayloads, QueueName } from './job-catalogue';

/** Typed producer: `enqueue(JobName.X, payloadOfX)` picks the right queue. */
@Injectable()
export class JobQueue {
  private readonly queues: Record<QueueName, Queue>;

  constructor(@InjectQueue(QueueName.System) system: Queue) {
    this.queues = { [QueueName.System]: system };
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }

  async enqueue<N extends JobName>(name: N, data: JobPayloads[N], options?: JobsOptions): Promise<string | undefined> {
    const job = await this.queues[JOB_QUEUE[name]].add(name, data, options);
    return job.id;
  }
}
