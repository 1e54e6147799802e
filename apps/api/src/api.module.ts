import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Clock, ClockModule } from '@buendel/clock';
import { AppConfigModule, LoggingModule } from '@buendel/config';
import { ProblemDetailsFilter } from '@buendel/errors';
import { PersistenceModule } from '@buendel/persistence';
import { QueueModule } from '@buendel/queue';
import { AuthCoreModule } from '@buendel/auth';
import { HealthModule } from '@buendel/health';
import { AuditModule, currentRequestContext } from '@buendel/audit';
import { MailModule } from '@buendel/mail';
import { ReferenceDataModule } from '@buendel/reference-data';
import { IdentityModule } from '@buendel/identity';
import { BundlingModule } from '@buendel/bundling';
import { TenderingModule } from '@buendel/tendering';

/** every line logged inside a request carries its request id (the request context of bootstrap.ts) */
function requestBindings(): Record<string, unknown> {
  const requestId = currentRequestContext().requestId;
  return requestId ? { requestId } : {};
}

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
        LoggingModule.forRoot({ requestBindings }),
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
