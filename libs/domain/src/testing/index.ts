export * from './ocds-schema';
export * from './eforms-schema';
