import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type MappingRules, MappingError, parseMappingRules } from '@mlc/mapping';
import type { Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { type ConnectionEntity, FlowEntity, type SyncRecordEntity } from '../../database/entities';
import { MappingConfigEntity } from '../../database/pipeline.entities';
import { AuditService } from '../audit/audit.service';
import { ConnectionsService } from '../credentials/connections.service';
import { PermanentRecordError } from '../sync/record-handler';

/** A flow with both ends loaded, as the posting handlers use it. */
export type ResolvedFlow = { flow: FlowEntity; source: ConnectionEntity; target: ConnectionEntity };

/** How long a worker reuses a resolved flow and parsed rules before reading them again (other processes' edits). */
export const FLOW_CACHE_MS = 5_000;

/**
 * Flows (source → target per entity types) and their mapping rules. The posting hot path reads them for
 * every record, so resolved flows and parsed rules are cached for FLOW_CACHE_MS (dropped at once on local edits).
 */
@Injectable()
export class FlowsService {
  private readonly resolved = new Map<string, { at: number; value: Promise<ResolvedFlow> }>();
  private readonly parsedRules = new Map<string, { at: number; value: Promise<MappingRules> }>();
  private readonly bySource = new Map<string, { at: number; value: Promise<FlowEntity | null> }>();

  constructor(
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    @InjectRepository(MappingConfigEntity) private readonly mappings: Repository<MappingConfigEntity>,
    private readonly connections: ConnectionsService,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<FlowEntity[]> {
    return this.flows.find({ order: { createdAt: 'ASC' } });
  }

  async get(id: string): Promise<FlowEntity> {
    const flow = await this.flows.findOneBy({ id });
    if (!flow) throw AppException.notFound('Flow', id);
    return flow;
  }

  async create(
    input: { name: string; sourceConnectionId: string; targetConnectionId: string; entities: string[]; schedule?: string | null | undefined; backfillFrom?: string | undefined },
    actor: string,
  ): Promise<FlowEntity> {
    await this.connections.get(input.sourceConnectionId);
    await this.connections.get(input.targetConnectionId);
    const { backfillFrom, ...rest } = input;
    const flow = await this.flows.save(
      this.flows.create({ ...rest, schedule: input.schedule ?? null, isEnabled: true, settings: backfillFrom ? { backfillFrom } : {} }),
    );
    this.invalidate();
    await this.audit.append({ kind: 'flow.created', message: `Flow "${flow.name}" created`, actor, connectionId: flow.sourceConnectionId });
    return flow;
  }

  async setEnabled(id: string, isEnabled: boolean, actor: string): Promise<FlowEntity> {
    const flow = await this.get(id);
    flow.isEnabled = isEnabled;
    await this.flows.save(flow);
    this.invalidate();
    await this.audit.append({ kind: isEnabled ? 'flow.enabled' : 'flow.paused', message: `Flow "${flow.name}" ${isEnabled ? 'enabled' : 'paused'}`, actor, connectionId: flow.sourceConnectionId });
    return flow;
  }

  /** When the flow last moved anything: its newest posted/failed/skipped record, or its last poll. */
  async lastSyncAt(flow: FlowEntity): Promise<string | null> {
    const rows: { at: Date | null }[] = await this.flows.query(
      `SELECT GREATEST(
         (SELECT max(updated_at) FROM sync_record WHERE connection_id = $1 AND status IN ('posted', 'failed', 'skipped')),
         (SELECT max(updated_at) FROM sync_cursor WHERE connection_id = $1)) AS at`,
      [flow.sourceConnectionId],
    );
    return rows[0]?.at ? new Date(rows[0].at).toISOString() : null;
  }

  /** The enabled flow that moves `entityType` out of `sourceConnectionId`, if any (cached like resolved flows). */
  findForSource(sourceConnectionId: string, entityType: string): Promise<FlowEntity | null> {
    return this.cached(this.bySource, `${sourceConnectionId}|${entityType}`, () => this.loadForSource(sourceConnectionId, entityType));
  }

  private loadForSource(sourceConnectionId: string, entityType: string): Promise<FlowEntity | null> {
    return this.flows
      .createQueryBuilder('f')
      .where('f.source_connection_id = :id AND f.is_enabled AND :entity = ANY(f.entities)', { id: sourceConnectionId, entity: entityType })
      .orderBy('f.created_at', 'ASC')
      .getOne();
  }

  /**
   * The flow a record belongs to, with both connections.
   * @throws PermanentRecordError `no_flow` when no enabled flow moves this record (pause ≠ loss: replay after enabling).
   */
  resolveForRecord(record: SyncRecordEntity): Promise<ResolvedFlow> {
    const key = `${record.flowId ?? ''}|${record.connectionId}|${record.entityType}`;
    return this.cached(this.resolved, key, () => this.loadForRecord(record));
  }

  private async loadForRecord(record: SyncRecordEntity): Promise<ResolvedFlow> {
    const flow = record.flowId ? await this.flows.findOneBy({ id: record.flowId }) : await this.loadForSource(record.connectionId, record.entityType);
    if (!flow || !flow.isEnabled) {
      throw new PermanentRecordError(`No enabled flow moves ${record.entityType} records from this connection; enable one and replay`, 'no_flow');
    }
    const [source, target] = await Promise.all([this.connections.get(flow.sourceConnectionId), this.connections.get(flow.targetConnectionId)]);
    return { flow, source, target };
  }

  /** Stored rules as the admin wrote them (unparsed), or null. */
  async rawRules(flowId: string): Promise<{ rules: object; updatedAt: Date; updatedBy: string } | null> {
    return this.mappings.findOneBy({ flowId });
  }

  /**
   * The flow's parsed rules.
   * @throws PermanentRecordError `mapping_missing` / `mapping_invalid` (fix the mapping, then replay).
   */
  rulesFor(flowId: string): Promise<MappingRules> {
    return this.cached(this.parsedRules, flowId, () => this.loadRules(flowId));
  }

  private cached<T>(cache: Map<string, { at: number; value: Promise<T> }>, key: string, load: () => Promise<T>): Promise<T> {
    const hit = cache.get(key);
    if (hit && Date.now() - hit.at < FLOW_CACHE_MS) return hit.value;
    const value = load();
    value.catch(() => cache.delete(key));
    cache.set(key, { at: Date.now(), value });
    return value;
  }

  private invalidate(): void {
    this.bySource.clear();
    this.resolved.clear();
    this.parsedRules.clear();
  }

  private async loadRules(flowId: string): Promise<MappingRules> {
    const row = await this.mappings.findOneBy({ flowId });
    if (!row) throw new PermanentRecordError('No mapping is configured for this flow yet; add one under Mappings and replay', 'mapping_missing');
    try {
      return parseMappingRules(row.rules);
    } catch (err) {
      if (err instanceof MappingError) throw new PermanentRecordError(`The saved mapping is invalid: ${err.message}`, 'mapping_invalid', { field: err.field }, { cause: err });
      throw err;
    }
  }

  /** @throws AppException `validation_failed` naming each bad rule field. */
  async saveRules(flowId: string, rules: unknown, actor: string): Promise<{ rules: object; updatedAt: Date }> {
    const flow = await this.get(flowId);
    try {
      parseMappingRules(rules);
    } catch (err) {
      if (err instanceof MappingError) {
        throw AppException.validation(err.message.split('; ').map((part) => {
          const [field, ...rest] = part.split(': ');
          return { field: `rules.${field ?? ''}`, message: rest.join(': ') || part };
        }));
      }
      throw err;
    }
    await this.mappings.upsert({ flowId, rules: rules as object, updatedBy: actor }, ['flowId']);
    this.invalidate();
    await this.audit.append({ kind: 'mapping.updated', message: `Mapping of flow "${flow.name}" updated`, actor, connectionId: flow.targetConnectionId, data: { rules: rules as object } });
    const saved = await this.mappings.findOneByOrFail({ flowId });
    return { rules: saved.rules, updatedAt: saved.updatedAt };
  }
}
