import { JOB_QUEUE, JobName, jobsOfQueue, QueueName } from './job-catalogue';

describe('job catalogue', () => {
  it('assigns every job name to exactly one existing queue', () => {
    for (const name of Object.values(JobName)) {
      expect(Object.values(QueueName)).toContain(JOB_QUEUE[name]);
    }
    const all = Object.values(QueueName).flatMap((q) => jobsOfQueue(q));
    expect(all.sort()).toEqual(Object.values(JobName).sort());
  });

  it('uses stable dotted names', () => {
    for (const name of Object.values(JobName)) expect(name).toMatch(/^[a-z]+(\.[a-z-]+)+$/);
  });
});
