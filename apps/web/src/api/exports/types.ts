/**
 * Visma → BigQuery export flows, runs, batches and progress. Hand-written from apps/api/src/modules/export
 * (exports.controller.ts, exports.service.ts), apps/api/src/database/export.entities.ts and export-settings.ts until the
 * OpenAPI types are generated; apps/web never imports apps/api. Dates arrive as ISO strings.
 */

/**
 * When an export runs, in UTC (`EXPORT_SCHEDULE_SCHEMA`): manual only, daily at `HH:MM`, weekly on an ISO weekday
 * (1 = Monday … 7 = Sunday) at `HH:MM`, or monthly on day 1–28 at `HH:MM` (the close cycle).
 */
export type ExportSchedule =
  | { kind: 'manual' }
  | { kind: 'daily'; at: string }
  | { kind: 'weekly'; weekday: number; at: string }
  | { kind: 'monthly'; day: number; at: string };
export type ExportScheduleKind = ExportSchedule['kind'];

/** `GET /api/export-entities`: one BigQuery table per Visma entity. */
export type ExportEntity = { id: string; table: string; description: string; key: string[]; columns: number };

/** One export of a Visma company into a BigQuery dataset. */
export type ExportFlow = {
  id: string;
  name: string;
  /** The Visma company connection read from. */
  sourceConnectionId: string;
  /** The BigQuery connection written to. */
  targetConnectionId: string;
  datasetId: string;
  /** Export entity ids, e.g. `['journal_transactions', 'customers']`. */
  entities: string[];
  schedule: ExportSchedule;
  /** Where an entity never exported starts; null: everything Visma holds. */
  backfillFrom: string | null;
  isEnabled: boolean;
  createdAt: string;
  updatedAt: string;
};

/** `POST /api/export-flows` (admin). Dataset defaults to the BigQuery connection's, entities to the whole catalogue. */
export type ExportFlowInput = {
  name: string;
  sourceConnectionId: string;
  targetConnectionId: string;
  datasetId?: string;
  entities?: string[];
  schedule: ExportSchedule;
  /** `YYYY-MM-DD` (or an ISO instant); left out: everything Visma holds. */
  backfillFrom?: string;
};

/** `PATCH /api/export-flows/:id` (admin): any of these; the others stay as they are. */
export type ExportFlowPatch = { name?: string; datasetId?: string; entities?: string[]; schedule?: ExportSchedule; isEnabled?: boolean };

export type ExportRunStatus = 'queued' | 'running' | 'succeeded' | 'failed';
/** `schedule`, `manual`, `backfill` or `rerun` (a failed batch re-run from its checkpoint). */
export type ExportRunTrigger = 'schedule' | 'manual' | 'backfill' | 'rerun' | (string & {});

export type ExportRun = {
  id: string;
  flowId: string;
  trigger: ExportRunTrigger;
  status: ExportRunStatus;
  /** Schedule slot (ms since the epoch, as text) of a scheduled run. */
  slot: string | null;
  /** `user:<e-mail>` or `scheduler`. */
  requestedBy: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  createdAt: string;
  updatedAt: string;
};

/** `extracting` → `extracted` → `loaded` → `merged`; `failed` holds the error and can be re-run. */
export type ExportBatchStatus = 'extracting' | 'extracted' | 'loaded' | 'merged' | 'failed';

/** One entity's slice of a run: a window of Visma pages → one file → one load job → one MERGE. */
export type ExportBatch = {
  id: string;
  runId: string;
  flowId: string;
  entity: string;
  /** Order within the entity's window (1-based). */
  seq: number;
  status: ExportBatchStatus;
  windowSince: string | null;
  windowUntil: string;
  windowTotal: number | null;
  attempt: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsMerged: number;
  rowsRejected: number;
  rejections: { key: string | null; field: string; message: string }[];
  vismaCalls: number;
  loadJobId: string | null;
  mergeJobId: string | null;
  schemaChanges: string[];
  error: string | null;
  extractedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type ExportRunWithBatches = ExportRun & { batches: ExportBatch[] };

export type EntityProgressStatus = 'waiting' | 'running' | 'done' | 'failed';
/** Per entity of a run: what it read and loaded, how fast, and how long the rest should take. */
export type EntityProgress = {
  entity: string;
  table: string;
  status: EntityProgressStatus;
  batches: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsMerged: number;
  rowsRejected: number;
  vismaCalls: number;
  /** Records Visma said the window holds, when known. */
  windowTotal: number | null;
  rowsPerSecond: number | null;
  /** Seconds left at the current rate, when the total is known. */
  etaSeconds: number | null;
  error: string | null;
};

/** The Visma company's call budget (per hour). */
export type CallBudget = { used: number; limit: number; left: number; resetsAt: string | null };

/** `GET /api/export-runs/:id`. */
export type ExportRunDetail = { run: ExportRun; batches: ExportBatch[]; entities: EntityProgress[]; budget: CallBudget | null };

/** `GET /api/export-flows/:id/tables`: row counts read from BigQuery; `rows` null when the table could not be counted. */
export type ExportTableCount = { entity: string; table: string; rows: number | null; error?: string };

/** `POST /api/export-flows/:id/runs` and `POST /api/export-batches/:id/rerun` (202): `queued: false` = a run was already active (that one is returned). */
export type ExportRunRequestResult = { run: ExportRun; queued: boolean };

/** A run still to finish: its progress is polled. */
export function isRunActive(run: Pick<ExportRun, 'status'> | undefined): boolean {
  return run?.status === 'queued' || run?.status === 'running';
}
