import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { type FlowEntity, SyncCursorEntity } from '../../database/entities';
import { ConnectionsService } from '../credentials/connections.service';
import { FlowsService } from '../mapping/flows.service';
import { SystemRegistry } from '../systems/system-registry.service';
import { RecordHandlerRegistry } from './record-handler.registry';
import { RecordsService } from './records.service';
import { CATCH_UP_JOB, CATCH_UP_QUEUE, type CatchUpJobData, catchUpJobId } from './sync.constants';

/** Saved between runs: the upper bound of the last completed window, or the page cursor of a run in progress. */
type CatchUpCursor = { lastUpperBound: string | null; inProgress?: unknown; upperBound?: string };

/** How far back the very first run looks unless the flow sets `backfillFrom`. */
export const FIRST_RUN_LOOKBACK_MS = 7 * 24 * 3_600_000;

export type CatchUpResult = { flowId: string; entityType: string; seen: number; enqueued: number; pages: number; windowEnd: string };

/** What asking for a run achieved: queued now, or already queued / running (one run per flow and entity at a time). */
export type CatchUpRequest = { flowId: string; entityType: string; queued: boolean };

function isCursor(value: unknown): value is CatchUpCursor {
  return typeof value === 'object' && value !== null && 'lastUpperBound' in value;
}

/**
 * The catch-up poll engine ("reconciliation" names the ledger-matching report): per flow and entity type, it lists
 * what the source changed since the last completed window through the system's `catchUp` capability and sends each
 * record through the same intake as a webhook (records already posted are skipped by the skeleton, so nothing posts
 * twice). The window's upper bound is frozen when a run starts and the cursor saved after every page (per flow and
 * entity), so a killed worker resumes where it stopped (the Nango pattern). Runs are BullMQ jobs whose id is the flow
 * and entity, so a scheduled run and a manual one never race.
 */
@Injectable()
export class CatchUpService {
  constructor(
    @InjectRepository(SyncCursorEntity) private readonly cursors: Repository<SyncCursorEntity>,
    @InjectQueue(CATCH_UP_QUEUE) private readonly queue: Queue<CatchUpJobData>,
    private readonly flows: FlowsService,
    private readonly connections: ConnectionsService,
    private readonly systems: SystemRegistry,
    private readonly records: RecordsService,
    private readonly handlers: RecordHandlerRegistry,
  ) {}

  /** The entity types of a flow its source can list by change time. */
  entityTypesOf(flow: FlowEntity, system: string): string[] {
    const catchUp = this.systems.capability(system, 'catchUp');
    return catchUp ? flow.entities.filter((e) => catchUp.entityTypes.includes(e)) : [];
  }

  /**
   * Enqueues a run for each catch-up-able entity of the flow (or just `entityType`), unless one is queued or running.
   * @throws AppException `validation_failed` when the source cannot be polled or the entity is not in the flow.
   */
  async request(flow: FlowEntity, options: { entityType?: string | undefined; correlationId?: string | undefined; requestedBy?: string | undefined } = {}): Promise<CatchUpRequest[]> {
    const source = await this.connections.get(flow.sourceConnectionId);
    const entities = this.entityTypesOf(flow, source.system);
    if (!entities.length) throw new AppException('validation_failed', `${this.systems.get(source.system).facts.label} records cannot be listed by change time`);
    if (options.entityType !== undefined && !entities.includes(options.entityType)) {
      throw AppException.validation([{ field: 'entityType', message: `this flow catches up ${entities.join(', ')}` }]);
    }
    const out: CatchUpRequest[] = [];
    for (const entityType of options.entityType ? [options.entityType] : entities) {
      const jobId = catchUpJobId(flow.id, entityType);
      const existing = await this.queue.getJob(jobId);
      const state = existing ? await existing.getState() : undefined;
      if (existing && (state === 'completed' || state === 'failed')) await existing.remove();
      const isBusy = state !== undefined && state !== 'completed' && state !== 'failed' && state !== 'unknown';
      if (!isBusy) {
        await this.queue.add(
          CATCH_UP_JOB,
          { flowId: flow.id, entityType, correlationId: options.correlationId, requestedBy: options.requestedBy },
          { jobId, attempts: 3, backoff: { type: 'exponential', delay: 5_000 }, removeOnComplete: true, removeOnFail: true },
        );
      }
      out.push({ flowId: flow.id, entityType, queued: !isBusy });
    }
    return out;
  }

  /** One run of one flow's entity type (the worker calls this). @throws ConnectorError subclasses from the source. */
  async run(flowId: string, entityType: string, correlationId?: string): Promise<CatchUpResult> {
    const flow = await this.flows.get(flowId);
    const conn = await this.connections.get(flow.sourceConnectionId);
    const catchUp = this.systems.capability(conn.system, 'catchUp');
    const result: CatchUpResult = { flowId, entityType, seen: 0, enqueued: 0, pages: 0, windowEnd: new Date().toISOString() };
    if (!flow.isEnabled || !catchUp || !flow.entities.includes(entityType) || conn.status === 'paused') return result;

    const saved = await this.cursors.findOneBy({ flowId, entityType });
    const state: CatchUpCursor = isCursor(saved?.cursor) ? saved.cursor : { lastUpperBound: null };
    const isResuming = state.inProgress !== undefined && state.upperBound !== undefined;
    const until = isResuming ? new Date(state.upperBound as string) : new Date();
    const backfillFrom = typeof flow.settings['backfillFrom'] === 'string' ? new Date(flow.settings['backfillFrom']) : undefined;
    const since = state.lastUpperBound ? new Date(state.lastUpperBound) : (backfillFrom ?? new Date(until.getTime() - FIRST_RUN_LOOKBACK_MS));
    result.windowEnd = until.toISOString();
    // Asked of the entity's handler, not guessed from its name: a capture listed again once it is paid must run again.
    const isFinalOncePosted = this.handlers.isFinalOncePosted(conn.system, entityType);

    for await (const page of catchUp.listChanged(conn, entityType, { since, until, resume: isResuming ? state.inProgress : undefined })) {
      for (const item of page.items) {
        result.seen += 1;
        const received = await this.records.receive({
          connectionId: conn.id,
          system: conn.system,
          entityType,
          externalId: item.externalId,
          payload: item.payload,
          flowIds: [flow.id],
          correlationId,
          via: 'catch-up',
          isFinalOncePosted,
          version: item.version,
        });
        if (!received.isDuplicate) result.enqueued += 1;
      }
      result.pages += 1;
      const next: CatchUpCursor =
        page.nextCursor === undefined ? { lastUpperBound: until.toISOString() } : { lastUpperBound: state.lastUpperBound, inProgress: page.nextCursor, upperBound: until.toISOString() };
      await this.save(flow, entityType, next, page.nextCursor === undefined ? null : until);
    }
    if (result.pages === 0) await this.save(flow, entityType, { lastUpperBound: until.toISOString() }, null);
    return result;
  }

  /** Saved catch-up positions of a flow, for the dashboard. */
  async positions(flowId: string): Promise<{ entityType: string; lastUpperBound: string | null; isInProgress: boolean; updatedAt: string }[]> {
    const rows = await this.cursors.find({ where: { flowId }, order: { entityType: 'ASC' } });
    return rows.map((r) => ({
      entityType: r.entityType,
      lastUpperBound: isCursor(r.cursor) ? r.cursor.lastUpperBound : null,
      isInProgress: r.windowUpperBound !== null,
      updatedAt: r.updatedAt.toISOString(),
    }));
  }

  private async save(flow: FlowEntity, entityType: string, cursor: CatchUpCursor, windowUpperBound: Date | null): Promise<void> {
    await this.cursors.upsert({ connectionId: flow.sourceConnectionId, flowId: flow.id, entityType, cursor, windowUpperBound }, ['flowId', 'entityType']);
  }
}
