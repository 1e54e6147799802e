export * from './audit-log.service';
export * from './audit.module';
export * from './request-context';
