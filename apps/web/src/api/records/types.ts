/** Records and their audit timeline (apps/api/src/modules/audit/records.controller.ts). */
export const RECORD_STATUSES = ['received', 'processing', 'posted', 'failed', 'skipped'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export type RecordError = { code?: string; message?: string; name?: string; details?: unknown; [key: string]: unknown };

export type RecordSummary = {
  id: string;
  flowId: string | null;
  connectionId: string;
  system: string;
  entityType: string;
  externalId: string;
  targetRef: string | null;
  status: RecordStatus;
  attempts: number;
  lastError: RecordError | null;
  /** When the record is next due (null once final). */
  nextAttemptAt: string | null;
  /** Set while the record waits for a retry or a re-delay: why, and when its next attempt is. */
  waiting: { reason: string; nextAttemptAt: string } | null;
  createdAt: string;
  updatedAt: string;
};
export type SyncRecord = RecordSummary & { sourcePayload: unknown };

/** A timeline entry; `data` may carry `document` (sent to Visma) and `response` (Visma's answer). */
export type TimelineEvent = {
  id: string;
  recordId: string | null;
  actor: string;
  kind: string;
  message: string;
  data: Record<string, unknown> | null;
  correlationId: string | null;
  createdAt: string;
};
export type RecordDetail = { record: SyncRecord; timeline: TimelineEvent[] };

/**
 * Filter of the records list and of bulk replay. `from`/`to` are ISO instants on `updatedAt`.
 * `flowId` and `customerEmail` are sent for the API to honour (see the web README: pending in the API).
 */
export type RecordFilter = {
  system?: string;
  entityType?: string;
  status?: RecordStatus;
  connectionId?: string;
  flowId?: string;
  externalId?: string;
  customerEmail?: string;
  from?: string;
  to?: string;
};
export type RecordPage = { total: number; items: RecordSummary[] };
