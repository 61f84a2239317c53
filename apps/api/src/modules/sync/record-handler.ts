import type { SyncRecordEntity } from '../../database/entities';

/** What processing a record achieved. `targetRef` names the document in the target (e.g. Visma invoice number). */
export type RecordOutcome =
  | { status: 'posted'; targetRef: string; message: string; data?: Record<string, unknown>; isAlreadyDone?: boolean; targetConnectionId?: string }
  | { status: 'skipped'; message: string; data?: Record<string, unknown>; targetConnectionId?: string };
// `targetConnectionId`: the Visma company the record was routed to; the record remembers it (a refund follows it).
// `isAlreadyDone`: the record was posted by an earlier attempt and nothing happened now; the timeline gets a
// `record.unchanged` entry instead of a second `record.posted` (which would count the document twice).


/** Timeline kind of a fetch from the source; its data carries `calls` and `payloadSha256` (the payload is on the record). */
export const FETCHED_KIND = 'record.fetched';

/** A timeline entry a handler adds; written with the attempt's outcome (see RecordContext). */
export type RecordEvent = { kind: string; message: string; data?: Record<string, unknown> };

/**
 * Context handed to a handler. Timeline entries and the fetched source record are collected during the
 * attempt and written together with its outcome in one statement (style: outcome and audit in one statement,
 * after the call returns), on success, failure or re-delay alike.
 */
export type RecordContext = {
  correlationId: string | undefined;
  attempt: number;
  /** Adds a timeline entry for this record (e.g. `record.mapped` with the document about to be sent). */
  audit(kind: string, message: string, data?: Record<string, unknown>): void;
  /**
   * Keeps the full source record fetched from the shop (replaces the webhook stub) and adds `record.fetched`.
   * `version` is its source modification time (ISO-8601 UTC) when the source gives one: the payload then never
   * replaces a newer one a delivery brought meanwhile.
   */
  fetched(payload: unknown, message: string, calls: number, version?: string): void;
  /**
   * Makes sure this attempt still owns its lease; call it right before a write to the target (pass it as the POST's
   * WriteFence), so an attempt that was overtaken (it froze past its lease and another attempt took the record) never
   * writes. @returns the instant (epoch ms) until which a write may still be started under this proof
   * @throws LeaseLostError when another attempt owns the record now
   */
  ensureLease(): Promise<number>;
  /** This attempt's lease owner token (see RecordsService.claim), e.g. to mark a lock as this attempt's. */
  leaseOwner: string;
};

/** This attempt no longer owns its record (its lease expired and another attempt claimed it): it must stop, writing nothing. */
export class LeaseLostError extends Error {
  constructor(readonly recordId: string) {
    super(`Another attempt took over record ${recordId} after this one's lease expired; this attempt stops without writing`);
    this.name = 'LeaseLostError';
  }
}

/** `RecordHandler.system` of a handler that serves every system (the posting skeleton). */
export const ANY_SYSTEM = '*';

/**
 * Processes one kind of record (system, or ANY_SYSTEM, + entity type), e.g. BigCommerce orders into Visma invoices.
 * Throw `PermanentRecordError` for input that will never succeed as is (a replay after a fix may);
 * throw `RetryLaterError` to come back after a known wait; any other error is retried with backoff.
 */
export interface RecordHandler {
  readonly system: string;
  readonly entityType: string;
  /**
   * True when a posted record's outcome never changes (an order becomes one invoice), so a new delivery or listing of a
   * posted record is a duplicate; false when later changes must flow (a customer, a capture that becomes paid).
   * Absent: true.
   */
  readonly isFinalOncePosted?: boolean;
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
