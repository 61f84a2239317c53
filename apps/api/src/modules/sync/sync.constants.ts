/** BullMQ queue holding one job per source record to process. */
export const RECORDS_QUEUE = 'records';
/** Job name: fetch, map and post one sync record. */
export const PROCESS_RECORD_JOB = 'sync.process-record';

/** Data of a `sync.process-record` job. */
export type ProcessRecordJobData = {
  recordId: string;
  /**
   * The record's hand-off this job carries (see RecordsService): a job whose record was handed off again since (a new
   * delivery, a replay, a recovery) ends quietly, the newer job does the work. Absent on jobs queued before hand-offs.
   */
  handoff?: number | undefined;
  correlationId?: string | undefined;
  /** Set on replays: who asked, for the audit trail. */
  replayedBy?: string | undefined;
};

/** BullMQ queue of catch-up polls: one job per flow and entity type at a time (its job id). */
export const CATCH_UP_QUEUE = 'catch-up';
/** Job name: one catch-up poll of one flow's entity type. */
export const CATCH_UP_JOB = 'sync.catch-up';

/** Data of a `sync.catch-up` job. */
export type CatchUpJobData = { flowId: string; entityType: string; correlationId?: string | undefined; requestedBy?: string | undefined };

/** The job id that makes one catch-up run per flow and entity at a time (scheduled and manual runs alike). */
export function catchUpJobId(flowId: string, entityType: string): string {
  return `catch-up:${flowId}:${entityType}`;
}

/** BullMQ backoff type of record jobs: the processor decides each retry's delay (`RetryableRecordError.retryInMs`). */
export const RECORD_BACKOFF_TYPE = 'record';

/** The BullMQ job id of a record's hand-off number `handoff`: one job per hand-off, so its state can be asked. */
export function recordJobId(recordId: string, handoff: number): string {
  return `${recordId}-h${handoff}`;
}

/** BullMQ queue of webhook upkeep: one job per connection and 5-minute slot (WebhookUpkeepScheduler). */
export const WEBHOOK_UPKEEP_QUEUE = 'webhook-upkeep';
/** Job: list, repair and recreate one connection's hooks through its system's `webhookUpkeep` capability. */
export const CHECK_WEBHOOKS_JOB = 'check-webhooks';
/** How often each connection's hooks are checked. */
export const WEBHOOK_CHECK_INTERVAL_MS = 300_000;

/** Data of a `check-webhooks` job. */
export type WebhookUpkeepJobData = { connectionId: string };
