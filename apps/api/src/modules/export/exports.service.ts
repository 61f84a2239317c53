import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { EXPORT_ENTITIES as CATALOGUE, deriveExportTable, exportEntity, type ExportEntityId } from '@mlc/mapping';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { AppException } from '../../common/app-exception';
import { ConnectionEntity } from '../../database/entities';
import { ExportBatchEntity, ExportCheckpointEntity, ExportFlowEntity, ExportRunEntity } from '../../database/export.entities';
import { EXPORT_SCHEDULE_SCHEMA } from '../../database/export-settings';
import { AuditService } from '../audit/audit.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { EXPORT_JOB, EXPORT_QUEUE, type ExportJobData } from './export.constants';
import { countRows } from './export-sql';

const ENTITY_IDS = CATALOGUE.map((e) => e.id) as [ExportEntityId, ...ExportEntityId[]];
const DATASET = z.string().regex(/^[A-Za-z0-9_]{1,1024}$/, 'is a BigQuery dataset id: letters, digits and underscores');

export const EXPORT_FLOW_INPUT = z.object({
  name: z.string().min(1).max(200),
  sourceConnectionId: z.string().uuid(),
  targetConnectionId: z.string().uuid(),
  /** Default: the BigQuery connection's dataset. */
  datasetId: DATASET.optional(),
  /** Default: every entity of the catalogue. */
  entities: z.array(z.enum(ENTITY_IDS)).min(1).optional(),
  schedule: EXPORT_SCHEDULE_SCHEMA.default({ kind: 'manual' }),
  backfillFrom: z.coerce.date().nullable().optional(),
  isEnabled: z.boolean().default(true),
});
export type ExportFlowInput = z.infer<typeof EXPORT_FLOW_INPUT>;
export const EXPORT_FLOW_PATCH = z.object({
  name: z.string().min(1).max(200).optional(),
  datasetId: DATASET.optional(),
  entities: z.array(z.enum(ENTITY_IDS)).min(1).optional(),
  schedule: EXPORT_SCHEDULE_SCHEMA.optional(),
  isEnabled: z.boolean().optional(),
});
export type ExportFlowPatch = z.infer<typeof EXPORT_FLOW_PATCH>;

/** Per entity of a run: what it read and loaded, how fast, and how long the rest should take. */
export type EntityProgress = {
  entity: string;
  table: string;
  status: 'waiting' | 'running' | 'done' | 'failed';
  batches: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsMerged: number;
  rowsRejected: number;
  vismaCalls: number;
  /** Records Visma said the window holds (first page's metadata), when known. */
  windowTotal: number | null;
  rowsPerSecond: number | null;
  /** Seconds left at the current rate, when the total is known. */
  etaSeconds: number | null;
  error: string | null;
};

/** Export flows, runs and their progress (API role; the worker runs them). */
@Injectable()
export class ExportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(EXPORT_QUEUE) private readonly queue: Queue<ExportJobData>,
    private readonly systems: SystemRegistry,
    private readonly audit: AuditService,
  ) {}

  /** The catalogue: one table per Visma entity, with its columns. */
  catalogue(): { id: string; table: string; description: string; key: readonly string[]; columns: number }[] {
    return CATALOGUE.map((e) => ({ id: e.id, table: e.tableName, description: e.description, key: e.key, columns: deriveExportTable(e).fields.length }));
  }

  list(): Promise<ExportFlowEntity[]> {
    return this.db.getRepository(ExportFlowEntity).find({ order: { createdAt: 'ASC' } });
  }

  /** @throws AppException `not_found` */
  async get(id: string): Promise<ExportFlowEntity> {
    const flow = await this.db.getRepository(ExportFlowEntity).findOneBy({ id });
    if (!flow) throw AppException.notFound('Export flow', id);
    return flow;
  }

  /**
   * Creates an export flow from a Visma company to a BigQuery connection.
   * @throws AppException `validation_failed` naming the field: a source that is not an ERP company, a target that is
   *   not a warehouse, an unknown entity
   */
  async create(input: ExportFlowInput, actor: string): Promise<ExportFlowEntity> {
    const { source, target } = await this.ends(input.sourceConnectionId, input.targetConnectionId);
    const datasetId = input.datasetId ?? DATASET.safeParse(target.settings['datasetId']).data ?? 'visma_ledger';
    const repo = this.db.getRepository(ExportFlowEntity);
    const flow = await repo.save(
      repo.create({
        name: input.name,
        sourceConnectionId: source.id,
        targetConnectionId: target.id,
        datasetId,
        entities: input.entities ?? CATALOGUE.map((e) => e.id),
        schedule: input.schedule,
        backfillFrom: input.backfillFrom ?? null,
        isEnabled: input.isEnabled,
      }),
    );
    await this.audit.append({ kind: 'export.flow.created', actor, connectionId: target.id, message: `Export flow "${flow.name}" created: ${source.name} → ${target.name} dataset ${datasetId}`, data: { flowId: flow.id, entities: flow.entities, schedule: flow.schedule } });
    return flow;
  }

  /** @throws AppException `not_found` */
  async update(id: string, patch: ExportFlowPatch, actor: string): Promise<ExportFlowEntity> {
    const flow = await this.get(id);
    Object.assign(flow, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)));
    const saved = await this.db.getRepository(ExportFlowEntity).save(flow);
    await this.audit.append({ kind: 'export.flow.updated', actor, connectionId: flow.targetConnectionId, message: `Export flow "${flow.name}" changed (${Object.keys(patch).join(', ')})`, data: { flowId: id, patch } });
    return saved;
  }

  /**
   * Queues a run of the flow, or says which one is already queued or running (`queued: false`). A backfill first
   * forgets the flow's checkpoints and reads everything changed since `backfillFrom` again (rows already in BigQuery
   * are merged, not duplicated).
   * @throws AppException `not_found`; `conflict` for a backfill while a run is active
   */
  async requestRun(flowId: string, options: { requestedBy: string; backfillFrom?: Date | undefined; trigger?: 'manual' | 'rerun' }): Promise<{ run: ExportRunEntity; queued: boolean }> {
    const flow = await this.get(flowId);
    const active = await this.activeRun(flowId);
    if (active) {
      if (options.backfillFrom) throw new AppException('conflict', `Export "${flow.name}" has a run in progress (${active.id}); start the backfill when it has ended`);
      return { run: active, queued: false };
    }
    const trigger = options.backfillFrom ? 'backfill' : (options.trigger ?? 'manual');
    const run = await this.db.transaction(async (m) => {
      if (options.backfillFrom) {
        await m.getRepository(ExportFlowEntity).update({ id: flowId }, { backfillFrom: options.backfillFrom });
        await m.getRepository(ExportCheckpointEntity).delete({ flowId });
      }
      const runs = m.getRepository(ExportRunEntity);
      return runs.save(runs.create({ flowId, trigger, requestedBy: options.requestedBy, status: 'queued' }));
    });
    await this.enqueue(run.id);
    await this.audit.append({
      kind: 'export.run.requested',
      actor: options.requestedBy,
      connectionId: flow.targetConnectionId,
      message: `${trigger === 'backfill' ? `Backfill from ${options.backfillFrom?.toISOString().slice(0, 10) ?? ''}` : trigger === 'rerun' ? 'Re-run from the checkpoint' : 'Run'} of export "${flow.name}" queued`,
      data: { flowId, runId: run.id, trigger },
    });
    return { run, queued: true };
  }

  /**
   * Re-runs a failed batch from its entity's checkpoint (a new run: what the failed batch read was never merged, so
   * the checkpoint still stands before it).
   * @throws AppException `not_found`; `conflict` when the batch did not fail
   */
  async rerunBatch(batchId: string, requestedBy: string): Promise<{ run: ExportRunEntity; queued: boolean }> {
    const batch = await this.db.getRepository(ExportBatchEntity).findOneBy({ id: batchId });
    if (!batch) throw AppException.notFound('Export batch', batchId);
    if (batch.status !== 'failed') throw new AppException('conflict', `Batch ${batchId} is ${batch.status}, not failed; nothing to re-run`);
    return this.requestRun(batch.flowId, { requestedBy, trigger: 'rerun' });
  }

  /** Queues (or re-queues) the job of a run; `delayMs` for a paused one. */
  async enqueue(runId: string, options: { delayMs?: number; resumes?: number } = {}): Promise<void> {
    const jobId = options.delayMs === undefined ? runId : `${runId}.${Date.now()}`;
    await this.queue.add(EXPORT_JOB, { runId, ...(options.resumes === undefined ? {} : { resumes: options.resumes }) }, { jobId, ...(options.delayMs === undefined ? {} : { delay: options.delayMs }), attempts: 1 });
  }

  activeRun(flowId: string): Promise<ExportRunEntity | null> {
    return this.db.getRepository(ExportRunEntity).findOne({ where: [{ flowId, status: 'queued' }, { flowId, status: 'running' }], order: { createdAt: 'DESC' } });
  }

  /** The latest runs of a flow, newest first, each with its batches. */
  async runs(flowId: string, limit = 20): Promise<(ExportRunEntity & { batches: ExportBatchEntity[] })[]> {
    await this.get(flowId);
    const runs = await this.db.getRepository(ExportRunEntity).find({ where: { flowId }, order: { createdAt: 'DESC' }, take: limit });
    const batches = runs.length ? await this.db.getRepository(ExportBatchEntity).createQueryBuilder('b').where('b.runId IN (:...ids)', { ids: runs.map((r) => r.id) }).orderBy('b.createdAt', 'ASC').getMany() : [];
    return runs.map((r) => ({ ...r, batches: batches.filter((b) => b.runId === r.id) }));
  }

  /**
   * A run with its batches and per-entity progress: rows read and loaded, rows per second, ETA, and the Visma calls
   * left in the company's budget. @throws AppException `not_found`
   */
  async runDetail(runId: string): Promise<{ run: ExportRunEntity; batches: ExportBatchEntity[]; entities: EntityProgress[]; budget: { used: number; limit: number; left: number; resetsAt: string | null } | null }> {
    const run = await this.db.getRepository(ExportRunEntity).findOneBy({ id: runId });
    if (!run) throw AppException.notFound('Export run', runId);
    const flow = await this.get(run.flowId);
    const batches = await this.db.getRepository(ExportBatchEntity).find({ where: { runId }, order: { createdAt: 'ASC' } });
    const now = Date.now();
    const entities = flow.entities.map((id): EntityProgress => {
      const mine = batches.filter((b) => b.entity === id);
      const sum = (f: (b: ExportBatchEntity) => number): number => mine.reduce((s, b) => s + f(b), 0);
      const failed = mine.find((b) => b.status === 'failed');
      const isDone = mine.length > 0 && mine.every((b) => b.status === 'merged') && !(mine.at(-1)?.nextCursor);
      const startedMs = mine[0]?.createdAt.getTime();
      const endMs = isDone || failed ? (mine.at(-1)?.finishedAt ?? mine.at(-1)?.updatedAt)?.getTime() : now;
      const rowsRead = sum((b) => b.rowsRead);
      const seconds = startedMs !== undefined && endMs !== undefined ? Math.max((endMs - startedMs) / 1000, 0.001) : undefined;
      const rate = seconds !== undefined && rowsRead > 0 ? rowsRead / seconds : null;
      const total = mine[0]?.windowTotal ?? null;
      const status = failed ? 'failed' : isDone ? 'done' : mine.length ? 'running' : run.status === 'succeeded' ? 'done' : 'waiting';
      return {
        entity: id,
        table: exportEntity(id).tableName,
        status,
        batches: mine.length,
        rowsRead,
        rowsLoaded: sum((b) => b.rowsLoaded),
        rowsMerged: sum((b) => b.rowsMerged),
        rowsRejected: sum((b) => b.rowsRejected),
        vismaCalls: sum((b) => b.vismaCalls),
        windowTotal: total,
        rowsPerSecond: rate === null ? null : Math.round(rate),
        etaSeconds: status === 'running' && rate && total !== null ? Math.max(0, Math.round((total - rowsRead) / rate)) : status === 'done' ? 0 : null,
        error: failed?.error ?? null,
      };
    });
    const source = await this.db.getRepository(ConnectionEntity).findOneBy({ id: flow.sourceConnectionId });
    const usage = source ? await this.systems.capability(source.system, 'rateBudget')?.usage(source) : undefined;
    return { run, batches, entities, budget: usage ? { ...usage, left: Math.max(0, usage.limit - usage.used) } : null };
  }

  /** Row counts of the flow's tables, read from BigQuery (`SELECT COUNT(*)`); a table not there yet counts null. */
  async tables(flowId: string): Promise<{ entity: string; table: string; rows: number | null; error?: string }[]> {
    const flow = await this.get(flowId);
    const target = await this.db.getRepository(ConnectionEntity).findOneByOrFail({ id: flow.targetConnectionId });
    const warehouse = await this.systems.capability(target.system, 'exportTarget')?.warehouseFor(target);
    if (!warehouse) throw new AppException('validation_failed', `${target.name} is not a warehouse`);
    const out: { entity: string; table: string; rows: number | null; error?: string }[] = [];
    for (const id of flow.entities) {
      const table = exportEntity(id).tableName;
      try {
        const rows = await warehouse.query(countRows(warehouse.projectId, flow.datasetId, table));
        out.push({ entity: id, table, rows: Number(rows[0]?.['row_count'] ?? 0) });
      } catch (err) {
        out.push({ entity: id, table, rows: null, error: /not ?found/i.test(String(err)) ? 'not exported yet' : 'could not be read' });
      }
    }
    return out;
  }

  /** @throws AppException `validation_failed` naming the field */
  private async ends(sourceId: string, targetId: string): Promise<{ source: ConnectionEntity; target: ConnectionEntity }> {
    const repo = this.db.getRepository(ConnectionEntity);
    const source = await repo.findOneBy({ id: sourceId });
    const target = await repo.findOneBy({ id: targetId });
    const problems: { field: string; message: string }[] = [];
    if (!source || !this.systems.capability(source.system, 'documentTarget')) problems.push({ field: 'sourceConnectionId', message: 'must be a Visma company connection' });
    if (!target || !this.systems.capability(target.system, 'exportTarget')) problems.push({ field: 'targetConnectionId', message: 'must be a BigQuery connection' });
    if (problems.length || !source || !target) throw AppException.validation(problems);
    return { source, target };
  }
}
