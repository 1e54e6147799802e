import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AppConfigModule, LoggingModule } from '@buendel/config';
import { PersistenceModule } from '@buendel/persistence';
import { QueueModule } from '@buendel/queue';
import { SystemProcessor, SystemSchedules } from '@buendel/health';
import { AuditModule } from '@buendel/audit';
import { BundlingJobsModule } from '@buendel/bundling';
import { TenderingJobsModule } from '@buendel/tendering';

/** The worker: an application context with the BullMQ processors and nothing HTTP. */
@Module({})
export class WorkerModule {
  static register(): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(),
        LoggingModule,
        PersistenceModule,
        QueueModule.forRoot('worker'),
        DiscoveryModule,
        AuditModule,
        BundlingJobsModule,
        TenderingJobsModule,
      ],
      providers: [SystemProcessor, SystemSchedules],
    };
  }
}
