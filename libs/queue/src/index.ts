export * from './job-catalogue';
export * from './redis';
export * from './queue.module';
export * from './job-queue.service';
export * from './typed-worker-host';
export * from './outbox';
export * from './outbox-relay';
export * from './job-failures';
