import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { JobName, JobPayloads } from './job-catalogue';
import { JobFailures } from './job-failures';

export type TypedJob<N extends JobName = JobName> = Job<JobPayloads[N], unknown, N>;

/**
 * One WorkerHost per queue; subclasses name the jobs they handle, and the worker checks
 * at boot that every JobName has exactly one handler. When a job has used its last attempt,
 * the host calls the subclass's `onFinalFailure` (which marks the row the job was about, per job
 * name) and then JobFailures (a log line with the job id, a notification for the admins).
 */
export abstract class TypedWorkerHost extends WorkerHost {
  abstract readonly handles: readonly JobName[];

  @Inject(JobFailures) private readonly failures!: JobFailures;
  private readonly failureLogger = new Logger(TypedWorkerHost.name);

  /** marks the row the job was about as failed for good (per job name; nothing where there is no row) */
  protected abstract onFinalFailure(job: TypedJob, error: Error): Promise<void>;

  /** a lost Redis connection: logged as one line (the /health check reports the outage), never a stack trace */
  @OnWorkerEvent('error')
  onError(error: Error): void {
    const now = Date.now();
    if (now - this.lastErrorLog < 10_000) return;
    this.lastErrorLog = now;
    this.failureLogger.warn(`queue worker: ${error.message}`);
  }
  private lastErrorLog = 0;

  @OnWorkerEvent('failed')
  async onFailed(job: TypedJob | undefined, error: Error): Promise<void> {
    if (!job) return;
    // it will be tried again, unless the handler said that no attempt can succeed
    if (!(error instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1)) return;
    try {
      await this.onFinalFailure(job, error);
    } catch (e) {
      this.failureLogger.error({ jobId: job.id, job: job.name, err: e }, 'marking a failed job did not work');
    }
    await this.failures.record(job, error, subjectOf(job)).catch((e: unknown) => {
      this.failureLogger.error({ jobId: job.id, job: job.name, err: e }, 'recording a failed job did not work');
    });
  }
}

/** the bundle, tender or import a job is about, if any */
export function subjectOf(job: { data: unknown }): string | undefined {
  const data = job.data as { bundleId?: unknown; tenderId?: unknown; importId?: unknown; mailId?: unknown } | null;
  const id = data?.bundleId ?? data?.tenderId ?? data?.importId ?? data?.mailId;
  return typeof id === 'string' ? id : undefined;
}

export class UnhandledJobError extends Error {
  constructor(name: string) {
    super(`no handler for job ${name}`);
  }
}

/** Throws unless every job name is handled exactly once. */
export function assertEveryJobHandled(
  hosts: Array<{ constructor: { name: string }; handles: readonly JobName[] }>,
): void {
  const seen = new Map<JobName, string>();
  const problems: string[] = [];
  for (const host of hosts) {
    for (const name of host.handles) {
      const other = seen.get(name);
      if (other) problems.push(`${name} is handled by both ${other} and ${host.constructor.name}`);
      seen.set(name, host.constructor.name);
    }
  }
  for (const name of Object.values(JobName)) if (!seen.has(name)) problems.push(`${name} has no handler`);
  if (problems.length) throw new Error(`job handlers: ${problems.join('; ')}`);
}
