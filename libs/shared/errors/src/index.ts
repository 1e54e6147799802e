export * from './problem';
export * from './domain.exception';
export * from './validation';
export * from './compiled-validation';
export * from './problem-details.filter';
export * from './unavailable';
export * from './messages-de';
