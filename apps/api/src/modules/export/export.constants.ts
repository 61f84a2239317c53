/** BullMQ queue of export runs: one job per run (its id), queued again with a delay while the run pauses. */
export const EXPORT_QUEUE = 'export-runs';
/** Job name of one (resumed) export run. */
export const EXPORT_JOB = 'export.run';
/** Data of an `export.run` job. */
export type ExportJobData = { runId: string; resumes?: number };
/** After this many transient pauses in a row a run fails (quota or server errors that do not clear). */
export const EXPORT_MAX_TRANSIENT_RESUMES = 50;
