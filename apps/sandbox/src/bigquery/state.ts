/**
 * In-memory state of the BigQuery sandbox: datasets (discovery `Dataset`), tables (`Table`, rows kept compact as
 * arrays, see schema.ts), jobs (`Job`), issued access tokens, the best-effort insertId windows of
 * tabledata.insertAll and the `requestId` memory of jobs.query.
 */
import type { KeyObject } from 'node:crypto';
import { type ErrorProto, type JobFailure, notFound } from './errors';
import type { Column, Row } from './schema';

export type TableState = {
  projectId: string;
  datasetId: string;
  tableId: string;
  columns: Column[];
  rows: Row[];
  creationTime: number;
  lastModifiedTime: number;
  /** Bumped on every change (the `etag`). */
  version: number;
  /** Other `Table` fields as given (description, friendlyName, labels, timePartitioning, clustering, …). */
  meta: Record<string, unknown>;
  /** insertId → sandbox time (ms) it stops deduplicating. */
  insertIds: Map<string, number>;
  /** Load jobs started today (UTC day of the sandbox clock), for the per-table load quota. */
  loads: { day: number; count: number };
};

export type DatasetState = {
  projectId: string;
  datasetId: string;
  location: string;
  creationTime: number;
  lastModifiedTime: number;
  version: number;
  meta: Record<string, unknown>;
  tables: Map<string, TableState>;
};

/** Result of a finished statement (SELECT result rows are snapshots: the row arrays are never mutated in place). */
export type QueryResult = {
  statementType: 'SELECT' | 'MERGE';
  columns?: Column[];
  rows?: Row[];
  dml?: { inserted: number; updated: number; deleted: number };
  bytesProcessed: number;
  referencedTables: Array<{ projectId: string; datasetId: string; tableId: string }>;
};

export type LoadResult = { outputRows: number; outputBytes: number; badRecords: number; inputFileBytes: number };

export type JobOutcome = { failure?: JobFailure; warnings?: ErrorProto[]; load?: LoadResult; query?: QueryResult };

export type JobState = {
  projectId: string;
  jobId: string;
  location: string;
  jobType: 'LOAD' | 'QUERY';
  /** `JobConfiguration` as answered (what the caller sent plus defaults). */
  configuration: Record<string, unknown>;
  email: string;
  creationTime: number;
  startTime?: number;
  endTime?: number;
  state: 'PENDING' | 'RUNNING' | 'DONE';
  /** Polls (jobs.get / getQueryResults) still to answer before the job runs and is DONE. */
  pollsLeft: number;
  /** Runs the job (commits its effect); called once, when it becomes DONE. */
  run?: () => JobOutcome;
  outcome?: JobOutcome;
};

export type IssuedToken = { email: string; scopes: readonly string[]; expiresAt: number };
export type ServiceAccount = { clientEmail: string; publicKey: KeyObject; privateKeyId?: string };

export class BigQueryState {
  datasets = new Map<string, DatasetState>();
  jobs = new Map<string, JobState>();
  tokens = new Map<string, IssuedToken>();
  requestIds = new Map<string, { fingerprint: string; jobKey: string; at: number }>();
  readonly accounts = new Map<string, ServiceAccount>();

  constructor(readonly now: () => number) {}

  /** Forgets data, jobs and request ids (issued tokens and registered service accounts stay). */
  clear(): void {
    this.datasets = new Map();
    this.jobs = new Map();
    this.requestIds = new Map();
  }

  dataset(projectId: string, datasetId: string): DatasetState {
    const ds = this.datasets.get(`${projectId}:${datasetId}`);
    if (!ds) throw notFound(`Dataset ${projectId}:${datasetId}`);
    return ds;
  }

  table(projectId: string, datasetId: string, tableId: string): TableState {
    const table = this.dataset(projectId, datasetId).tables.get(tableId);
    if (!table) throw notFound(`Table ${projectId}:${datasetId}.${tableId}`);
    return table;
  }

  findTable(projectId: string, datasetId: string, tableId: string): TableState | undefined {
    return this.datasets.get(`${projectId}:${datasetId}`)?.tables.get(tableId);
  }

  /** Creates an empty table (the caller checked that it does not exist). */
  createTable(ds: DatasetState, tableId: string, columns: Column[], meta: Record<string, unknown> = {}): TableState {
    const at = this.now();
    const table: TableState = {
      projectId: ds.projectId,
      datasetId: ds.datasetId,
      tableId,
      columns,
      rows: [],
      creationTime: at,
      lastModifiedTime: at,
      version: 1,
      meta,
      insertIds: new Map(),
      loads: { day: -1, count: 0 },
    };
    ds.tables.set(tableId, table);
    return table;
  }

  /** Marks a table changed (lastModifiedTime, etag). */
  touch(table: TableState): void {
    table.lastModifiedTime = this.now();
    table.version += 1;
  }
}

export const jobKey = (projectId: string, jobId: string): string => `${projectId}:${jobId}`;
