import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FailedJob {
  id?: string;
  name: string;
  attemptsMade: number;
}

/**
 * What every job's final failure raises, after its own hook marked its row: a log line with the
 * job id, and a notification for every platform admin's organisation (one per job and subject,
 * renewed and unread again when it fails once more).
 */
@Injectable()
export class JobFailures {
  private readonly logger = new Logger('JobFailures');

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async record(job: FailedJob, error: Error, subjectId: string | undefined): Promise<void> {
    const facts = { jobId: job.id, job: job.name, attempts: job.attemptsMade, subjectId };
    const message = `job ${job.name} (${job.id ?? 'no id'}) failed for good after ${job.attemptsMade} attempts`;
    // a failure the job itself declared final (BullMQ's UnrecoverableError: a mail server's 550)
    // is an outcome it foresaw: a warning with its reason; anything else an error with its stack
    if (error.name === 'UnrecoverableError') this.logger.warn({ ...facts, reason: error.message }, message);
    else this.logger.error({ ...facts, err: error }, message);
    const subject = subjectId && UUID.test(subjectId) ? subjectId.toLowerCase() : null;
    const title =
      `Der Hintergrundauftrag ${job.name} ist nach ${job.attemptsMade} Versuchen endgültig fehlgeschlagen. ` +
      `Bitte die Ursache im Log des Workers (Job-ID ${job.id ?? '–'}) prüfen und den Auftrag danach neu anstoßen.`;
    await this.dataSource.query(
      `INSERT INTO notifications (organisation_id, kind, subject_id, title, data)
       SELECT DISTINCT u.organisation_id, 'job.failed', coalesce($1::uuid, md5($2)::uuid), $3, $4::jsonb
       FROM users u WHERE u.role = 'admin' AND u.active
       ON CONFLICT (organisation_id, kind, subject_id)
       DO UPDATE SET title = EXCLUDED.title, data = EXCLUDED.data, created_at = now(), read_at = NULL`,
      [
        subject,
        job.name,
        title,
        JSON.stringify({
          jobId: job.id ?? null,
          job: job.name,
          attempts: job.attemptsMade,
          subjectId,
          error: error.message,
        }),
      ],
    );
  }
}
