import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

/** a mail's row as the sender reads it */
export interface MailRow {
  id: string;
  status: string;
  to_address: string;
  to_name: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
}

/** the users a mail may go to: by id, by organisation and role (each filter optional) */
export interface RecipientFilter {
  userIds?: string[];
  organisationIds?: string[];
  roles?: string[];
}

/** one rendered mail to store */
export interface NewMail {
  userId: string | null;
  address: string;
  name: string | null;
  subject: string;
  text: string;
  html: string;
  /** once per key and address: a second mail with the same key is not stored */
  dedupeKey: string | null;
}

/**
 * The statements on the mails table and the recipients' rows, one named method each: the
 * service that queues mails and the sender that sends them read as rules.
 */
@Injectable()
export class MailsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** the active users the filter names, with their mail preferences, by e-mail address */
  activeRecipients(
    manager: EntityManager,
    which: RecipientFilter,
  ): Promise<Array<{ id: string; email: string; preferences: Record<string, boolean> }>> {
    return manager.query(
      `SELECT id, email, mail_preferences AS preferences FROM users
       WHERE active
         AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
         AND ($2::uuid[] IS NULL OR organisation_id = ANY($2::uuid[]))
         AND ($3::text[] IS NULL OR role = ANY($3::text[]))
       ORDER BY email`,
      [which.userIds ?? null, which.organisationIds ?? null, which.roles ?? null],
    );
  }

  /** stores the mails of one template (queued); those whose dedupe key exists already are left out */
  insertQueued(
    manager: EntityManager,
    order: { template: string; category: string; params: unknown; subjectId: string | null },
    mails: NewMail[],
  ): Promise<Array<{ id: string; to_address: string; recipient_user_id: string | null }>> {
    return manager.query(
      `INSERT INTO mails (template, category, recipient_user_id, to_address, to_name, subject, text_body, html_body,
                          params, subject_id, dedupe_key)
       SELECT $1, $2, u.user_id, u.address, u.name, u.subject, u.text_body, u.html_body, $3::jsonb, $4::uuid, u.dedupe_key
       FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
            AS u(user_id, address, name, subject, text_body, html_body, dedupe_key)
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, to_address, recipient_user_id`,
      [
        order.template,
        order.category,
        JSON.stringify(order.params),
        order.subjectId,
        mails.map((m) => m.userId),
        mails.map((m) => m.address),
        mails.map((m) => m.name),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
        mails.map((m) => m.html),
        mails.map((m) => m.dedupeKey),
      ],
    );
  }

  async byId(mailId: string): Promise<MailRow | undefined> {
    const [row] = await this.dataSource.query<MailRow[]>(
      `SELECT id, status, to_address, to_name, subject, text_body, html_body FROM mails WHERE id = $1`,
      [mailId],
    );
    return row;
  }

  /** a queued mail that no SMTP server can take: `skipped`, with the reason */
  async markSkipped(mailId: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mails SET status = 'skipped', last_error = $2 WHERE id = $1 AND status = 'queued'`,
      [mailId, reason],
    );
  }

  /** the server took a queued mail: `sent`, with its answer; the attempt counted */
  async markSent(mailId: string, at: Date, sent: { messageId: string; response: string }): Promise<void> {
    await this.dataSource.query(
      `UPDATE mails SET status = 'sent', sent_at = $2, attempts = attempts + 1, message_id = $3, smtp_response = $4,
                        last_error = NULL
       WHERE id = $1 AND status = 'queued'`,
      [mailId, at, sent.messageId, sent.response],
    );
  }

  /** an attempt that failed: counted, with its error (the mail stays queued for the next one) */
  async recordFailedAttempt(mailId: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE mails SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
      mailId,
      error,
    ]);
  }

  /** no attempt is left, or the server refused for good: `failed`, with the last error */
  async markFailed(mailId: string, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE mails SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'queued'`,
      [mailId, error],
    );
  }
}
