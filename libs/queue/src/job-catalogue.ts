/**
 * The one catalogue of queues, job names and payloads. Names are stable strings:
 * renaming a class must never orphan jobs that wait in Redis. Payloads carry ids only;
 * handlers re-read the rows.
 */
export enum QueueName {
  /** platform housekeeping: heartbeat, sweeps */
  System = 'system',
}

export enum JobName {
  /** the worker records that it is alive; /health reports it */
  WorkerHeartbeat = 'worker.heartbeat',
}

export interface JobPayloads {
  [JobName.WorkerHeartbeat]: Record<string, never>;
}

/** which queue carries which job */
export const JOB_QUEUE: { readonly [N in JobName]: QueueName } = {
  [JobName.WorkerHeartbeat]: QueueName.System,
};

export function jobsOfQueue(queue: QueueName): JobName[] {
  return (Object.keys(JOB_QUEUE) as JobName[]).filter((name) => JOB_QUEUE[name] === queue);
}
