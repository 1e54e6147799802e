// Pure domain rules of Bündel: plain TypeScript, no framework imports (tag type:domain).
// Money is integer euro cents, quantities are integer thousandths (see money.ts).
export * from './errors';
export * from './money';
export * from './dates';
export * from './standstill';
export * from './information-letter';
export * from './cpv';
export * from './cpv-check-digit-exceptions';
export * from './thresholds';
export * from './aggregate';
export * from './lots';
export * from './criteria';
export * from './scoring';
export * from './allocation';
export * from './demand-status';
export * from './tender-status';
export * from './demand-csv';
export * from './units';
export * from './delivery-place';
export * from './ocds';
export * from './market-cells';
export * from './tender';
export * from './valued-criteria';
export * from './eforms';
export * from './bundle-rules';
export * from './display';
export * from './public-body-names';
