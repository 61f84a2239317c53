/**
 * Jobs (discovery `resources.jobs`): jobs.insert (query and load configurations; load data by the upload path),
 * jobs.get, jobs.query (`POST projects/{p}/queries`, `requestId` idempotency for 15 minutes, QueryResponse) and
 * jobs.getQueryResults (`GET projects/{p}/queries/{jobId}`, GetQueryResultsResponse with `pageToken`/`maxResults`/
 * `startIndex`). A job is PENDING → RUNNING → DONE: it runs (and commits) when it becomes DONE, at once or after
 * `jobDoneAfterPolls` jobs.get / getQueryResults calls. A failed job is DONE with `status.errorResult` and `errors`.
 */
import { randomBytes } from 'node:crypto';
import { SandboxHttpError, type SandboxRequest, type SandboxResponse } from '../core';
import { bqErrorBody, duplicate, invalid, invalidQuery, notFound, toJobFailure } from './errors';
import { prepareLoad } from './load';
import { readQueryParameters } from './params';
import { renderRow, renderSchema, type TimestampFormat } from './schema';
import { planQuery, type Plan } from './sql-exec';
import { jobKey, type BigQueryState, type JobOutcome, type JobState } from './state';

export type JobSettings = {
  projectId: string;
  location: string;
  jobDoneAfterPolls: () => number;
  defaultPageRows: number;
  loadJobsPerTablePerDay: number;
  baseUrl: () => string;
};

const JOB_ID = /^[A-Za-z0-9_-]{1,1024}$/;
const REQUEST_ID_TTL_MS = 15 * 60_000;
/** A JSON value as text (strings as they are). */
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const ms = (t: number | undefined): string | undefined => (t === undefined ? undefined : String(t));

/** Marks a job DONE: runs it (its effect commits now) and keeps the outcome or the failure. */
function finish(state: BigQueryState, job: JobState): void {
  job.startTime ??= state.now();
  try {
    job.outcome = job.run?.() ?? {};
  } catch (err) {
    const failure = toJobFailure(err);
    if (!failure) throw err;
    job.outcome = { failure };
  }
  delete job.run;
  job.endTime = state.now();
  job.state = 'DONE';
}

/** One poll of a job that is not DONE yet (jobs.get, getQueryResults). */
export function pollJob(state: BigQueryState, job: JobState): void {
  if (job.state === 'DONE') return;
  job.pollsLeft -= 1;
  if (job.pollsLeft <= 0) finish(state, job);
  else {
    job.state = 'RUNNING';
    job.startTime ??= state.now();
  }
}

/** The `Job` resource (discovery `schemas.Job`). */
export function renderJob(job: JobState, settings: JobSettings): Record<string, unknown> {
  const out = job.outcome;
  const status: Record<string, unknown> = { state: job.state };
  if (out?.failure) {
    status['errorResult'] = out.failure.errorResult;
    status['errors'] = out.failure.errors;
  } else if (out?.warnings) status['errors'] = out.warnings;
  const statistics: Record<string, unknown> = { creationTime: ms(job.creationTime), startTime: ms(job.startTime), endTime: ms(job.endTime) };
  if (job.state === 'DONE' && !out?.failure) {
    if (out?.load) {
      statistics['load'] = { inputFiles: '1', inputFileBytes: String(out.load.inputFileBytes), outputRows: String(out.load.outputRows), outputBytes: String(out.load.outputBytes), badRecords: String(out.load.badRecords) };
    }
    if (out?.query) {
      const q = out.query;
      const bytes = String(q.bytesProcessed);
      statistics['totalBytesProcessed'] = bytes;
      statistics['query'] = {
        statementType: q.statementType,
        totalBytesProcessed: bytes,
        totalBytesBilled: String(q.bytesProcessed === 0 ? 0 : Math.max(q.bytesProcessed, 10 * 1024 * 1024)),
        cacheHit: false,
        referencedTables: q.referencedTables,
        ...(q.columns ? { schema: { fields: renderSchema(q.columns) } } : {}),
        ...(q.dml ? { numDmlAffectedRows: String(q.dml.inserted + q.dml.updated + q.dml.deleted), dmlStats: dmlStats(q.dml) } : {}),
      };
    }
  }
  const location = job.location;
  return {
    kind: 'bigquery#job',
    etag: Buffer.from(`${job.jobId}:${job.state}`).toString('base64'),
    id: `${job.projectId}:${location}.${job.jobId}`,
    selfLink: `${settings.baseUrl()}/bigquery/v2/projects/${job.projectId}/jobs/${job.jobId}?location=${location}`,
    user_email: job.email,
    principal_subject: `serviceAccount:${job.email}`,
    jobReference: { projectId: job.projectId, jobId: job.jobId, location },
    configuration: { ...job.configuration, jobType: job.jobType },
    status,
    statistics: JSON.parse(JSON.stringify(statistics)) as unknown,
  };
}

const dmlStats = (d: { inserted: number; updated: number; deleted: number }): Record<string, string> => ({
  insertedRowCount: String(d.inserted),
  updatedRowCount: String(d.updated),
  deletedRowCount: String(d.deleted),
});

type QueryInput = { query: string; useLegacySql: unknown; parameterMode: unknown; queryParameters: unknown; defaultDataset: unknown };

function planFrom(state: BigQueryState, projectId: string, input: QueryInput): Plan {
  if (typeof input.query !== 'string' || input.query.trim() === '') throw invalid('Required parameter is missing: query');
  if (input.useLegacySql !== false) throw invalidQuery('Legacy SQL is not simulated: send useLegacySql: false (the API defaults it to true)');
  const dd = input.defaultDataset as { projectId?: unknown; datasetId?: unknown } | undefined;
  const defaultDataset = typeof dd?.datasetId === 'string' ? { projectId: typeof dd.projectId === 'string' ? dd.projectId : projectId, datasetId: dd.datasetId } : undefined;
  return planQuery(input.query, { state, projectId, params: readQueryParameters(input.queryParameters, input.parameterMode), ...(defaultDataset ? { defaultDataset } : {}) });
}

function newJob(state: BigQueryState, settings: JobSettings, projectId: string, jobId: string, jobType: JobState['jobType'], configuration: Record<string, unknown>, email: string, run: () => JobOutcome): JobState {
  if (state.jobs.has(jobKey(projectId, jobId))) throw duplicate(`Job ${projectId}:${settings.location}.${jobId}`);
  const job: JobState = { projectId, jobId, location: settings.location, jobType, configuration, email, creationTime: state.now(), state: 'PENDING', pollsLeft: settings.jobDoneAfterPolls(), run };
  state.jobs.set(jobKey(projectId, jobId), job);
  if (job.pollsLeft <= 0) finish(state, job);
  return job;
}

const randomJobId = (): string => `job_${randomBytes(18).toString('base64url')}`;

function checkLocation(location: unknown, settings: JobSettings, what: () => string): void {
  if (location !== undefined && location !== null && location !== '' && text(location).toUpperCase() !== settings.location.toUpperCase()) throw notFound(what());
}

/**
 * jobs.insert for a JSON body (query jobs; a load here would need `sourceUris`, not simulated) or the metadata of
 * an upload (load jobs, `data`). A `jobReference.jobId` that exists answers 409 duplicate; `dryRun` validates and
 * answers the job without storing it.
 */
export function insertJob(req: SandboxRequest, state: BigQueryState, settings: JobSettings, email: string, body: Record<string, unknown>, data?: Buffer): SandboxResponse {
  const projectId = req.params['projectId'] ?? settings.projectId;
  const ref = (body['jobReference'] ?? {}) as { jobId?: unknown; location?: unknown };
  const jobId = ref.jobId === undefined || ref.jobId === null ? randomJobId() : text(ref.jobId);
  if (!JOB_ID.test(jobId)) throw invalid(`Invalid job ID "${jobId}". Job IDs must be alphanumeric (plus underscores and dashes) and must be at most 1024 characters long.`);
  checkLocation(ref.location, settings, () => `Location ${text(ref.location)}`);
  const configuration = (body['configuration'] ?? {}) as Record<string, unknown>;
  const dryRun = configuration['dryRun'] === true;
  const query = configuration['query'] as Record<string, unknown> | undefined;
  const load = configuration['load'] as Record<string, unknown> | undefined;
  if (!query && !load) throw invalid('Job configuration must have exactly one of query or load (copy and extract are not simulated)');
  if (load && data === undefined) throw invalid('Load jobs from sourceUris (Cloud Storage) are not simulated: upload the data (POST /upload/bigquery/v2/projects/{projectId}/jobs?uploadType=multipart)');
  if (query) {
    if (query['destinationTable'] !== undefined) throw invalid('configuration.query.destinationTable is not simulated by the BigQuery sandbox');
    const useLegacySql = query['useLegacySql'] ?? true;
    const plan = planFrom(state, projectId, { query: query['query'] as string, useLegacySql, parameterMode: query['parameterMode'], queryParameters: query['queryParameters'], defaultDataset: query['defaultDataset'] });
    const config = { ...configuration, query: { ...query, useLegacySql } };
    if (dryRun) return { status: 200, body: dryRunJob(projectId, jobId, config, plan, settings, email, state) };
    const job = newJob(state, settings, projectId, jobId, 'QUERY', config, email, () => ({ query: plan.run() }));
    return { status: 200, body: renderJob(job, settings) };
  }
  const loadConfig = { ...(load as Record<string, unknown>) };
  const run = prepareLoad(state, projectId, loadConfig, data ?? Buffer.alloc(0), { loadJobsPerTablePerDay: settings.loadJobsPerTablePerDay });
  if (dryRun) {
    const job: JobState = { projectId, jobId, location: settings.location, jobType: 'LOAD', configuration, email, creationTime: state.now(), state: 'DONE', pollsLeft: 0, outcome: {} };
    return { status: 200, body: renderJob(job, settings) };
  }
  const job = newJob(state, settings, projectId, jobId, 'LOAD', configuration, email, run);
  return { status: 200, body: renderJob(job, settings) };
}

function dryRunJob(projectId: string, jobId: string, configuration: Record<string, unknown>, plan: Plan, settings: JobSettings, email: string, state: BigQueryState): Record<string, unknown> {
  const job: JobState = { projectId, jobId, location: settings.location, jobType: 'QUERY', configuration, email, creationTime: state.now(), state: 'DONE', pollsLeft: 0 };
  const rendered = renderJob(job, settings);
  const bytes = String(plan.bytes());
  rendered['statistics'] = {
    creationTime: String(job.creationTime),
    totalBytesProcessed: bytes,
    query: { statementType: plan.statementType, totalBytesProcessed: bytes, referencedTables: plan.referencedTables, ...(plan.columns ? { schema: { fields: renderSchema(plan.columns) } } : {}) },
  };
  return rendered;
}

/** jobs.get. */
export function getJob(req: SandboxRequest, state: BigQueryState, settings: JobSettings): SandboxResponse {
  const job = findJob(req, state, settings);
  pollJob(state, job);
  return { status: 200, body: renderJob(job, settings) };
}

function findJob(req: SandboxRequest, state: BigQueryState, settings: JobSettings): JobState {
  const projectId = req.params['projectId'] ?? '';
  const jobId = req.params['jobId'] ?? '';
  const what = (): string => `Job ${projectId}:${req.query.get('location') ?? settings.location}.${jobId}`;
  checkLocation(req.query.get('location'), settings, what);
  const job = state.jobs.get(jobKey(projectId, jobId));
  if (!job) throw notFound(what());
  return job;
}

function timestampFormat(useInt64: unknown, output: unknown): TimestampFormat {
  if (output === 'ISO8601_STRING') return 'iso';
  if (output === 'INT64' || useInt64 === true || useInt64 === 'true') return 'int64';
  return 'float';
}

function page(job: JobState, settings: JobSettings, options: { maxResults?: unknown; pageToken?: unknown; startIndex?: unknown; ts: TimestampFormat }): Record<string, unknown> {
  const q = job.outcome?.query;
  if (!q?.columns || !q.rows) {
    const d = q?.dml ?? { inserted: 0, updated: 0, deleted: 0 };
    return { totalRows: '0', numDmlAffectedRows: String(d.inserted + d.updated + d.deleted), dmlStats: dmlStats(d), statementType: q?.statementType ?? 'MERGE', totalBytesProcessed: String(q?.bytesProcessed ?? 0) };
  }
  let offset = 0;
  if (typeof options.pageToken === 'string' && options.pageToken !== '') {
    const decoded = Buffer.from(options.pageToken, 'base64url').toString('utf8');
    const m = /^(.+)@(\d+)$/.exec(decoded);
    if (!m || m[1] !== job.jobId) throw invalid(`Invalid page token: ${options.pageToken}`);
    offset = Number(m[2]);
  } else if (options.startIndex !== undefined && options.startIndex !== null && options.startIndex !== '') offset = Number(options.startIndex);
  const max = options.maxResults === undefined || options.maxResults === null || options.maxResults === '' ? settings.defaultPageRows : Number(options.maxResults);
  if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(max) || max < 0) throw invalid('Invalid maxResults or startIndex');
  const rows = q.rows.slice(offset, offset + max);
  const next = offset + rows.length;
  return {
    schema: { fields: renderSchema(q.columns) },
    totalRows: String(q.rows.length),
    rows: rows.map((r) => renderRow(q.columns ?? [], r, options.ts)),
    ...(next < q.rows.length ? { pageToken: Buffer.from(`${job.jobId}@${next}`).toString('base64url') } : {}),
    totalBytesProcessed: String(q.bytesProcessed),
  };
}

function failed(job: JobState): SandboxHttpError | undefined {
  const f = job.outcome?.failure;
  if (!f) return undefined;
  return new SandboxHttpError(f.httpCode, { error: { ...bqErrorBody(f.httpCode, f.errorResult.reason, f.errorResult.message).error, errors: f.errors.map((e) => ({ ...e, domain: 'global' })) } });
}

/** jobs.query (QueryRequest → QueryResponse). */
export function runQuery(req: SandboxRequest, state: BigQueryState, settings: JobSettings, email: string): SandboxResponse {
  const projectId = req.params['projectId'] ?? settings.projectId;
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  checkLocation(body['location'], settings, () => `Location ${text(body['location'])}`);
  const input: QueryInput = { query: body['query'] as string, useLegacySql: body['useLegacySql'] ?? true, parameterMode: body['parameterMode'], queryParameters: body['queryParameters'], defaultDataset: body['defaultDataset'] };
  const fmt = (body['formatOptions'] ?? {}) as { useInt64Timestamp?: unknown; timestampOutputFormat?: unknown };
  const ts = timestampFormat(fmt.useInt64Timestamp, fmt.timestampOutputFormat);
  const requestId = body['requestId'];
  if (requestId !== undefined && (typeof requestId !== 'string' || !/^[\x20-\x7e]{1,36}$/.test(requestId))) throw invalid('requestId must be at most 36 ASCII characters');
  const plan = planFrom(state, projectId, input);
  if (body['dryRun'] === true) {
    return {
      status: 200,
      body: { kind: 'bigquery#queryResponse', jobReference: { projectId, location: settings.location }, totalBytesProcessed: String(plan.bytes()), jobComplete: true, cacheHit: false, ...(plan.columns ? { schema: { fields: renderSchema(plan.columns) } } : {}) },
    };
  }
  const fingerprint = JSON.stringify([projectId, input.query, input.useLegacySql, input.parameterMode ?? null, input.queryParameters ?? null, input.defaultDataset ?? null]);
  let job: JobState | undefined;
  if (typeof requestId === 'string') {
    const seen = state.requestIds.get(requestId);
    if (seen && seen.fingerprint === fingerprint && state.now() - seen.at < REQUEST_ID_TTL_MS) job = state.jobs.get(seen.jobKey);
  }
  if (!job) {
    const configuration = { query: { query: input.query, useLegacySql: false, ...(input.parameterMode ? { parameterMode: input.parameterMode } : {}), ...(input.queryParameters ? { queryParameters: input.queryParameters } : {}) } };
    job = newJob(state, settings, projectId, randomJobId(), 'QUERY', configuration, email, () => ({ query: plan.run() }));
    if (typeof requestId === 'string') state.requestIds.set(requestId, { fingerprint, jobKey: jobKey(projectId, job.jobId), at: state.now() });
  }
  const error = failed(job);
  if (error) throw error;
  const head = { kind: 'bigquery#queryResponse', jobReference: { projectId, jobId: job.jobId, location: job.location }, jobCreationReason: { code: 'REQUESTED' } };
  if (job.state !== 'DONE') return { status: 200, body: { ...head, jobComplete: false } };
  return { status: 200, body: { ...head, ...page(job, settings, { maxResults: body['maxResults'], ts }), jobComplete: true, cacheHit: false } };
}

/** jobs.getQueryResults. */
export function getQueryResults(req: SandboxRequest, state: BigQueryState, settings: JobSettings): SandboxResponse {
  const job = findJob(req, state, settings);
  if (job.jobType !== 'QUERY') throw invalid(`Job ${job.projectId}:${job.location}.${job.jobId} is not a query job`);
  pollJob(state, job);
  const error = failed(job);
  if (error) throw error;
  const q = req.query;
  const head = { kind: 'bigquery#getQueryResultsResponse', etag: Buffer.from(`${job.jobId}:${job.state}`).toString('base64'), jobReference: { projectId: job.projectId, jobId: job.jobId, location: job.location } };
  if (job.state !== 'DONE') return { status: 200, body: { ...head, jobComplete: false } };
  const ts = timestampFormat(q.get('formatOptions.useInt64Timestamp'), q.get('formatOptions.timestampOutputFormat'));
  const { statementType: _s, dmlStats: _d, ...rest } = page(job, settings, { maxResults: q.get('maxResults'), pageToken: q.get('pageToken'), startIndex: q.get('startIndex'), ts });
  return { status: 200, body: { ...head, ...rest, jobComplete: true, cacheHit: false } };
}
