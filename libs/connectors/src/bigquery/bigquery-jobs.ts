/**
 * BigQuery jobs with caller-chosen, deterministic job ids: NDJSON load jobs and query (MERGE) jobs, and waiting for
 * them (discovery doc `jobs.insert`, `jobs.get`, `jobs.getQueryResults`; `Job.status.state` PENDING → RUNNING → DONE,
 * and a DONE job failed when `status.errorResult` is set).
 *
 * Exactly-once without the Storage Write API (shared/specs/README.md "BigQuery facts"): a job id can be used once per
 * project, so inserting the same id again answers **409 duplicate**. That is the idempotency key: 409 is not an
 * error here; the existing job is read and waited for, so a retry after a lost reply, a crash or a re-run of the
 * same batch is harmless and never loads or merges twice.
 * - Loads go through the media upload path (`POST /upload/bigquery/v2/projects/{p}/jobs?uploadType=multipart`,
 *   discovery doc `jobs.insert.mediaUpload`) via the library's `Table.createWriteStream_` (what `createLoadJob(path)`
 *   uses): the source is piped, never read into memory. Before uploading, `jobs.get` looks the id up, so a re-run
 *   does not send the file again only to be told 409. Measured (issue 17, a 35 MB and a 104 MB NDJSON file into the
 *   sandbox): no stream on the way (file stream, the library's ProgressStream and multipart PassThrough, the socket)
 *   buffers more than 64 KiB; the process's `arrayBuffers` still peak near 32 MB whatever the file's size: chunks
 *   already sent, freed by the next collection V8 runs for external memory, not held by the upload.
 * - A file path can be re-opened, so its upload is retried by the policy; a `Readable` cannot be replayed: after a
 *   failed upload the job id is looked up (the upload may have arrived), and otherwise the retryable error goes to
 *   the caller, who calls again with a fresh stream and the same job id.
 * - Polling `jobs.get` backs off from `pollInitialMs` to `pollMaxMs`; past `jobTimeoutMs` a retryable `timeout` error
 *   is thrown (calling again with the same job id goes on waiting for the same job).
 */
import { createReadStream } from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import type { BigQuery, Job, JobMetadata, Query } from '@google-cloud/bigquery';
import { SYSTEM_CLOCK, type Clock } from '../core';
import { BigQueryApiError, BigQueryJobFailedError, readJobStatusErrors, toBigQueryError, type BigQueryErrorEntry } from './bigquery-errors';
import type { BigQueryRetrier } from './bigquery-retry';
import { toLibraryFields, type BigQueryTableFieldSchema } from './bigquery-schema';

export type BigQueryJobState = 'PENDING' | 'RUNNING' | 'DONE';

/** What this connector reads of a job resource. Int64 statistics (strings on the wire) are numbers here. */
export type BigQueryJobInfo = {
  jobId: string;
  location: string | undefined;
  state: BigQueryJobState;
  errorResult: BigQueryErrorEntry | undefined;
  errors: BigQueryErrorEntry[];
  /** `load`, `query`, `copy` or `extract` (which `configuration.*` is set). */
  kind: string | undefined;
  statistics: {
    creationTime: number | undefined;
    endTime: number | undefined;
    load: { outputRows: number | undefined; badRecords: number | undefined; inputFileBytes: number | undefined } | undefined;
    query: { statementType: string | undefined; numDmlAffectedRows: number | undefined; totalBytesProcessed: number | undefined } | undefined;
  };
  /** `configuration.load.destinationTable` / `configuration.query.query`, to check a reused id is the same job. */
  destination: { datasetId: string; tableId: string } | undefined;
  query: string | undefined;
};

export type BigQueryLoadRequest = {
  datasetId: string;
  tableId: string;
  /** Deterministic, e.g. `mlc_<run>_<entity>_<batch>` (letters, digits, `_`, `-`; at most 1 024). */
  jobId: string;
  /** A stream of newline-delimited JSON, or the path of such a file. */
  source: Readable | string;
  schema: readonly BigQueryTableFieldSchema[];
  writeDisposition: 'WRITE_TRUNCATE' | 'WRITE_APPEND';
  /** Defaults to the client's location. */
  location?: string | undefined;
  /** `ignoreUnknownValues` of the load configuration (default false). */
  shouldIgnoreUnknownValues?: boolean | undefined;
};

export type BigQueryLoadResult = { jobId: string; state: 'DONE'; outputRows: number; /** The job id existed already (a re-run, or our own lost reply). */ isReused: boolean };

/** Named (`@name`) or positional (`?`) query parameters, as `@google-cloud/bigquery` takes them. */
export type BigQueryQueryParams = Record<string, unknown> | unknown[];

export type BigQueryQueryJobRequest = {
  jobId: string;
  /** Standard SQL (`useLegacySql: false` is always sent). */
  query: string;
  params?: BigQueryQueryParams | undefined;
  /** Parameter types where they cannot be inferred (null values, empty arrays), as the library takes them. */
  types?: Query['types'] | undefined;
  location?: string | undefined;
  /** Read the result rows (default: only for SELECT statements). */
  shouldReturnRows?: boolean | undefined;
};

export type BigQueryQueryJobResult = {
  jobId: string;
  state: 'DONE';
  statementType: string | undefined;
  /** `statistics.query.numDmlAffectedRows` (INSERT/UPDATE/DELETE/MERGE). */
  numDmlAffectedRows: number | undefined;
  rows?: Record<string, unknown>[];
  isReused: boolean;
};

export type BigQueryJobWaitOptions = { pollInitialMs?: number | undefined; pollMaxMs?: number | undefined; jobTimeoutMs?: number | undefined };

/** Load, query and wait; see the file header. */
export class BigQueryJobRunner {
  private readonly clock: Clock;
  private readonly wait: Required<{ [K in keyof BigQueryJobWaitOptions]: number }>;

  constructor(
    private readonly bq: BigQuery,
    private readonly retrier: BigQueryRetrier,
    private readonly projectId: string,
    options: BigQueryJobWaitOptions & { clock?: Clock | undefined; location?: string | undefined } = {},
  ) {
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.wait = { pollInitialMs: options.pollInitialMs ?? 250, pollMaxMs: options.pollMaxMs ?? 5_000, jobTimeoutMs: options.jobTimeoutMs ?? 30 * 60_000 };
    this.location = options.location;
  }

  private readonly location: string | undefined;

  /** `jobs.get`. @throws BigQueryApiError `not_found` when there is no such job */
  async getJob(jobId: string, location?: string): Promise<BigQueryJobInfo> {
    const meta = await this.retrier.run('jobs.get', async (): Promise<JobMetadata> => (await this.jobRef(jobId, location ?? this.location).getMetadata())[0] as JobMetadata, { jobId });
    return readJob(meta, jobId);
  }

  /** `jobs.get`, or undefined for 404. */
  async findJob(jobId: string, location?: string): Promise<BigQueryJobInfo | undefined> {
    try {
      return await this.getJob(jobId, location);
    } catch (e: unknown) {
      if (e instanceof BigQueryApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /**
   * Polls until the job is DONE.
   * @throws BigQueryJobFailedError when it ended with `status.errorResult`
   * @throws BigQueryApiError `timeout` (retryable) when it is not DONE after `jobTimeoutMs`
   */
  async waitForJob(jobId: string, location: string | undefined, operation: string): Promise<BigQueryJobInfo> {
    const deadline = this.clock.now() + this.wait.jobTimeoutMs;
    let pause = this.wait.pollInitialMs;
    for (;;) {
      const job = await this.getJob(jobId, location);
      if (job.state === 'DONE') {
        if (job.errorResult) throw new BigQueryJobFailedError({ jobId, operation, errorResult: job.errorResult, errors: job.errors });
        return job;
      }
      if (this.clock.now() + pause > deadline) {
        throw new BigQueryApiError({ operation, code: 'timeout', retryable: true, jobId, message: `BigQuery job ${jobId} is still ${job.state} after ${Math.round(this.wait.jobTimeoutMs / 1000)} s; calling again with the same job id waits for it` });
      }
      await this.clock.sleep(pause);
      pause = Math.min(this.wait.pollMaxMs, pause * 2);
    }
  }

  /** A load job of NDJSON into `datasetId.tableId`; see the file header. */
  async load(req: BigQueryLoadRequest): Promise<BigQueryLoadResult> {
    const operation = `jobs.insert (load ${req.datasetId}.${req.tableId})`;
    let location = req.location ?? this.location;
    let isReused = false;
    const found = await this.findJob(req.jobId, location);
    if (found) {
      isReused = true;
      location = found.location ?? location;
    } else {
      const attempt = async (): Promise<void> => {
        try {
          const meta = await this.upload(req, location);
          location = meta.jobReference?.location ?? location;
        } catch (e: unknown) {
          if (!isDuplicate(e)) throw e;
          isReused = true;
        }
      };
      if (typeof req.source === 'string') {
        await this.retrier.run(operation, attempt, { jobId: req.jobId });
      } else {
        try {
          await attempt();
        } catch (e: unknown) {
          const error = toBigQueryError(e, { operation, jobId: req.jobId });
          if (!error.retryable || !(await this.findJob(req.jobId, location).catch(() => undefined))) throw error;
        }
      }
    }
    const done = await this.waitForJob(req.jobId, location, operation);
    if (done.destination && (done.destination.datasetId !== req.datasetId || done.destination.tableId !== req.tableId)) {
      throw new BigQueryApiError({ operation, code: 'conflict', retryable: false, status: 409, reason: 'duplicate', jobId: req.jobId, message: `job id ${req.jobId} was already used for a load into ${done.destination.datasetId}.${done.destination.tableId}` });
    }
    return { jobId: req.jobId, state: 'DONE', outputRows: done.statistics.load?.outputRows ?? 0, isReused };
  }

  /** `jobs.insert` of a query job (the MERGE), then wait; 409 → the existing job. */
  async runQuery(req: BigQueryQueryJobRequest): Promise<BigQueryQueryJobResult> {
    const operation = 'jobs.insert (query)';
    let location = req.location ?? this.location;
    let isReused = false;
    await this.retrier.run(
      operation,
      async () => {
        try {
          const q: Query = { jobId: req.jobId, query: req.query, useLegacySql: false };
          if (req.params !== undefined) q.params = req.params;
          if (req.types !== undefined) q.types = req.types;
          if (location !== undefined) q.location = location;
          const [job] = await this.bq.createQueryJob(q);
          location = job.location ?? location;
        } catch (e: unknown) {
          if (isDuplicate(e)) isReused = true;
          else if (!isJobWithErrors(e)) throw e; // a job created and already DONE with errors: waitForJob reports them
        }
      },
      { jobId: req.jobId },
    );
    const done = await this.waitForJob(req.jobId, location, operation);
    if (done.query !== undefined && normaliseSql(done.query) !== normaliseSql(req.query)) {
      throw new BigQueryApiError({ operation, code: 'conflict', retryable: false, status: 409, reason: 'duplicate', jobId: req.jobId, message: `job id ${req.jobId} was already used for a different query` });
    }
    const stats = done.statistics.query;
    const result: BigQueryQueryJobResult = { jobId: req.jobId, state: 'DONE', statementType: stats?.statementType, numDmlAffectedRows: stats?.numDmlAffectedRows, isReused };
    if (req.shouldReturnRows ?? stats?.statementType === 'SELECT') {
      const [rows] = await this.retrier.run('jobs.getQueryResults', () => this.jobRef(req.jobId, location).getQueryResults({ autoPaginate: true }), { jobId: req.jobId });
      result.rows = rows as Record<string, unknown>[];
    }
    return result;
  }

  private jobRef(jobId: string, location: string | undefined): Job {
    return this.bq.job(jobId, location === undefined ? {} : { location });
  }

  /** Pipes the source into the media upload of a load job and resolves with the inserted job resource. */
  private upload(req: BigQueryLoadRequest, location: string | undefined): Promise<JobMetadata> {
    const table = this.bq.dataset(req.datasetId, { projectId: this.projectId }).table(req.tableId, location === undefined ? {} : { location });
    const metadata = {
      jobId: req.jobId,
      sourceFormat: 'NEWLINE_DELIMITED_JSON',
      schema: { fields: toLibraryFields(req.schema) },
      writeDisposition: req.writeDisposition,
      createDisposition: 'CREATE_IF_NEEDED',
      ignoreUnknownValues: req.shouldIgnoreUnknownValues ?? false,
    };
    return new Promise<JobMetadata>((resolve, reject) => {
      const input = typeof req.source === 'string' ? createReadStream(req.source) : req.source;
      const writable = table.createWriteStream_(metadata);
      writable.once('job', (job: Job | null) => {
        if (job?.metadata) resolve(job.metadata as JobMetadata);
        else reject(new BigQueryApiError({ operation: 'jobs.insert (load)', code: 'schema_mismatch', retryable: false, jobId: req.jobId, message: 'the upload answer carried no jobReference' }));
      });
      writable.once('error', reject);
      // An empty source never calls _write, and the library only starts the request on the first write.
      writable.write(Buffer.alloc(0));
      pipeline(input, writable, (err) => {
        if (err) reject(err);
      });
    });
  }
}

/** Reads the parts of a job resource this connector uses (discovery doc `Job`, `JobStatus`, `JobStatistics*`). */
export function readJob(meta: JobMetadata, jobId: string): BigQueryJobInfo {
  const { errorResult, errors } = readJobStatusErrors(meta.status);
  const stats = meta.statistics;
  const config = meta.configuration;
  const kind = config ? (['load', 'query', 'copy', 'extract'] as const).find((k) => config[k] !== undefined && config[k] !== null) : undefined;
  const dest = config?.load?.destinationTable;
  const state = meta.status?.state;
  return {
    jobId: meta.jobReference?.jobId ?? jobId,
    location: meta.jobReference?.location ?? undefined,
    state: state === 'DONE' || state === 'RUNNING' || state === 'PENDING' ? state : 'PENDING',
    errorResult,
    errors,
    kind,
    statistics: {
      creationTime: int64(stats?.creationTime),
      endTime: int64(stats?.endTime),
      load: stats?.load ? { outputRows: int64(stats.load.outputRows), badRecords: int64(stats.load.badRecords), inputFileBytes: int64(stats.load.inputFileBytes) } : undefined,
      query: stats?.query ? { statementType: stats.query.statementType ?? undefined, numDmlAffectedRows: int64(stats.query.numDmlAffectedRows), totalBytesProcessed: int64(stats.query.totalBytesProcessed) } : undefined,
    },
    destination: dest?.datasetId && dest.tableId ? { datasetId: dest.datasetId, tableId: dest.tableId } : undefined,
    query: config?.query?.query ?? undefined,
  };
}

/** int64 fields are decimal strings on the wire (discovery doc `format: int64`). */
function int64(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return Number(v);
  return undefined;
}

/** 409: the job id exists already (reason `duplicate`). */
export function isDuplicate(e: unknown): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === 409;
}

/** `createJob` rejects with an ApiError carrying the job resource when the inserted job is DONE with errors. */
function isJobWithErrors(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as { code?: unknown; response?: { jobReference?: unknown; status?: unknown } };
  return r.code === undefined && typeof r.response?.jobReference === 'object' && r.response.jobReference !== null;
}

function normaliseSql(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
