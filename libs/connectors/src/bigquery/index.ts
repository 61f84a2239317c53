export * from './bigquery-auth';
export * from './bigquery-client';
export * from './bigquery-credentials';
export * from './bigquery-errors';
export * from './bigquery-jobs';
export * from './bigquery-ping';
export * from './bigquery-retry';
export * from './bigquery-schema';
