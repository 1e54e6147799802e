import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type MailStatus = 'queued' | 'sent' | 'failed' | 'skipped';

/**
 * One e-mail to one recipient, stored as written (subject and body rendered when the change that
 * needs it commits), then sent by the `mail.send` job. The row is the evidence of what went out
 * and when (information letters, § 134 GWB), and the job's state: `queued` until the SMTP server
 * accepted it (`sent`), `failed` when it refused it for good or every attempt failed, `skipped`
 * when no SMTP server is configured (development only).
 */
@Entity('mails')
@Check('CHK_mails_status', `status IN ('queued', 'sent', 'failed', 'skipped')`)
// one mail per occasion and recipient (a reminder sent once, however often its job runs)
@Index('IDX_mails_dedupe_key', ['dedupeKey'], { unique: true, where: 'dedupe_key IS NOT NULL' })
@Index('IDX_mails_subject', ['subjectId', 'template'])
@Index('IDX_mails_recipient_user', ['recipientUserId', 'createdAt'])
export class MailEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** the template's name, e.g. bundle.matching-opened */
  @Column({ type: 'text' })
  template!: string;

  /** what the recipient may switch off (mail preferences), e.g. bundle-matches; information-letters never */
  @Column({ type: 'text' })
  category!: string;

  /** the user it was written for, if it went to a user (not an address alone) */
  @Column({ name: 'recipient_user_id', type: 'uuid', nullable: true })
  recipientUserId!: string | null;

  @Column({ name: 'to_address', type: 'text' })
  toAddress!: string;

  @Column({ name: 'to_name', type: 'text', nullable: true })
  toName!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ name: 'text_body', type: 'text' })
  textBody!: string;

  @Column({ name: 'html_body', type: 'text', nullable: true })
  htmlBody!: string | null;

  /** the template's parameters, kept with the text that was written from them */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  params!: Record<string, unknown>;

  /** the bundle, tender or lot the mail is about */
  @Column({ name: 'subject_id', type: 'uuid', nullable: true })
  subjectId!: string | null;

  /** the occasion and recipient, for mails that must go out once only (reminders) */
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey!: string | null;

  @Column({ type: 'text', default: 'queued' })
  status!: MailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  /** the Message-ID header the mail was sent with */
  @Column({ name: 'message_id', type: 'text', nullable: true })
  messageId!: string | null;

  /** what the SMTP server answered when it accepted the mail */
  @Column({ name: 'smtp_response', type: 'text', nullable: true })
  smtpResponse!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt!: Date | null;
}
