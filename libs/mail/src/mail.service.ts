import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { jobIdOf, JobName, OutboxWriter } from '@buendel/queue';
import { wantsMail } from './mail-categories';
import { mailCategoryOf, MailTemplateName, MailTemplateParams, renderMail } from './mail-templates';

/** a user (address, name and mail preferences read from the row) or a bare address */
export type MailRecipient = { userId: string } | { email: string; name?: string | null };

export interface MailOrder<N extends MailTemplateName> {
  template: N;
  params: MailTemplateParams[N];
  /** the bundle, tender or lot the mail is about (lists the mails of a tender, for the record) */
  subjectId?: string | null;
  /**
   * once per occasion and recipient: a mail with this key to the same address is never written
   * again (a reminder whose job runs twice, a decision sent again after a retry)
   */
  onceKey?: string;
}

export interface QueuedMail {
  id: string;
  toAddress: string;
  recipientUserId: string | null;
}

interface Resolved {
  userId: string | null;
  email: string;
  name: string | null;
}

export type MailUserRole = 'buyer' | 'coordinator' | 'supplier' | 'admin';

/**
 * Queues mails in the caller's transaction: each mail is written to `mails` with its subject and
 * body, and a `mail.send` job goes into the outbox; both commit or roll back with the change
 * that needs them, and the worker sends after commit, retrying while the SMTP server is away.
 * Users who switched a category off get nothing of it (information letters always go out);
 * inactive users get nothing.
 */
@Injectable()
export class MailService {
  constructor(
    private readonly outbox: OutboxWriter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** an absolute link into Bündel for a mail (PUBLIC_URL, or the local API) */
  link(path: string): string {
    const base = (this.config.PUBLIC_URL ?? `http://localhost:${this.config.PORT}`).replace(/\/+$/, '');
    return `${base}${path.startsWith('/') ? path : `/${path}`}`;
  }

  /** Queues one mail per recipient (users resolved to their current address). */
  async enqueue<N extends MailTemplateName>(
    manager: EntityManager,
    to: MailRecipient | MailRecipient[],
    order: MailOrder<N>,
  ): Promise<QueuedMail[]> {
    const recipients = Array.isArray(to) ? to : [to];
    const userIds = recipients.flatMap((r) => ('userId' in r ? [r.userId] : []));
    const users = userIds.length ? await this.activeUsers(manager, { userIds }, order.template) : [];
    const addresses = recipients.flatMap((r): Resolved[] =>
      'email' in r ? [{ userId: null, email: r.email.trim().toLowerCase(), name: r.name ?? null }] : [],
    );
    return this.write(manager, [...users, ...addresses], order);
  }

  /** Queues one mail to every active user of these organisations (optionally: of these roles). */
  async enqueueToOrganisations<N extends MailTemplateName>(
    manager: EntityManager,
    organisationIds: string[],
    order: MailOrder<N>,
    roles?: MailUserRole[],
  ): Promise<QueuedMail[]> {
    if (organisationIds.length === 0) return [];
    const users = await this.activeUsers(manager, { organisationIds, roles }, order.template);
    return this.write(manager, users, order);
  }

  private async activeUsers(
    manager: EntityManager,
    which: { userIds?: string[]; organisationIds?: string[]; roles?: MailUserRole[] },
    template: MailTemplateName,
  ): Promise<Resolved[]> {
    const rows = await manager.query<Array<{ id: string; email: string; preferences: Record<string, boolean> }>>(
      `SELECT id, email, mail_preferences AS preferences FROM users
       WHERE active
         AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[]))
         AND ($2::uuid[] IS NULL OR organisation_id = ANY($2::uuid[]))
         AND ($3::text[] IS NULL OR role = ANY($3::text[]))
       ORDER BY email`,
      [which.userIds ?? null, which.organisationIds ?? null, which.roles ?? null],
    );
    const category = mailCategoryOf(template);
    return rows
      .filter((row) => wantsMail(row.preferences, category))
      .map((row) => ({ userId: row.id, email: row.email, name: null }));
  }

  private async write<N extends MailTemplateName>(
    manager: EntityManager,
    recipients: Resolved[],
    order: MailOrder<N>,
  ): Promise<QueuedMail[]> {
    const seen = new Set<string>();
    const unique = recipients.filter((r) => !seen.has(r.email) && seen.add(r.email));
    if (unique.length === 0) return [];
    const mails = unique.map((r) => ({ recipient: r, ...renderMail(order.template, order.params, r.name) }));
    const rows = await manager.query<Array<{ id: string; to_address: string; recipient_user_id: string | null }>>(
      `INSERT INTO mails (template, category, recipient_user_id, to_address, to_name, subject, text_body, html_body,
                          params, subject_id, dedupe_key)
       SELECT $1, $2, u.user_id, u.address, u.name, u.subject, u.text_body, u.html_body, $3::jsonb, $4::uuid, u.dedupe_key
       FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[])
            AS u(user_id, address, name, subject, text_body, html_body, dedupe_key)
       ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING
       RETURNING id, to_address, recipient_user_id`,
      [
        order.template,
        mailCategoryOf(order.template),
        JSON.stringify(order.params),
        order.subjectId ?? null,
        mails.map((m) => m.recipient.userId),
        mails.map((m) => m.recipient.email),
        mails.map((m) => m.recipient.name),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
        mails.map((m) => m.html),
        mails.map((m) => (order.onceKey ? `${order.onceKey}|${m.recipient.email}` : null)),
      ],
    );
    await this.outbox.add(
      manager,
      ...rows.map((row) => ({
        name: JobName.MailSend,
        payload: { mailId: row.id },
        jobId: jobIdOf(JobName.MailSend, row.id),
      })),
    );
    return rows.map((row) => ({ id: row.id, toAddress: row.to_address, recipientUserId: row.recipient_user_id }));
  }
}
