export * from './env.schema';
export * from './config.module';
export * from './paths';
export * from './logging.module';
