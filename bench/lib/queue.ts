import { Queue, QueueEvents } from 'bullmq';
import { DEFAULT_JOB_OPTIONS, JobName, jobOptionsFor, MAX_BUNDLE_BATCH, QueueName } from '@buendel/queue';
import { Stack } from './stack';
import { nowMs, sleep } from './stats';

export interface AggregateRun {
  /** from the first add to the last completion */
  wallMs: number;
  jobs: number;
  /** per job: waiting in the queue (processedOn - timestamp) and processing (finishedOn - processedOn) */
  waitMs: number[];
  processMs: number[];
  failed: string[];
}

/**
 * The bench's handle on the product's BullMQ queue `bundles` (same prefix, same job
 * options as the product's producers: jobOptionsFor from @buendel/queue).
 */
export class BundlesQueue {
  readonly queue: Queue;
  readonly events: QueueEvents;
  /** the product's other job queue (tenders, market view): idle() waits for it too */
  private readonly others: Queue[];

  constructor(private readonly stack: Stack) {
    const url = new URL(stack.options.redisUrl);
    const connection = { host: url.hostname, port: Number(url.port || 6379), maxRetriesPerRequest: null };
    this.queue = new Queue(QueueName.Bundles, {
      connection,
      prefix: stack.redisPrefix,
      defaultJobOptions: DEFAULT_JOB_OPTIONS,
    });
    this.events = new QueueEvents(QueueName.Bundles, { connection, prefix: stack.redisPrefix });
    this.others = ['tenders'].map((name) => new Queue(name, { connection, prefix: stack.redisPrefix }));
  }

  async ready(): Promise<void> {
    await Promise.all([this.queue.waitUntilReady(), this.events.waitUntilReady()]);
  }

  async close(): Promise<void> {
    await Promise.all([this.events.close(), this.queue.close(), ...this.others.map((q) => q.close())]);
  }

  /**
   * Waits until nothing is left to do: no outbox row waits for the relay and no job of the
   * bundles or tenders queue waits or runs (delayed jobs, the deadlines, do not count).
   */
  async idle(timeoutMs = 300_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let quietRounds = 0;
    while (Date.now() < deadline) {
      this.stack.assertAlive();
      const [{ pending }] = await this.stack.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM outbox WHERE relayed_at IS NULL`,
      );
      const counts = await Promise.all(
        [this.queue, ...this.others].map((q) => q.getJobCounts('waiting', 'active', 'prioritized', 'paused')),
      );
      const busy = pending + counts.flatMap((c) => Object.values(c)).reduce((a, b) => a + b, 0);
      quietRounds = busy === 0 ? quietRounds + 1 : 0;
      if (quietRounds >= 3) return;
      await sleep(200);
    }
    throw new Error('the outbox and the bundles queue did not become idle');
  }

  /**
   * Adds, in one addBulk with the product's job options, `bundle.aggregate` for every bundle
   * (mode `single`: deduplication per bundle, attempts, backoff) or `bundles.aggregate-batch`
   * for every MAX_BUNDLE_BATCH bundles (mode `batch`), and waits until each job has completed.
   * `onDone` gets the number of bundles done.
   */
  async aggregate(
    bundleIds: string[],
    onDone?: (done: number) => void,
    mode: 'single' | 'batch' = 'single',
  ): Promise<AggregateRun> {
    await this.ready();
    const pending = new Set<string>();
    const failed: string[] = [];
    let done = 0;
    let adding = true;
    const sizeOf = new Map<string, number>();
    let resolveAll!: () => void;
    const all = new Promise<void>((resolve) => (resolveAll = resolve));
    const finish = (jobId: string, ok: boolean, reason?: string) => {
      if (!pending.delete(jobId)) return;
      if (!ok) failed.push(`${jobId}: ${reason ?? 'failed'}`);
      done += sizeOf.get(jobId) ?? 1;
      onDone?.(done);
      if (pending.size === 0 && adding === false) resolveAll();
    };
    const early = new Map<string, { ok: boolean; reason?: string }>();
    // when each job became active and finished, by the Redis server's clock (the event stream ids)
    const activeAt = new Map<string, number>();
    const finishedAt = new Map<string, number>();
    const streamTime = (id: string) => Number(id.split('-')[0]);
    const onActive = ({ jobId }: { jobId: string }, id: string) => activeAt.set(jobId, streamTime(id));
    const onCompleted = ({ jobId }: { jobId: string }, id: string) => {
      finishedAt.set(jobId, streamTime(id));
      if (pending.has(jobId)) finish(jobId, true);
      else early.set(jobId, { ok: true });
    };
    const onFailed = ({ jobId, failedReason }: { jobId: string; failedReason: string }) => {
      // a failed attempt is retried; the job counts as failed only when no attempt is left
      void this.queue.getJob(jobId).then((job) => {
        if (!job || job.attemptsMade >= (job.opts.attempts ?? 1)) {
          if (pending.has(jobId)) finish(jobId, false, failedReason);
          else early.set(jobId, { ok: false, reason: failedReason });
        }
      });
    };
    // the listeners are in place before the add: every job's events arrive (those before addBulk returns via `early`)
    this.events.on('active', onActive);
    this.events.on('completed', onCompleted);
    this.events.on('failed', onFailed);
    const started = nowMs();
    const addedAt = Date.now();
    try {
      const keep = { removeOnComplete: { count: 20_000 } };
      const batches: string[][] = [];
      for (let k = 0; k < bundleIds.length; k += MAX_BUNDLE_BATCH)
        batches.push(bundleIds.slice(k, k + MAX_BUNDLE_BATCH));
      const jobs =
        mode === 'single'
          ? await this.queue.addBulk(
              bundleIds.map((bundleId) => ({
                name: JobName.BundleAggregate,
                data: { bundleId },
                opts: { ...jobOptionsFor(JobName.BundleAggregate, { bundleId }), ...keep },
              })),
            )
          : await this.queue.addBulk(
              batches.map((ids) => ({
                name: JobName.BundlesAggregateBatch,
                data: { bundleIds: ids },
                opts: { ...jobOptionsFor(JobName.BundlesAggregateBatch, { bundleIds: ids }), ...keep },
              })),
            );
      jobs.forEach((job, k) => mode === 'batch' && sizeOf.set(job.id!, batches[k]!.length));
      for (const job of jobs) if (job.id) pending.add(job.id);
      adding = false;
      for (const [jobId, result] of early) if (pending.has(jobId)) finish(jobId, result.ok, result.reason);
      if (pending.size > 0) await all;
      const wallMs = nowMs() - started;
      // the job records themselves may be gone: a completing job trims the completed set to its own
      // removeOnComplete count (the product's periodic sweep keeps 50), so the timings come from the events
      const ids = jobs.map((job) => job.id!).filter((id) => activeAt.has(id) && finishedAt.has(id));
      return {
        wallMs,
        jobs: jobs.length,
        waitMs: ids.map((id) => activeAt.get(id)! - addedAt),
        processMs: ids.map((id) => finishedAt.get(id)! - activeAt.get(id)!),
        failed,
      };
    } finally {
      this.events.off('active', onActive);
      this.events.off('completed', onCompleted);
      this.events.off('failed', onFailed);
    }
  }
}
