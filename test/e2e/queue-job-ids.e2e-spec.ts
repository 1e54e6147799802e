import { Queue, Worker } from 'bullmq';
import { addJobsOnce, bullConnection } from '@buendel/queue';
import { eventually, uniqueRunId } from '@buendel/testing';

/**
 * Derived job ids make a change relayed twice, or a deadline reconciled again, run once; but
 * an id left by a failed attempt must never block the next relay of the same change.
 */
describe('addJobsOnce', () => {
  const redisUrl = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
  const prefix = `buendel-test-jobids-${uniqueRunId()}`;
  const queue = new Queue('ids', { connection: bullConnection(redisUrl, 'producer'), prefix });
  let worker: Worker | undefined;

  afterAll(async () => {
    await worker?.close();
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('adds a job once per id, and adds again one whose earlier attempt failed', async () => {
    const runs: string[] = [];
    worker = new Worker(
      'ids',
      async (job) => {
        runs.push(`${job.id}:${job.data.n}`);
        if (job.data.n === 1) throw new Error('the first attempt dies');
      },
      { connection: bullConnection(redisUrl, 'worker'), prefix },
    );
    const job = (n: number, id: string) => ({ name: 'x', data: { n }, opts: { jobId: id, attempts: 1 } });

    expect(await addJobsOnce(queue, [job(1, 'change-7'), job(2, 'change-8')])).toBe(0);
    await eventually(async () => ((await queue.getJobState('change-7')) === 'failed' ? true : undefined));
    await eventually(async () => ((await queue.getJobState('change-8')) === 'completed' ? true : undefined));

    // the same changes relayed again: the failed one runs anew, the completed one does not
    expect(await addJobsOnce(queue, [job(3, 'change-7'), job(4, 'change-8')])).toBe(1);
    await eventually(async () => ((await queue.getJobState('change-7')) === 'completed' ? true : undefined));
    expect(runs.sort()).toEqual(['change-7:1', 'change-7:3', 'change-8:2']);
  });
});
