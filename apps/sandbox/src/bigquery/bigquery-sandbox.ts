import { FaultInjector, RequestLog, SandboxRouter, startSandboxServer, type ArmedFault, type RunningSandbox, type SandboxRequest, type SandboxResponse } from '../core';
import { authorize, generateServiceAccountKey, GOOGLE_TOKEN_URL, issueToken, publicKeyFrom, SCOPE_BIGQUERY, SCOPE_CLOUD_PLATFORM, type Access, type BigQueryServiceAccountKey } from './auth';
import { bigQueryFaultBody, bqErrorBody, invalid, notFound, type QuotaFaultReason } from './errors';
import { getJob, getQueryResults, insertJob, renderJob, runQuery, type JobSettings } from './jobs';
import { parseMultipartUpload } from './load';
import { plainRow, renderSchema, type FieldSchema, type PlainValue } from './schema';
import { BigQueryState } from './state';
import { deleteDataset, deleteTable, renderDataset, getTable, insertAll, insertDataset, insertTable, listDatasets, listTableData, listTables, patchTable, type TableSettings } from './tables.routes';

export const BIGQUERY_DEFAULT_PROJECT_ID = 'mlc-demo-analytics';
export const BIGQUERY_DEFAULT_LOCATION = 'US';
export const BIGQUERY_STATIC_TOKEN = 'ya29.mlc-bigquery-sandbox-static-token';
export const BIGQUERY_TOKEN_TTL_SECONDS = 3600;
export const BIGQUERY_INSERT_ID_WINDOW_MS = 60_000;
/** BigQuery's load-job quota: 1,500 per table per day (cloud.google.com/bigquery/quotas#load_jobs). */
export const BIGQUERY_LOAD_JOBS_PER_TABLE_PER_DAY = 1500;

export type BigQuerySandboxOptions = {
  /** Port (0, the default, picks a free one). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Sandbox clock (ms): token expiry, JWT iat/exp checks, insertId windows, job times, load quota days. Default Date.now. */
  now?: () => number;
  /** The project served (default `mlc-demo-analytics`); other projects answer 404. */
  projectId?: string;
  /** Location of datasets and jobs (default `US`). */
  location?: string;
  /** jobs.get / getQueryResults polls a job answers PENDING/RUNNING before it runs and is DONE (default 0: DONE at once). */
  jobDoneAfterPolls?: number;
  /** Best-effort insertId de-duplication window of insertAll, sandbox-clock ms (default 60 000). */
  insertIdWindowMs?: number;
  /** Bearer token accepted without a token call (all BigQuery scopes, never expires). Default BIGQUERY_STATIC_TOKEN. */
  staticToken?: string;
  /** `expires_in` of issued tokens (default 3600). */
  tokenTtlSeconds?: number;
  /** Rows per page of tabledata.list / query results when no maxResults is given (default 10 000). */
  defaultPageRows?: number;
  /** Load jobs per table per (UTC) day before a load fails with quotaExceeded (default 1500). */
  loadJobsPerTablePerDay?: number;
  /** client_email of the demo service account (default `mlc-exporter@<projectId>.iam.gserviceaccount.com`). */
  serviceAccountEmail?: string;
};

/** A table as the helpers show it: the REST `TableSchema` (`{fields}`, legacy type names) and the row count. */
export type BigQueryTableSnapshot = { projectId: string; datasetId: string; tableId: string; schema: { fields: FieldSchema[] }; numRows: number };

export type RunningBigQuerySandbox = RunningSandbox & {
  /** What to pass as `new BigQuery({apiEndpoint})` (the client appends `/bigquery/v2`): `url`. */
  apiEndpoint: string;
  /** `${url}/token`, the service-account key's `token_uri`. */
  tokenUrl: string;
  projectId: string;
  location: string;
  /** The demo service account's key file (generated at start; RSA-2048, PEM private key). */
  serviceAccountKey: BigQueryServiceAccountKey;
  staticToken: string;
  /** The request log (same object as `log`). */
  requests: RequestLog;
  /** Rows of a table as plain objects (copies; see schema.ts `plainValue`); [] when the table does not exist. */
  rows(datasetId: string, tableId: string): Array<Record<string, PlainValue>>;
  /** A table's schema and row count, or undefined. */
  table(datasetId: string, tableId: string): BigQueryTableSnapshot | undefined;
  /** Every stored job as the API renders it (copies, oldest first). */
  jobs(): Array<Record<string, unknown>>;
  /** Lets another service account's public key (PEM or certificate) sign token requests. */
  registerServiceAccount(account: { clientEmail: string; publicKeyPem: string; privateKeyId?: string }): void;
  /** Ends every issued token (the static one stays). */
  expireTokens(): void;
  /** Changes how many polls a new job takes to be DONE. */
  setJobDoneAfterPolls(polls: number): void;
  /** Arms a 403 quota fault (`validation-error` rule with `field` = the reason) on the core injector. */
  armQuotaFault(reason: QuotaFaultReason, rule?: { count?: number; method?: string; pathContains?: string }): ArmedFault;
  /** Empties datasets and jobs, clears faults and the request log (issued tokens stay valid; see expireTokens). */
  reset(): void;
};

/**
 * Starts the BigQuery sandbox on one listener: `POST /token` (the service-account JWT-bearer grant), the REST API
 * under `/bigquery/v2` and the upload path `/upload/bigquery/v2/projects/{p}/jobs` (the discovery doc
 * bigquery.v2 revision 20260811: datasets, tables, tabledata, jobs), plus the core control API (`/_sandbox/...`)
 * and `/_sandbox/bigquery/service-account-key|tables/:d/:t/rows|jobs`. What is simulated: README.md.
 */
export async function startBigQuerySandbox(options: BigQuerySandboxOptions = {}): Promise<RunningBigQuerySandbox> {
  const clock = options.now ?? (() => Date.now());
  const projectId = options.projectId ?? BIGQUERY_DEFAULT_PROJECT_ID;
  const location = options.location ?? BIGQUERY_DEFAULT_LOCATION;
  const staticToken = options.staticToken ?? BIGQUERY_STATIC_TOKEN;
  const ttl = options.tokenTtlSeconds ?? BIGQUERY_TOKEN_TTL_SECONDS;
  let polls = options.jobDoneAfterPolls ?? 0;
  const checkPolls = (n: number): number => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError('jobDoneAfterPolls must be an integer ≥ 0');
    return n;
  };
  checkPolls(polls);
  const state = new BigQueryState(clock);
  const faults = new FaultInjector();
  const log = new RequestLog();
  let baseUrl = '';
  const defaultPageRows = options.defaultPageRows ?? 10_000;
  const jobSettings: JobSettings = { projectId, location, jobDoneAfterPolls: () => polls, defaultPageRows, loadJobsPerTablePerDay: options.loadJobsPerTablePerDay ?? BIGQUERY_LOAD_JOBS_PER_TABLE_PER_DAY, baseUrl: () => baseUrl };
  const tableSettings: TableSettings = { location, insertIdWindowMs: options.insertIdWindowMs ?? BIGQUERY_INSERT_ID_WINDOW_MS, defaultPageRows, baseUrl: () => baseUrl };
  const seedTokens = (): void => {
    state.tokens.set(staticToken, { email: 'static-token@sandbox', scopes: [SCOPE_BIGQUERY, SCOPE_CLOUD_PLATFORM], expiresAt: Number.POSITIVE_INFINITY });
  };

  const api = (access: Access, handler: (req: SandboxRequest, email: string) => SandboxResponse) => (req: SandboxRequest): SandboxResponse => {
    const caller = authorize(req, state, access);
    const p = req.params['projectId'];
    if (p !== undefined && p !== projectId) throw notFound(`Project ${p}`);
    return handler(req, caller.email);
  };
  const router = new SandboxRouter();
  let audiences: string[] = [GOOGLE_TOKEN_URL];
  router.add('POST', '/token', (req) => issueToken(req, state, { audiences, ttlSeconds: ttl }));
  const V2 = '/bigquery/v2/projects/:projectId';
  router
    .add('GET', '/bigquery/v2/projects/:projectId/datasets', api('read', (req) => listDatasets(req, state)))
    .add('POST', `${V2}/datasets`, api('write', (req) => insertDataset(req, state, tableSettings)))
    .add('GET', `${V2}/datasets/:datasetId`, api('read', (req) => ({ status: 200, body: renderDatasetOf(req) })))
    .add('DELETE', `${V2}/datasets/:datasetId`, api('write', (req) => deleteDataset(req, state)))
    .add('GET', `${V2}/datasets/:datasetId/tables`, api('read', (req) => listTables(req, state)))
    .add('POST', `${V2}/datasets/:datasetId/tables`, api('write', (req) => insertTable(req, state, tableSettings)))
    .add('GET', `${V2}/datasets/:datasetId/tables/:tableId`, api('read', (req) => getTable(req, state, tableSettings)))
    .add('PATCH', `${V2}/datasets/:datasetId/tables/:tableId`, api('write', (req) => patchTable(req, state, tableSettings)))
    .add('PUT', `${V2}/datasets/:datasetId/tables/:tableId`, api('write', (req) => patchTable(req, state, tableSettings)))
    .add('DELETE', `${V2}/datasets/:datasetId/tables/:tableId`, api('write', (req) => deleteTable(req, state)))
    .add('GET', `${V2}/datasets/:datasetId/tables/:tableId/data`, api('read', (req) => listTableData(req, state, tableSettings)))
    .add('POST', `${V2}/datasets/:datasetId/tables/:tableId/insertAll`, api('insertdata', (req) => insertAll(req, state, tableSettings)))
    .add('POST', `${V2}/jobs`, api('write', (req, email) => insertJob(req, state, jobSettings, email, jsonBody(req))))
    .add('GET', `${V2}/jobs/:jobId`, api('read', (req) => getJob(req, state, jobSettings)))
    .add('POST', `${V2}/queries`, api('write', (req, email) => runQuery(req, state, jobSettings, email)))
    .add('GET', `${V2}/queries/:jobId`, api('read', (req) => getQueryResults(req, state, jobSettings)))
    .add('POST', '/upload/bigquery/v2/projects/:projectId/jobs', api('write', (req, email) => {
      const uploadType = req.query.get('uploadType');
      if (uploadType !== 'multipart') throw invalid(`uploadType=${uploadType ?? ''} is not simulated: the sandbox takes uploadType=multipart (what @google-cloud/bigquery sends)`);
      const { metadata, data } = parseMultipartUpload(req);
      return insertJob(req, state, jobSettings, email, metadata, data);
    }));
  function renderDatasetOf(req: SandboxRequest): Record<string, unknown> {
    return renderDataset(state.dataset(req.params['projectId'] ?? '', req.params['datasetId'] ?? ''), tableSettings);
  }

  const tableSnapshot = (datasetId: string, tableId: string): BigQueryTableSnapshot | undefined => {
    const t = state.findTable(projectId, datasetId, tableId);
    return t ? { projectId, datasetId, tableId, schema: { fields: renderSchema(t.columns) }, numRows: t.rows.length } : undefined;
  };
  const rowsOf = (datasetId: string, tableId: string): Array<Record<string, PlainValue>> => {
    const t = state.findTable(projectId, datasetId, tableId);
    return t ? t.rows.map((r) => plainRow(t.columns, r)) : [];
  };
  const jobsList = (): Array<Record<string, unknown>> => [...state.jobs.values()].map((j) => renderJob(j, jobSettings));

  const controlRoutes = new SandboxRouter()
    .add('GET', '/_sandbox/bigquery/service-account-key', () => ({ status: 200, body: key }))
    .add('GET', '/_sandbox/bigquery/tables/:datasetId/:tableId/rows', (req) => {
      const snapshot = tableSnapshot(req.params['datasetId'] ?? '', req.params['tableId'] ?? '');
      if (!snapshot) return { status: 404, body: { message: 'no such table' } };
      return { status: 200, body: { table: snapshot, rows: rowsOf(snapshot.datasetId, snapshot.tableId) } };
    })
    .add('GET', '/_sandbox/bigquery/jobs', () => ({ status: 200, body: { jobs: jobsList() } }));

  const reset = (): void => {
    state.clear();
    seedTokens();
  };
  const server = await startSandboxServer({
    name: 'bigquery',
    router,
    faults,
    log,
    faultBody: bigQueryFaultBody,
    controlRoutes,
    onReset: reset,
    notFound: (req) => ({ status: 404, body: bqErrorBody(404, 'notFound', `Not Found: ${req.method} ${req.path}`) }),
    ...(options.host !== undefined ? { host: options.host } : {}),
    ...(options.port !== undefined ? { port: options.port } : {}),
  });
  baseUrl = server.url;
  const tokenUrl = `${server.url}/token`;
  audiences = [tokenUrl, GOOGLE_TOKEN_URL];
  const email = options.serviceAccountEmail ?? `mlc-exporter@${projectId}.iam.gserviceaccount.com`;
  const { key, publicKey } = generateServiceAccountKey(projectId, email, tokenUrl);
  state.accounts.set(email, { clientEmail: email, publicKey, privateKeyId: key.private_key_id });
  seedTokens();

  return {
    ...server,
    apiEndpoint: server.url,
    tokenUrl,
    projectId,
    location,
    serviceAccountKey: key,
    staticToken,
    requests: log,
    rows: rowsOf,
    table: tableSnapshot,
    jobs: jobsList,
    registerServiceAccount: (account) => {
      state.accounts.set(account.clientEmail, { clientEmail: account.clientEmail, publicKey: publicKeyFrom(account.publicKeyPem), ...(account.privateKeyId !== undefined ? { privateKeyId: account.privateKeyId } : {}) });
    },
    expireTokens: () => {
      state.tokens.clear();
      seedTokens();
    },
    setJobDoneAfterPolls: (n) => {
      polls = checkPolls(n);
    },
    armQuotaFault: (reason, rule = {}) => faults.arm({ kind: 'validation-error', field: reason, count: rule.count ?? 1, ...(rule.method ? { method: rule.method } : {}), ...(rule.pathContains ? { pathContains: rule.pathContains } : {}) }),
    reset: () => {
      faults.clear();
      log.clear();
      reset();
    },
  };
}

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) throw invalid('The request body must be a Job resource (JSON)');
  return req.body as Record<string, unknown>;
}

