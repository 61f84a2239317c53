import { Injectable } from '@nestjs/common';
import type { VismaClient } from '@mlc/connectors';
import {
  bigCommerceOrderToSalesDocument,
  MappingError,
  type MappingRules,
  type SalesDocument,
  toVismaCustomerInvoice,
  validateMapping,
  type VismaCustomerInvoiceDraft,
  type PostingSummary,
  type MappingProblem,
} from '@mlc/mapping';
import type { BcOrderBundle } from '@mlc/mapping';
import { PermanentRecordError } from '../sync/record-handler';

/** The Visma document an order would produce, or every reason it cannot. Nothing is posted. */
export type InvoicePreview =
  | { ok: true; salesDocument: SalesDocument; document: VismaCustomerInvoiceDraft; postingSummary: PostingSummary; problems: [] }
  | { ok: false; salesDocument?: SalesDocument; problems: MappingProblem[] };

/** Date part (YYYY-MM-DD, UTC) of a BigCommerce RFC-2822 date such as `Tue, 05 Mar 2019 21:53:45 +0000`. */
export function issueDateOf(rfc2822: string | undefined | null, fallback: Date): string {
  const parsed = rfc2822 ? new Date(rfc2822) : fallback;
  return (Number.isNaN(parsed.getTime()) ? fallback : parsed).toISOString().slice(0, 10);
}

/**
 * The pure part of posting an order: BigCommerce order → canonical sales document → Visma customer
 * invoice, checked against the mapping rules. Used by the posting handler, the preview endpoint and the
 * coverage check, so all three always agree.
 */
@Injectable()
export class OrderPostingService {
  /**
   * @throws PermanentRecordError `invalid_order` naming the field when the order cannot be read.
   */
  toSalesDocument(bundle: BcOrderBundle, storeHash: string): SalesDocument {
    try {
      return bigCommerceOrderToSalesDocument(bundle, { storeId: storeHash, issueDate: issueDateOf(bundle.order.date_created, new Date()) });
    } catch (err) {
      if (err instanceof MappingError) {
        throw new PermanentRecordError(`The order cannot be read: ${err.field}: ${err.message}`, 'invalid_order', { field: err.field }, { cause: err });
      }
      throw err;
    }
  }

  /** Every mapping problem of the document, before any customer is looked up or created. */
  problemsOf(doc: SalesDocument, rules: MappingRules): MappingProblem[] {
    return validateMapping(doc, rules);
  }

  /** The invoice for `doc` with the given Visma customer number, or its problems. */
  buildInvoice(doc: SalesDocument, rules: MappingRules, customerNumber: string): InvoicePreview {
    const result = toVismaCustomerInvoice(doc, rules, { customerNumber });
    if (!result.ok) return { ok: false, salesDocument: doc, problems: result.problems };
    return { ok: true, salesDocument: doc, document: result.document, postingSummary: result.postingSummary, problems: [] };
  }

  /**
   * Looks up documents Visma already has for this external reference (an earlier attempt whose outcome was
   * lost). Costs one call; made only when an earlier attempt of the record may have posted.
   */
  async findPostedInvoice(visma: VismaClient, externalReference: string): Promise<string | undefined> {
    const found = await visma.customerInvoices.findByExternalReference(externalReference);
    return found[0]?.referenceNumber ?? undefined;
  }
}
