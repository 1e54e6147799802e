import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Clock, ClockModule } from '@buendel/clock';
import { AppConfigModule, LoggingModule } from '@buendel/config';
import { ProblemDetailsFilter } from '@buendel/errors';
import { PersistenceModule } from '@buendel/persistence';
import { QueueModule } from '@buendel/queue';
import { AuthCoreModule } from '@buendel/auth';
import { HealthModule } from '@buendel/health';
import { AuditModule } from '@buendel/audit';
import { MailModule } from '@buendel/mail';
import { ReferenceDataModule } from '@buendel/reference-data';
import { IdentityModule } from '@buendel/identity';
import { BundlingModule } from '@buendel/bundling';
import { TenderingModule } from '@buendel/tendering';

/**
 * HTTP only: the API composes the feature modules; it runs no job processors.
 * Built at call time, so that the environment is read when the app is created.
 */
@Module({})
export class ApiModule {
  static register(options: { clock?: Clock } = {}): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(),
        ClockModule.forRoot(options.clock),
        LoggingModule,
        PersistenceModule,
        QueueModule.forRoot('producer'),
        AuthCoreModule,
        AuditModule,
        MailModule,
        HealthModule,
        ReferenceDataModule,
        IdentityModule,
        BundlingModule,
        TenderingModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
