export * from './heartbeat';
export * from './health.module';
export * from './system.processor';
