import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { MappingError, type MappingProblem, type MappingRules, parseMappingRules, type SalesDocument, validateRulesAgainstReference } from '@mlc/mapping';
import { IsNull, type Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { type ConnectionEntity, SyncRecordEntity } from '../../database/entities';
import { CustomerLinkEntity } from '../../database/pipeline.entities';
import { ConnectionsService } from '../credentials/connections.service';
import type { RecordSourceCapability, ReferenceData } from '../systems/capabilities';
import { SystemRegistry } from '../systems/system-registry.service';
import { buildVismaDocument, type DocumentPreview, problemsOf } from './documents';
import { companyOf, FlowsService } from './flows.service';

/** A problem as the dashboard shows it: a mapping problem, or an order that cannot be read at all. */
export type PreviewProblem = { code: string; field: string; message: string };

export type CoverageResult = {
  checked: number;
  passing: number;
  referenceProblems: MappingProblem[];
  failing: { externalId: string; orderNumber: string; problems: PreviewProblem[] }[];
};

/** Placeholder customer number in previews of orders whose customer Visma does not know yet. */
export const NEW_CUSTOMER_PLACEHOLDER = '(new customer)';

type Readable = { document: SalesDocument } | { problems: PreviewProblem[] } | { notYet: string };

/**
 * Dry runs of a Visma company's mapping, for any shop (the source's `fetch` capability reads stored payloads): the
 * preview of one order's document, and the coverage check over the flow's recent real orders. Nothing is posted and
 * no customer is created.
 */
@Injectable()
export class MappingPreviewService {
  constructor(
    private readonly flows: FlowsService,
    private readonly connections: ConnectionsService,
    private readonly systems: SystemRegistry,
    @InjectRepository(SyncRecordEntity) private readonly records: Repository<SyncRecordEntity>,
    @InjectRepository(CustomerLinkEntity) private readonly links: Repository<CustomerLinkEntity>,
  ) {}

  /** Rules given in the request (unsaved edits) or the company's saved ones. @throws AppException naming bad fields. */
  private async rulesOf(targetConnectionId: string, override: unknown): Promise<MappingRules> {
    const input = override ?? (await this.flows.rawRules(targetConnectionId))?.rules;
    if (input === undefined) throw new AppException('validation_failed', 'This Visma company has no mapping yet', { fields: [{ field: 'rules', message: 'no mapping saved yet' }] });
    try {
      return parseMappingRules(input);
    } catch (err) {
      if (err instanceof MappingError) throw AppException.validation([{ field: `rules.${err.field}`, message: err.message }]);
      throw err;
    }
  }

  /**
   * The live reference data (ledger accounts, VAT codes, dimensions, branches) of a Visma company, through its
   * system's `referenceData` capability (cached there).
   * @throws AppException `validation_failed` naming `targetConnectionId` when the system keeps none.
   */
  async referenceData(targetConnectionId: string, options: { refresh?: boolean } = {}): Promise<ReferenceData> {
    const target = await this.connections.get(targetConnectionId);
    const reference = this.systems.capability(target.system, 'referenceData');
    if (!reference) throw AppException.validation([{ field: 'targetConnectionId', message: `${target.name} has no chart of accounts to map onto` }]);
    return reference.get(target, options);
  }

  /** @throws AppException `validation_failed` when the source system cannot read records. */
  private readerOf(source: ConnectionEntity): RecordSourceCapability {
    const reader = this.systems.capability(source.system, 'fetch');
    if (!reader) throw new AppException('validation_failed', `Preview is not available for ${source.system} flows`, { fields: [{ field: 'flowId', message: 'the source cannot read records' }] });
    return reader;
  }

  private readStored(reader: RecordSourceCapability, source: ConnectionEntity, raw: unknown, now: Date): Readable {
    try {
      const read = reader.read(source, 'order', raw, now);
      if (read.kind === 'not-yet') return { notYet: read.reason };
      if (read.kind !== 'sales-document') return { problems: [{ code: 'invalid_order', field: '', message: 'not an order' }] };
      return { document: read.document };
    } catch (err) {
      if (err instanceof MappingError) return { problems: [{ code: 'invalid_order', field: err.field, message: `The order cannot be read: ${err.field}: ${err.message}` }] };
      throw err;
    }
  }

  async coverage(flowId: string, rulesOverride: unknown, limit = 50, targetConnectionId?: string): Promise<CoverageResult> {
    const flow = await this.flows.get(flowId);
    const company = companyOf(flow, targetConnectionId);
    const rules = await this.rulesOf(company, rulesOverride);
    const reference = await this.referenceData(company);
    const source = await this.connections.get(flow.sourceConnectionId);
    const reader = this.readerOf(source);
    // The flow's own orders, and the store's orders received before any flow moved them (they are handed to it on replay).
    const recent = await this.records.find({
      where: [
        { connectionId: flow.sourceConnectionId, flowId: flow.id, entityType: 'order' },
        { connectionId: flow.sourceConnectionId, flowId: IsNull(), entityType: 'order' },
      ],
      order: { updatedAt: 'DESC' },
      take: limit * 2,
    });
    const result: CoverageResult = { checked: 0, passing: 0, referenceProblems: validateRulesAgainstReference(rules, reference.validation), failing: [] };
    const now = new Date();
    for (const record of recent) {
      if (result.checked >= limit) break;
      if (!record.fetchedPayloadHash) continue;
      const read = this.readStored(reader, source, record.sourcePayload, now);
      if ('notYet' in read) continue;
      result.checked += 1;
      let problems: PreviewProblem[];
      if ('problems' in read) problems = read.problems;
      else {
        problems = problemsOf(read.document, rules);
        if (!problems.length) problems = buildVismaDocument(read.document, rules, NEW_CUSTOMER_PLACEHOLDER).problems;
      }
      if (problems.length) result.failing.push({ externalId: record.externalId, orderNumber: 'document' in read ? read.document.orderNumber : record.externalId, problems });
      else result.passing += 1;
    }
    return result;
  }

  /** The exact customer invoice `externalId` would produce now in the company, or every problem. */
  async preview(flowId: string, externalId: string, rulesOverride?: unknown, targetConnectionId?: string): Promise<DocumentPreview | { ok: false; problems: PreviewProblem[]; salesDocument?: SalesDocument }> {
    const flow = await this.flows.get(flowId);
    const company = companyOf(flow, targetConnectionId);
    const rules = await this.rulesOf(company, rulesOverride);
    const source = await this.connections.get(flow.sourceConnectionId);
    const reader = this.readerOf(source);
    const record =
      (await this.records.findOneBy({ connectionId: source.id, flowId: flow.id, entityType: 'order', externalId })) ??
      (await this.records.findOneBy({ connectionId: source.id, flowId: IsNull(), entityType: 'order', externalId }));
    const raw = record?.fetchedPayloadHash ? record.sourcePayload : (await reader.fetch(source, 'order', externalId))?.raw;
    if (raw === undefined) throw AppException.notFound('Order', externalId);
    const read = this.readStored(reader, source, raw, new Date());
    if ('problems' in read) return { ok: false, problems: read.problems };
    if ('notYet' in read) return { ok: false, problems: [{ code: 'not_invoiced', field: 'status', message: read.notYet }] };
    const problems = problemsOf(read.document, rules);
    if (problems.length) return { ok: false, problems, salesDocument: read.document };
    const link = await this.links.findOneBy({ sourceConnectionId: source.id, sourceKey: read.document.customer.email.trim().toLowerCase(), targetConnectionId: company });
    return buildVismaDocument(read.document, rules, link?.targetCustomerNumber ?? NEW_CUSTOMER_PLACEHOLDER);
  }
}
