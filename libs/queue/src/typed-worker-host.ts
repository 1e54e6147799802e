import { WorkerHost } from '@nestjs/bullmq';
import { Job } from 'bullmq';
import { JobName, JobPayloads } from './job-catalogue';

export type TypedJob<N extends JobName = JobName> = Job<JobPayloads[N], unknown, N>;

/**
 * One WorkerHost per queue; subclasses name the jobs they handle, and the worker checks
 * at boot that every JobName has exactly one handler.
 */
export abstract class TypedWorkerHost extends WorkerHost {
  abstract readonly handles: readonly JobName[];
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
