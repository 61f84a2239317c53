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
