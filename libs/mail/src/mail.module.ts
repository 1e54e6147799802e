import { Global, Module } from '@nestjs/common';
import { MailSender } from './mail-sender';
import { MailService } from './mail.service';
import { MailsRepository } from './mails.repository';
import { MailProcessor } from './mail.processor';

/**
 * MailService for every context (API and worker): queue mails in a transaction. Needs the global
 * Persistence, Queue (OutboxWriter) and config modules.
 */
@Global()
@Module({ providers: [MailService, MailsRepository], exports: [MailService, MailsRepository] })
export class MailModule {}

/** The sending of mails; only the worker imports this. */
@Module({ providers: [MailSender, MailProcessor], exports: [MailSender] })
export class MailJobsModule {}
