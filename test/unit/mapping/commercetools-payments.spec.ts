import {
  commercetoolsCreditLines, commercetoolsOrderToSalesDocument, commercetoolsPaymentEvents, commercetoolsTransactionReference, type CommercetoolsPaymentEvent,
  type CtOrder, type CtPayment, type CtTransaction, describeExternalReference, EXTERNAL_REFERENCE_MAX_LENGTH, isCommercetoolsGiftCardMethod, MappingError,
  type SalesDocument,
} from '@mlc/mapping';
import fc from 'fast-check';
import { buildOrder, buildPayment, officialAuthorizationDraft, officialPaymentExample, TWO_RATES, tx, uuid } from './commercetools.factory';

const CONTEXT = { projectKey: 'ml-shop' };
const PAYMENT = uuid(100);
const order = (overrides: Partial<CtOrder> = {}): CtOrder => ({ ...buildOrder({ ...TWO_RATES, paymentIds: [PAYMENT, uuid(200)] }), ...overrides });
const invoiceRef = (o: CtOrder) => commercetoolsOrderToSalesDocument(o, CONTEXT).source.externalReference;
const one = (events: CommercetoolsPaymentEvent[]): CommercetoolsPaymentEvent => {
  expect(events).toHaveLength(1);
  return events[0] as CommercetoolsPaymentEvent;
};
const creditSummary = (doc: SalesDocument) => doc.lines.map((l) => [l.lineId, l.netMinor, l.taxMinor, l.taxRatePercent, l.accountRole ?? '']);

describe('commercetoolsPaymentEvents on the official samples', () => {
  it('should skip the official payment.example.json (a Pending Charge) with a stable reference', () => {
    const payment = officialPaymentExample();
    const usd = buildOrder({ ...TWO_RATES, currency: 'USD' });
    const event = one(commercetoolsPaymentEvents(usd, [payment], CONTEXT));
    const transaction = payment.transactions[0] as CtTransaction;
    expect(event).toEqual({
      kind: 'skip', reason: 'not-successful', message: 'transaction state Pending: only Success is posted',
      reference: commercetoolsTransactionReference('ml-shop', payment.id, transaction), invoiceReference: invoiceRef(usd),
      paymentId: payment.id, transactionId: transaction.id, transactionType: 'Charge',
    });
    expect(event.reference.length).toBeLessThanOrEqual(EXTERNAL_REFERENCE_MAX_LENGTH);
    expect(describeExternalReference(event.reference)).toMatchObject({ system: 'commercetools', storeTag: 'ml-shop', kind: 'payment' });
  });

  it('should skip the official Authorization (PaymentAddTransactionAction) even when successful', () => {
    const draft = officialAuthorizationDraft().transaction;
    const authorization: CtTransaction = { ...draft, id: uuid(120), state: 'Success', amount: { ...draft.amount, currencyCode: 'NOK' } } as CtTransaction;
    const event = one(commercetoolsPaymentEvents(order(), [buildPayment(PAYMENT, 'CREDIT_CARD', [authorization])], CONTEXT));
    expect(event).toMatchObject({ kind: 'skip', reason: 'authorization', transactionType: 'Authorization' });
  });
});

describe('commercetoolsPaymentEvents per transaction', () => {
  it('should turn a successful Charge into a customer payment applied to the invoice', () => {
    const o = order();
    const event = one(commercetoolsPaymentEvents(o, [buildPayment(PAYMENT, 'CREDIT_CARD', [{ ...tx(uuid(101), 'Charge', 130666), interactionId: 'pi_3Nxyz' }])], CONTEXT));
    const reference = commercetoolsTransactionReference('ml-shop', PAYMENT, { id: uuid(101), type: 'Charge' });
    expect(event).toEqual({
      kind: 'customer-payment', reference, invoiceReference: invoiceRef(o), paymentId: PAYMENT, transactionId: uuid(101), transactionType: 'Charge', isGiftCard: false,
      capture: {
        source: { system: 'commercetools', storeId: 'ml-shop', orderId: o.id, externalReference: reference },
        invoiceExternalReference: invoiceRef(o), captureNumber: reference, captureDate: '2026-03-02', isPaid: true, isCanceled: false,
        currency: 'NOK', amountMinor: 130666, paymentMethod: 'CREDIT_CARD', orderNumber: 'CT-1001', settlementAccountRole: 'cash',
      },
    });
    expect(reference).toHaveLength(40);
  });

  it.each(['giftcard', 'GiftCard', 'gift-card', 'GIFT_CARD', 'Gift Card'])('should settle a %s payment against the gift-card liability', (method) => {
    const event = one(commercetoolsPaymentEvents(order(), [buildPayment(PAYMENT, method, [tx(uuid(102), 'Charge', 20000)])], CONTEXT));
    expect(event).toMatchObject({ kind: 'customer-payment', isGiftCard: true, capture: { settlementAccountRole: 'gift-card-liability', amountMinor: 20000 } });
  });

  it('should not take other methods for gift cards', () => {
    expect(['CREDIT_CARD', 'gift', 'giftcards', '', undefined].map((m) => isCommercetoolsGiftCardMethod(m))).toEqual([false, false, false, false, false]);
  });

  it('should credit a partial Refund, its VAT split over the invoice\'s rates exactly to the cent', () => {
    const o = order();
    const event = one(commercetoolsPaymentEvents(o, [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(103), 'Refund', 50000)])], CONTEXT));
    if (event.kind !== 'credit-note') throw new Error(event.kind);
    expect(event).toMatchObject({ reason: 'refund', isGiftCard: false, invoiceReference: invoiceRef(o) });
    expect(event.document).toMatchObject({
      kind: 'credit-note', originalExternalReference: invoiceRef(o), issueDate: '2026-03-02', currency: 'NOK', orderNumber: 'CT-1001',
      source: { system: 'commercetools', storeId: 'ml-shop', orderId: o.id, externalReference: event.reference, refundId: uuid(103) },
      totals: { netMinor: 40826, taxMinor: 9174, grossMinor: 50000 },
    });
    // 130666 invoiced: 99650 at 25 %, 31016 at 15 % → 38132 and 11868 of the refund.
    expect(creditSummary(event.document)).toEqual([['credit:1', 30506, 7626, '25', ''], ['credit:2', 10320, 1548, '15', '']]);
    expect(describeExternalReference(event.reference)).toMatchObject({ kind: 'refund' });
    // The money went back through the payment provider: a settlement the ERP may record as a customer refund.
    expect(event.document.settlements).toEqual([{ method: 'payment-provider', amountMinor: 50000, reference: uuid(103) }]);
  });

  it('should credit a Chargeback on the chargeback account role', () => {
    const event = one(commercetoolsPaymentEvents(order(), [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(104), 'Chargeback', 130666)])], CONTEXT));
    if (event.kind !== 'credit-note') throw new Error(event.kind);
    expect(event.reason).toBe('chargeback');
    expect(event.document.totals).toEqual({ netMinor: 106690, taxMinor: 23976, grossMinor: 130666 });
    expect(event.document.lines.every((l) => l.accountRole === 'chargeback')).toBe(true);
  });

  it.each<[CtTransaction['type'], CtTransaction['state'], string]>([
    ['Authorization', 'Success', 'authorization'], ['CancelAuthorization', 'Success', 'cancel-authorization'],
    ['Charge', 'Pending', 'not-successful'], ['Charge', 'Failure', 'not-successful'], ['Charge', 'Initial', 'not-successful'], ['Refund', 'Pending', 'not-successful'],
  ])('should post nothing for %s in state %s (%s)', (type, state, reason) => {
    expect(one(commercetoolsPaymentEvents(order(), [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(105), type, 1000, state)])], CONTEXT))).toMatchObject({ kind: 'skip', reason });
  });
});

describe('commercetoolsPaymentEvents for a cancelled order', () => {
  it('should post nothing when the order was cancelled before any successful charge', () => {
    const events = commercetoolsPaymentEvents(order({ orderState: 'Cancelled' }), [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(106), 'Authorization', 130666), tx(uuid(107), 'CancelAuthorization', 130666)])], CONTEXT);
    expect(events.map((e) => [e.kind, e.kind === 'skip' ? e.reason : ''])).toEqual([['skip', 'authorization'], ['skip', 'cancel-authorization'], ['skip', 'cancelled-before-charge']]);
    expect(events[2]?.reference).toMatch(/^ct:ml-shop:_[a-z2-7]{26}:x$/);
  });

  it('should credit what was charged and not yet refunded when cancelled after a charge', () => {
    const o = order({ orderState: 'Cancelled', lastModifiedAt: '2026-03-05T08:00:00.000Z' });
    const events = commercetoolsPaymentEvents(o, [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(108), 'Charge', 130666), tx(uuid(109), 'Refund', 30666)])], CONTEXT);
    expect(events.map((e) => e.kind)).toEqual(['customer-payment', 'credit-note', 'credit-note']);
    const cancellation = events[2];
    if (cancellation?.kind !== 'credit-note') throw new Error('expected a credit note');
    expect(cancellation).toMatchObject({ reason: 'cancellation', reference: `${invoiceRef(o)}:x`, invoiceReference: invoiceRef(o) });
    expect(cancellation.document).toMatchObject({ issueDate: '2026-03-05', originalExternalReference: invoiceRef(o), totals: { grossMinor: 100000 } });
    expect(describeExternalReference(cancellation.reference)).toMatchObject({ kind: 'cancellation', id: o.id });
  });

  it('should post nothing more when everything charged was already refunded', () => {
    const events = commercetoolsPaymentEvents(order({ orderState: 'Cancelled' }), [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(110), 'Charge', 5000), tx(uuid(111), 'Refund', 5000)])], CONTEXT);
    expect(events.at(-1)).toMatchObject({ kind: 'skip', reason: 'cancelled-nothing-outstanding' });
  });
});

describe('commercetoolsPaymentEvents references', () => {
  const payments = (): CtPayment[] => [
    buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(112), 'Authorization', 130666), tx(uuid(113), 'Charge', 110666), tx(uuid(114), 'Refund', 10000), tx(uuid(115), 'Chargeback', 5000)]),
    buildPayment(uuid(200), 'giftcard', [tx(uuid(116), 'Charge', 20000)]),
  ];

  it('should be deterministic and give every transaction its own reference of at most 40 characters', () => {
    const first = commercetoolsPaymentEvents(order(), payments(), CONTEXT);
    expect(commercetoolsPaymentEvents(order(), payments(), CONTEXT)).toEqual(first);
    const references = first.map((e) => e.reference);
    expect(new Set(references).size).toBe(references.length);
    expect(references.every((r) => r.length <= EXTERNAL_REFERENCE_MAX_LENGTH && r !== first[0]?.invoiceReference)).toBe(true);
    expect(first.map((e) => e.kind)).toEqual(['skip', 'customer-payment', 'credit-note', 'credit-note', 'customer-payment']);
  });

  it('should keep references within 40 characters for a long project key', () => {
    const reference = commercetoolsTransactionReference('a-very-long-commercetools-project-key', PAYMENT, { id: uuid(117), type: 'Refund' });
    expect(reference.length).toBeLessThanOrEqual(EXTERNAL_REFERENCE_MAX_LENGTH);
    expect(describeExternalReference(reference)).toMatchObject({ kind: 'refund' });
  });

  it('should keep references distinct across many transactions of one payment (property)', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.uuid().map((u) => u.toLowerCase()), { minLength: 2, maxLength: 30 }), (ids) => {
      const refs = ids.map((id) => commercetoolsTransactionReference('ml-shop', PAYMENT, { id, type: 'Charge' }));
      return new Set(refs).size === refs.length && refs.every((r) => r.length <= EXTERNAL_REFERENCE_MAX_LENGTH);
    }), { numRuns: 100 });
  });
});

describe('commercetoolsPaymentEvents bad input', () => {
  it.each<[string, () => CtPayment[], string, string]>([
    ['a transaction in another currency', () => [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(118), 'Charge', 100, 'Success', 'EUR')])], 'currency-mismatch', 'payments[0].transactions[0].amount.currencyCode'],
    ['an unknown transaction type', () => [buildPayment(PAYMENT, 'CREDIT_CARD', [{ ...tx(uuid(119), 'Charge', 100), type: 'Capture' as CtTransaction['type'] }])], 'invalid-field', 'payments[0].transactions[0].type'],
    ['a negative amount', () => [buildPayment(PAYMENT, 'CREDIT_CARD', [tx(uuid(121), 'Refund', -100)])], 'invalid-field', 'payments[0].transactions[0].amount.centAmount'],
    ['the same payment twice', () => [buildPayment(PAYMENT, 'CREDIT_CARD', []), buildPayment(PAYMENT, 'CREDIT_CARD', [])], 'invalid-field', 'payments[1].id'],
    ['a payment of another order', () => [buildPayment(uuid(300), 'CREDIT_CARD', [])], 'invalid-field', 'payments[0].id'],
    ['a successful charge without any date', () => [{ ...buildPayment(PAYMENT, 'CREDIT_CARD', [{ ...tx(uuid(122), 'Charge', 100), timestamp: undefined }]), createdAt: undefined }], 'missing-field', 'payments[0].createdAt'],
  ])('should reject %s naming the field', (_name, build, code, field) => {
    let error: unknown;
    try {
      commercetoolsPaymentEvents(order(), build(), CONTEXT);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ code, field });
  });
});

describe('commercetoolsCreditLines (property)', () => {
  const invoiceArb = fc.array(fc.record({
    rate: fc.constantFrom('25', '15', '12', '0', '8.875', '19'),
    country: fc.constantFrom('NO', 'SE', 'DE'),
    gross: fc.integer({ min: -50_000, max: 5_000_000 }),
  }), { minLength: 1, maxLength: 8 });

  it('should always split a credit exactly: Σ gross = the credit, net + tax = gross on every line, tax at most the rate', () => {
    fc.assert(fc.property(invoiceArb, fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom('HalfEven' as const, 'HalfUp' as const, 'HalfDown' as const), (rows, credit, mode) => {
      const base = commercetoolsOrderToSalesDocument(buildOrder(TWO_RATES), CONTEXT);
      const invoice: SalesDocument = {
        ...base,
        lines: rows.map((r, i) => ({ ...(base.lines[0] as SalesDocument['lines'][number]), lineId: `l${i}`, taxRatePercent: r.rate, country: r.country, netMinor: r.gross, taxMinor: 0, grossMinor: r.gross })),
      };
      const lines = commercetoolsCreditLines(invoice, credit, { label: 'Refund', taxRounding: mode });
      const total = lines.reduce((acc, l) => acc + l.grossMinor, 0);
      return total === credit && lines.every((l) => l.netMinor + l.taxMinor === l.grossMinor && l.taxMinor >= 0 && l.taxMinor <= l.grossMinor && Number.isSafeInteger(l.netMinor));
    }), { numRuns: 300 });
  });
});
