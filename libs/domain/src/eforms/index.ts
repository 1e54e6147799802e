// eForms notices (SDK 1.15) of Bündel's joint tenders: input types, checks, builders.
export * from './codes';
export * from './input';
export * from './formats';
export * from './check';
export * from './sustainability';
export * from './notices';
