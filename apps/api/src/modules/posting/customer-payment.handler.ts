import { Injectable } from '@nestjs/common';
import { ConnectorValidationError, type VismaCustomerInvoice } from '@mlc/connectors';
import { currencyExponent, formatUnits, type MappingRules, parseMinor, type SalesCapture } from '@mlc/mapping';
import { FlowsService } from '../mapping/flows.service';
import type { PostableRead } from '../systems/capabilities';
import { PermanentRecordError, type RecordOutcome } from '../sync/record-handler';
import type { DocumentHandler, PostingStep } from './document-handler';

/** Visma statuses whose header fields can still change (not yet released to the ledger). */
const UPDATABLE_STATUSES: ReadonlySet<string> = new Set(['Hold', 'Balanced']);
/** Visma statuses of a released invoice that can take a payment. */
const PAYABLE_STATUSES: ReadonlySet<string> = new Set(['Open']);
/** Payment statuses after release (the payment is applied). */
const RELEASED_PAYMENT_STATUSES: ReadonlySet<string> = new Set(['Open', 'Closed', 'Released']);

/**
 * A shop's captures (an Adobe Commerce invoice: Commerce's record that the order's amount was captured) → the order's
 * Visma customer invoice, for every shop whose source reads `capture` records:
 * 1. the capture's number and date go on the Visma invoice, searchable: `paymentReference` (the filter of
 *    `GET /v1/customerinvoice?paymentReference=`) takes the first capture's number, and the `note` keeps one line per
 *    capture (`Adobe Commerce invoice 000000003 of 2026-11-30`), while the invoice is not released (Visma takes header
 *    changes only before release; once released the capture is recorded on its payment instead);
 * 2. once the capture is paid (Commerce invoice `state` 2), a Visma customer payment (`POST /v1/customerPayment`,
 *    PaymentUpdateDto of visma-net-erp-api.v1_20250424.openapi.json) on the company's configured cash account, applied
 *    to the invoice (`paymentLines[]` Invoice + refNbr), then released so it is applied. Visma applies payments only
 *    to released invoices: a Balanced invoice is released first when the company's rules allow it
 *    (`payments.releaseInvoices`, default true).
 *
 * Exactly once: the payment's `paymentRef` is the capture number, and before creating one the payments applied to the
 * invoice are listed (`GET /v1/customerPayment?invoiceRefNbr=`) and one with that `paymentRef` is adopted; the POST
 * runs under the attempt's write fence. A capture can change (open → paid), so a posted capture is not final.
 */
@Injectable()
export class CustomerPaymentHandler implements DocumentHandler<SalesCapture> {
  readonly documentKind = 'customer-payment';
  readonly entityType = 'capture';
  readonly isFinalOncePosted = false;

  constructor(private readonly flows: FlowsService) {}

  /** Captures become payments whatever the flow posts its orders as (a sales-order flow's capture waits for the invoice Visma makes). */
  isChosenBy(): boolean {
    return true;
  }

  accept(read: PostableRead): { ok: true; value: SalesCapture } | { ok: false; reason: string } {
    return read.kind === 'capture' ? { ok: true, value: read.capture } : { ok: false, reason: `The capture was read as a ${read.kind}` };
  }

  /**
   * @throws PermanentRecordError `parent_missing` (no invoice to apply to), `mapping_problems` (no cash account),
   *   `invoice_not_payable` (on hold, or not released and the rules forbid releasing it); connector errors from Visma.
   */
  async post(step: PostingStep<SalesCapture>): Promise<RecordOutcome> {
    const capture = step.read;
    if (!step.parent?.targetRef) throw new PermanentRecordError(`Capture ${capture.captureNumber} needs its order's Visma invoice; the order has none`, 'parent_missing');
    if (step.flow.posting?.orderDocument === 'sales-order') {
      return { status: 'skipped', message: `The flow posts orders as sales orders; Visma invoices them itself, so capture ${capture.captureNumber} is not applied here` };
    }
    const invoiceNumber = step.parent.targetRef;
    if (capture.isCanceled) return { status: 'skipped', message: `${step.sourceLabel} invoice ${capture.captureNumber} was canceled; nothing to record` };

    const { record: invoice } = await step.visma.customerInvoices.get(invoiceNumber);
    const referenced = await this.recordReference(step, invoice);
    if (!capture.isPaid) {
      return { status: 'posted', targetRef: invoiceNumber, message: `${step.sourceLabel} invoice ${capture.captureNumber} (not paid yet) ${referenced}; its payment follows once it is paid` };
    }

    const rules = await this.flows.rulesFor(step.target.id);
    // A redeemed gift card settles the invoice against the gift-card liability (its own cash account), not cash.
    const isGiftCard = capture.settlementAccountRole === 'gift-card-liability';
    const cashAccount = isGiftCard ? rules.payments.giftCardCashAccount : rules.payments.cashAccount;
    if (!cashAccount) {
      const field = isGiftCard ? 'payments.giftCardCashAccount' : 'payments.cashAccount';
      const what = isGiftCard ? 'gift-card cash account (bound to the gift-card liability ledger account)' : 'cash account';
      throw new PermanentRecordError(`No ${what} is set for customer payments in ${step.target.name} (mapping rules → ${field}); set it and replay`, 'mapping_problems', {
        problems: [{ code: 'missing_cash_account', field, message: `Set the Visma ${what} ${isGiftCard ? 'gift-card payments' : 'customer payments'} are booked on` }],
      });
    }
    const existing = await step.visma.customerPayments.findByPaymentRef({ invoiceRefNbr: invoiceNumber, paymentRef: capture.captureNumber });
    if (existing) {
      if (!RELEASED_PAYMENT_STATUSES.has(existing.status ?? '')) await step.visma.customerPayments.release(existing.refNbr);
      return { status: 'posted', targetRef: existing.refNbr, message: `Customer payment ${existing.refNbr} for ${step.sourceLabel} invoice ${capture.captureNumber} already existed on Visma invoice ${invoiceNumber}; adopted, not posted again` };
    }

    await this.ensurePayable(step, invoice, rules);
    const scale = currencyExponent(capture.currency, 'capture.currency');
    const balance = invoice.balanceInCurrency ?? invoice.balance;
    const balanceMinor = balance === null || balance === undefined || balance === '' ? undefined : parseMinor(balance, capture.currency, 'invoice.balanceInCurrency');
    const appliedMinor = balanceMinor === undefined ? capture.amountMinor : Math.min(capture.amountMinor, balanceMinor);
    const paymentMethod = rules.payments.paymentMethodIds[capture.paymentMethod] ?? rules.payments.paymentMethodIds['*'];
    const customerNumber = invoice.customer?.number;
    if (!customerNumber) throw new PermanentRecordError(`Visma invoice ${invoiceNumber} names no customer; a payment cannot be applied to it`, 'invoice_not_payable');
    const created = await step.visma.customerPayments.create(
      {
        type: 'Payment',
        paymentRef: capture.captureNumber,
        customer: customerNumber,
        cashAccount,
        ...(paymentMethod ? { paymentMethod } : {}),
        currency: capture.currency,
        paymentAmount: formatUnits(BigInt(capture.amountMinor), scale),
        applicationDate: capture.captureDate,
        hold: false,
        // PaymentDto.invoiceText: "50 alphanumeric characters" (visma-net-erp-api.v1_20250424.openapi.json).
        invoiceText: paymentText(step.sourceLabel, capture),
        paymentLines: [{ documentType: 'Invoice', refNbr: invoiceNumber, amountPaid: formatUnits(BigInt(appliedMinor), scale) }],
      },
      { fence: () => step.ctx.ensureLease() },
    );
    await step.visma.customerPayments.release(created.id);
    const unapplied = capture.amountMinor - appliedMinor;
    const rest = unapplied > 0 ? `; ${formatUnits(BigInt(unapplied), scale)} ${capture.currency} more than the invoice's balance stays unapplied on the payment` : '';
    return {
      status: 'posted',
      targetRef: created.id,
      message: `Posted as Visma customer payment ${created.id} of ${formatUnits(BigInt(capture.amountMinor), scale)} ${capture.currency} on cash account ${cashAccount}, applied to invoice ${invoiceNumber}${rest}`,
      data: { invoiceNumber, paymentNumber: created.id, company: step.target.name },
    };
  }

  /** Puts the capture's number and date on the invoice while Visma still takes header changes; says what it did. */
  private async recordReference(step: PostingStep<SalesCapture>, invoice: VismaCustomerInvoice): Promise<string> {
    const capture = step.read;
    const line = `${step.sourceLabel} invoice ${capture.captureNumber} of ${capture.captureDate}`;
    if ((invoice.note ?? '').includes(line)) return `is on Visma invoice ${invoice.referenceNumber}`;
    const onPayment = (status: string | null | undefined): string => `is recorded on its payment (Visma invoice ${invoice.referenceNumber} is ${status ?? 'released'})`;
    if (!UPDATABLE_STATUSES.has(invoice.status ?? '')) return onPayment(invoice.status);
    try {
      await step.visma.customerInvoices.updateWithRetry(invoice.referenceNumber, (current) => {
        const note = current.note ?? '';
        if (note.includes(line) || !UPDATABLE_STATUSES.has(current.status ?? '')) return undefined;
        const hasReference = typeof current['paymentReference'] === 'string' && current['paymentReference'] !== '';
        return { note: note ? `${note}\n${line}` : line, ...(hasReference ? {} : { paymentReference: capture.captureNumber }) };
      });
    } catch (err) {
      // Another capture of the same order released the invoice between our read and our PUT (Visma answers 400 "has
      // status Open and cannot be updated"): the reference then goes on the payment, as for any released invoice.
      if (!(err instanceof ConnectorValidationError)) throw err;
      const { record: now } = await step.visma.customerInvoices.get(invoice.referenceNumber);
      if (UPDATABLE_STATUSES.has(now.status ?? '')) throw err;
      return onPayment(now.status);
    }
    step.ctx.audit('record.referenced', `Recorded ${line} on Visma invoice ${invoice.referenceNumber}`, { invoiceNumber: invoice.referenceNumber, captureNumber: capture.captureNumber });
    return `recorded on Visma invoice ${invoice.referenceNumber}`;
  }

  /** Releases a Balanced invoice when the rules allow it. @throws PermanentRecordError `invoice_not_payable`. */
  private async ensurePayable(step: PostingStep<SalesCapture>, invoice: VismaCustomerInvoice, rules: MappingRules): Promise<void> {
    const status = invoice.status ?? '';
    if (PAYABLE_STATUSES.has(status)) return;
    if (status === 'Balanced' && rules.payments.releaseInvoices) {
      try {
        await step.visma.customerInvoices.release(invoice.referenceNumber);
      } catch (err) {
        // Another capture of the same order released it first: fine when it is payable now.
        if (!(err instanceof ConnectorValidationError)) throw err;
        const { record: now } = await step.visma.customerInvoices.get(invoice.referenceNumber);
        if (PAYABLE_STATUSES.has(now.status ?? '')) return;
        throw err;
      }
      step.ctx.audit('record.released', `Released Visma invoice ${invoice.referenceNumber} so the payment can be applied to it`, { invoiceNumber: invoice.referenceNumber });
      return;
    }
    const why = status === 'Balanced' ? 'is not released, and the rules say not to release invoices (payments → release invoices)' : `has status ${status || 'unknown'}`;
    throw new PermanentRecordError(`Visma invoice ${invoice.referenceNumber} ${why}; a payment can only be applied to a released invoice. Release it in Visma and replay`, 'invoice_not_payable');
  }
}

/** The payment's text, at most 50 characters: the shop's name when it fits, else the numbers alone. */
function paymentText(label: string, capture: SalesCapture): string {
  const numbers = `invoice ${capture.captureNumber}${capture.orderNumber ? `, order ${capture.orderNumber}` : ''}`;
  const full = `${label} ${numbers}`;
  return (full.length <= 50 ? full : numbers).slice(0, 50);
}
