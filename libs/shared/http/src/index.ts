// Generic HTTP pieces of every feature lib: paging, path parameters, input transforms and validators.
export * from './pagination';
export * from './search-input';
export * from './uuid-param';
export * from './transforms';
export * from './validators';
export * from './patterns';
export * from './input-limits';
export * from './nul-guard';
export * from './stored-files';
export * from './file-upload';
export * from './request-log';
