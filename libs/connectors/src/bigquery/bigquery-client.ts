/**
 * The BigQuery client of the Visma → BigQuery exporter, on the official `@google-cloud/bigquery` 8.3.1
 * (REST v2, shared/specs/bigquery/bigquery.v2.discovery.json; rootUrl `https://bigquery.googleapis.com/`).
 *
 * - Construction: always `new BigQuery({ projectId: key.project_id, apiEndpoint, authClient })` — an explicit
 *   project and the key's own `JWT` auth client (bigquery-auth.ts), never Application Default Credentials, so nothing
 *   probes the metadata server. The library appends `/bigquery/v2` to `apiEndpoint` (and ignores `apiEndpoint` when
 *   `BIGQUERY_EMULATOR_HOST` is set: that variable is refused here, the endpoint is the caller's choice).
 * - Retries: the library retries on its own by default (`retryOptions.autoRetry: true`, `maxRetries: 3`, through
 *   retry-request with its own backoff, invisible to our logs, and the token POST through gaxios). Both are switched
 *   off (`autoRetry: false`; gaxios `retry: 0` in bigquery-auth.ts) so `BigQueryRetrier` is the only policy: its
 *   decisions are logged with a reason, honour `Retry-After`, and long waits go back to the worker. Otherwise the
 *   two layers would multiply (4 × 5 attempts) and a quota error could be hammered for minutes.
 * - Datasets and tables: get, create on 404, and a 409 on create (someone else was faster) reads the winner.
 * - Jobs: deterministic job ids, 409 reuses the existing job (bigquery-jobs.ts).
 * - Errors: `BigQueryApiError` (status, reason, jobId), `BigQueryJobFailedError`, and `ConnectorRateLimitedError`
 *   for waits too long to sleep (bigquery-errors.ts, bigquery-retry.ts). Tokens and the key never reach logs or
 *   errors.
 * Clients never read env vars (the one check above only refuses to run when it would be bypassed).
 */
import { BigQuery, type DatasetResource, type TableMetadata } from '@google-cloud/bigquery';
import { ConnectorError, NOOP_LOGGER, SYSTEM_CLOCK, type Clock, type ConnectorLogger } from '../core';
import { BigQueryAuth } from './bigquery-auth';
import { parseServiceAccountKey, type BigQueryServiceAccountKey } from './bigquery-credentials';
import { BIGQUERY_SYSTEM, BigQueryApiError } from './bigquery-errors';
import {
  BigQueryJobRunner,
  type BigQueryJobInfo,
  type BigQueryJobWaitOptions,
  type BigQueryLoadRequest,
  type BigQueryLoadResult,
  type BigQueryQueryJobRequest,
  type BigQueryQueryJobResult,
  type BigQueryQueryParams,
} from './bigquery-jobs';
import { pingBigQuery, pingBigQueryOptions, type BigQueryPingReport } from './bigquery-ping';
import { BigQueryRetrier, type BigQueryRetryPolicy } from './bigquery-retry';
import { mergeTableSchema, readTableFields, toLibraryFields, type BigQuerySchemaAddition, type BigQuerySchemaConflict, type BigQueryTableFieldSchema } from './bigquery-schema';

/** Google's BigQuery endpoint (discovery doc `rootUrl`, without the trailing slash). */
export const BIGQUERY_DEFAULT_API_ENDPOINT = 'https://bigquery.googleapis.com';

export type BigQueryExportClientOptions = BigQueryJobWaitOptions & {
  /** The service-account key: its JSON text, the parsed object, or an already parsed key. */
  key: unknown;
  /** API origin (default Google's; the demo passes the sandbox's). `/bigquery/v2` is appended by the library. */
  apiEndpoint?: string | undefined;
  /** Token endpoints the key's `token_uri` may name (default `https://oauth2.googleapis.com/token` only). */
  allowedTokenUris?: readonly string[] | undefined;
  /** Default location of datasets and jobs (e.g. `EU`, `europe-north1`). */
  location?: string | undefined;
  retry?: Partial<BigQueryRetryPolicy> | undefined;
  /** Renew the access token this long before it expires (default 5 min, the library's default). */
  tokenRenewBeforeMs?: number | undefined;
  logger?: ConnectorLogger | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
};

export type BigQueryDatasetInfo = { datasetId: string; location: string | undefined; isCreated: boolean };

export type BigQueryTableInfo = { datasetId: string; tableId: string; fields: BigQueryTableFieldSchema[]; numRows: number | undefined; etag: string | undefined };

export type BigQueryEnsureTableResult = {
  table: BigQueryTableInfo;
  isCreated: boolean;
  /** Fields added to an existing table (empty when created or unchanged). */
  added: BigQuerySchemaAddition[];
  /** Differences left alone (never dropped or retyped); loads whose rows need the wanted type will fail. */
  conflicts: BigQuerySchemaConflict[];
};

/** Everything the exporter does with one BigQuery project; see the file header. */
export class BigQueryExportClient {
  readonly key: BigQueryServiceAccountKey;
  readonly projectId: string;
  readonly apiEndpoint: string;
  readonly location: string | undefined;
  readonly auth: BigQueryAuth;
  readonly retrier: BigQueryRetrier;
  readonly jobs: BigQueryJobRunner;
  /** The library client (explicit project and auth client, library retries off). */
  readonly bigquery: BigQuery;
  private readonly logger: ConnectorLogger;

  /**
   * No I/O happens here.
   * @throws BigQueryKeyError when the key does not parse (naming the field, never echoing the key)
   * @throws BigQueryTokenUriRefusedError when the key's `token_uri` is not allowed
   * @throws ConnectorError `configuration` when `BIGQUERY_EMULATOR_HOST` is set (it would override `apiEndpoint`)
   */
  constructor(options: BigQueryExportClientOptions) {
    if (process.env['BIGQUERY_EMULATOR_HOST'] !== undefined) {
      throw new ConnectorError({ system: BIGQUERY_SYSTEM, code: 'configuration', retryable: false, message: 'BIGQUERY_EMULATOR_HOST is set; it would override the configured BigQuery endpoint, so the client refuses to start' });
    }
    this.key = parseServiceAccountKey(options.key);
    this.projectId = this.key.project_id;
    this.apiEndpoint = (options.apiEndpoint ?? BIGQUERY_DEFAULT_API_ENDPOINT).replace(/\/+$/, '');
    this.location = options.location;
    this.logger = options.logger ?? NOOP_LOGGER;
    this.auth = new BigQueryAuth(this.key, { allowedTokenUris: options.allowedTokenUris, renewBeforeMs: options.tokenRenewBeforeMs, logger: this.logger });
    const clock = options.clock ?? SYSTEM_CLOCK;
    this.retrier = new BigQueryRetrier({ policy: options.retry, logger: this.logger, clock, random: options.random, onUnauthorized: () => this.auth.invalidate() });
    this.bigquery = new BigQuery({
      projectId: this.projectId,
      apiEndpoint: this.apiEndpoint,
      authClient: this.auth.client,
      retryOptions: { autoRetry: false, maxRetries: 0 },
      ...(this.location === undefined ? {} : { location: this.location }),
    });
    this.jobs = new BigQueryJobRunner(this.bigquery, this.retrier, this.projectId, { clock, location: this.location, pollInitialMs: options.pollInitialMs, pollMaxMs: options.pollMaxMs, jobTimeoutMs: options.jobTimeoutMs });
  }

  /**
   * `datasets.get`, and `datasets.insert` on 404 (a 409 on insert reads the dataset someone else just created).
   * @param location where to create it (default the client's); an existing dataset keeps its own
   */
  async ensureDataset(datasetId: string, location?: string): Promise<BigQueryDatasetInfo> {
    const where = location ?? this.location;
    const existing = await this.findDataset(datasetId);
    if (existing) return { ...existing, isCreated: false };
    try {
      const [, meta] = await this.retrier.run('datasets.insert', () => this.bigquery.createDataset(datasetId, where === undefined ? {} : { location: where }));
      this.logger.info({ system: BIGQUERY_SYSTEM, datasetId, location: where }, 'dataset created');
      return { datasetId, location: (meta as DatasetResource | undefined)?.location ?? where, isCreated: true };
    } catch (e: unknown) {
      if (!(e instanceof BigQueryApiError && e.status === 409)) throw e;
      const winner = await this.findDataset(datasetId);
      if (!winner) throw e;
      return { ...winner, isCreated: false };
    }
  }

  /** `datasets.get`, or undefined for 404. */
  async findDataset(datasetId: string): Promise<{ datasetId: string; location: string | undefined } | undefined> {
    try {
      const meta = await this.retrier.run('datasets.get', async (): Promise<DatasetResource> => (await this.bigquery.dataset(datasetId).getMetadata())[0] as DatasetResource);
      return { datasetId, location: meta.location ?? undefined };
    } catch (e: unknown) {
      if (e instanceof BigQueryApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /**
   * Creates the table with `schema`, or extends an existing table's schema by the fields it lacks (nested too) with
   * `tables.patch`; never drops or retypes (bigquery-schema.ts).
   */
  async ensureTable(datasetId: string, tableId: string, schema: readonly BigQueryTableFieldSchema[]): Promise<BigQueryEnsureTableResult> {
    let table = await this.findTable(datasetId, tableId);
    if (!table) {
      try {
        const [, meta] = await this.retrier.run('tables.insert', () => this.bigquery.dataset(datasetId).createTable(tableId, { schema: { fields: toLibraryFields(schema) } }));
        this.logger.info({ system: BIGQUERY_SYSTEM, datasetId, tableId, fields: schema.length }, 'table created');
        return { table: readTable(datasetId, tableId, meta), isCreated: true, added: [], conflicts: [] };
      } catch (e: unknown) {
        if (!(e instanceof BigQueryApiError && e.status === 409)) throw e;
        table = await this.findTable(datasetId, tableId);
        if (!table) throw e;
      }
    }
    const merge = mergeTableSchema(table.fields, schema);
    if (merge.conflicts.length > 0) this.logger.warn({ system: BIGQUERY_SYSTEM, datasetId, tableId, conflicts: merge.conflicts }, 'table schema differs');
    if (merge.added.length === 0) return { table, isCreated: false, added: [], conflicts: merge.conflicts };
    const meta = await this.retrier.run('tables.patch', async (): Promise<TableMetadata> => (await this.bigquery.dataset(datasetId).table(tableId).setMetadata({ schema: { fields: toLibraryFields(merge.fields) } }))[0] as TableMetadata);
    this.logger.info({ system: BIGQUERY_SYSTEM, datasetId, tableId, added: merge.added.map((a) => a.path) }, 'table schema extended');
    const patched = readTable(datasetId, tableId, meta);
    return { table: patched.fields.length > 0 ? patched : { ...table, fields: merge.fields }, isCreated: false, added: merge.added, conflicts: merge.conflicts };
  }

  /** `tables.get`. @throws BigQueryApiError `not_found` */
  async getTable(datasetId: string, tableId: string): Promise<BigQueryTableInfo> {
    const meta = await this.retrier.run('tables.get', async (): Promise<TableMetadata> => (await this.bigquery.dataset(datasetId).table(tableId).getMetadata())[0] as TableMetadata);
    return readTable(datasetId, tableId, meta);
  }

  /** `tables.get`, or undefined for 404. */
  async findTable(datasetId: string, tableId: string): Promise<BigQueryTableInfo | undefined> {
    try {
      return await this.getTable(datasetId, tableId);
    } catch (e: unknown) {
      if (e instanceof BigQueryApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** A load job of NDJSON with a deterministic job id (bigquery-jobs.ts): 409 → the existing job, waited for. */
  loadNdjson(req: BigQueryLoadRequest): Promise<BigQueryLoadResult> {
    return this.jobs.load(req);
  }

  /** A query job (the MERGE) with a deterministic job id: 409 → the existing job, waited for. */
  runQuery(req: BigQueryQueryJobRequest): Promise<BigQueryQueryJobResult> {
    return this.jobs.runQuery(req);
  }

  /** `jobs.get`: state, errorResult, statistics. @throws BigQueryApiError `not_found` */
  getJob(jobId: string, location?: string): Promise<BigQueryJobInfo> {
    return this.jobs.getJob(jobId, location);
  }

  /**
   * A read-only SELECT (row count, key look-up) through `jobs.query` (the library picks a random `requestId`;
   * repeating a SELECT is harmless, so the policy retries it). Rows come back parsed by the library (INT64 as number,
   * TIMESTAMP as BigQueryTimestamp).
   */
  async query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: BigQueryQueryParams, options: { location?: string | undefined; types?: BigQueryQueryJobRequest['types'] } = {}): Promise<T[]> {
    const location = options.location ?? this.location;
    const [rows] = await this.retrier.run('jobs.query', () =>
      this.bigquery.query({ query: sql, useLegacySql: false, ...(params === undefined ? {} : { params }), ...(options.types === undefined ? {} : { types: options.types }), ...(location === undefined ? {} : { location }) }),
    );
    return rows as T[];
  }

  /** Diagnoses key, token, project, dataset and roles (bigquery-ping.ts). Never throws. */
  ping(datasetId: string, options: { location?: string | undefined } = {}): Promise<BigQueryPingReport> {
    return pingBigQuery(this, datasetId, options.location ?? this.location);
  }
}

/** Builds a client (the registry's factory shape: credentials = the key, options = the rest). */
export function createBigQueryExportClient(key: unknown, options: Omit<BigQueryExportClientOptions, 'key'> = {}): BigQueryExportClient {
  return new BigQueryExportClient({ ...options, key });
}

/**
 * Pings from raw options (the "ping your systems" screen, before a client exists): a key that does not parse or names
 * a token endpoint that is not allowed is the failed `key` check, not a thrown error. Never throws.
 */
export function pingBigQueryConnection(options: BigQueryExportClientOptions, datasetId: string): Promise<BigQueryPingReport> {
  return pingBigQueryOptions(options, datasetId, (o) => new BigQueryExportClient(o));
}

function readTable(datasetId: string, tableId: string, meta: TableMetadata | undefined): BigQueryTableInfo {
  const rows = meta?.numRows;
  return {
    datasetId,
    tableId,
    fields: readTableFields(meta?.schema),
    numRows: typeof rows === 'number' ? rows : typeof rows === 'string' && /^\d+$/.test(rows) ? Number(rows) : undefined,
    etag: meta?.etag ?? undefined,
  };
}
