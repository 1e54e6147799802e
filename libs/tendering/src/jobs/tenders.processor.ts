import { InjectQueue, Processor } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@buendel/audit';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import {
  addJobsOnce,
  bulkJobOf,
  JobName,
  jobOptionsFor,
  QueueName,
  RedisStateOwner,
  RestoreReason,
  WORKER_OPTIONS,
  TypedJob,
  TypedWorkerHost,
  UnhandledJobError,
} from '@buendel/queue';
import { EvidenceService } from '../evidence/evidence.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { MarketService } from '../market/market.service';
import { TenderOpeningService } from '../tenders/tender-opening.service';
import { TendersService } from '../tenders/tenders.service';

export const TENDER_SWEEP_EVERY_MS = 30_000;

/** The jobs of the tenders queue. Only the worker imports this. */
@Processor(QueueName.Tenders, WORKER_OPTIONS)
export class TendersProcessor extends TypedWorkerHost {
  readonly handles = [
    JobName.TenderOpen,
    JobName.TenderNotifySubscribers,
    JobName.TenderSweep,
    JobName.MarketRefresh,
  ] as const;

  constructor(
    private readonly opening: TenderOpeningService,
    private readonly market: MarketService,
    private readonly frameworks: FrameworksService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly evidence: EvidenceService,
  ) {
    super();
  }

  async process(job: TypedJob, token?: string): Promise<unknown> {
    switch (job.name) {
      case JobName.TenderOpen: {
        const { tenderId } = (job as TypedJob<JobName.TenderOpen>).data;
        return { tenderId, opened: await this.opening.openIfDue(tenderId, 'deadline') };
      }
      case JobName.TenderNotifySubscribers: {
        const { tenderId } = (job as TypedJob<JobName.TenderNotifySubscribers>).data;
        return { tenderId, notified: await this.market.notifySubscribers(tenderId) };
      }
      case JobName.TenderSweep:
        // evidence about to expire is flagged to its owner by the same sweep; frameworks end at their
        // term or when exhausted, and are announced 90 days before the term ends
        return {
          opened: await openDueTenders(this.opening),
          evidenceFlagged: await this.evidence.flagExpiring(),
          frameworks: await this.frameworks.sweep(),
        };
      case JobName.MarketRefresh:
        // the anonymisation blocks the event loop, so BullMQ cannot renew the job's 5 s lock while
        // it runs (at 3M lines it stalled five times and failed): the job holds its lock through it
        return this.market.refresh(async (contributions) => {
          if (token) await job.extendLock(token, marketComputeLockMs(contributions));
        });
      default:
        throw new UnhandledJobError(job.name);
    }
  }

  /** marks the tender a job was about: an audit event, so the tender's trail shows the failure */
  protected async onFinalFailure(job: TypedJob, error: Error): Promise<void> {
    switch (job.name) {
      case JobName.TenderOpen:
      case JobName.TenderNotifySubscribers: {
        const { tenderId } = (job as TypedJob<JobName.TenderOpen>).data;
        await this.audit.record(this.dataSource.manager, {
          action: 'tender.job-failed',
          entityType: 'tender',
          entityId: tenderId,
          data: { job: job.name, jobId: job.id ?? null, attempts: job.attemptsMade, error: error.message },
          actorUserId: null,
          actorOrganisationId: null,
        });
        return;
      }
      case JobName.TenderSweep:
      case JobName.MarketRefresh:
        return; // no row of their own: the next run comes on schedule
      default:
        throw new UnhandledJobError(job.name);
    }
  }
}

/** the sweep: opens the published tenders whose deadline has passed (a stopped worker missed them) */
async function openDueTenders(opening: TenderOpeningService): Promise<number> {
  let opened = 0;
  for (const id of await opening.dueForOpening()) if (await opening.openIfDue(id, 'sweep')) opened++;
  return opened;
}

/**
 * What the tenders queue keeps in Redis, rebuilt from the database at every start of a worker
 * and whenever Redis lost its data: the schedulers of the sweep and of the market refresh, a
 * delayed `tender.open` job for every published tender (a job that exists already is left
 * alone), one market refresh, and one sweep at once (tenders past their deadline open).
 */
@Injectable()
export class TenderSchedules extends RedisStateOwner {
  private readonly logger = new Logger(TenderSchedules.name);
  constructor(
    @InjectQueue(QueueName.Tenders) private readonly queue: Queue,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly tenders: TendersService,
    private readonly opening: TenderOpeningService,
  ) {
    super();
  }

  async restoreRedisState(reason: RestoreReason): Promise<void> {
    const history = { removeOnComplete: { count: 50 }, removeOnFail: { count: 500 } };
    await this.queue.upsertJobScheduler(
      'tender-sweep',
      { every: TENDER_SWEEP_EVERY_MS },
      { name: JobName.TenderSweep, data: {}, opts: history },
    );
    await this.queue.upsertJobScheduler(
      'market-refresh',
      { every: this.config.MARKET_REFRESH_SECONDS * 1000 },
      { name: JobName.MarketRefresh, data: {}, opts: history },
    );
    await this.queue.add(JobName.MarketRefresh, {}, { ...jobOptionsFor(JobName.MarketRefresh, {}), ...history });
    const deadlines = await this.tenders.openJobsOfPublishedTenders();
    const replaced = await addJobsOnce(
      this.queue,
      deadlines.map((entry) => bulkJobOf(entry)),
    );
    const opened = await openDueTenders(this.opening);
    if (reason !== 'start' || replaced || opened) {
      this.logger.log(
        `tenders (${reason}): ${deadlines.length} deadline jobs reconciled (${replaced} failed ones added anew), ` +
          `${opened} opened`,
      );
    }
  }
}

/**
 * How long market.refresh holds its lock through the anonymisation: a minute, and a minute more
 * per 200,000 contributions (measured: about 15 s for 1.4M on 2 shared cores, so a margin of
 * about 4x). A worker killed meanwhile leaves the job to be picked up when this runs out; the
 * refresh is periodic and idempotent, so the market view is only that much later.
 */
export function marketComputeLockMs(contributions: number): number {
  return 60_000 * (1 + Math.ceil(contributions / 200_000));
}
