import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { JobEntry } from './add-jobs';
import { JobName } from './job-catalogue';

/** the PostgreSQL channel on which a commit with outbox rows wakes the relay */
export const OUTBOX_CHANNEL = 'buendel_outbox';

/** what a change asks of the outbox */
export type OutboxEntry<N extends JobName = JobName> = JobEntry<N>;

/**
 * For a change that writes all its rows in one statement (a join, under its bundle's lock: one
 * round trip instead of one per row): the INSERT of outbox rows from `select` (which yields
 * job_name, payload, job_id, run_at), to put in a WITH clause, and `OUTBOX_NOTIFY`, to put in
 * the statement's result where a row was written. Delivered, as by OutboxWriter.add, at the commit.
 */
export function outboxInsertFrom(select: string): string {
  return `INSERT INTO outbox (job_name, payload, job_id, run_at) ${select}`;
}

export const OUTBOX_NOTIFY = `pg_notify('${OUTBOX_CHANNEL}', '')`;

/**
 * Writes the jobs a change needs into the outbox, in the change's own transaction: they
 * commit or roll back with it. Never enqueue to Redis inside a transaction.
 */
@Injectable()
export class OutboxWriter {
  async add(manager: EntityManager, ...entries: OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await manager.query(
      outboxInsertFrom(`SELECT * FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::timestamptz[])`),
      [
        entries.map((e) => e.name),
        entries.map((e) => JSON.stringify(e.payload)),
        entries.map((e) => e.jobId),
        entries.map((e) => e.runAt?.toISOString() ?? null),
      ],
    );
    // delivered when (and only if) the transaction commits
    await manager.query(`SELECT ${OUTBOX_NOTIFY}`);
  }
}
