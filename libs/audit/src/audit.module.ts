import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditLog } from './audit-log.service';
import { RequestContextInterceptor } from './request-context';

@Global()
@Module({
  providers: [AuditLog, { provide: APP_INTERCEPTOR, useClass: RequestContextInterceptor }],
  exports: [AuditLog],
})
export class AuditModule {}
