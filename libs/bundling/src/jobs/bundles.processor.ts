import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { JobName, QueueName, TypedJob, TypedWorkerHost, UnhandledJobError } from '@buendel/queue';
import { BundleAggregator } from '../aggregation/bundle-aggregator';
import { BundlesService } from '../bundles/bundles.service';
import { NotificationsService } from '../notifications/notifications.service';
import { BundleSweeper } from './bundle-sweeper';

/** how often the sweep runs */
export const BUNDLE_SWEEP_EVERY_MS = 30_000;

/** The jobs of the bundles queue. Only the worker imports this. */
@Processor(QueueName.Bundles)
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
        return (await this.aggregator.recompute(bundleId, (p) => job.updateProgress(p))) ?? { bundleId, gone: true };
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

/** Registers the periodic sweep with a stable scheduler key. */
@Injectable()
export class BundleSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(BundleSchedules.name);
  constructor(@InjectQueue(QueueName.Bundles) private readonly queue: Queue) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.upsertJobScheduler(
      'bundle-sweep',
      { every: BUNDLE_SWEEP_EVERY_MS },
      { name: JobName.BundleSweep, data: {}, opts: { removeOnComplete: { count: 50 }, removeOnFail: { count: 500 } } },
    );
    this.logger.log('bundle sweep scheduled');
  }
}
