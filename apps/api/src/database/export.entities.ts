import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ExportSchedule } from './export-settings';

/**
 * A batch export of one Visma company into a BigQuery dataset (issue 17: the product's analytics flow). Not a record
 * flow: it has its own runs, batches and checkpoints (shared/style.md "Batch flows have their own model") and reuses
 * the registry, the vault, the Visma rate budget and the audit trail.
 */
@Entity('export_flow')
export class ExportFlowEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('varchar', { length: 200 }) name!: string;
  /** The Visma company connection read from. */
  @Column('uuid') sourceConnectionId!: string;
  /** The BigQuery connection written to. */
  @Column('uuid') targetConnectionId!: string;
  /** The BigQuery dataset the tables live in (letters, digits, underscores). */
  @Column('varchar', { length: 1024 }) datasetId!: string;
  /** Export entity ids (libs/mapping VISMA_EXPORT_ENTITIES), e.g. `['journal_transactions', 'customers']`. */
  @Column('text', { array: true }) entities!: string[];
  /** When a run starts (UTC): manual, daily, weekly or monthly on day N. */
  @Column('jsonb', { default: { kind: 'manual' } }) schedule!: ExportSchedule;
  /** Where an entity without a checkpoint starts (its first run's lower bound); null: everything Visma holds. */
  @Column('timestamptz', { nullable: true }) backfillFrom!: Date | null;
  @Column('boolean', { default: true }) isEnabled!: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** Where an entity's export stands: everything Visma changed up to `lastModifiedUntil` is merged into its table. */
@Entity('export_checkpoint')
export class ExportCheckpointEntity {
  @PrimaryColumn('uuid') flowId!: string;
  @PrimaryColumn('varchar', { length: 60 }) entity!: string;
  /** Visma date-time text (UTC) of the last window merged whole; the next window starts after it (null: none yet). */
  @Column('varchar', { length: 40, nullable: true }) lastModifiedUntil!: string | null;
  /**
   * A window still being read (several batches): where its next batch starts. Null once the window is merged whole;
   * a later run continues it before it opens a new one.
   */
  @Column('jsonb', { nullable: true }) openCursor!: object | null;
  /** The batch that advanced it. */
  @Column('uuid') batchId!: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const EXPORT_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type ExportRunStatus = (typeof EXPORT_RUN_STATUSES)[number];

/** One run of an export flow: every entity's window from its checkpoint to the run's frozen `until`. */
@Entity('export_run')
@Index(['flowId', 'createdAt'])
export class ExportRunEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') flowId!: string;
  /** `schedule`, `manual`, `backfill` or `rerun` (a failed batch re-run from its checkpoint). */
  @Column('varchar', { length: 20 }) trigger!: string;
  @Column('varchar', { length: 20, default: 'queued' }) status!: ExportRunStatus;
  /** The schedule slot (ms since epoch) of a scheduled run: one run per slot. */
  @Column('bigint', { nullable: true }) slot!: string | null;
  /** Who asked for it (a user's e-mail, `scheduler`). */
  @Column('varchar', { length: 200 }) requestedBy!: string;
  @Column('timestamptz', { nullable: true }) startedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  @Column('text', { nullable: true }) error!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/**
 * The steps of a batch, in order; each is recorded before the next starts, so a worker killed between any two resumes
 * at the step it had not recorded (ExportRunner): `extracting` → `extracted` (the NDJSON file written, its window end
 * known) → `loaded` (the load job into the staging table is DONE) → `merged` (the MERGE is DONE and the checkpoint
 * advanced, in one transaction); `failed` holds the error and can be re-run.
 */
export const EXPORT_BATCH_STATUSES = ['extracting', 'extracted', 'loaded', 'merged', 'failed'] as const;
export type ExportBatchStatus = (typeof EXPORT_BATCH_STATUSES)[number];

/** One entity's slice of a run: a window of Visma pages → one NDJSON file → one load job → one MERGE. */
@Entity('export_batch')
@Index(['runId'])
@Index(['flowId', 'entity', 'createdAt'])
export class ExportBatchEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') runId!: string;
  @Column('uuid') flowId!: string;
  @Column('varchar', { length: 60 }) entity!: string;
  /** Order of the batch within its entity's window (1-based). */
  @Column('int') seq!: number;
  @Column('varchar', { length: 20, default: 'extracting' }) status!: ExportBatchStatus;
  /** The window: exclusive lower bound (null = from the beginning) and the frozen inclusive upper bound. */
  @Column('varchar', { length: 40, nullable: true }) windowSince!: string | null;
  @Column('varchar', { length: 40 }) windowUntil!: string;
  /** Where the batch starts reading (an ExportCursor: window, page, a record carried over from the previous page). */
  @Column('jsonb') startCursor!: object;
  /** The cursor after its last page (null: the batch ended its window). */
  @Column('jsonb', { nullable: true }) nextCursor!: object | null;
  /** Records in the window as Visma's first page said (`metadata.totalCount`), for the ETA; null when unknown. */
  @Column('int', { nullable: true }) windowTotal!: number | null;
  /** Re-extractions (each gets new job ids; a re-run of a failed batch extracts again). */
  @Column('int', { default: 1 }) attempt!: number;
  @Column('int', { default: 0 }) rowsRead!: number;
  @Column('int', { default: 0 }) rowsLoaded!: number;
  /** DML rows the MERGE changed (inserted + updated). */
  @Column('int', { default: 0 }) rowsMerged!: number;
  /** Records left out because they cannot be a row (no key): each with the field and why, the first 20 kept. */
  @Column('int', { default: 0 }) rowsRejected!: number;
  @Column('jsonb', { default: [] }) rejections!: { key: string | null; field: string; message: string }[];
  /** Visma calls the extraction made. */
  @Column('int', { default: 0 }) vismaCalls!: number;
  @Column('varchar', { length: 1024, nullable: true }) loadJobId!: string | null;
  @Column('varchar', { length: 1024, nullable: true }) mergeJobId!: string | null;
  /** Columns added to the table's schema by this batch (schema evolution never drops one). */
  @Column('jsonb', { default: [] }) schemaChanges!: string[];
  @Column('text', { nullable: true }) error!: string | null;
  @Column('timestamptz', { nullable: true }) extractedAt!: Date | null;
  @Column('timestamptz', { nullable: true }) finishedAt!: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const EXPORT_ENTITIES = [ExportFlowEntity, ExportCheckpointEntity, ExportRunEntity, ExportBatchEntity];
