import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { PgListener } from '@buendel/persistence';
import { DEFAULT_JOB_OPTIONS, JOB_QUEUE, JobName, JobPayloads, QueueName } from './job-catalogue';
import { addJobsOnce, BulkJob, bulkJobOf } from './add-jobs';
import { OUTBOX_CHANNEL } from './outbox';
import { bullConnection, withTimeout } from './redis';

/** rows moved per transaction */
const BATCH_SIZE = 500;
/** the fallback poll when no NOTIFY arrives (and the retry pace while Redis is down) */
const POLL_MS = 1000;
/** an add that takes longer counts as failed; the rows stay and are tried again */
const ADD_TIMEOUT_MS = 5000;

interface OutboxRow {
  id: string;
  job_name: JobName;
  payload: JobPayloads[JobName];
  job_id: string;
  run_at: Date | null;
}

/** jobs whose bursts collapse to one per payload key within a batch (the job reads the latest rows anyway) */
const COALESCED: Partial<Record<JobName, (payload: JobPayloads[JobName]) => string>> = {
  [JobName.BundleAggregate]: (p) => (p as JobPayloads[JobName.BundleAggregate]).bundleId,
};

/** Keeps the last row per coalescing key and every other row, in row order. */
export function coalesceOutboxRows<R extends { job_name: JobName; payload: JobPayloads[JobName] }>(rows: R[]): R[] {
  const lastOf = new Map<string, R>();
  for (const row of rows) {
    const key = COALESCED[row.job_name]?.(row.payload);
    if (key !== undefined) lastOf.set(`${row.job_name}|${key}`, row);
  }
  return rows.filter((row) => {
    const key = COALESCED[row.job_name]?.(row.payload);
    return key === undefined || lastOf.get(`${row.job_name}|${key}`) === row;
  });
}

/**
 * Moves committed outbox rows to BullMQ. Woken by NOTIFY on commit, and polling once a
 * second as a fallback. Claims rows with FOR UPDATE SKIP LOCKED (several workers may relay),
 * adds the jobs with their derived ids (a row relayed twice adds nothing new, and an id left
 * by a failed attempt is added anew: addJobsOnce), and marks
 * the rows relayed in the same transaction; if Redis does not answer, the transaction rolls
 * back and the rows wait for the next round. Its queues fail fast instead of queueing
 * commands offline, so an outage never blocks the relay.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private queues = new Map<QueueName, Queue>();
  private listener?: PgListener;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private failing = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, {
        connection: bullConnection(this.config.REDIS_URL, 'producer'),
        prefix: this.config.REDIS_PREFIX,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      });
      queue.on('error', () => undefined); // an outage is reported by the relay's own log lines
      this.queues.set(name, queue);
    }
    this.listener = new PgListener({
      url: this.config.DATABASE_URL,
      channel: OUTBOX_CHANNEL,
      applicationName: 'buendel-outbox-relay',
      onNotification: () => void this.kick(),
      onConnected: () => void this.kick(),
      onTrouble: (message) => this.logger.warn(`cannot LISTEN for outbox commits (${message}); polling`),
      retryMs: POLL_MS * 5,
    });
    await this.listener.start();
    // kick never rejects: drain() logs and pauses on any failure
    this.timer = setInterval(() => void this.kick(), POLL_MS);
    void this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    await this.listener?.close();
    await Promise.all([...this.queues.values()].map((q) => q.close().catch(() => undefined)));
  }

  /** Relays now, or once more after the round in progress. Resolves when the outbox is drained. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
    return this.running;
  }

  /** removes the rows relayed more than `days` ago (kept that long as evidence); how many */
  async removeRelayedBefore(days: number): Promise<number> {
    const [row] = await this.dataSource.query<Array<{ n: number }>>(
      `WITH gone AS (DELETE FROM outbox WHERE relayed_at < now() - make_interval(days => $1) RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [days],
    );
    return row?.n ?? 0;
  }

  private async drain(): Promise<void> {
    try {
      do {
        this.again = false;
        while (!this.stopped && (await this.relayBatch()) === BATCH_SIZE);
      } while (this.again && !this.stopped);
      if (this.failing) this.logger.log('outbox relay works again; waiting jobs were moved to the queues');
      this.failing = false;
    } catch (e) {
      if (!this.failing) {
        this.logger.warn(
          `outbox relay paused (${e instanceof Error ? e.message : String(e)}); the jobs wait in the outbox`,
        );
      }
      this.failing = true;
    }
  }

  /** One transaction: claim up to BATCH_SIZE rows, add their jobs, mark them relayed. */
  private relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<OutboxRow[]>(
        `SELECT id, job_name, payload, job_id, run_at FROM outbox
         WHERE relayed_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [BATCH_SIZE],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<Queue, BulkJob[]>();
      const now = Date.now();
      for (const row of coalesceOutboxRows(rows)) {
        const queue = this.queues.get(JOB_QUEUE[row.job_name]);
        if (!queue) throw new Error(`outbox row ${row.id} names an unknown job ${row.job_name}`);
        const jobs = byQueue.get(queue) ?? [];
        const runAt = row.run_at ? new Date(row.run_at) : null;
        jobs.push(bulkJobOf({ name: row.job_name, payload: row.payload, jobId: row.job_id, runAt }, now));
        byQueue.set(queue, jobs);
      }
      await withTimeout(Promise.all([...byQueue].map(([queue, jobs]) => addJobsOnce(queue, jobs))), ADD_TIMEOUT_MS);
      await manager.query(`UPDATE outbox SET relayed_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      return rows.length;
    });
  }
}
