/**
 * Ping for a BigQuery export destination: a diagnosis in the product's words (style.md "Connector shape" → ping).
 * Checks, in order (each `{name, ok, code, detail}`; a failure skips what depends on it):
 * 1. `key` — the service-account key parses and its `token_uri` is an allowed token endpoint.
 * 2. `token` — the token endpoint gives the key an access token (JWT-bearer flow).
 * 3. `project` — `datasets.list` (maxResults 1) on the key's project answers: the API is reachable and the project
 *    is visible to the service account.
 * 4. `dataset` — `datasets.get`, or `datasets.insert` when it does not exist yet.
 * 5. `data-editor` — a dry-run load job into `<dataset>._mlc_ping` (`configuration.dryRun`, discovery doc
 *    `JobConfiguration.dryRun`) through the media upload path with one NDJSON line, exactly as real loads are sent
 *    (a JSON `jobs.insert` load would need Cloud Storage `sourceUris`); it exercises `bigquery.tables.create`/
 *    `updateData` of roles/bigquery.dataEditor. The discovery doc says dry-run behaviour "of non-query jobs is
 *    undefined"; a 403 `accessDenied` is the signal read, and nothing is created.
 * 6. `job-user` — a dry-run query `SELECT 1` needs `bigquery.jobs.create` (roles/bigquery.jobUser).
 * Quota and rate-limit answers (403 `quotaExceeded`/`rateLimitExceeded`, 429) are explained as such, not as missing
 * permissions. Details never quote the remote body and never contain the key or a token: only status codes and
 * Google's `reason` codes are used.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { ConnectorError } from '../core';
import type { BigQuery } from '@google-cloud/bigquery';
import type { BigQueryAuth } from './bigquery-auth';
import type { BigQueryServiceAccountKey } from './bigquery-credentials';
import type { BigQueryRetrier } from './bigquery-retry';
import { BigQueryKeyError, BigQueryTokenUriRefusedError } from './bigquery-credentials';
import { BIGQUERY_SYSTEM, BigQueryApiError, toBigQueryError } from './bigquery-errors';
import type { PingReport, PingStep, PingStepName } from '../core';

export type BigQueryPingCheckName = 'key' | 'token' | 'project' | 'dataset' | 'data-editor' | 'job-user';

/** One check: `code` is a machine reason (`ok`, `skipped`, `access_denied`, `quota_exceeded`, …). */
export type BigQueryPingCheck = { name: BigQueryPingCheckName; ok: boolean; code: string; detail: string };

export type BigQueryPingReport = PingReport & { projectId: string | undefined; datasetId: string; checks: BigQueryPingCheck[] };

const ORDER: readonly BigQueryPingCheckName[] = ['key', 'token', 'project', 'dataset', 'data-editor', 'job-user'];
const STEP_OF: Record<BigQueryPingCheckName, PingStepName> = { key: 'auth', token: 'auth', project: 'tenant', dataset: 'company', 'data-editor': 'permissions', 'job-user': 'permissions' };
/**
 * What the checks use of a client: BigQueryPingSubject (bigquery-client.ts) is one. Declared here so this module
 * needs no import of the client, whose `ping()` calls it.
 */
export type BigQueryPingSubject = {
  readonly key: BigQueryServiceAccountKey;
  readonly projectId: string;
  readonly apiEndpoint: string;
  readonly auth: BigQueryAuth;
  readonly bigquery: BigQuery;
  readonly retrier: BigQueryRetrier;
  ensureDataset(datasetId: string, location?: string): Promise<{ datasetId: string; location: string | undefined; isCreated: boolean }>;
};

/** The table name the dry-run load targets (nothing is created by a dry run). */
export const BIGQUERY_PING_TABLE = '_mlc_ping';

/**
 * Pings from raw options, reporting a key that does not parse (or names a token endpoint that is not allowed) as the
 * failed `key` check instead of throwing. `createClient` builds the client (the caller passes
 * `(o) => new BigQueryExportClient(o)`, which keeps this module free of an import cycle).
 */
export async function pingBigQueryOptions<O extends { location?: string | undefined }>(options: O, datasetId: string, createClient: (o: O) => BigQueryPingSubject): Promise<BigQueryPingReport> {
  let client: BigQueryPingSubject;
  try {
    client = createClient(options);
  } catch (e: unknown) {
    const check = keyCheck(e);
    return report(undefined, datasetId, [check]);
  }
  return pingBigQuery(client, datasetId, options.location);
}

/** Runs the checks of the file header against a constructed client. Never throws. */
export async function pingBigQuery(client: BigQueryPingSubject, datasetId: string, location: string | undefined): Promise<BigQueryPingReport> {
  const checks: BigQueryPingCheck[] = [{ name: 'key', ok: true, code: 'ok', detail: `The service-account key of ${client.key.client_email} is readable; tokens come from ${client.auth.tokenUri}.` }];
  const done = (): Promise<BigQueryPingReport> => Promise.resolve(report(client.projectId, datasetId, checks));

  try {
    await client.auth.ensureToken();
    checks.push(ok('token', 'The token endpoint accepted the key and issued an access token.'));
  } catch (e: unknown) {
    checks.push(failed('token', e, 'token'));
    return done();
  }

  try {
    await client.retrier.run('datasets.list', () => client.bigquery.getDatasets({ maxResults: 1, autoPaginate: false }));
    checks.push(ok('project', `BigQuery at ${client.apiEndpoint} answers for project ${client.projectId}.`));
  } catch (e: unknown) {
    checks.push(failed('project', e, 'project'));
    return done();
  }

  let hasDataset = false;
  try {
    const ds = await client.ensureDataset(datasetId, location);
    hasDataset = true;
    checks.push(ok('dataset', ds.isCreated ? `Dataset ${datasetId} did not exist and was created${ds.location ? ` in ${ds.location}` : ''}.` : `Dataset ${datasetId} exists${ds.location ? ` (${ds.location})` : ''}.`));
  } catch (e: unknown) {
    checks.push(failed('dataset', e, 'dataset'));
  }

  if (hasDataset) {
    try {
      await client.retrier.run('jobs.insert (dry-run load)', () => dryRunLoad(client, datasetId, location));
      checks.push(ok('data-editor', `The service account may create and load tables in ${datasetId} (BigQuery Data Editor).`));
    } catch (e: unknown) {
      checks.push(failed('data-editor', e, 'data-editor', datasetId));
    }
  } else {
    checks.push(skipped('data-editor', 'Not checked because the dataset is not available.'));
  }

  try {
    await client.retrier.run('jobs.insert (dry-run query)', () => client.bigquery.createQueryJob({ query: 'SELECT 1', useLegacySql: false, dryRun: true, ...(location === undefined ? {} : { location }) }));
    checks.push(ok('job-user', `The service account may run jobs in project ${client.projectId} (BigQuery Job User).`));
  } catch (e: unknown) {
    checks.push(failed('job-user', e, 'job-user'));
  }
  return done();
}

/** `POST /upload/bigquery/v2/projects/{p}/jobs?uploadType=multipart` with `configuration.dryRun` (see the header). */
function dryRunLoad(client: BigQueryPingSubject, datasetId: string, location: string | undefined): Promise<unknown> {
  const metadata = {
    jobReference: { projectId: client.projectId, jobId: `mlc_ping_${randomUUID().replace(/-/g, '')}`, ...(location === undefined ? {} : { location }) },
    configuration: {
      dryRun: true,
      load: {
        destinationTable: { projectId: client.projectId, datasetId, tableId: BIGQUERY_PING_TABLE },
        sourceFormat: 'NEWLINE_DELIMITED_JSON',
        schema: { fields: [{ name: 'ping', type: 'STRING', mode: 'NULLABLE' }] },
        writeDisposition: 'WRITE_APPEND',
        createDisposition: 'CREATE_IF_NEEDED',
      },
    },
  };
  // teeny-request reads each part's 'Content-Type' (its RequestPart type only declares `body`), and ends the multipart
  // body only when the second part is a stream that ends (two string parts would never finish).
  const parts = [
    { 'Content-Type': 'application/json', body: JSON.stringify(metadata) },
    { 'Content-Type': 'application/octet-stream', body: Readable.from(['{"ping":"ok"}\n']) },
  ];
  return new Promise((resolve, reject) => {
    client.bigquery.request(
      {
        method: 'POST',
        uri: `${client.apiEndpoint}/upload/bigquery/v2/projects/${encodeURIComponent(client.projectId)}/jobs`,
        qs: { uploadType: 'multipart' },
        multipart: parts,
      },
      (err: Error | null, body: unknown) => (err ? reject(err) : resolve(body)),
    );
  });
}

function report(projectId: string | undefined, datasetId: string, checks: BigQueryPingCheck[]): BigQueryPingReport {
  const have = new Set(checks.map((c) => c.name));
  const all = [...checks, ...ORDER.filter((n) => !have.has(n)).map((n) => skipped(n, 'Not checked because an earlier check failed.'))].sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  const steps: PingStep[] = all.map((c) => ({ step: STEP_OF[c.name], status: c.ok ? 'ok' : c.code === 'skipped' ? 'skipped' : 'failed', code: c.code, hint: c.detail }));
  const firstFailed = all.find((c) => !c.ok && c.code !== 'skipped');
  return {
    ok: firstFailed === undefined,
    system: BIGQUERY_SYSTEM,
    steps,
    summary: firstFailed ? firstFailed.detail : `Ready to export into ${projectId ?? '?'}.${datasetId}.`,
    projectId,
    datasetId,
    checks: all,
  };
}

function ok(name: BigQueryPingCheckName, detail: string): BigQueryPingCheck {
  return { name, ok: true, code: 'ok', detail };
}

function skipped(name: BigQueryPingCheckName, detail: string): BigQueryPingCheck {
  return { name, ok: false, code: 'skipped', detail };
}

function keyCheck(e: unknown): BigQueryPingCheck {
  if (e instanceof BigQueryKeyError) return { name: 'key', ok: false, code: 'key_invalid', detail: `The service-account key cannot be used: field ${e.field} is wrong. Download a new JSON key for the service account and paste the whole file.` };
  if (e instanceof BigQueryTokenUriRefusedError) return { name: 'key', ok: false, code: 'token_uri_not_allowed', detail: `The key asks to send its sign-in to ${e.tokenUri}, which is not an allowed token endpoint; nothing was sent. Use a key issued by Google (token_uri ${e.allowed.join(' or ')}).` };
  const message = e instanceof ConnectorError ? e.message : 'the client could not be built';
  return { name: 'key', ok: false, code: 'configuration', detail: `The BigQuery connection is misconfigured: ${message}.` };
}

/** A failed check in the product's words; see the file header. */
function failed(name: BigQueryPingCheckName, e: unknown, what: 'token' | 'project' | 'dataset' | 'data-editor' | 'job-user', datasetId?: string): BigQueryPingCheck {
  const err = toBigQueryError(e, { operation: `ping ${what}` });
  const api = err instanceof BigQueryApiError ? err : undefined;
  const reason = api?.reason;
  const status = err.status;
  const rateLimited = err.code === 'rate_limited' || err.name === 'ConnectorRateLimitedError';
  const fail = (code: string, detail: string): BigQueryPingCheck => ({ name, ok: false, code, detail });
  if (rateLimited) {
    return fail(reason === 'quotaExceeded' ? 'quota_exceeded' : 'rate_limited', `BigQuery answered that the project is over a quota or rate limit right now (${reason ?? `HTTP ${status ?? 429}`}). Nothing is wrong with the setup; try again later. Load jobs are limited to 1,500 per table per day.`);
  }
  if (err.code === 'network' || err.code === 'timeout') return fail('unreachable', `${what === 'token' ? 'The token endpoint' : 'BigQuery'} could not be reached (${err.code === 'timeout' ? 'timed out' : (api?.reason ?? 'network error')}). Check the endpoint and the network.`);
  if (err.code === 'server_error') return fail('server_error', `${what === 'token' ? 'The token endpoint' : 'BigQuery'} answered with a server error (${status ?? '5xx'}). Try again later.`);
  switch (what) {
    case 'token':
      return fail('key_rejected', `The token endpoint refused the service-account key (${reason ?? `HTTP ${status ?? '?'}`}). The key may have been deleted or disabled, or belong to another account; create a new key.`);
    case 'project':
      if (status === 404) return fail('project_not_found', 'BigQuery does not know the project of this key. Check that the key belongs to the right project.');
      if (status === 403) return fail('project_denied', `The service account may not use BigQuery in this project (${reason ?? 'accessDenied'}). Enable the BigQuery API and grant the account access.`);
      if (status === 401) return fail('token_rejected', 'BigQuery did not accept the access token. Check the key and the server clock.');
      break;
    case 'dataset':
      if (status === 403) return fail('access_denied', `The service account may neither read nor create the dataset (${reason ?? 'accessDenied'}). Create the dataset or grant the account BigQuery Data Editor.`);
      if (status === 400) return fail('dataset_invalid', `BigQuery refused the dataset (${reason ?? 'invalid'}). Check the dataset name and location.`);
      break;
    case 'data-editor':
      if (status === 403) return fail('access_denied', `The service account may not create or load tables in ${datasetId ?? 'the dataset'} (${reason ?? 'accessDenied'}). Grant it BigQuery Data Editor on the dataset.`);
      break;
    case 'job-user':
      if (status === 403) return fail('access_denied', `The service account may not run jobs in this project (${reason ?? 'accessDenied'}). Grant it BigQuery Job User.`);
      break;
  }
  return fail(reason ? `error_${reason}` : 'unexpected', `The check failed (${reason ?? (status !== undefined ? `HTTP ${status}` : err.code)}).`);
}
