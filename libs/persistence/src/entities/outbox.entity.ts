import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox: a change writes the job it needs here, in its own transaction;
 * the relay moves unrelayed rows to BullMQ after commit. A Redis outage delays jobs and
 * loses none: the rows wait here.
 */
@Entity('outbox')
// the relay's work list: unrelayed rows in order
@Index('IDX_outbox_pending', ['id'], { where: 'relayed_at IS NULL' })
export class OutboxEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'job_name', type: 'text' })
  jobName!: string;

  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** BullMQ job id, derived from the change; a second relay of the row adds nothing */
  @Column({ name: 'job_id', type: 'text' })
  jobId!: string;

  /** run no earlier than this (delayed jobs such as the deadline) */
  @Column({ name: 'run_at', type: 'timestamptz', nullable: true })
  runAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'relayed_at', type: 'timestamptz', nullable: true })
  relayedAt!: Date | null;
}
