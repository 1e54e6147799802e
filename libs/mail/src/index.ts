export * from './mail-categories';
export * from './mail-render';
export * from './mail-templates';
export * from './mail.service';
export * from './mail-transport';
export * from './mail-sender';
export * from './mail.module';
export * from './mail-catcher';
