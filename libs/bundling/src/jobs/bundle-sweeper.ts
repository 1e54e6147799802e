import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobName, JobQueue, MAX_BUNDLE_BATCH } from '@buendel/queue';
import { BundlesService } from '../bundles/bundles.service';
import { NotificationsService } from '../notifications/notifications.service';

/** an aggregate this long behind its bundle's changes counts as lost (its job will have run by then) */
const STALE_AFTER_SECONDS = 60;
/** relayed outbox rows are kept this long as evidence, then removed */
const OUTBOX_RETENTION = '7 days';
/** the most stale aggregates one sweep requests again (in batches of MAX_BUNDLE_BATCH) */
const MAX_STALE_PER_SWEEP = 5 * MAX_BUNDLE_BATCH;

/**
 * The periodic safety net: closes open bundles whose deadline a stopped worker missed,
 * asks again for aggregates that fell behind (a job lost with a Redis that kept nothing),
 * and trims old relayed outbox rows.
 */
@Injectable()
export class BundleSweeper {
  private readonly logger = new Logger(BundleSweeper.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly bundles: BundlesService,
    private readonly jobs: JobQueue,
    private readonly notifications: NotificationsService,
  ) {}

  /**
   * One pass. `staleAfterSeconds` 0 (at a worker's start and after Redis lost its data)
   * requests again every aggregate behind its bundle's changes, however recent: their jobs may
   * have been lost with a killed worker or an empty Redis.
   */
  async sweep(
    options: { staleAfterSeconds?: number } = {},
  ): Promise<{ closed: number; reminded: number; reaggregated: number; outboxRemoved: number }> {
    let closed = 0;
    for (const id of await this.bundles.dueForClosing()) {
      if (await this.bundles.closeIfDue(id, 'sweep')) closed++;
    }
    const reminded = await this.notifications.sendDueReminders();
    const stale = await this.dataSource.query<Array<{ id: string }>>(
      `SELECT b.id FROM bundles b LEFT JOIN bundle_aggregates a ON a.bundle_id = b.id
       WHERE (a.bundle_id IS NULL OR a.source_version < b.participation_version)
         AND b.updated_at <= now() - make_interval(secs => $1)
       LIMIT $2`,
      [options.staleAfterSeconds ?? STALE_AFTER_SECONDS, MAX_STALE_PER_SWEEP],
    );
    for (let i = 0; i < stale.length; i += MAX_BUNDLE_BATCH) {
      const bundleIds = stale.slice(i, i + MAX_BUNDLE_BATCH).map((s) => s.id);
      await this.jobs.enqueue(JobName.BundlesAggregateBatch, { bundleIds });
    }
    const removed = await this.dataSource.query<Array<{ n: number }>>(
      `WITH gone AS (DELETE FROM outbox WHERE relayed_at < now() - interval '${OUTBOX_RETENTION}' RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
    );
    const result = { closed, reminded, reaggregated: stale.length, outboxRemoved: removed[0]?.n ?? 0 };
    if (closed || stale.length)
      this.logger.log(`sweep: ${closed} bundles closed, ${stale.length} aggregates requested again`);
    return result;
  }
}
