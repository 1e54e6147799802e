export * from './data-source';
export * from './persistence.module';
export * from './entities';
export * from './startup-task';
export * from './sql';
export * from './page-query';
export * from './pg-listener';
