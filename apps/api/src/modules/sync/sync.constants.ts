/** BullMQ queue holding one job per source record to process. */
export const RECORDS_QUEUE = 'records';
/** Job name: fetch, map and post one sync record. */
export const PROCESS_RECORD_JOB = 'sync.process-record';

/** Data of a `sync.process-record` job. */
export type ProcessRecordJobData = {
  recordId: string;
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
