import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createDataSource } from '@buendel/persistence';
import { JobFailures, JobName, TypedJob, TypedWorkerHost } from '@buendel/queue';

/** a host that records which jobs it was asked to mark */
class RecordingHost extends TypedWorkerHost {
  readonly handles = [JobName.BundleClose] as const;
  readonly marked: string[] = [];
  constructor(failures: JobFailures) {
    super();
    (this as unknown as { failures: JobFailures }).failures = failures;
  }
  async process(): Promise<unknown> {
    return undefined;
  }
  protected async onFinalFailure(job: TypedJob): Promise<void> {
    this.marked.push(String(job.id));
  }
}

function failedJob(bundleId: string, attemptsMade: number, attempts: number): TypedJob {
  return {
    id: `bundle.close-${bundleId}`,
    name: JobName.BundleClose,
    data: { bundleId },
    attemptsMade,
    opts: { attempts },
  } as unknown as TypedJob;
}

/** The final-failure hook of every job host, against the real PostgreSQL (no Nest app, no Redis). */
describe('a job that failed for good', () => {
  let db: DataSource;
  let host: RecordingHost;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the failure's log line is provoked on purpose
    db = createDataSource({ url: process.env['DATABASE_URL']!, applicationName: 'buendel-integration', poolSize: 2 });
    await db.initialize();
    host = new RecordingHost(new JobFailures(db));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  const notices = (subjectId: string) =>
    db.query<Array<{ organisation_id: string; title: string; data: { jobId: string; attempts: number } }>>(
      `SELECT organisation_id, title, data FROM notifications WHERE kind = 'job.failed' AND subject_id = $1`,
      [subjectId],
    );

  it('waits while attempts are left', async () => {
    const bundleId = randomUUID();
    await host.onFailed(failedJob(bundleId, 2, 5), new Error('Verbindung verloren'));
    expect(host.marked).toEqual([]);
    expect(await notices(bundleId)).toEqual([]);
  });

  it('after the last attempt marks the row and tells every admin organisation, with the job id', async () => {
    const bundleId = randomUUID();
    await host.onFailed(failedJob(bundleId, 5, 5), new Error('Verbindung verloren'));
    expect(host.marked).toEqual([`bundle.close-${bundleId}`]);
    const admins = await db.query<Array<{ organisation_id: string }>>(
      `SELECT DISTINCT organisation_id FROM users WHERE role = 'admin' AND active ORDER BY organisation_id`,
    );
    expect(admins.length).toBeGreaterThan(0);
    const rows = await notices(bundleId);
    expect(rows.map((r) => r.organisation_id).sort()).toEqual(admins.map((a) => a.organisation_id));
    expect(rows[0]!.data).toMatchObject({ jobId: `bundle.close-${bundleId}`, attempts: 5 });
    expect(rows[0]!.title).toMatch(/endgültig fehlgeschlagen/);
  });
});
