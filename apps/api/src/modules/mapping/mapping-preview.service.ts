import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type BcOrderBundle, type MappingProblem, parseMappingRules, validateRulesAgainstReference, MappingError } from '@mlc/mapping';
import type { Repository } from 'typeorm';
import { AppException } from '../../common/app-exception';
import { SyncRecordEntity } from '../../database/entities';
import { CustomerLinkEntity } from '../../database/pipeline.entities';
import { BigCommerceClients } from '../bigcommerce/bigcommerce-clients.service';
import { ConnectionsService } from '../credentials/connections.service';
import { OrderPostingService } from './order-posting.service';
import { PermanentRecordError } from '../sync/record-handler';
import { VismaReferenceService } from '../visma/visma-reference.service';
import { FlowsService } from './flows.service';

/** A problem as the dashboard shows it: a mapping problem, or an order that cannot be read at all. */
export type PreviewProblem = { code: string; field: string; message: string };

export type CoverageResult = {
  checked: number;
  passing: number;
  referenceProblems: MappingProblem[];
  failing: { externalId: string; orderNumber: string; problems: PreviewProblem[] }[];
};

function isBundle(value: unknown): value is BcOrderBundle {
  return typeof value === 'object' && value !== null && 'order' in value && 'products' in value;
}

/** Placeholder customer number in previews of orders whose customer Visma does not know yet. */
export const NEW_CUSTOMER_PLACEHOLDER = '(new customer)';

/**
 * Dry runs of the mapping: the preview of one order's Visma document, and the coverage check over recent
 * real orders. Nothing is posted and no customer is created.
 */
@Injectable()
export class MappingPreviewService {
  constructor(
    private readonly flows: FlowsService,
    private readonly connections: ConnectionsService,
    private readonly reference: VismaReferenceService,
    private readonly posting: OrderPostingService,
    private readonly bigcommerce: BigCommerceClients,
    @InjectRepository(SyncRecordEntity) private readonly records: Repository<SyncRecordEntity>,
    @InjectRepository(CustomerLinkEntity) private readonly links: Repository<CustomerLinkEntity>,
  ) {}

  /** Rules given in the request (unsaved edits) or the saved ones. @throws AppException naming bad fields. */
  private async rulesOf(flowId: string, override: unknown) {
    const input = override ?? (await this.flows.rawRules(flowId))?.rules;
    if (input === undefined) throw new AppException('validation_failed', 'This flow has no mapping yet', { fields: [{ field: 'rules', message: 'no mapping saved yet' }] });
    try {
      return parseMappingRules(input);
    } catch (err) {
      if (err instanceof MappingError) throw AppException.validation([{ field: `rules.${err.field}`, message: err.message }]);
      throw err;
    }
  }

  async coverage(flowId: string, rulesOverride: unknown, limit = 50): Promise<CoverageResult> {
    const flow = await this.flows.get(flowId);
    const rules = await this.rulesOf(flowId, rulesOverride);
    const target = await this.connections.get(flow.targetConnectionId);
    const reference = await this.reference.get(target);
    const recent = await this.records.find({
      where: { connectionId: flow.sourceConnectionId, entityType: 'order' },
      order: { updatedAt: 'DESC' },
      take: limit * 2,
    });
    const storeHash = String((await this.connections.get(flow.sourceConnectionId)).settings['storeHash'] ?? '');
    const result: CoverageResult = { checked: 0, passing: 0, referenceProblems: validateRulesAgainstReference(rules, reference.validation), failing: [] };
    for (const record of recent) {
      if (result.checked >= limit) break;
      if (!isBundle(record.sourcePayload)) continue;
      result.checked += 1;
      let problems: PreviewProblem[];
      try {
        const doc = this.posting.toSalesDocument(record.sourcePayload, storeHash);
        problems = this.posting.problemsOf(doc, rules);
        if (!problems.length) {
          const built = this.posting.buildInvoice(doc, rules, NEW_CUSTOMER_PLACEHOLDER);
          problems = built.problems;
        }
      } catch (err) {
        if (!(err instanceof PermanentRecordError)) throw err;
        problems = [{ code: err.code, field: String(err.details?.['field'] ?? ''), message: err.message }];
      }
      if (problems.length) result.failing.push({ externalId: record.externalId, orderNumber: record.externalId, problems });
      else result.passing += 1;
    }
    return result;
  }

  /** The exact customer invoice `externalId` would produce now, or every problem. */
  async preview(flowId: string, externalId: string, rulesOverride?: unknown) {
    const flow = await this.flows.get(flowId);
    const rules = await this.rulesOf(flowId, rulesOverride);
    const source = await this.connections.get(flow.sourceConnectionId);
    if (source.system !== 'bigcommerce') {
      throw new AppException('validation_failed', `Preview is available for BigCommerce flows; this flow reads from ${source.system}`, { fields: [{ field: 'flowId', message: 'not a BigCommerce flow' }] });
    }
    const record = await this.records.findOneBy({ connectionId: source.id, entityType: 'order', externalId });
    const shop = await this.bigcommerce.source(source);
    const bundle = isBundle(record?.sourcePayload) ? record.sourcePayload : (await shop.getOrderBundle(externalId)).bundle;
    try {
      const doc = this.posting.toSalesDocument(bundle, shop.storeHash);
      const problems = this.posting.problemsOf(doc, rules);
      if (problems.length) return { ok: false, problems, salesDocument: doc };
      const link = await this.links.findOneBy({ sourceConnectionId: source.id, sourceKey: doc.customer.email.trim().toLowerCase(), targetConnectionId: flow.targetConnectionId });
      return this.posting.buildInvoice(doc, rules, link?.targetCustomerNumber ?? NEW_CUSTOMER_PLACEHOLDER);
    } catch (err) {
      if (err instanceof PermanentRecordError) return { ok: false, problems: [{ code: err.code, field: String(err.details?.['field'] ?? ''), message: err.message }] };
      throw err;
    }
  }
}
