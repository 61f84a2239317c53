import { Injectable } from '@nestjs/common';
import type { SalesDocument } from '@mlc/mapping';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import type { DocumentHandler, PostingStep } from './document-handler';
import { SalesDocumentPoster, type SalesDocumentResource } from './sales-document.poster';
import type { PostableRead } from '../systems/capabilities';

/** Visma customer credit notes (`POST /v2/customerCreditNote`, found by `externalReference` on `GET /v1/customercreditnote`). */
const CREDIT_NOTES: SalesDocumentResource = {
  noun: 'credit note',
  findByExternalReference: async (visma, ref) => (await visma.customerCreditNotes.findByExternalReference(ref))[0]?.referenceNumber ?? undefined,
  create: (visma, document, fence) => visma.customerCreditNotes.createWrapped(document, { fence }),
};

/**
 * Refunds of any shop → Visma credit notes applied to their order's invoice, in the invoice's company, exactly once
 * (unapplied when the flow posts its orders as sales orders, which have no invoice yet).
 * The skeleton waits for the order's invoice first (and fails visibly when the order itself failed).
 */
@Injectable()
export class CreditNoteHandler implements DocumentHandler<SalesDocument> {
  readonly documentKind = 'credit-note';
  readonly entityType = 'refund';
  readonly isFinalOncePosted = true;

  constructor(private readonly poster: SalesDocumentPoster) {}

  /** Refunds are credit notes whatever the flow posts its orders as. */
  isChosenBy(): boolean {
    return true;
  }

  accept(read: PostableRead): { ok: true; value: SalesDocument } | { ok: false; reason: string } {
    return read.kind === 'sales-document' && read.document.kind === 'credit-note' ? { ok: true, value: read.document } : { ok: false, reason: 'The refund was read as something other than a credit note' };
  }

  /** @throws PermanentRecordError `parent_missing` when the skeleton found no invoice to apply the credit note to. */
  post(step: PostingStep<SalesDocument>): Promise<RecordOutcome> {
    if (!step.parent) throw new PermanentRecordError('A credit note needs the invoice it credits; the refund names no order', 'parent_missing');
    // A flow posting orders as sales orders has no invoice yet (Visma invoices the order when it ships): the credit note
    // is posted unapplied, its customerRefNumber naming the order, and applied in Visma once the order is invoiced.
    if (step.flow.posting?.orderDocument === 'sales-order') return this.poster.post({ ...step, parent: undefined }, CREDIT_NOTES);
    return this.poster.post(step, CREDIT_NOTES);
  }
}
