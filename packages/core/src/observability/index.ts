export * from './metrics.ts';
export * from './requests.ts';
export * from './tracing.ts';
export * from './database.ts';
