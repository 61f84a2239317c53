import { Injectable } from '@nestjs/common';
import { ConnectorValidationError, type VismaCustomerCreditNote } from '@mlc/connectors';
import { currencyExponent, formatUnits, type MappingRules, parseMinor, type SalesDocument } from '@mlc/mapping';
import { FlowsService } from '../mapping/flows.service';
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

/** Credit note statuses after release (posted to the ledger; a refund can be applied while Open). */
const RELEASED_CREDIT_NOTE_STATUSES: ReadonlySet<string> = new Set(['Open', 'Closed']);
/** Payment statuses after release (the refund is applied). */
const RELEASED_PAYMENT_STATUSES: ReadonlySet<string> = new Set(['Open', 'Closed', 'Released']);

/**
 * Refunds of any shop → Visma credit notes applied to their order's invoice, in the invoice's company, exactly once
 * (unapplied when the flow posts its orders as sales orders, which have no invoice yet).
 * The skeleton waits for the order's invoice first (and fails visibly when the order itself failed).
 *
 * **Customer refunds, where the accounting rule says so** (`payments.recordRefunds`): when the money went back through
 * the payment provider (the document's `payment-provider` settlements), the credit note is released
 * (`POST /v1/customerCreditNote/{n}/action/release`) and a Visma customer payment of type `Refund` on the company's
 * cash account is applied to it (`paymentLines[]` CreditNote + refNbr) and released: the customer ledger and the bank
 * account both show the repayment (PaymentUpdateDto, visma-net-erp-api.v1_20250424.openapi.json). A gift card's or
 * store credit's repayment is not cash and gets no Refund. Exactly once: the Refund's `paymentRef` is the credit note's
 * external reference, looked up among the refunds of that credit note before one is created (under the attempt's
 * fence); a retry after any crash adopts the credit note and then the Refund, or creates what is still missing.
 */
@Injectable()
export class CreditNoteHandler implements DocumentHandler<SalesDocument> {
  readonly documentKind = 'credit-note';
  readonly entityType = 'refund';
  readonly isFinalOncePosted = true;

  constructor(
    private readonly poster: SalesDocumentPoster,
    private readonly flows: FlowsService,
  ) {}

  /** Refunds are credit notes whatever the flow posts its orders as. */
  isChosenBy(): boolean {
    return true;
  }

  accept(read: PostableRead): { ok: true; value: SalesDocument } | { ok: false; reason: string } {
    return read.kind === 'sales-document' && read.document.kind === 'credit-note' ? { ok: true, value: read.document } : { ok: false, reason: 'The refund was read as something other than a credit note' };
  }

  /**
   * @throws PermanentRecordError `parent_missing` when the skeleton found no invoice to apply the credit note to;
   *   `mapping_problems` when the rules record refunds but name no cash account (checked before anything is posted);
   *   `credit_note_not_refundable` when the credit note cannot be released (on hold in Visma); connector errors.
   */
  async post(step: PostingStep<SalesDocument>): Promise<RecordOutcome> {
    if (!step.parent) throw new PermanentRecordError('A credit note needs the invoice it credits; the refund names no order', 'parent_missing');
    // A flow posting orders as sales orders has no invoice yet (Visma invoices the order when it ships): the credit note
    // is posted unapplied, its customerRefNumber naming the order, and applied in Visma once the order is invoiced.
    if (step.flow.posting?.orderDocument === 'sales-order') return this.poster.post({ ...step, parent: undefined }, CREDIT_NOTES);
    const rules = await this.flows.rulesFor(step.target.id);
    const refundMinor = providerRefundMinor(step.read, rules);
    if (refundMinor > 0 && !rules.payments.cashAccount) {
      throw new PermanentRecordError(`The rules of ${step.target.name} record customer refunds (payments → record refunds) but name no cash account (mapping rules → payments.cashAccount); set it and replay`, 'mapping_problems', {
        problems: [{ code: 'missing_cash_account', field: 'payments.cashAccount', message: 'Set the Visma cash account customer refunds are paid from' }],
      });
    }
    const outcome = await this.poster.post(step, CREDIT_NOTES);
    if (refundMinor <= 0 || outcome.status !== 'posted' || !outcome.targetRef) return outcome;
    const refund = await this.recordRefund(step, outcome.targetRef, refundMinor, rules);
    return { ...outcome, message: `${outcome.message}; ${refund.message}`, data: { ...(outcome.data ?? {}), ...(refund.paymentNumber ? { refundPaymentNumber: refund.paymentNumber } : {}) } };
  }

  /** Releases the credit note and applies a released Refund to it (see the class doc); idempotent. */
  private async recordRefund(step: PostingStep<SalesDocument>, creditNoteNumber: string, refundMinor: number, rules: MappingRules): Promise<{ paymentNumber?: string; message: string }> {
    const doc = step.read;
    const paymentRef = doc.source.externalReference;
    const existing = await step.visma.customerPayments.findRefundByPaymentRef({ creditNoteRefNbr: creditNoteNumber, paymentRef });
    if (existing) {
      if (!RELEASED_PAYMENT_STATUSES.has(existing.status ?? '')) await step.visma.customerPayments.release(existing.refNbr);
      return { paymentNumber: existing.refNbr, message: `customer refund ${existing.refNbr} already existed on it (earlier attempt); adopted, not posted again` };
    }
    const creditNote = await this.ensureReleased(step, creditNoteNumber);
    const customerNumber = creditNote.customer?.number;
    if (!customerNumber) throw new PermanentRecordError(`Visma credit note ${creditNoteNumber} names no customer; a refund cannot be applied to it`, 'credit_note_not_refundable');
    const scale = currencyExponent(doc.currency, 'document.currency');
    const balance = creditNote.balanceInCurrency ?? creditNote.balance;
    const balanceMinor = balance === null || balance === undefined || balance === '' ? undefined : parseMinor(balance, doc.currency, 'creditNote.balanceInCurrency');
    const appliedMinor = balanceMinor === undefined ? refundMinor : Math.min(refundMinor, balanceMinor);
    if (appliedMinor <= 0) {
      return { message: `credit note ${creditNoteNumber} has no balance left to refund (settled in Visma), so no customer refund was recorded` };
    }
    const cashAccount = rules.payments.cashAccount as string;
    const paymentMethod = rules.payments.paymentMethodIds[doc.paymentMethod] ?? rules.payments.paymentMethodIds['*'];
    const amount = formatUnits(BigInt(appliedMinor), scale);
    const created = await step.visma.customerPayments.create(
      {
        type: 'Refund',
        paymentRef,
        customer: customerNumber,
        cashAccount,
        ...(paymentMethod ? { paymentMethod } : {}),
        currency: doc.currency,
        paymentAmount: amount,
        applicationDate: doc.issueDate,
        hold: false,
        // PaymentDto.invoiceText: "50 alphanumeric characters" (visma-net-erp-api.v1_20250424.openapi.json).
        invoiceText: `${step.sourceLabel} refund ${doc.source.refundId ?? doc.source.orderId}`.slice(0, 50),
        paymentLines: [{ documentType: 'CreditNote', refNbr: creditNoteNumber, amountPaid: amount }],
      },
      { fence: () => step.ctx.ensureLease() },
    );
    await step.visma.customerPayments.release(created.id);
    return { paymentNumber: created.id, message: `refunded ${amount} ${doc.currency} to the customer as Visma customer refund ${created.id} on cash account ${cashAccount}` };
  }

  /** The credit note, released first when it is still Balanced. @throws PermanentRecordError `credit_note_not_refundable`. */
  private async ensureReleased(step: PostingStep<SalesDocument>, creditNoteNumber: string): Promise<VismaCustomerCreditNote> {
    const { record } = await step.visma.customerCreditNotes.get(creditNoteNumber);
    if (RELEASED_CREDIT_NOTE_STATUSES.has(record.status ?? '')) return record;
    if (record.status !== 'Balanced') {
      throw new PermanentRecordError(`Visma credit note ${creditNoteNumber} has status ${record.status ?? 'unknown'}; a refund can only be applied to a released credit note. Release it in Visma and replay`, 'credit_note_not_refundable');
    }
    try {
      await step.visma.customerCreditNotes.release(creditNoteNumber);
    } catch (err) {
      // Released in the meantime (a lost answer of our own earlier release, or a user in Visma): fine when it is open now.
      if (!(err instanceof ConnectorValidationError)) throw err;
    }
    const { record: now } = await step.visma.customerCreditNotes.get(creditNoteNumber);
    if (!RELEASED_CREDIT_NOTE_STATUSES.has(now.status ?? '')) {
      throw new PermanentRecordError(`Visma credit note ${creditNoteNumber} could not be released (status ${now.status ?? 'unknown'}); release it in Visma and replay`, 'credit_note_not_refundable');
    }
    step.ctx.audit('record.released', `Released Visma credit note ${creditNoteNumber} so the customer refund can be applied to it`, { creditNoteNumber });
    return now;
  }
}

/** Minor units paid back through the payment provider, when the rules record refunds (0 otherwise). */
function providerRefundMinor(doc: SalesDocument, rules: MappingRules): number {
  if (!rules.payments.recordRefunds) return 0;
  return doc.settlements.filter((s) => s.method === 'payment-provider').reduce((sum, s) => sum + s.amountMinor, 0);
}
