import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type MappingRules, MappingError, parseMappingRules } from '@mlc/mapping';
import type { Repository } from 'typeorm';
import { AppException, type FieldProblem } from '../../common/app-exception';
import { type ConnectionEntity, FlowEntity, type SyncRecordEntity } from '../../database/entities';
import { type CatchUpSchedule, DEFAULT_CATCH_UP_SCHEDULE, DEFAULT_FLOW_POSTING, type FlowPosting, type FlowRouting } from '../../database/flow-settings';
import { MappingConfigEntity } from '../../database/pipeline.entities';
import { AuditService } from '../audit/audit.service';
import { ConnectionsService } from '../credentials/connections.service';
import { PermanentRecordError } from '../sync/record-handler';
import { SystemRegistry } from '../systems/system-registry.service';

/** A flow with its source loaded, as the posting skeleton uses it (targets are loaded when routed). */
export type ResolvedFlow = { flow: FlowEntity; source: ConnectionEntity };

/** How long a worker reuses a resolved flow and parsed rules before reading them again (other processes' edits). */
export const FLOW_CACHE_MS = 5_000;

export type CreateFlowInput = {
  name: string;
  sourceConnectionId: string;
  /** The default Visma company: records no routing rule matches go here (unless `routing.unmatched` says otherwise). */
  targetConnectionId: string;
  entities: string[];
  routing?: FlowRouting | undefined;
  catchUpSchedule?: CatchUpSchedule | undefined;
  /** What the flow posts (default: customer invoices and Visma customers). */
  posting?: FlowPosting | undefined;
  /** The first catch-up run looks back to this instant (a backfill); default 7 days. */
  backfillFrom?: string | undefined;
};

export type UpdateFlowInput = {
  name?: string | undefined;
  isEnabled?: boolean | undefined;
  routing?: FlowRouting | undefined;
  catchUpSchedule?: CatchUpSchedule | undefined;
  posting?: FlowPosting | undefined;
};

/** Every Visma company a flow may post into: the default target, then each routing rule's, without repeats. */
export function targetsOf(flow: Pick<FlowEntity, 'targetConnectionId' | 'routing'>): string[] {
  return [...new Set([flow.targetConnectionId, ...flow.routing.rules.map((r) => r.targetConnectionId)])];
}

/**
 * The Visma company of a flow an admin means: the one given (it must be one of the flow's targets) or the default.
 * @throws AppException `validation_failed` naming `targetConnectionId`.
 */
export function companyOf(flow: FlowEntity, targetConnectionId: string | undefined): string {
  if (targetConnectionId === undefined) return flow.targetConnectionId;
  if (!targetsOf(flow).includes(targetConnectionId)) throw AppException.validation([{ field: 'targetConnectionId', message: 'is not one of this flow’s Visma companies' }]);
  return targetConnectionId;
}

/**
 * Flows (one source → one or more Visma companies, for some entity types, with routing and a catch-up schedule) and
 * the mapping rules of each Visma company. The posting hot path reads them for every record, so flows and parsed
 * rules are cached for FLOW_CACHE_MS (dropped at once on local edits).
 */
@Injectable()
export class FlowsService {
  private readonly byId = new Map<string, { at: number; value: Promise<ResolvedFlow> }>();
  private readonly parsedRules = new Map<string, { at: number; value: Promise<MappingRules> }>();
  private readonly bySource = new Map<string, { at: number; value: Promise<string[]> }>();
  private readonly companies = new Map<string, { at: number; value: Promise<ConnectionEntity> }>();

  constructor(
    @InjectRepository(FlowEntity) private readonly flows: Repository<FlowEntity>,
    @InjectRepository(MappingConfigEntity) private readonly mappings: Repository<MappingConfigEntity>,
    private readonly connections: ConnectionsService,
    private readonly systems: SystemRegistry,
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

  /**
   * @throws AppException `validation_failed` naming each bad field: a source that is not a shop, an entity the source
   *   does not have, a target or routing target that is not a Visma company.
   */
  async create(input: CreateFlowInput, actor: string): Promise<FlowEntity> {
    const source = await this.connections.get(input.sourceConnectionId);
    const routing = input.routing ?? { rules: [], unmatched: 'default' as const };
    await this.check(source, input.entities, input.targetConnectionId, routing);
    const flow = await this.flows.save(
      this.flows.create({
        name: input.name,
        sourceConnectionId: input.sourceConnectionId,
        targetConnectionId: input.targetConnectionId,
        entities: input.entities,
        routing,
        catchUpSchedule: input.catchUpSchedule ?? this.systems.get(source.system).facts.defaultCatchUpSchedule ?? DEFAULT_CATCH_UP_SCHEDULE,
        posting: input.posting ?? DEFAULT_FLOW_POSTING,
        isEnabled: true,
        settings: input.backfillFrom ? { backfillFrom: input.backfillFrom } : {},
      }),
    );
    this.invalidate();
    await this.audit.append({ kind: 'flow.created', message: `Flow "${flow.name}" created`, actor, connectionId: flow.sourceConnectionId, data: { flowId: flow.id } });
    return flow;
  }

  /** Renames, pauses/enables, re-routes or re-schedules a flow. @throws AppException naming bad routing targets. */
  async update(id: string, input: UpdateFlowInput, actor: string): Promise<FlowEntity> {
    const flow = await this.get(id);
    const changed: string[] = [];
    if (input.routing !== undefined) {
      await this.check(await this.connections.get(flow.sourceConnectionId), flow.entities, flow.targetConnectionId, input.routing);
      flow.routing = input.routing;
      changed.push('routing');
    }
    if (input.catchUpSchedule !== undefined) {
      flow.catchUpSchedule = input.catchUpSchedule;
      changed.push('catch-up schedule');
    }
    if (input.posting !== undefined) {
      flow.posting = input.posting;
      changed.push(`posting (orders as ${input.posting.orderDocument.replace('-', ' ')}s, customers as ${input.posting.customerAs}s)`);
    }
    if (input.name !== undefined) {
      flow.name = input.name;
      changed.push('name');
    }
    if (input.isEnabled !== undefined && input.isEnabled !== flow.isEnabled) {
      flow.isEnabled = input.isEnabled;
      changed.push(input.isEnabled ? 'enabled' : 'paused');
    }
    await this.flows.save(flow);
    this.invalidate();
    const kind = changed.length === 1 && (changed[0] === 'enabled' || changed[0] === 'paused') ? `flow.${changed[0]}` : 'flow.updated';
    await this.audit.append({ kind, message: `Flow "${flow.name}": ${changed.join(', ') || 'nothing changed'}`, actor, connectionId: flow.sourceConnectionId, data: { flowId: flow.id } });
    return flow;
  }

  private async check(source: ConnectionEntity, entities: readonly string[], defaultTarget: string, routing: FlowRouting): Promise<void> {
    const problems: FieldProblem[] = [];
    const facts = this.systems.get(source.system, 'sourceConnectionId').facts;
    if (!facts.roles.includes('source')) problems.push({ field: 'sourceConnectionId', message: `${facts.label} is not a shop records can come from` });
    entities.forEach((entity, i) => {
      if (!facts.entities.includes(entity)) problems.push({ field: `entities[${i}]`, message: `${facts.label} has no ${entity} records (it has ${facts.entities.join(', ')})` });
    });
    // A flow writes either into ERP companies or into a shop's catalog (Visma supplier invoices → product cost), never both.
    const catalogEntities = facts.catalogEntities ?? [];
    const isCatalogFlow = entities.length > 0 && entities.every((e) => catalogEntities.includes(e));
    if (!isCatalogFlow && entities.some((e) => catalogEntities.includes(e))) {
      problems.push({ field: 'entities', message: `${entities.filter((e) => catalogEntities.includes(e)).join(', ')} go into a shop's catalog; move them in a flow of their own` });
    }
    const wantedRole = isCatalogFlow ? 'catalog-target' : 'target';
    const roleProblem = isCatalogFlow ? 'is not a shop whose catalog we can write into' : 'is not an ERP company documents can be posted into';
    const targets: [string, string][] = [['targetConnectionId', defaultTarget], ...routing.rules.map((r, i): [string, string] => [`routing.rules[${i}].targetConnectionId`, r.targetConnectionId])];
    for (const [field, id] of targets) {
      const target = await this.connections.get(id).catch((err: unknown) => {
        if (err instanceof AppException && err.code === 'not_found') return undefined;
        throw err;
      });
      if (!target) problems.push({ field, message: `no connection ${id}` });
      else if (!this.systems.get(target.system, field).facts.roles.includes(wantedRole)) problems.push({ field, message: `${target.name} ${roleProblem}` });
    }
    if (problems.length) throw AppException.validation(problems);
  }

  /** When the flow last moved anything: its newest posted/failed/skipped record, or its last catch-up page. */
  async lastSyncAt(flow: FlowEntity): Promise<string | null> {
    const rows: { at: Date | null }[] = await this.flows.query(
      `SELECT GREATEST(
         (SELECT max(updated_at) FROM sync_record WHERE connection_id = $1 AND flow_id = $2 AND status IN ('posted', 'failed', 'skipped')),
         (SELECT max(updated_at) FROM sync_cursor WHERE flow_id = $2)) AS at`,
      [flow.sourceConnectionId, flow.id],
    );
    return rows[0]?.at ? new Date(rows[0].at).toISOString() : null;
  }

  /** Ids of the enabled flows that move `entityType` out of `sourceConnectionId`, oldest first (cached). */
  flowIdsForSource(sourceConnectionId: string, entityType: string): Promise<string[]> {
    return this.cached(this.bySource, `${sourceConnectionId}|${entityType}`, async () => {
      const rows = await this.flows
        .createQueryBuilder('f')
        .select('f.id', 'id')
        .where('f.source_connection_id = :id AND f.is_enabled AND :entity = ANY(f.entities)', { id: sourceConnectionId, entity: entityType })
        .orderBy('f.created_at', 'ASC')
        .getRawMany<{ id: string }>();
      return rows.map((r) => r.id);
    });
  }

  /**
   * The flow a record belongs to, with its source connection.
   * @throws PermanentRecordError `no_flow` when the record has no flow, or it is paused or deleted (pause ≠ loss:
   *   replay after enabling).
   */
  resolveForRecord(record: Pick<SyncRecordEntity, 'flowId' | 'entityType'>): Promise<ResolvedFlow> {
    const flowId = record.flowId;
    if (!flowId) return Promise.reject(new PermanentRecordError(`No enabled flow moves ${record.entityType} records from this connection; enable one and replay`, 'no_flow'));
    return this.cached(this.byId, flowId, async () => {
      const flow = await this.flows.findOneBy({ id: flowId });
      if (!flow || !flow.isEnabled) {
        throw new PermanentRecordError(`The flow of this ${record.entityType} is ${flow ? 'paused' : 'deleted'}; enable it and replay`, 'no_flow');
      }
      return { flow, source: await this.connections.get(flow.sourceConnectionId) };
    });
  }

  /**
   * A Visma company (target connection) a record was routed to, cached like flows (the hot path reads it per record).
   * @throws AppException `not_found` when the connection was deleted.
   */
  company(targetConnectionId: string): Promise<ConnectionEntity> {
    return this.cached(this.companies, targetConnectionId, () => this.connections.get(targetConnectionId));
  }

  /** Stored rules of a Visma company as the admin wrote them (unparsed), or null. */
  async rawRules(targetConnectionId: string): Promise<{ rules: object; updatedAt: Date; updatedBy: string } | null> {
    return this.mappings.findOneBy({ targetConnectionId });
  }

  /**
   * A Visma company's parsed mapping rules.
   * @throws PermanentRecordError `mapping_missing` / `mapping_invalid` (fix the mapping, then replay).
   */
  rulesFor(targetConnectionId: string): Promise<MappingRules> {
    return this.cached(this.parsedRules, targetConnectionId, () => this.loadRules(targetConnectionId));
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
    this.byId.clear();
    this.parsedRules.clear();
    this.companies.clear();
  }

  private async loadRules(targetConnectionId: string): Promise<MappingRules> {
    const row = await this.mappings.findOneBy({ targetConnectionId });
    if (!row) throw new PermanentRecordError('No mapping is configured for this Visma company yet; add one under Mappings and replay', 'mapping_missing');
    try {
      return parseMappingRules(row.rules);
    } catch (err) {
      if (err instanceof MappingError) throw new PermanentRecordError(`The saved mapping is invalid: ${err.message}`, 'mapping_invalid', { field: err.field }, { cause: err });
      throw err;
    }
  }

  /**
   * Saves the mapping rules of one Visma company (shared by every flow posting into it).
   * @throws AppException `validation_failed` naming each bad rule field, or when the connection is not a target.
   */
  async saveRules(targetConnectionId: string, rules: unknown, actor: string): Promise<{ rules: object; updatedAt: Date }> {
    const target = await this.connections.get(targetConnectionId);
    if (!this.systems.get(target.system).facts.roles.includes('target')) {
      throw AppException.validation([{ field: 'targetConnectionId', message: `${target.name} is not an ERP company; mappings belong to a Visma company` }]);
    }
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
    await this.mappings.upsert({ targetConnectionId, rules: rules as object, updatedBy: actor }, ['targetConnectionId']);
    this.invalidate();
    await this.audit.append({ kind: 'mapping.updated', message: `Mapping of "${target.name}" updated`, actor, connectionId: targetConnectionId, data: { rules: rules as object } });
    const saved = await this.mappings.findOneByOrFail({ targetConnectionId });
    return { rules: saved.rules, updatedAt: saved.updatedAt };
  }
}
