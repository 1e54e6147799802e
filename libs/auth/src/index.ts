export * from './roles';
export * from './access.decorators';
export * from './access.guard';
export * from './jwt.constants';
export * from './auth-core.module';
export * from './user-state';
export * from './session-cookies';
export * from './session-revocations';
