import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '@buendel/clock';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { MailTransport } from './mail-transport';

export type SendOutcome = 'sent' | 'skipped' | 'already-done' | 'gone';

interface MailRow {
  id: string;
  status: string;
  to_address: string;
  to_name: string | null;
  subject: string;
  text_body: string;
  html_body: string | null;
}

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
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly clock: Clock,
  ) {
    if (config.SMTP_URL) this.transport = new MailTransport(config.SMTP_URL, config.MAIL_FROM);
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }

  async send(mailId: string): Promise<SendOutcome> {
    const [row] = await this.dataSource.query<MailRow[]>(
      `SELECT id, status, to_address, to_name, subject, text_body, html_body FROM mails WHERE id = $1`,
      [mailId],
    );
    if (!row) return 'gone';
    if (row.status !== 'queued') return 'already-done';
    if (!this.transport) {
      if (!this.warnedUnconfigured) {
        this.logger.warn('SMTP_URL is not set: mails are stored but not sent (status skipped)');
        this.warnedUnconfigured = true;
      }
      await this.dataSource.query(
        `UPDATE mails SET status = 'skipped', last_error = $2 WHERE id = $1 AND status = 'queued'`,
        [mailId, 'Kein SMTP-Server eingerichtet (SMTP_URL); die E-Mail wurde nicht versandt.'],
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
      await this.dataSource.query(
        `UPDATE mails SET status = 'sent', sent_at = $2, attempts = attempts + 1, message_id = $3, smtp_response = $4,
                          last_error = NULL
         WHERE id = $1 AND status = 'queued'`,
        [mailId, this.clock.now(), sent.messageId, sent.response],
      );
      return 'sent';
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await this.dataSource.query(`UPDATE mails SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [
        mailId,
        message,
      ]);
      throw e;
    }
  }

  /** the last attempt failed, or the server refused the mail for good */
  async markFailed(mailId: string, error: Error): Promise<void> {
    await this.dataSource.query(
      `UPDATE mails SET status = 'failed', last_error = $2 WHERE id = $1 AND status = 'queued'`,
      [mailId, error.message],
    );
  }
}
