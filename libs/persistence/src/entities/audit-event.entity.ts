import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The audit trail (§8 VgV documentation duty): append-only. A trigger refuses UPDATE,
 * DELETE and TRUNCATE; events are written in the transaction of the change they record.
 */
@Entity('audit_events')
@Index(['entityType', 'entityId'])
@Index('IDX_audit_events_occurred_at', ['occurredAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ name: 'occurred_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  occurredAt!: Date;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @Index()
  @Column({ name: 'actor_organisation_id', type: 'uuid', nullable: true })
  actorOrganisationId!: string | null;

  /** e.g. user.created, demand.updated, bundle.closed */
  @Column({ type: 'text' })
  action!: string;

  @Column({ name: 'entity_type', type: 'text' })
  entityType!: string;

  @Column({ name: 'entity_id', type: 'text' })
  entityId!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data!: Record<string, unknown>;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
