export * from './test-env';
export * from './test-app';
export * from './identity-fixtures';
export * from './access-matrix';
export * from './bundling-fixtures';
export * from './test-clock';
export * from './eforms-fixtures';
export * from './framework-fixtures';
