import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { bigCommerceRefundToSalesDocument, MappingError, toVismaCustomerCreditNote, validateMapping } from '@mlc/mapping';
import type { Repository } from 'typeorm';
import { SyncRecordEntity } from '../../database/entities';
import { BigCommerceClients } from '../bigcommerce/bigcommerce-clients.service';
import { FlowsService } from '../mapping/flows.service';
import { RecordsService } from '../sync/records.service';
import { PermanentRecordError, type RecordContext, type RecordHandler, type RecordOutcome, RetryLaterError } from '../sync/record-handler';
import { RecordHandlerRegistry } from '../sync/record-handler.registry';
import { VismaClients } from '../visma/visma-clients.service';
import { CustomerResolver } from './customer-resolver.service';
import { issueDateOf } from '../mapping/order-posting.service';

/** How long a refund waits for its order's invoice before asking again. */
const WAIT_FOR_INVOICE_MS = 30_000;

/**
 * BigCommerce refund (`store/order/refund/created`, record id `<orderId>:<refundId>`) → Visma customer credit
 * note applied to the order's invoice, exactly once (same rules as orders: skip when posted, look up the
 * external reference before creating on a repeated attempt). The order's invoice must exist first: the
 * refund waits for it, and fails visibly when the order itself failed.
 */
@Injectable()
export class BigCommerceRefundHandler implements RecordHandler, OnModuleInit {
  readonly system = 'bigcommerce';
  readonly entityType = 'refund';

  constructor(
    private readonly registry: RecordHandlerRegistry,
    @InjectRepository(SyncRecordEntity) private readonly recordRepo: Repository<SyncRecordEntity>,
    private readonly flows: FlowsService,
    private readonly records: RecordsService,
    private readonly bigcommerce: BigCommerceClients,
    private readonly visma: VismaClients,
    private readonly customers: CustomerResolver,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async process(record: SyncRecordEntity, ctx: RecordContext): Promise<RecordOutcome> {
    if (record.targetRef) return { status: 'posted', targetRef: record.targetRef, isAlreadyDone: true, message: `Already posted as credit note ${record.targetRef}; nothing to do` };
    const [orderId, refundId] = record.externalId.split(':');
    if (!orderId || !refundId) throw new PermanentRecordError(`Refund record id "${record.externalId}" is not <orderId>:<refundId>`, 'invalid_refund');

    const order = await this.recordRepo.findOneBy({ connectionId: record.connectionId, entityType: 'order', externalId: orderId });
    if (!order?.targetRef) {
      if (order?.status === 'failed' || order?.status === 'skipped') {
        throw new PermanentRecordError(`Order ${orderId} has no customer invoice in Visma (${order.status}); fix and replay the order, then this refund`, 'invoice_missing');
      }
      if (!order) {
        await this.records.receive({ connectionId: record.connectionId, system: 'bigcommerce', entityType: 'order', externalId: orderId, payload: { id: Number(orderId), via: 'refund' }, via: 'refund', correlationId: ctx.correlationId });
      }
      throw new RetryLaterError(WAIT_FOR_INVOICE_MS, `Waiting for order ${orderId} to be invoiced first`);
    }

    const { flow, source, target } = await this.flows.resolveForRecord(record);
    const shop = await this.bigcommerce.source(source);
    const [{ bundle, calls }, refund] = await Promise.all([shop.getOrderBundle(orderId), shop.getRefund(orderId, refundId)]);
    ctx.fetched({ refund, order: bundle }, `Refund ${refundId} of order ${orderId} fetched in ${calls + 1} call(s)`, calls + 1);

    let doc;
    try {
      doc = bigCommerceRefundToSalesDocument(bundle, refund, { storeId: shop.storeHash, issueDate: issueDateOf(refund.created, new Date()) });
    } catch (err) {
      if (err instanceof MappingError) throw new PermanentRecordError(`The refund cannot be read: ${err.field}: ${err.message}`, 'invalid_refund', { field: err.field }, { cause: err });
      throw err;
    }
    const rules = await this.flows.rulesFor(flow.id);
    const problems = validateMapping(doc, rules);
    if (problems.length) throw new PermanentRecordError(`${problems.length} mapping problem(s): ${problems.map((p) => p.message).join(' ')}`, 'mapping_problems', { problems });

    const visma = await this.visma.forConnection(target);
    if (record.attempts > 1) {
      const existing = (await visma.customerCreditNotes.findByExternalReference(doc.source.externalReference))[0]?.referenceNumber;
      if (existing) return { status: 'posted', targetRef: existing, message: `Credit note ${existing} already existed in Visma (earlier attempt); adopted` };
    }
    const customer = await this.customers.resolve({ sourceConnectionId: source.id, targetConnectionId: target.id }, doc.customer, visma, doc.currency);
    const result = toVismaCustomerCreditNote(doc, rules, { customerNumber: customer.customerNumber, applyToInvoiceRefNbr: order.targetRef });
    if (!result.ok) throw new PermanentRecordError(`${result.problems.length} mapping problem(s): ${result.problems.map((p) => p.message).join(' ')}`, 'mapping_problems', { problems: result.problems });
    ctx.audit('record.mapped', `Mapped to a credit note against invoice ${order.targetRef}`, { document: result.document, postingSummary: result.postingSummary });
    const created = await visma.customerCreditNotes.createWrapped(result.document);
    return { status: 'posted', targetRef: created.id, message: `Posted as Visma credit note ${created.id} against invoice ${order.targetRef}`, data: { response: { status: 201, creditNoteNumber: created.id } } };
  }
}
