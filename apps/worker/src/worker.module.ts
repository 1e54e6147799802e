import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Clock, ClockModule } from '@buendel/clock';
import { AppConfigModule, LoggingModule } from '@buendel/config';
import { PersistenceModule } from '@buendel/persistence';
import { QueueModule } from '@buendel/queue';
import { SystemProcessor, SystemSchedules } from '@buendel/health';
import { AuditModule } from '@buendel/audit';
import { MailJobsModule, MailModule } from '@buendel/mail';
import { BundlingJobsModule } from '@buendel/bundling';
import { TenderingJobsModule } from '@buendel/tendering';

/** The worker: an application context with the BullMQ processors and nothing HTTP. */
@Module({})
export class WorkerModule {
  static register(options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(),
        ClockModule.forRoot(options.clock),
        LoggingModule.forRoot(),
        PersistenceModule,
        QueueModule.forRoot('worker'),
        DiscoveryModule,
        AuditModule,
        MailModule,
        MailJobsModule,
        BundlingJobsModule,
        TenderingJobsModule,
      ],
      providers: [SystemProcessor, SystemSchedules],
    };
  }
}
