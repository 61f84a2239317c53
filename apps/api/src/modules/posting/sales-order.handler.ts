import { Injectable } from '@nestjs/common';
import { parseVismaSalesOrderSettings, type SalesDocument, toVismaSalesOrder, vismaSalesOrderNumber } from '@mlc/mapping';
import type { FlowPosting } from '../../database/flow-settings';
import { FlowsService } from '../mapping/flows.service';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import { CustomerResolver } from './customer-resolver.service';
import type { DocumentHandler, PostingStep } from './document-handler';
import type { PostableRead } from '../systems/capabilities';

/** Records have been coming in for at most this long when an order posted through Visma's number series is looked for. */
const NUMBER_SERIES_LOOKBACK_MS = 7 * 24 * 3_600_000;

function problemText(problems: { message: string }[]): string {
  return `${problems.length} mapping problem(s): ${problems.map((p) => p.message).join(' ')}`;
}

/**
 * Orders of any shop → Visma sales orders (`POST /v1/salesorder`, SalesOrder_Post), for flows whose posting choice is
 * `sales-order`, exactly once:
 * 1. the key: our own order number (prefix + shop order number, `overrideNumberSeries: true`), so a repeat attempt finds
 *    the order with one `GET /v1/salesorder/{orderType}/{orderNbr}` and checks its `customerRefNo` is our external
 *    reference; with Visma's number series it scans the orders modified since (VismaSalesOrderClient.findByCustomerRefNo);
 * 2. resolve the Visma customer (an order is always made out to a customer);
 * 3. build (lines are quantity × price with a rounding line; inventory items per line type) and POST under the lease's
 *    write fence.
 * Visma marks SalesOrder v1/v2 end-of-life for a v3 service whose contract is not published: that becomes another
 * handler behind the same DocumentHandler interface.
 */
@Injectable()
export class SalesOrderHandler implements DocumentHandler<SalesDocument> {
  readonly documentKind = 'sales-order';
  readonly entityType = 'order';
  readonly isFinalOncePosted = true;

  constructor(
    private readonly flows: FlowsService,
    private readonly customers: CustomerResolver,
  ) {}

  isChosenBy(posting: FlowPosting): boolean {
    return posting.orderDocument === 'sales-order';
  }

  accept(read: PostableRead): { ok: true; value: SalesDocument } | { ok: false; reason: string } {
    return read.kind === 'sales-document' && read.document.kind === 'invoice' ? { ok: true, value: read.document } : { ok: false, reason: 'The order was read as something other than an order' };
  }

  /** @throws PermanentRecordError `mapping_problems`; connector errors (retryable or not) from Visma. */
  async post(step: PostingStep<SalesDocument>): Promise<RecordOutcome> {
    const doc = step.read;
    const settings = parseVismaSalesOrderSettings(step.flow.posting?.salesOrder ?? {});
    const rules = await this.flows.rulesFor(step.target.id);
    const numbered = settings.numbering.mode === 'own-number' ? vismaSalesOrderNumber(doc, settings) : undefined;
    if (numbered && !numbered.ok) throw new PermanentRecordError(problemText([numbered.problem]), 'mapping_problems', { problems: [numbered.problem] });
    const orderNumber = numbered?.ok ? numbered.orderNumber : undefined;
    const ref = doc.source.externalReference;

    if (step.isRepeat) {
      const existing = orderNumber
        ? (await step.visma.salesOrders.findByKey({ orderType: settings.orderType, orderNumber, externalReference: ref }))?.record.orderNo
        : (await step.visma.salesOrders.findByCustomerRefNo(ref, { since: new Date(Date.now() - NUMBER_SERIES_LOOKBACK_MS), orderType: settings.orderType }))[0]?.orderNo;
      if (existing) return { status: 'posted', targetRef: existing, message: `Sales order ${settings.orderType} ${existing} already existed in Visma for ${ref} (earlier attempt); adopted, not posted again` };
    }

    const ends = { sourceConnectionId: step.source.id, targetConnectionId: step.target.id };
    const customer = await this.customers.resolve(ends, doc.customer, step.visma, doc.currency, { fence: () => step.ctx.ensureLease(), holder: { recordId: step.record.id, owner: step.ctx.leaseOwner } });
    const built = toVismaSalesOrder(doc, rules, settings, { customerNumber: customer.customerNumber });
    if (!built.ok) throw new PermanentRecordError(problemText(built.problems), 'mapping_problems', { problems: built.problems });
    step.ctx.audit('record.mapped', `Mapped to sales order ${settings.orderType} ${built.key.orderNumber ?? '(number series)'} for Visma customer ${customer.customerNumber} (${customer.via}) in ${step.target.name}`, { document: built.document });
    const created = await step.visma.salesOrders.create(built.document, { fence: () => step.ctx.ensureLease() });
    return {
      status: 'posted',
      targetRef: created.orderNumber,
      message: `Posted as Visma sales order ${created.orderType} ${created.orderNumber}`,
      data: { response: { status: 201, orderType: created.orderType, orderNumber: created.orderNumber }, customerNumber: customer.customerNumber, company: step.target.name },
    };
  }
}
