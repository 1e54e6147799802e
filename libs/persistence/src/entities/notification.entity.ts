import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A message to every user of an organisation (a matching bundle opened, a tender published, ...). */
@Entity('notifications')
@Index('IDX_notifications_subject', ['organisationId', 'kind', 'subjectId'], { unique: true })
@Index('IDX_notifications_organisation_created', ['organisationId', 'createdAt'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  /** e.g. bundle.matching-opened, tender.published */
  @Column({ type: 'text' })
  kind!: string;

  /** the bundle or tender the notification is about */
  @Column({ name: 'subject_id', type: 'uuid' })
  subjectId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  data!: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'read_at', type: 'timestamptz', nullable: true })
  readAt!: Date | null;
}
