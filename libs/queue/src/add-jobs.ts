import { Job, Queue } from 'bullmq';
import { JobName, jobOptionsFor, JobPayloads } from './job-catalogue';

export type BulkJob = Parameters<Queue['addBulk']>[0][number];

/** a job as the outbox and the reconcilers describe it: name, payload, derived id, and when it may run */
export interface JobEntry<N extends JobName = JobName> {
  name: N;
  payload: JobPayloads[N];
  /** BullMQ job id, derived from the change (see jobIdOf) */
  jobId: string;
  /** a delayed job: runs no earlier than this */
  runAt?: Date | null;
}

/** The BullMQ job of an entry, with its options and the delay left until runAt (none once it is due). */
export function bulkJobOf(entry: JobEntry, nowMs = Date.now()): BulkJob {
  const delay = entry.runAt ? Math.max(0, entry.runAt.getTime() - nowMs) : 0;
  return {
    name: entry.name,
    data: entry.payload,
    opts: { ...jobOptionsFor(entry.name, entry.payload), jobId: entry.jobId, ...(delay ? { delay } : {}) },
  };
}

/**
 * Adds jobs with derived ids (a job whose id exists adds nothing, so a change relayed twice or
 * a deadline reconciled again runs once), except that an id left by a failed attempt never
 * blocks: a job of that id in the failed set (kept as evidence) is removed and added anew, so
 * that the next relay of the same change, or the reconciliation of a deadline, runs it again.
 * Returns how many failed ones were replaced.
 */
export async function addJobsOnce(queue: Queue, jobs: BulkJob[]): Promise<number> {
  if (jobs.length === 0) return 0;
  await queue.addBulk(jobs);
  const withIds = jobs.filter((j): j is BulkJob & { opts: { jobId: string } } => typeof j.opts?.jobId === 'string');
  if (withIds.length === 0) return 0;
  const client = await queue.client;
  const failedKey = queue.toKey('failed');
  const scores = (await client.runCommand('zmscore', [failedKey, ...withIds.map((j) => j.opts.jobId)])) as Array<
    string | null
  >;
  const failed = withIds.filter((_, i) => scores[i] !== null && scores[i] !== undefined);
  for (const job of failed) {
    const old = await Job.fromId(queue, job.opts.jobId);
    await old?.remove();
    await queue.add(job.name, job.data, job.opts);
  }
  return failed.length;
}
