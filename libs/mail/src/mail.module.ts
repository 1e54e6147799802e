import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender';
import { MailService } from './mail.service';
import { MailProcessor } from './mail.processor';

/**
 * MailService for every context (API and worker): queue mails in a transaction. Needs the global
 * Persistence, Queue (OutboxWriter) and config modules.
 */
@Global()
@Module({ providers: [MailService], exports: [MailService] })
export class MailModule {}

/** The sending of mails; only the worker imports this. */
@Module({ providers: [MailSender, MailProcessor], exports: [MailSender] })
export class MailJobsModule {}
