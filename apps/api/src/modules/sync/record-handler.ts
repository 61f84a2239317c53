import type { SyncRecordEntity } from '../../database/entities';

/** What processing a record achieved. `targetRef` names the document in the target (e.g. Visma invoice number). */
export type RecordOutcome =
  | { status: 'posted'; targetRef: string; message: string; data?: Record<string, unknown> }
  | { status: 'skipped'; message: string; data?: Record<string, unknown> };

/** Context handed to a handler: audit helper bound to the record, correlation id, attempt number. */
export type RecordContext = {
  correlationId: string | undefined;
  attempt: number;
  /** Appends a timeline entry for this record (e.g. `record.fetched`, `record.mapped`). */
  audit(kind: string, message: string, data?: Record<string, unknown>): Promise<void>;
};

/**
 * Processes one kind of record (system + entity type), e.g. BigCommerce orders into Visma invoices.
 * Throw `PermanentRecordError` for input that will never succeed as is (a replay after a fix may);
 * throw `RetryLaterError` to come back after a known wait; any other error is retried with backoff.
 */
export interface RecordHandler {
  readonly system: string;
  readonly entityType: string;
  process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome>;
}

/** A failure retrying cannot fix (bad payload, missing mapping). The record goes to `failed` at once. */
export class PermanentRecordError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly details?: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentRecordError';
  }
}

/** The target asked us to wait (rate budget exhausted): the job is re-delayed, not counted as a failure. */
export class RetryLaterError extends Error {
  constructor(
    readonly waitMs: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RetryLaterError';
  }
}
