import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ConnectorRateLimitedError, parseVismaTimestamp } from '@mlc/connectors';
import { deriveExportTable, exportEntity as catalogueEntity, type ExportEntity, type ExportTable } from '@mlc/mapping';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG } from '../../config/config.module';
import type { AppConfig } from '../../config/config.schema';
import { ConnectionEntity } from '../../database/entities';
import { ExportBatchEntity, ExportCheckpointEntity, ExportFlowEntity, ExportRunEntity } from '../../database/export.entities';
import { AuditService } from '../audit/audit.service';
import type { ExportWarehouse } from '../systems/capabilities';
import { SystemRegistry } from '../systems/system-registry.service';
import { buildMerge, stagingTableOf } from './export-sql';
import { BudgetPause, extractToFile, type ExtractSource } from './export-extract';
import { CrashSimulation, describe, exists, type ExportCursor, isTransient, jobIdOf } from './export-runner.helpers';

export { CrashSimulation, jobIdOf, type ExportCursor } from './export-runner.helpers';


/**
 * The points between two recorded steps of a batch where a worker may die. Tests inject a hook that throws at one of
 * them to prove a re-run changes nothing twice (test/integration/api/export-runner.spec.ts).
 */
export type ExportCrashPoint = 'extracted' | 'load-job-done' | 'loaded' | 'merge-job-done' | 'merged';

/** What one call of `run` ended with; `paused` runs go on after `resumeInMs` (the Visma rate budget). */
export type ExportRunResult = { status: 'succeeded' | 'failed' | 'paused'; resumeInMs?: number; message: string };

/** One run's records and clients; `visma` and `budgetUsage` (the company's shared rate budget) are ExtractSource's. */
type RunContext = ExtractSource & {
  run: ExportRunEntity;
  flow: ExportFlowEntity;
  source: ConnectionEntity;
  warehouse: ExportWarehouse;
};

/** Wait before a step that failed transiently (a quota error, a 5xx, a network fault) is tried again. */
const TRANSIENT_WAIT_MS = 5_000;

/**
 * Runs Visma → BigQuery export runs (issue 17), batch by batch, exactly once:
 * 1. **extract** one window's pages of an entity from Visma (VismaExportReader: `since < lastModifiedDateTime <=
 *    until`, `until` frozen when the window opens) into an NDJSON file, streamed (rows converted by libs/mapping
 *    `toExportRow`, one row per record key: a record seen twice on shifting pages is written once); recorded as
 *    `extracted` with where the next batch starts;
 * 2. **load** the file into the entity's staging table with a deterministic job id (`WRITE_TRUNCATE`); recorded as
 *    `loaded`;
 * 3. **MERGE** the staging table into the entity table on the record key, updating a row only when the staged
 *    `_source_last_modified` is newer, with a deterministic job id; in one transaction the batch is marked `merged`
 *    and the checkpoint advances.
 * A worker killed between any two of these resumes at the first step not recorded: a job id that already exists is
 * waited for instead of run again (409 duplicate), an extraction is redone only before its load was asked for, and
 * the MERGE changes nothing the second time. The Visma calls go through the company's shared rate budget; the run
 * pauses (and is queued again) when what is left falls to the posting reserve (EXPORT_BUDGET_RESERVE_PERCENT).
 */
@Injectable()
export class ExportRunner {
  private readonly logger = new Logger(ExportRunner.name);
  /** Test hook: called after each step (see ExportCrashPoint); a throw simulates a worker killed there. */
  crashHook: ((point: ExportCrashPoint, batch: ExportBatchEntity) => void) | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly systems: SystemRegistry,
    private readonly audit: AuditService,
  ) {}

  /**
   * Runs (or resumes) run `runId` until it is done or must pause.
   * @throws only for a run or flow that no longer exists; every other failure ends in the returned result
   */
  async run(runId: string): Promise<ExportRunResult> {
    const runs = this.db.getRepository(ExportRunEntity);
    const run = await runs.findOneByOrFail({ id: runId });
    if (run.status === 'succeeded' || run.status === 'failed') return { status: run.status, message: `Run ${runId} already ended (${run.status})` };
    const flow = await this.db.getRepository(ExportFlowEntity).findOneByOrFail({ id: run.flowId });
    const connections = this.db.getRepository(ConnectionEntity);
    const source = await connections.findOneByOrFail({ id: flow.sourceConnectionId });
    const target = await connections.findOneByOrFail({ id: flow.targetConnectionId });
    if (run.status === 'queued') {
      await runs.update({ id: run.id }, { status: 'running', startedAt: new Date() });
      run.status = 'running';
      run.startedAt = new Date();
    }
    let ctx: RunContext;
    try {
      const documents = this.systems.capability(source.system, 'documentTarget');
      const exportTarget = this.systems.capability(target.system, 'exportTarget');
      if (!documents) throw new Error(`${source.name} is not a Visma company an export can read`);
      if (!exportTarget) throw new Error(`${target.name} is not a warehouse an export can write into`);
      const budget = this.systems.capability(source.system, 'rateBudget');
      ctx = { run, flow, source, visma: await documents.clientFor(source), warehouse: await exportTarget.warehouseFor(target), budgetUsage: async () => budget?.usage(source) };
      await ctx.warehouse.ensureDataset(flow.datasetId);
    } catch (err) {
      return this.finish(run, flow, [`${describe(err)}`]);
    }

    const failures: string[] = [];
    for (const entityId of flow.entities) {
      try {
        await this.exportEntity(ctx, catalogueEntity(entityId));
      } catch (err) {
        if (err instanceof BudgetPause) return { status: 'paused', resumeInMs: err.waitMs, message: err.message };
        if (err instanceof ConnectorRateLimitedError) return { status: 'paused', resumeInMs: Math.max(err.waitMs, 1_000), message: `Visma rate limit: ${err.message}` };
        if (err instanceof CrashSimulation) throw err;
        if (isTransient(err)) return { status: 'paused', resumeInMs: TRANSIENT_WAIT_MS, message: `${entityId}: ${describe(err)}; tried again shortly` };
        failures.push(`${entityId}: ${describe(err)}`);
        this.logger.warn({ runId, entity: entityId, err: describe(err) }, 'export batch failed');
      }
    }
    return this.finish(run, flow, failures);
  }

  /** Ends the run (succeeded, or failed naming each failed entity) and leaves an audit entry on the target. */
  private async finish(run: ExportRunEntity, flow: ExportFlowEntity, failures: string[]): Promise<ExportRunResult> {
    const status = failures.length ? 'failed' : 'succeeded';
    const error = failures.length ? failures.join('\n') : null;
    await this.db.getRepository(ExportRunEntity).update({ id: run.id }, { status, finishedAt: new Date(), error });
    const totals: { rows: string; batches: string }[] = await this.db.query(`SELECT COALESCE(SUM(rows_loaded), 0) AS rows, COUNT(*) AS batches FROM export_batch WHERE run_id = $1`, [run.id]);
    const rows = Number(totals[0]?.rows ?? 0);
    const message = status === 'succeeded' ? `Export "${flow.name}" loaded ${rows} row(s) into dataset ${flow.datasetId}` : `Export "${flow.name}" failed: ${error ?? ''}`;
    await this.audit.append({ kind: `export.${status}`, actor: 'system', connectionId: flow.targetConnectionId, message, data: { runId: run.id, flowId: flow.id, rows, failures } });
    return { status, message };
  }

  /**
   * Exports one entity: windows from its checkpoint up to this run's start, batch by batch, pipelined one batch deep:
   * while a batch is loaded and merged, the next batch of the same window (it starts at this one's `nextCursor`) is
   * extracted into its own file. Its load waits for this MERGE (the staging table is shared), so the order of loads,
   * MERGEs and checkpoints is the serial one; at most two batches are open, and only one reads Visma.
   */
  private async exportEntity(ctx: RunContext, entity: ExportEntity): Promise<void> {
    const table = deriveExportTable(entity);
    let batch = await this.nextBatch(ctx, entity);
    while (batch) {
      if (batch.status === 'failed') throw new Error(batch.error ?? 'batch failed');
      await this.extractStep(ctx, table, batch);
      const ahead = this.readAhead(ctx, entity, table, batch);
      try {
        await this.advance(ctx, table, batch);
      } catch (err) {
        // This batch stops the entity: let the read-ahead end (its batch stays unfinished in this run, picked up in
        // order by a resume), then report this batch's error.
        await ahead?.catch(() => undefined);
        throw err;
      }
      batch = (await ahead) ?? (await this.nextBatch(ctx, entity));
    }
  }

  /**
   * The batch after `batch` in the same window, extracted (started now, awaited by the caller after `batch` merged),
   * or undefined when `batch` ends its window or read nothing. A resumed run finds that batch already recorded (same
   * run, next seq) and goes on with it instead of opening another.
   */
  private readAhead(ctx: RunContext, entity: ExportEntity, table: ExportTable, batch: ExportBatchEntity): Promise<ExportBatchEntity | undefined> | undefined {
    const next = batch.nextCursor as ExportCursor | null;
    if (!next || batch.rowsRead === 0 || (batch.status !== 'extracted' && batch.status !== 'loaded')) return undefined;
    const batches = this.db.getRepository(ExportBatchEntity);
    const open = async (): Promise<ExportBatchEntity> => {
      const known = await batches.findOneBy({ runId: ctx.run.id, entity: entity.id, seq: batch.seq + 1 });
      const following = known ?? (await batches.save(batches.create({ runId: ctx.run.id, flowId: ctx.flow.id, entity: entity.id, seq: batch.seq + 1, status: 'extracting', windowSince: next.since, windowUntil: next.until, startCursor: next, nextCursor: null })));
      if (following.status !== 'failed') await this.extractStep(ctx, table, following);
      return following;
    };
    const ahead = open();
    ahead.catch(() => undefined); // awaited by the caller; never an unhandled rejection meanwhile
    return ahead;
  }

  /**
   * The batch to work on: this run's oldest unfinished one (a read-ahead may have left a second), else a new one where
   * the checkpoint says (an open window's next page, or a new window after the last one merged), or undefined when the
   * entity is exported up to the run's start.
   */
  private async nextBatch(ctx: RunContext, entity: ExportEntity): Promise<ExportBatchEntity | undefined> {
    const batches = this.db.getRepository(ExportBatchEntity);
    const unfinished = await batches.createQueryBuilder('b').where('b.run_id = :run AND b.entity = :entity AND b.status <> :merged', { run: ctx.run.id, entity: entity.id, merged: 'merged' }).orderBy('b.seq', 'ASC').getOne();
    if (unfinished) return unfinished;
    const mine = await batches.find({ where: { runId: ctx.run.id, entity: entity.id }, order: { seq: 'DESC' }, take: 1 });
    const last = mine[0];
    const checkpoint = await this.db.getRepository(ExportCheckpointEntity).findOneBy({ flowId: ctx.flow.id, entity: entity.id });
    let start = checkpoint?.openCursor as ExportCursor | null | undefined;
    if (!start) {
      const since = checkpoint?.lastModifiedUntil ?? null;
      const startedAt = ctx.run.startedAt ?? new Date();
      // A window that began after this run started belongs to the next run: this run is done with the entity.
      if (since !== null && (parseVismaTimestamp(since) ?? 0) >= startedAt.getTime() - 1) return undefined;
      if (last && since !== null && last.windowUntil === since) return undefined;
      const from = since === null ? ctx.flow.backfillFrom : null;
      start = ctx.visma.exports.startWindow(from ?? null, this.config.EXPORT_PAGE_SIZE);
      if (since !== null) start = { ...start, since };
    }
    return batches.save(
      batches.create({
        runId: ctx.run.id,
        flowId: ctx.flow.id,
        entity: entity.id,
        seq: (last?.seq ?? 0) + 1,
        status: 'extracting',
        windowSince: start.since,
        windowUntil: start.until,
        startCursor: start,
        nextCursor: null,
      }),
    );
  }

  /** Takes one batch through the steps it has not recorded yet (class doc). */
  private async advance(ctx: RunContext, table: ExportTable, batch: ExportBatchEntity): Promise<void> {
    const batches = this.db.getRepository(ExportBatchEntity);
    await this.extractStep(ctx, table, batch);
    try {
      if (batch.rowsRead === 0 && batch.status === 'extracted') {
        // Nothing changed in the window: no load job, no MERGE; the checkpoint moves on.
        await this.markMerged(ctx, batch, 0);
        return;
      }
      if (batch.status === 'extracted') {
        if (!(await exists(this.fileOf(batch)))) {
          // The file is gone (another machine, a cleaned temp dir) and no load was recorded: extract again, under new
          // job ids, so an earlier attempt's load job (if it ran) is never mistaken for this file's.
          await batches.update({ id: batch.id }, { status: 'extracting', attempt: batch.attempt + 1 });
          Object.assign(batch, { status: 'extracting', attempt: batch.attempt + 1 });
          return this.advance(ctx, table, batch);
        }
        const jobId = jobIdOf(batch, 'load');
        const loaded = await ctx.warehouse.loadNdjson({ datasetId: ctx.flow.datasetId, tableId: stagingTableOf(table, ctx.flow.id), jobId, filePath: this.fileOf(batch), fields: table.fields, writeDisposition: 'WRITE_TRUNCATE' });
        this.crashHook?.('load-job-done', batch);
        await batches.update({ id: batch.id }, { status: 'loaded', loadJobId: jobId, rowsLoaded: loaded.outputRows });
        Object.assign(batch, { status: 'loaded', loadJobId: jobId, rowsLoaded: loaded.outputRows });
        this.crashHook?.('loaded', batch);
      }
      if (batch.status === 'loaded') {
        const ensured = await ctx.warehouse.ensureTable(ctx.flow.datasetId, table.entity.tableName, table.fields);
        const jobId = jobIdOf(batch, 'merge');
        const merged = await ctx.warehouse.runStatement({ jobId, query: buildMerge(ctx.warehouse.projectId, ctx.flow.datasetId, table, ctx.flow.id) });
        this.crashHook?.('merge-job-done', batch);
        await this.markMerged(ctx, batch, merged.affectedRows, jobId, ensured.added);
        this.crashHook?.('merged', batch);
        await rm(this.fileOf(batch), { force: true });
      }
    } catch (err) {
      return this.failBatch(batch, err);
    }
  }

  /** Step 1 when the batch has not recorded it (failures as in `advance`). */
  private async extractStep(ctx: RunContext, table: ExportTable, batch: ExportBatchEntity): Promise<void> {
    if (batch.status !== 'extracting') return;
    try {
      await this.extract(ctx, table, batch);
      this.crashHook?.('extracted', batch);
    } catch (err) {
      return this.failBatch(batch, err);
    }
  }

  /**
   * Rethrows `err`; first records the batch failed unless the error pauses the run (budget, rate limit, a transient
   * fault) or simulates a crash, which leave the batch where it was.
   */
  private async failBatch(batch: ExportBatchEntity, err: unknown): Promise<never> {
    if (err instanceof BudgetPause || err instanceof ConnectorRateLimitedError || err instanceof CrashSimulation || isTransient(err)) throw err;
    await this.db.getRepository(ExportBatchEntity).update({ id: batch.id }, { status: 'failed', error: describe(err), finishedAt: new Date() });
    batch.status = 'failed';
    batch.error = describe(err);
    throw err;
  }

  /**
   * Step 1: reads pages from the batch's start cursor into its NDJSON file until EXPORT_BATCH_ROWS rows, the window's
   * end, or the budget's reserve (export-extract.ts); records `extracted` with the cursor after the last page read.
   * @throws BudgetPause when the budget is spent before the first page (nothing recorded)
   */
  private async extract(ctx: RunContext, table: ExportTable, batch: ExportBatchEntity): Promise<void> {
    await mkdir(this.dir(), { recursive: true });
    const patch = await extractToFile(ctx, table, batch, this.fileOf(batch), { batchRows: this.config.EXPORT_BATCH_ROWS, budgetReservePercent: this.config.EXPORT_BUDGET_RESERVE_PERCENT });
    await this.db.getRepository(ExportBatchEntity).update({ id: batch.id }, patch);
    Object.assign(batch, patch);
  }

  /** Step 3's record: the batch merged and the checkpoint moved, in one transaction (only once: a second call finds it merged). */
  private async markMerged(ctx: RunContext, batch: ExportBatchEntity, affectedRows: number, mergeJobId?: string, added: string[] = []): Promise<void> {
    await this.db.transaction(async (m: EntityManager) => {
      const res = await m
        .createQueryBuilder()
        .update(ExportBatchEntity)
        .set({ status: 'merged', rowsMerged: affectedRows, mergeJobId: mergeJobId ?? null, schemaChanges: added, finishedAt: new Date() })
        .where('id = :id AND status IN (:...from)', { id: batch.id, from: ['extracted', 'loaded'] })
        .execute();
      if (!res.affected) return;
      const next = batch.nextCursor as ExportCursor | null;
      await m.query(
        `INSERT INTO export_checkpoint (flow_id, entity, last_modified_until, open_cursor, batch_id, updated_at) VALUES ($1, $2, $3, $4, $5, now())
           ON CONFLICT (flow_id, entity) DO UPDATE SET last_modified_until = COALESCE(EXCLUDED.last_modified_until, export_checkpoint.last_modified_until),
             open_cursor = EXCLUDED.open_cursor, batch_id = EXCLUDED.batch_id, updated_at = now()`,
        [ctx.flow.id, batch.entity, next ? null : batch.windowUntil, next ? JSON.stringify(next) : null, batch.id],
      );
    });
    Object.assign(batch, { status: 'merged', rowsMerged: affectedRows, mergeJobId: mergeJobId ?? null });
  }

  private dir(): string {
    return this.config.EXPORT_DIR ?? join(tmpdir(), 'ml-connector-export');
  }

  /** The batch's NDJSON file (one per attempt). */
  fileOf(batch: ExportBatchEntity): string {
    return join(this.dir(), `${batch.id}-a${batch.attempt}.ndjson`);
  }
}

