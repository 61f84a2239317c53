export {
  BIGQUERY_DEFAULT_LOCATION,
  BIGQUERY_DEFAULT_PROJECT_ID,
  BIGQUERY_INSERT_ID_WINDOW_MS,
  BIGQUERY_LOAD_JOBS_PER_TABLE_PER_DAY,
  BIGQUERY_STATIC_TOKEN,
  BIGQUERY_TOKEN_TTL_SECONDS,
  startBigQuerySandbox,
  type BigQuerySandboxOptions,
  type BigQueryTableSnapshot,
  type RunningBigQuerySandbox,
} from './bigquery-sandbox';
export { GOOGLE_TOKEN_URL, JWT_BEARER_GRANT, SCOPE_BIGQUERY, SCOPE_CLOUD_PLATFORM, SCOPE_INSERTDATA, type BigQueryServiceAccountKey } from './auth';
export { bigQueryFaultBody, QUOTA_FAULT_REASONS, type QuotaFaultReason } from './errors';
export type { FieldSchema as BigQueryFieldSchema, PlainValue as BigQueryPlainValue } from './schema';
