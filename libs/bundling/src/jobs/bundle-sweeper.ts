import { Injectable, Logger } from '@nestjs/common';
import { JobName, JobQueue, MAX_BUNDLE_BATCH, OutboxRelay } from '@buendel/queue';
import { BundlesRepository } from '../bundles/bundles.repository';
import { BundlesService } from '../bundles/bundles.service';
import { NotificationsService } from '../notifications/notifications.service';

/** an aggregate this long behind its bundle's changes counts as lost (its job will have run by then) */
const STALE_AFTER_SECONDS = 60;
/** relayed outbox rows are kept this long as evidence, then removed */
const OUTBOX_RETENTION_DAYS = 7;
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
    private readonly bundles: BundlesService,
    private readonly bundleRows: BundlesRepository,
    private readonly outbox: OutboxRelay,
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
    const stale = await this.bundleRows.staleAggregates(
      options.staleAfterSeconds ?? STALE_AFTER_SECONDS,
      MAX_STALE_PER_SWEEP,
    );
    for (let i = 0; i < stale.length; i += MAX_BUNDLE_BATCH) {
      const bundleIds = stale.slice(i, i + MAX_BUNDLE_BATCH);
      await this.jobs.enqueue(JobName.BundlesAggregateBatch, { bundleIds });
    }
    const outboxRemoved = await this.outbox.removeRelayedBefore(OUTBOX_RETENTION_DAYS);
    const result = { closed, reminded, reaggregated: stale.length, outboxRemoved };
    if (closed || stale.length)
      this.logger.log(`sweep: ${closed} bundles closed, ${stale.length} aggregates requested again`);
    return result;
  }
}
