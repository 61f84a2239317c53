/**
 * commercetools payments → financial events for the ERP: customer payments applied to the order's invoice, and credit
 * notes (refunds, chargebacks, a cancellation) credited against it. Pure and deterministic: the same order and
 * payments always give the same events in the same order with the same references, so replaying is idempotent (the
 * pipeline looks each reference up before posting).
 *
 * Source: openapi.yaml `Payment`, `Transaction`, `TransactionType` (Authorization, CancelAuthorization, Charge,
 * Refund, Chargeback), `TransactionState` (Initial, Pending, Success, Failure), `PaymentMethodInfo`, `Order.orderState`.
 */
import type { SalesCapture } from '../canonical/sales-capture';
import type { SalesAccountRole, SalesDocument, SalesLine, SalesSettlement } from '../canonical/sales-document';
import { externalReference } from '../external-reference';
import { MappingError } from '../mapping.error';
import { type Decimal, toSafeNumber } from '../money/decimal';
import { allocateMinor, sumMinor } from '../money/money';
import { ctCurrency, ctDate, ctMinor, netOfGross, roundingModeOf } from './commercetools-money';
import { commercetoolsExternalReference, commercetoolsOrderToSalesDocument } from './commercetools-order.mapper';
import type { CtOrder, CtPayment, CtRoundingMode, CtTransaction, CtTransactionType } from './commercetools.types';

/** What the payment events need besides the order and its payments. */
export type CommercetoolsPaymentContext = {
  /** The commercetools project key (store segment of every reference). */
  projectKey: string;
  /** Preferred locale for names. */
  locale?: string | undefined;
  /** Date (YYYY-MM-DD) of a cancellation credit note; default the UTC date of the order's `lastModifiedAt`. */
  cancellationDate?: string | undefined;
};

/** Why a transaction (or a cancellation) posts nothing. */
export type CommercetoolsSkipReason =
  | 'authorization'
  | 'cancel-authorization'
  | 'not-successful'
  | 'zero-amount'
  | 'cancelled-before-charge'
  | 'cancelled-nothing-outstanding';

type EventBase = {
  /** The event's own external reference (≤ 40 characters, stable): the Visma document's / payment's `externalReference`. */
  reference: string;
  /** The order's invoice reference, `ct:<projectKey>:<order id>`: the document the event settles or credits. */
  invoiceReference: string;
  paymentId?: string;
  transactionId?: string;
  transactionType?: CtTransactionType;
};

/** A successful Charge: money received, applied to the invoice (`capture.amountMinor` minor units). */
export type CommercetoolsCustomerPaymentEvent = EventBase & {
  kind: 'customer-payment';
  capture: SalesCapture;
  /** Paid with a gift card: settle against the gift-card liability (`capture.settlementAccountRole`), not cash. */
  isGiftCard: boolean;
};

/** A successful Refund or Chargeback, or the cancellation of a charged order: a credit note applied to the invoice. */
export type CommercetoolsCreditNoteEvent = EventBase & {
  kind: 'credit-note';
  reason: 'refund' | 'chargeback' | 'cancellation';
  /** Kind 'credit-note'; `originalExternalReference` = `invoiceReference`; gross = the credited amount. */
  document: SalesDocument;
  /** The money goes back to a gift card (gift-card liability), not to the customer's card or account. */
  isGiftCard: boolean;
};

/** Nothing to post, and why (for the record's timeline). */
export type CommercetoolsSkipEvent = EventBase & { kind: 'skip'; reason: CommercetoolsSkipReason; message: string };

/** One financial event of an order's payments. */
export type CommercetoolsPaymentEvent = CommercetoolsCustomerPaymentEvent | CommercetoolsCreditNoteEvent | CommercetoolsSkipEvent;

const TRANSACTION_TYPES: readonly CtTransactionType[] = ['Authorization', 'CancelAuthorization', 'Charge', 'Refund', 'Chargeback'];
const TRANSACTION_STATES = ['Initial', 'Pending', 'Success', 'Failure'];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Array check without narrowing (the input types already say array; this guards untyped JSON). */
const isList = (value: unknown): boolean => Array.isArray(value);
const clean = (value: string | null | undefined): string => (typeof value === 'string' ? value.trim() : '');

/** True for `paymentMethodInfo.method` "giftcard", "gift-card", "gift_card", "Gift Card" (case-insensitive). */
export function isCommercetoolsGiftCardMethod(method: string | null | undefined): boolean {
  return clean(method).toLowerCase().replace(/[\s_-]+/g, '') === 'giftcard';
}

/**
 * The stable reference of one transaction: `externalReference({system: 'commercetools', storeId: projectKey,
 * id: payment.id, kind, subId: transaction.id})`, kind `payment` for Charge / Authorization / CancelAuthorization and
 * `refund` for Refund / Chargeback. Two UUIDs do not both fit in 40 characters compacted, so both are hashed
 * (SHA-256, base32; at least 8 characters each, e.g. `ct:my-project:~abcdefghijklmn:p~opqrstuvwxyz23`): distinct
 * transactions differ in the sub hash (≥ 40 bits; negligible collision odds for one payment's transactions).
 * @throws MappingError for an empty project key, payment id or transaction id.
 */
export function commercetoolsTransactionReference(projectKey: string, paymentId: string, transaction: Pick<CtTransaction, 'id' | 'type'>): string {
  const kind = transaction.type === 'Refund' || transaction.type === 'Chargeback' ? 'refund' : 'payment';
  if (!clean(transaction.id)) throw new MappingError('missing-field', 'transaction.id', 'is required');
  return externalReference({ system: 'commercetools', storeId: projectKey, id: paymentId, kind, subId: transaction.id });
}

/** The reference of an order's cancellation credit note: `ct:<projectKey>:<order id>:x`. */
export function commercetoolsCancellationReference(projectKey: string, orderId: string): string {
  return externalReference({ system: 'commercetools', storeId: projectKey, id: orderId, kind: 'cancellation' });
}

/** A percentage string ("25", "8.875") as a fraction (0.25, 0.08875). */
function fractionOf(percent: string): Decimal {
  const [whole = '0', fraction = ''] = percent.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length + 2 };
}

/**
 * Splits a credited gross amount (minor units) over the invoice's VAT groups (rate, country, tax class), in
 * proportion to each group's gross on the invoice (discount lines included, so a group weighs what was paid at that
 * rate): largest-remainder allocation of the gross (the parts sum exactly to `grossMinor`), then per part tax =
 * part − round(part / (1 + rate)) with the order's `taxRoundingMode`. One `product` line per group, quantity 1, each
 * with net + tax = gross; `accountRole` set on every line when given (chargeback).
 * @throws MappingError `invalid-field` `grossMinor` for a negative or unsafe amount.
 */
export function commercetoolsCreditLines(invoice: SalesDocument, grossMinor: number, options: { label: string; taxRounding?: CtRoundingMode | undefined; accountRole?: SalesAccountRole | undefined }): SalesLine[] {
  if (!Number.isSafeInteger(grossMinor) || grossMinor < 0) throw new MappingError('invalid-field', 'grossMinor', 'expected a non-negative integer amount in minor units');
  const groups: { rate: string; country: string; taxClass: string; gross: number }[] = [];
  for (const line of invoice.lines) {
    let group = groups.find((g) => g.rate === line.taxRatePercent && g.country === line.country && g.taxClass === line.taxClass);
    if (!group) groups.push((group = { rate: line.taxRatePercent, country: line.country, taxClass: line.taxClass, gross: 0 }));
    group.gross += line.grossMinor;
  }
  if (groups.length === 0) groups.push({ rate: '0', country: invoice.country, taxClass: '', gross: 0 });
  const parts = allocateMinor(grossMinor, groups.map((g) => Math.max(0, g.gross)), 'grossMinor');
  const mode = options.taxRounding ?? 'HalfEven';
  const many = groups.length > 1;
  return groups.flatMap((g, i): SalesLine[] => {
    const part = parts[i] ?? 0;
    if (part === 0 && grossMinor !== 0) return [];
    const net = toSafeNumber(netOfGross({ units: BigInt(part), scale: 0 }, fractionOf(g.rate), mode), 'grossMinor');
    return [{
      lineId: `credit:${i + 1}`,
      type: 'product',
      name: many ? `${options.label} (${g.rate} %)` : options.label,
      quantity: '1',
      unitPriceExTaxMinor: net,
      unitPriceIncTaxMinor: part,
      netMinor: net,
      taxMinor: part - net,
      grossMinor: part,
      taxRatePercent: g.rate,
      taxClass: g.taxClass,
      categoryIds: [],
      channelId: invoice.channelId,
      country: g.country,
      ...(options.accountRole ? { accountRole: options.accountRole } : {}),
    }];
  });
}

/** Checks a transaction's shape and currency. @throws MappingError naming `payments[i].transactions[j]…`. */
function checkTransaction(tx: CtTransaction, currency: string, path: string): number {
  if (!tx || typeof tx !== 'object') throw new MappingError('invalid-field', path, 'expected a Transaction');
  if (!clean(tx.id)) throw new MappingError('missing-field', `${path}.id`, 'is required');
  if (!TRANSACTION_TYPES.includes(tx.type)) throw new MappingError('invalid-field', `${path}.type`, `expected one of ${TRANSACTION_TYPES.join(', ')}`);
  if (!TRANSACTION_STATES.includes(tx.state)) throw new MappingError('invalid-field', `${path}.state`, `expected one of ${TRANSACTION_STATES.join(', ')}`);
  const amount = ctMinor(tx.amount, currency, `${path}.amount`);
  if (amount < 0) throw new MappingError('invalid-field', `${path}.amount.centAmount`, 'expected a non-negative amount');
  return amount;
}

/**
 * An order's payments (`Payment` records with all their transactions, as `GET /{projectKey}/payments/{id}` returns
 * them) → the financial events to post, in input order (payment by payment, transaction by transaction), then the
 * cancellation. Amounts are integer minor units of the order currency.
 * - **Charge, Success** → `customer-payment`: a SalesCapture of `amount.centAmount`, dated the UTC date of
 *   `timestamp` (else the payment's `createdAt`), payment method `paymentMethodInfo.method`, `captureNumber`
 *   the event's reference (≤ 40 characters: the Visma payment's `paymentRef`). A gift card method (`isCommercetoolsGiftCardMethod`) sets
 *   `isGiftCard` and `settlementAccountRole: 'gift-card-liability'`; otherwise `'cash'`.
 * - **Refund, Success** → `credit-note` (reason refund) of the amount, VAT split over the invoice's VAT groups
 *   (`commercetoolsCreditLines`, exact to the cent); `source.refundId` = transaction id.
 * - **Chargeback, Success** → the same, reason chargeback, every line with `accountRole: 'chargeback'`.
 * - **Authorization, CancelAuthorization**, any state other than Success, or a zero amount → `skip` with the reason.
 * - **Order `orderState` Cancelled**: no successful Charge → `skip` 'cancelled-before-charge'; otherwise a
 *   `credit-note` (reason cancellation, reference `…:x`) for charged − refunded − charged back, or `skip`
 *   'cancelled-nothing-outstanding' when that is 0. Its date: `context.cancellationDate`, else `lastModifiedAt`.
 *   Caution: a Refund that arrives after the cancellation credit note was posted credits the same money again; the
 *   caller should post the cancellation only once the payment provider's refunds are in.
 * References: `commercetoolsTransactionReference` (payment id + transaction id), ≤ 40 characters, distinct per
 * transaction; the invoice reference `ct:<projectKey>:<order id>`.
 * @throws MappingError naming the field: `payments[1].id` (duplicate, or not in `order.paymentInfo.payments`),
 *   `payments[0].transactions[2].amount.currencyCode` (currency-mismatch), `…type`, `…state`, `…timestamp`, and what
 *   `commercetoolsOrderToSalesDocument` rejects when a credit note is needed.
 */
export function commercetoolsPaymentEvents(order: CtOrder, payments: readonly CtPayment[], context: CommercetoolsPaymentContext): CommercetoolsPaymentEvent[] {
  if (!clean(order?.id)) throw new MappingError('missing-field', 'id', 'is required');
  if (!isList(payments)) throw new MappingError('invalid-field', 'payments', 'expected an array of Payment');
  const { projectKey } = context;
  const invoiceReference = commercetoolsExternalReference(projectKey, order.id);
  const currency = ctCurrency(order.totalPrice, 'totalPrice');
  const taxRounding = roundingModeOf(order.taxRoundingMode, 'taxRoundingMode');
  const linked = new Set((order.paymentInfo?.payments ?? []).map((p) => p.id));
  const seen = new Set<string>();
  let invoice: SalesDocument | undefined;
  const invoiceDoc = (): SalesDocument => (invoice ??= commercetoolsOrderToSalesDocument(order, { projectKey, locale: context.locale }));
  const creditNote = (args: { reference: string; refundId: string; grossMinor: number; issueDate: string; reason: 'refund' | 'chargeback' | 'cancellation'; paymentMethod: string; note: string; settlements?: SalesSettlement[] }): SalesDocument => {
    const base = invoiceDoc();
    const label = args.reason === 'refund' ? 'Refund' : args.reason === 'chargeback' ? 'Chargeback' : 'Cancellation';
    const lines = commercetoolsCreditLines(base, args.grossMinor, { label, taxRounding, accountRole: args.reason === 'chargeback' ? 'chargeback' : undefined });
    const taxMinor = sumMinor(lines.map((l) => l.taxMinor), 'lines.taxMinor');
    return {
      ...base,
      kind: 'credit-note',
      source: { ...base.source, externalReference: args.reference, refundId: args.refundId },
      originalExternalReference: invoiceReference,
      issueDate: args.issueDate,
      lines,
      totals: { netMinor: args.grossMinor - taxMinor, taxMinor, grossMinor: args.grossMinor },
      paymentMethod: args.paymentMethod,
      couponCodes: [],
      settlements: args.settlements ?? [],
      note: args.note,
    };
  };
  const events: CommercetoolsPaymentEvent[] = [];
  const totals = { charged: 0, credited: 0 };
  const chargedMethods: boolean[] = [];
  payments.forEach((payment, i) => {
    const path = `payments[${i}]`;
    if (!clean(payment?.id)) throw new MappingError('missing-field', `${path}.id`, 'is required');
    if (seen.has(payment.id)) throw new MappingError('invalid-field', `${path}.id`, `payment ${payment.id} is given twice`);
    if (linked.size > 0 && !linked.has(payment.id)) throw new MappingError('invalid-field', `${path}.id`, `payment ${payment.id} is not in the order's paymentInfo.payments`);
    seen.add(payment.id);
    if (!isList(payment.transactions)) throw new MappingError('missing-field', `${path}.transactions`, 'is required');
    const method = clean(payment.paymentMethodInfo?.method);
    const isGiftCard = isCommercetoolsGiftCardMethod(method);
    payment.transactions.forEach((tx, j) => {
      const txPath = `${path}.transactions[${j}]`;
      const amountMinor = checkTransaction(tx, currency, txPath);
      const base = { reference: commercetoolsTransactionReference(projectKey, payment.id, tx), invoiceReference, paymentId: payment.id, transactionId: tx.id, transactionType: tx.type };
      const skip = (reason: CommercetoolsSkipReason, message: string) => events.push({ ...base, kind: 'skip', reason, message });
      if (tx.type === 'Authorization') return skip('authorization', 'an authorization reserves money, nothing is posted');
      if (tx.type === 'CancelAuthorization') return skip('cancel-authorization', 'a cancelled authorization moved no money');
      if (tx.state !== 'Success') return skip('not-successful', `transaction state ${tx.state}: only Success is posted`);
      if (amountMinor === 0) return skip('zero-amount', 'the transaction amount is 0');
      const date = ctDate(tx.timestamp ?? payment.createdAt, tx.timestamp ? `${txPath}.timestamp` : `${path}.createdAt`);
      if (tx.type === 'Charge') {
        totals.charged += amountMinor;
        chargedMethods.push(isGiftCard);
        const capture: SalesCapture = {
          source: { system: 'commercetools', storeId: projectKey, orderId: order.id, externalReference: base.reference },
          invoiceExternalReference: invoiceReference,
          // The stable reference, not the PSP's interactionId (any length, may repeat across providers): it becomes the
          // Visma payment's paymentRef (≤ 40), the key the exactly-once look-up adopts an earlier attempt's payment by.
          captureNumber: base.reference,
          captureDate: date,
          isPaid: true,
          isCanceled: false,
          currency,
          amountMinor,
          paymentMethod: method,
          orderNumber: clean(order.orderNumber) || order.id,
          settlementAccountRole: isGiftCard ? 'gift-card-liability' : 'cash',
        };
        return events.push({ ...base, kind: 'customer-payment', capture, isGiftCard });
      }
      totals.credited += amountMinor;
      const reason = tx.type === 'Refund' ? 'refund' : 'chargeback';
      const note = `${reason === 'refund' ? 'Refund' : 'Chargeback'} ${clean(tx.interactionId) || tx.id} of payment ${payment.id}`;
      // The money went back through the payment provider (a refund, or the card scheme's chargeback): a settlement the
      // ERP may record as a customer refund; a gift card's goes back onto the card, its liability.
      const settlements: SalesSettlement[] = [{ method: isGiftCard ? 'gift-certificate' : 'payment-provider', amountMinor, reference: clean(tx.interactionId) || tx.id }];
      const document = creditNote({ reference: base.reference, refundId: tx.id, grossMinor: amountMinor, issueDate: date, reason, paymentMethod: method, note, settlements });
      return events.push({ ...base, kind: 'credit-note', reason, document, isGiftCard });
    });
  });
  if (order.orderState === 'Cancelled') events.push(cancellationEvent());
  return events;

  function cancellationEvent(): CommercetoolsPaymentEvent {
    const reference = commercetoolsCancellationReference(projectKey, order.id);
    const base = { reference, invoiceReference };
    if (totals.charged === 0) return { ...base, kind: 'skip', reason: 'cancelled-before-charge', message: 'the order was cancelled before any successful charge: nothing to post' };
    const outstanding = totals.charged - totals.credited;
    if (outstanding <= 0) return { ...base, kind: 'skip', reason: 'cancelled-nothing-outstanding', message: 'the order was cancelled and everything charged is already refunded' };
    const issueDate = context.cancellationDate ?? ctDate(order.lastModifiedAt ?? order.createdAt, order.lastModifiedAt ? 'lastModifiedAt' : 'createdAt');
    if (!ISO_DATE.test(issueDate)) throw new MappingError('invalid-field', 'cancellationDate', 'expected YYYY-MM-DD');
    const isGiftCard = chargedMethods.length > 0 && chargedMethods.every(Boolean);
    const document = creditNote({ reference, refundId: 'cancellation', grossMinor: outstanding, issueDate, reason: 'cancellation', paymentMethod: '', note: 'Order cancelled after payment: the charged amount not yet refunded' });
    return { ...base, kind: 'credit-note', reason: 'cancellation', document, isGiftCard };
  }
}

