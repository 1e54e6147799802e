import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import {
  addJobsOnce,
  bulkJobOf,
  JobName,
  QueueName,
  RedisStateOwner,
  RestoreReason,
  TypedJob,
  TypedWorkerHost,
  UnhandledJobError,
  WORKER_OPTIONS,
} from '@buendel/queue';
import { BundleAggregator } from '../aggregation/bundle-aggregator';
import { BundlesService } from '../bundles/bundles.service';
import { NotificationsService } from '../notifications/notifications.service';
import { BundleSweeper } from './bundle-sweeper';

/** how often the sweep runs */
export const BUNDLE_SWEEP_EVERY_MS = 30_000;

/** The jobs of the bundles queue. Only the worker imports this. */
@Processor(QueueName.Bundles, WORKER_OPTIONS)
export class BundlesProcessor extends TypedWorkerHost {
  readonly handles = [
    JobName.BundleAggregate,
    JobName.BundlesAggregateBatch,
    JobName.BundleClose,
    JobName.BundleNotifyMatches,
    JobName.BundleSweep,
  ] as const;

  constructor(
    private readonly aggregator: BundleAggregator,
    private readonly bundles: BundlesService,
    private readonly notifications: NotificationsService,
    private readonly sweeper: BundleSweeper,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {
    super();
  }

  async process(job: TypedJob): Promise<unknown> {
    switch (job.name) {
      case JobName.BundleAggregate: {
        const { bundleId } = (job as TypedJob<JobName.BundleAggregate>).data;
        // no progress report: the job lasts milliseconds, and each report is a Redis round trip (R1's profile)
        return (await this.aggregator.recompute(bundleId)) ?? { bundleId, gone: true };
      }
      case JobName.BundlesAggregateBatch: {
        const { bundleIds } = (job as TypedJob<JobName.BundlesAggregateBatch>).data;
        const summaries = await this.aggregator.recomputeMany(bundleIds, (p) => job.updateProgress(p));
        return { bundles: summaries.length, stored: summaries.filter((s) => s.stored).length };
      }
      case JobName.BundleClose: {
        const { bundleId } = (job as TypedJob<JobName.BundleClose>).data;
        // a moved deadline leaves this job early: the bundle is still open and the job does nothing
        return { bundleId, closed: await this.bundles.closeIfDue(bundleId, 'deadline') };
      }
      case JobName.BundleNotifyMatches: {
        const { bundleId } = (job as TypedJob<JobName.BundleNotifyMatches>).data;
        return { bundleId, notified: await this.notifications.notifyMatchingBuyers(bundleId) };
      }
      case JobName.BundleSweep:
        return this.sweeper.sweep();
      default:
        throw new UnhandledJobError(job.name);
    }
  }

  /** marks the bundles a job was about: an audit event on each, so the bundle's trail shows the failure */
  protected async onFinalFailure(job: TypedJob, error: Error): Promise<void> {
    switch (job.name) {
      case JobName.BundleAggregate:
      case JobName.BundleClose:
      case JobName.BundleNotifyMatches:
        return this.markBundles([(job as TypedJob<JobName.BundleAggregate>).data.bundleId], job, error);
      case JobName.BundlesAggregateBatch:
        return this.markBundles((job as TypedJob<JobName.BundlesAggregateBatch>).data.bundleIds, job, error);
      case JobName.BundleSweep:
        return; // no row of its own: the next sweep runs on schedule
      default:
        throw new UnhandledJobError(job.name);
    }
  }

  private async markBundles(bundleIds: string[], job: TypedJob, error: Error): Promise<void> {
    await this.audit.record(
      this.dataSource.manager,
      ...bundleIds.map((bundleId) => ({
        action: 'bundle.job-failed',
        entityType: 'bundle',
        entityId: bundleId,
        data: { job: job.name, jobId: job.id ?? null, attempts: job.attemptsMade, error: error.message },
        actorUserId: null,
        actorOrganisationId: null,
      })),
    );
  }
}

/**
 * What the bundles queue keeps in Redis, rebuilt from the database at every start of a worker
 * and whenever Redis lost its data: the sweep's scheduler, a delayed `bundle.close` job for
 * every open bundle (the deadline is the database's; a job that exists already is left alone),
 * and first of all one sweep: bundles past their deadline close, and every aggregate behind its
 * bundle's changes is recomputed (those whose jobs a killed worker or an empty Redis lost).
 */
@Injectable()
export class BundleSchedules extends RedisStateOwner {
  private readonly logger = new Logger(BundleSchedules.name);
  constructor(
    @InjectQueue(QueueName.Bundles) private readonly queue: Queue,
    private readonly bundles: BundlesService,
    private readonly sweeper: BundleSweeper,
  ) {
    super();
  }

  async restoreRedisState(reason: RestoreReason): Promise<void> {
    // first what users wait for: due bundles closed, stale aggregates requested again
    const swept = await this.sweeper.sweep({ staleAfterSeconds: 0 });
    await this.queue.upsertJobScheduler(
      'bundle-sweep',
      { every: BUNDLE_SWEEP_EVERY_MS },
      { name: JobName.BundleSweep, data: {}, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 500 } } },
    );
    const deadlines = await this.bundles.closeJobsOfOpenBundles();
    const replaced = await addJobsOnce(
      this.queue,
      deadlines.map((entry) => bulkJobOf(entry)),
    );
    if (reason !== 'start' || replaced || swept.closed || swept.reaggregated) {
      this.logger.log(
        `bundles (${reason}): ${deadlines.length} deadline jobs reconciled (${replaced} failed ones added anew), ` +
          `${swept.closed} closed, ${swept.reaggregated} aggregates requested again`,
      );
    }
  }
}
