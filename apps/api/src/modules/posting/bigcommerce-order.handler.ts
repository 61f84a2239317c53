import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ConnectorValidationError } from '@mlc/connectors';
import type { SyncRecordEntity } from '../../database/entities';
import { BigCommerceClients } from '../bigcommerce/bigcommerce-clients.service';
import { FlowsService } from '../mapping/flows.service';
import { PermanentRecordError, type RecordContext, type RecordHandler, type RecordOutcome } from '../sync/record-handler';
import { RecordHandlerRegistry } from '../sync/record-handler.registry';
import { VismaClients } from '../visma/visma-clients.service';
import { CustomerResolver } from './customer-resolver.service';
import { OrderPostingService } from '../mapping/order-posting.service';
import { BIGCOMMERCE_STATUS_NAMES, INVOICEABLE_BIGCOMMERCE_STATUS_IDS } from './posting.types';

/**
 * BigCommerce order → Visma customer invoice, exactly once:
 * 1. a record already posted is never posted again (re-deliveries and status changes are skipped);
 * 2. one worker at a time holds the record (lease in RecordsService.claim);
 * 3. when an earlier attempt may have reached Visma (attempt > 1: it died or lost the answer after the
 *    POST), the invoice is first looked up by its external reference (`GET /v1/customerinvoice?externalReference=`)
 *    and adopted if found, so a crash after Visma's 201 never books a second invoice.
 * Webhook stubs carry only the order id, so the full order is fetched first (BigCommerce webhook docs).
 */
@Injectable()
export class BigCommerceOrderHandler implements RecordHandler, OnModuleInit {
  readonly system = 'bigcommerce';
  readonly entityType = 'order';

  constructor(
    private readonly registry: RecordHandlerRegistry,
    private readonly flows: FlowsService,
    private readonly bigcommerce: BigCommerceClients,
    private readonly visma: VismaClients,
    private readonly customers: CustomerResolver,
    private readonly posting: OrderPostingService,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    if (record.targetRef) {
      return { status: 'posted', targetRef: record.targetRef, isAlreadyDone: true, message: `Already posted as customer invoice ${record.targetRef}; nothing to do` };
    }
    const { flow, source, target } = await this.flows.resolveForRecord(record);
    const shop = await this.bigcommerce.source(source);
    const { bundle, calls } = await shop.getOrderBundle(record.externalId);
    ctx.fetched(bundle, `Order ${record.externalId} fetched from BigCommerce in ${calls} call(s)`, calls);

    const statusId = Number(bundle.order.status_id);
    if (!INVOICEABLE_BIGCOMMERCE_STATUS_IDS.has(statusId)) {
      return { status: 'skipped', message: `Order status "${BIGCOMMERCE_STATUS_NAMES[statusId] ?? statusId}" is not invoiced (only paid orders are); the next status change posts it` };
    }

    const doc = this.posting.toSalesDocument(bundle, shop.storeHash);
    const rules = await this.flows.rulesFor(flow.id);
    const problems = this.posting.problemsOf(doc, rules);
    if (problems.length) {
      throw new PermanentRecordError(`${problems.length} mapping problem(s): ${problems.map((p) => p.message).join(' ')}`, 'mapping_problems', { problems });
    }

    const visma = await this.visma.forConnection(target);
    if (ctx.attempt > 1 || record.attempts > 1) {
      const existing = await this.posting.findPostedInvoice(visma, doc.source.externalReference);
      if (existing) {
        return { status: 'posted', targetRef: existing, message: `Customer invoice ${existing} already existed in Visma for ${doc.source.externalReference} (earlier attempt); adopted, not posted again` };
      }
    }

    const ends = { sourceConnectionId: source.id, targetConnectionId: target.id };
    const customer = await this.customers.resolve(ends, doc.customer, visma, doc.currency);
    const built = this.posting.buildInvoice(doc, rules, customer.customerNumber);
    if (!built.ok) {
      throw new PermanentRecordError(`${built.problems.length} mapping problem(s): ${built.problems.map((p) => p.message).join(' ')}`, 'mapping_problems', { problems: built.problems });
    }
    ctx.audit('record.mapped', `Mapped to a customer invoice for Visma customer ${customer.customerNumber} (${customer.via})`, {
      document: built.document,
      postingSummary: built.postingSummary,
    });
    const created = await visma.customerInvoices.createWrapped(built.document).catch(async (err: unknown) => {
      // A remembered customer Visma no longer knows (deleted or merged): forget the match and let the retry
      // look the customer up again, instead of failing every order of that buyer.
      if (err instanceof ConnectorValidationError && /customer/i.test(`${err.providerMessage ?? ''} ${err.message}`) && customer.via === 'remembered') {
        await this.customers.forget(ends, doc.customer.email);
        throw new Error(`Visma no longer knows customer ${customer.customerNumber}; it will be matched again`, { cause: err });
      }
      throw err;
    });
    return {
      status: 'posted',
      targetRef: created.id,
      message: `Posted as Visma customer invoice ${created.id}`,
      data: { response: { status: 201, invoiceNumber: created.id }, customerNumber: customer.customerNumber },
    };
  }
}
