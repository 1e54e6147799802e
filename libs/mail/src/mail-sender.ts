import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { MailTransport } from './mail-transport';
import { MailsRepository } from './mails.repository';

export type SendOutcome = 'sent' | 'skipped' | 'already-done' | 'gone';

/**
 * Sends stored mails (worker only). A mail is sent while its row is `queued`; a job that runs
 * again for a sent mail does nothing. Every attempt is counted on the row, and its error kept,
 * so that the row tells what happened without the worker's log.
 */
@Injectable()
export class MailSender implements OnApplicationShutdown {
  private readonly logger = new Logger(MailSender.name);
  private readonly transport?: MailTransport;
  private warnedUnconfigured = false;

  constructor(
    private readonly mails: MailsRepository,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    if (config.SMTP_URL) this.transport = new MailTransport(config.SMTP_URL, config.MAIL_FROM);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(mailId: string): Promise<SendOutcome> {
    const row = await this.mails.byId(mailId);
    if (!row) return 'gone';
    if (row.status !== 'queued') return 'already-done';
    if (!this.transport) {
      if (!this.warnedUnconfigured) {
        this.logger.warn('SMTP_URL is not set: mails are stored but not sent (status skipped)');
        this.warnedUnconfigured = true;
      }
      await this.mails.markSkipped(
        mailId,
        'Kein SMTP-Server eingerichtet (SMTP_URL); die E-Mail wurde nicht versandt.',
      );
      return 'skipped';
    }
    try {
      const sent = await this.transport.send({
        id: row.id,
        toAddress: row.to_address,
        toName: row.to_name,
        subject: row.subject,
        text: row.text_body,
        html: row.html_body,
      });
      await this.mails.markSent(mailId, this.clock.now(), sent);
      return 'sent';
    } catch (e) {
      await this.mails.recordFailedAttempt(mailId, e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  /** the last attempt failed, or the server refused the mail for good */
  async markFailed(mailId: string, error: Error): Promise<void> {
    await this.mails.markFailed(mailId, error.message);
  }
}
