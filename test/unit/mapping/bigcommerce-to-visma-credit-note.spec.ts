import {
  type BcRefund, MappingError, bigCommerceRefundToSalesDocument, toVismaCustomerCreditNote, toVismaCustomerInvoice,
  bigCommerceOrderToSalesDocument,
} from '@mlc/mapping';
import { type OrderSpec, buildOrderBundle, buildRefund, d4, officialRefundSample } from './bigcommerce-order.factory';
import { ACCOUNTS, testRules } from './mapping-rules.fixture';
import { vismaTotal4 } from './visma-check.helper';

type Row = { name: string; spec: OrderSpec; refund: BcRefund; lines: [string, string][]; rounding: number | null };

const OPTIONS = { storeId: 'store-1', issueDate: '2025-04-02' };

const ROWS: Row[] = [
  {
    name: 'the official refund sample (1 of 2 × 50.00 inc 12 %, paid back as store credit)',
    spec: { id: 180, currency: 'NOK', country: 'NO', inclusive: true, lines: [{ id: 87, sku: 'T-2', qty: 2, unit: '50.00', ratePercent: '12' }] },
    refund: officialRefundSample(),
    lines: [[ACCOUNTS.product, '33']],
    rounding: null,
  },
  {
    name: 'a partial refund of a discounted product (product and its discount share)',
    spec: { id: 300, currency: 'NOK', country: 'NO', inclusive: true, lines: [{ id: 1, sku: 'A-2', qty: 2, unit: '250.00', ratePercent: '25', discount: '50.00' }] },
    refund: buildRefund({ id: 20, order_id: 300, total_amount: 225, total_tax: 45, items: [{ item_type: 'PRODUCT', item_id: 1, quantity: 1, requested_amount: null }] }),
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.discount, '3']],
    rounding: null,
  },
  {
    name: 'a full refund with shipping',
    spec: {
      id: 301, currency: 'NOK', country: 'NO', inclusive: true,
      lines: [{ id: 2, sku: 'A-6', qty: 1, unit: '125.00', ratePercent: '25' }], shipping: { amount: '62.50', ratePercent: '25' },
    },
    refund: buildRefund({
      id: 21, order_id: 301, total_amount: 187.5, total_tax: 37.5,
      items: [{ item_type: 'PRODUCT', item_id: 2, quantity: 1, requested_amount: null }, { item_type: 'SHIPPING', item_id: 132, requested_amount: 62.5 }],
    }),
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.shipping, '3']],
    rounding: null,
  },
  {
    name: '2 of 3 × 33.33 inc 25 % refunded (rounding +0.01)',
    spec: { id: 302, currency: 'NOK', country: 'NO', inclusive: true, lines: [{ id: 3, sku: 'A-1', qty: 3, unit: '33.33', ratePercent: '25' }] },
    refund: buildRefund({ id: 22, order_id: 302, total_amount: 66.66, total_tax: 13.33, items: [{ item_type: 'PRODUCT', item_id: 3, quantity: 2, requested_amount: null }] }),
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.rounding, '6']],
    rounding: 0.01,
  },
  {
    name: 'an order-level goodwill refund without VAT',
    spec: { id: 303, currency: 'NOK', country: 'NO', inclusive: true, lines: [{ id: 4, sku: 'A-6', qty: 1, unit: '125.00', ratePercent: '25' }] },
    refund: buildRefund({ id: 23, order_id: 303, total_amount: 10, total_tax: 0, items: [{ item_type: 'ORDER', item_id: 303, requested_amount: 10 }] }),
    lines: [[ACCOUNTS.discount, '5']],
    rounding: null,
  },
];

describe('toVismaCustomerCreditNote (BigCommerce refunds)', () => {
  it.each(ROWS)('should balance the credit note to the refund total when $name', (row) => {
    const bundle = buildOrderBundle(row.spec);
    const doc = bigCommerceRefundToSalesDocument(bundle, row.refund, OPTIONS);
    const result = toVismaCustomerCreditNote(doc, testRules(), { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { document, postingSummary } = result;

    expect(document.lines.map((l) => [l.accountNumber.value, l.vatCodeId.value])).toEqual(row.lines);
    const refundTotal4 = d4(String(row.refund.total_amount));
    expect(vismaTotal4(document.lines, 2)).toBe(refundTotal4);
    const receivable = postingSummary.entries.find((e) => e.kind === 'receivable');
    expect(BigInt(receivable?.creditMinor ?? 0) * 100n).toBe(refundTotal4);
    expect(receivable?.debitMinor).toBe(0);
    expect(postingSummary.balanceMinor).toBe(0);
    const rounding = document.lines.filter((l) => l.accountNumber.value === ACCOUNTS.rounding).map((l) => l.unitPriceInCurrency.value);
    expect(rounding).toEqual(row.rounding === null ? [] : [row.rounding]);
    expect(document.externalReference.value).toBe(`bc:store-1:${row.spec.id}:r${row.refund.id}`);
    expect(doc.originalExternalReference).toBe(`bc:store-1:${row.spec.id}`);
    expect(document.customerRefNumber.value).toBe(String(row.spec.id));
  });

  it('should record the store-credit payment and the reason when the official refund sample is mapped', () => {
    const doc = bigCommerceRefundToSalesDocument(buildOrderBundle(ROWS[0]!.spec), ROWS[0]!.refund, OPTIONS);

    expect(doc.kind).toBe('credit-note');
    expect(doc.settlements).toEqual([{ method: 'store-credit', amountMinor: 5000, reference: 'storecredit' }]);
    expect(doc.note).toBe('Customer requires a refund.');
  });

  it('should apply the credit note to the invoice when the caller gives the invoice number', () => {
    const doc = bigCommerceRefundToSalesDocument(buildOrderBundle(ROWS[2]!.spec), ROWS[2]!.refund, OPTIONS);
    const result = toVismaCustomerCreditNote(doc, testRules(), { customerNumber: '10001', applyToInvoiceRefNbr: '100234' });

    expect(result.ok && result.document.applicationLines).toEqual([
      { operation: 'Insert', documentType: { value: 'Invoice' }, refNbr: { value: '100234' }, amountPaid: { value: 187.5 } },
    ]);
  });

  it('should throw a MappingError naming the item when a refunded product is not in the order', () => {
    const refund = buildRefund({ id: 24, order_id: 300, items: [{ item_type: 'PRODUCT', item_id: 999, quantity: 1, requested_amount: null }] });

    expect(() => bigCommerceRefundToSalesDocument(buildOrderBundle(ROWS[1]!.spec), refund, OPTIONS)).toThrow(
      expect.objectContaining({ name: 'MappingError', field: 'refund.items[0].item_id' }),
    );
  });

  it('should refuse more units than were ordered when a refund quantity is too high', () => {
    const refund = buildRefund({ id: 25, order_id: 300, items: [{ item_type: 'PRODUCT', item_id: 1, quantity: 3, requested_amount: null }] });

    expect(() => bigCommerceRefundToSalesDocument(buildOrderBundle(ROWS[1]!.spec), refund, OPTIONS)).toThrow(MappingError);
  });

  it('should reject an invoice document on the credit-note endpoint and vice versa', () => {
    const bundle = buildOrderBundle(ROWS[2]!.spec);
    const invoice = bigCommerceOrderToSalesDocument(bundle, OPTIONS);
    const creditNote = bigCommerceRefundToSalesDocument(bundle, ROWS[2]!.refund, OPTIONS);

    expect(toVismaCustomerCreditNote(invoice, testRules(), { customerNumber: '1' }).ok).toBe(false);
    expect(toVismaCustomerInvoice(creditNote, testRules(), { customerNumber: '1' }).ok).toBe(false);
  });
});
