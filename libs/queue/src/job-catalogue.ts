import type { JobsOptions } from 'bullmq';

/**
 * The one catalogue of queues, job names and payloads. Names are stable strings:
 * renaming a class must never orphan jobs that wait in Redis. Payloads carry ids only;
 * handlers re-read the rows.
 */
export enum QueueName {
  /** platform housekeeping: heartbeat */
  System = 'system',
  /** demand bundling: aggregates, deadlines, matches */
  Bundles = 'bundles',
  /** joint tenders and the market view: opening, subscriptions, refresh */
  Tenders = 'tenders',
  /** large demand imports (minutes of work; kept apart so that they never hold up the bundles' jobs) */
  Imports = 'imports',
  /** e-mails (an SMTP server's pace and outages never hold up the other queues) */
  Mail = 'mail',
}

export enum JobName {
  /** the worker records that it is alive; /health reports it */
  WorkerHeartbeat = 'worker.heartbeat',
  /** recompute a bundle's aggregate from its participations */
  BundleAggregate = 'bundle.aggregate',
  /** recompute the aggregates of many bundles in one set-based pass (thresholds changed, healing) */
  BundlesAggregateBatch = 'bundles.aggregate-batch',
  /** close a bundle at its opt-in deadline (a delayed job) */
  BundleClose = 'bundle.close',
  /** tell the buyers whose open demands fit a newly opened bundle */
  BundleNotifyMatches = 'bundle.notify-matches',
  /** periodic: close bundles whose deadline a stopped worker missed, heal stale aggregates */
  BundleSweep = 'bundle.sweep',
  /** open the sealed offers of a tender at its submission deadline (a delayed job) */
  TenderOpen = 'tender.open',
  /** tell the suppliers whose subscriptions match a newly published tender */
  TenderNotifySubscribers = 'tender.notify-subscribers',
  /** periodic: open tenders whose deadline a stopped worker missed */
  TenderSweep = 'tender.sweep',
  /** recompute the anonymised market view (periodic, on a fixed rhythm) */
  MarketRefresh = 'market.refresh',
  /** import a large upload kept in demand_import_chunks, whole or nothing */
  DemandImport = 'demand.import',
  /** send one stored mail (a row of `mails`) over SMTP */
  MailSend = 'mail.send',
}

export interface TenderRef {
  tenderId: string;
}

export interface DemandImportRef {
  importId: string;
}

export interface MailRef {
  mailId: string;
}

export interface BundleRef {
  bundleId: string;
}

/**
 * the most bundles one bundles.aggregate-batch job recomputes (one statement): a full
 * re-aggregation of the national data set (5,995 bundles at 3,000,000 lines) is one job, one pass
 * over the demands as the floor's GROUP BY makes (bench R1b), not one pass per 1,000 bundles
 */
export const MAX_BUNDLE_BATCH = 10000;

export interface BundleBatch {
  /** at most MAX_BUNDLE_BATCH */
  bundleIds: string[];
}

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: Record<string, never>;
  [JobName.BundleAggregate]: BundleRef;
  [JobName.BundlesAggregateBatch]: BundleBatch;
  [JobName.BundleClose]: BundleRef;
  [JobName.BundleNotifyMatches]: BundleRef;
  [JobName.BundleSweep]: Record<string, never>;
  [JobName.TenderOpen]: TenderRef;
  [JobName.TenderNotifySubscribers]: TenderRef;
  [JobName.TenderSweep]: Record<string, never>;
  [JobName.MarketRefresh]: Record<string, never>;
  [JobName.DemandImport]: DemandImportRef;
  [JobName.MailSend]: MailRef;
}

/** which queue carries which job */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.WorkerHeartbeat]: QueueName.System,
  [JobName.BundleAggregate]: QueueName.Bundles,
  [JobName.BundlesAggregateBatch]: QueueName.Bundles,
  [JobName.BundleClose]: QueueName.Bundles,
  [JobName.BundleNotifyMatches]: QueueName.Bundles,
  [JobName.BundleSweep]: QueueName.Bundles,
  [JobName.TenderOpen]: QueueName.Tenders,
  [JobName.TenderNotifySubscribers]: QueueName.Tenders,
  [JobName.TenderSweep]: QueueName.Tenders,
  [JobName.MarketRefresh]: QueueName.Tenders,
  [JobName.DemandImport]: QueueName.Imports,
  [JobName.MailSend]: QueueName.Mail,
};

export function jobsOfQueue(queue: QueueName): JobName[] {
  return (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => JOB_QUEUE[name] === queue);
}

/** every job: retried with backoff, a bounded history (failures kept longer, never thrown away) */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 1000 },
  removeOnFail: { age: 7 * 24 * 3600, count: 5000 },
};

/**
 * Worker settings that fit the jobs' lengths (milliseconds; a batch or market refresh a few
 * seconds, all of it waiting on PostgreSQL, not blocking the event loop): a job's lock lasts
 * 5 s and is renewed every 2.5 s while it runs, and every second a worker looks for jobs whose
 * lock ran out. So a job of a killed worker is picked up again within about 6 s, not after
 * BullMQ's default 30 s + 30 s. The jobs are idempotent, so a job may stall several times
 * (a worker killed again and again) before it counts as failed.
 */
export const WORKER_OPTIONS = { lockDuration: 5000, stalledInterval: 1000, maxStalledCount: 5 } as const;

/**
 * Options per job beyond the queue defaults (5 attempts, exponential backoff from 1 s,
 * bounded history). `bundle.aggregate` is deduplicated per bundle: while one waits, more
 * changes add nothing (the waiting job reads the latest rows when it runs); while one runs,
 * the last change is kept and runs once more afterwards, so no change is ever missed.
 */
export function jobOptionsFor<N extends JobName>(name: N, payload: JobPayloads[N]): JobsOptions {
  switch (name) {
    case JobName.BundleAggregate:
      return {
        attempts: 10,
        backoff: { type: 'exponential', delay: 500 },
        deduplication: { id: `${name}-${(payload as BundleRef).bundleId}`, keepLastIfActive: true },
      };
    case JobName.BundlesAggregateBatch:
      return { attempts: 10, backoff: { type: 'exponential', delay: 1000 } };
    case JobName.BundleClose:
    case JobName.TenderOpen:
      return { attempts: 20, backoff: { type: 'exponential', delay: 1000 } };
    case JobName.DemandImport:
      // a run repeats from the kept upload; the import's row says whether one finished already
      return { attempts: 3, backoff: { type: 'exponential', delay: 2000 } };
    case JobName.MailSend:
      // an SMTP server down for a while: tried again for about 17 minutes (2 s, doubling); a
      // permanent refusal (5xx) fails at once (UnrecoverableError), and the mail's row says why
      return { attempts: 10, backoff: { type: 'exponential', delay: 2000 } };
    case JobName.MarketRefresh:
      // one refresh at a time; a request while one runs gives exactly one more run
      return { deduplication: { id: name, keepLastIfActive: true } };
    default:
      return {};
  }
}

/**
 * A BullMQ job id from stable parts (entity ids, versions, outbox row ids): BullMQ refuses
 * integer ids and ids with ':'; adding a job whose id exists adds nothing.
 */
export function jobIdOf(name: JobName, ...parts: Array<string | number>): string {
  return [name, ...parts].join('-').replace(/:/g, '_');
}
