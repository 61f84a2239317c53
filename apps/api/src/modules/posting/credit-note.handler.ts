import { Injectable } from '@nestjs/common';
import type { SalesCustomer, SalesDocument } from '@mlc/mapping';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import type { DocumentHandler, PostingStep } from './document-handler';
import { SalesDocumentPoster, type SalesDocumentResource } from './sales-document.poster';

/** Visma customer credit notes (`POST /v2/customerCreditNote`, found by `externalReference` on `GET /v1/customercreditnote`). */
const CREDIT_NOTES: SalesDocumentResource = {
  noun: 'credit note',
  findByExternalReference: async (visma, ref) => (await visma.customerCreditNotes.findByExternalReference(ref))[0]?.referenceNumber ?? undefined,
  create: (visma, document, fence) => visma.customerCreditNotes.createWrapped(document, { fence }),
};

/**
 * Refunds of any shop → Visma credit notes applied to their order's invoice, in the invoice's company, exactly once.
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

  accept(read: SalesDocument | SalesCustomer): { ok: true; value: SalesDocument } | { ok: false; reason: string } {
    return 'kind' in read && read.kind === 'credit-note' ? { ok: true, value: read } : { ok: false, reason: 'The refund was read as something other than a credit note' };
  }

  /** @throws PermanentRecordError `parent_missing` when the skeleton found no invoice to apply the credit note to. */
  post(step: PostingStep<SalesDocument>): Promise<RecordOutcome> {
    if (!step.parent) throw new PermanentRecordError('A credit note needs the invoice it credits; the refund names no order', 'parent_missing');
    return this.poster.post(step, CREDIT_NOTES);
  }
}
