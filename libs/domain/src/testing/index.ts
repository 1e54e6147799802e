export * from './ocds-schema';
