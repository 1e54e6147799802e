import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { jobIdOf, JobName, OutboxWriter } from '@buendel/queue';
import { wantsMail } from './mail-categories';
import { mailCategoryOf, MailTemplateName, MailTemplateParams, renderMail } from './mail-templates';
import { MailsRepository } from './mails.repository';

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
    private readonly mails: MailsRepository,
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
    const rows = await this.mails.activeRecipients(manager, which);
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
    const rows = await this.mails.insertQueued(
      manager,
      {
        template: order.template,
        category: mailCategoryOf(order.template),
        params: order.params,
        subjectId: order.subjectId ?? null,
      },
      unique.map((r) => {
        const { subject, text, html } = renderMail(order.template, order.params, r.name);
        return {
          userId: r.userId,
          address: r.email,
          name: r.name,
          subject,
          text,
          html,
          dedupeKey: order.onceKey ? `${order.onceKey}|${r.email}` : null,
        };
      }),
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
