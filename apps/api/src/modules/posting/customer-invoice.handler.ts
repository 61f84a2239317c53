import { Injectable } from '@nestjs/common';
import type { SalesDocument } from '@mlc/mapping';
import type { FlowPosting } from '../../database/flow-settings';
import type { RecordOutcome } from '../sync/record-handler';
import type { DocumentHandler, PostingStep } from './document-handler';
import { SalesDocumentPoster, type SalesDocumentResource } from './sales-document.poster';
import type { PostableRead } from '../systems/capabilities';

/** Visma customer invoices (`POST /v2/customerinvoice`, found by `externalReference` on `GET /v1/customerinvoice`). */
const CUSTOMER_INVOICES: SalesDocumentResource = {
  noun: 'customer invoice',
  findByExternalReference: async (visma, ref) => (await visma.customerInvoices.findByExternalReference(ref))[0]?.referenceNumber ?? undefined,
  create: (visma, document, fence) => visma.customerInvoices.createWrapped(document, { fence }),
};

/** Orders of any shop → Visma customer invoices, exactly once (see SalesDocumentPoster). */
@Injectable()
export class CustomerInvoiceHandler implements DocumentHandler<SalesDocument> {
  readonly documentKind = 'customer-invoice';
  readonly entityType = 'order';
  readonly isFinalOncePosted = true;

  constructor(private readonly poster: SalesDocumentPoster) {}

  isChosenBy(posting: FlowPosting): boolean {
    return posting.orderDocument === 'customer-invoice';
  }

  accept(read: PostableRead): { ok: true; value: SalesDocument } | { ok: false; reason: string } {
    return read.kind === 'sales-document' && read.document.kind === 'invoice' ? { ok: true, value: read.document } : { ok: false, reason: 'The order was read as something other than an invoice' };
  }

  post(step: PostingStep<SalesDocument>): Promise<RecordOutcome> {
    return this.poster.post(step, CUSTOMER_INVOICES);
  }
}
