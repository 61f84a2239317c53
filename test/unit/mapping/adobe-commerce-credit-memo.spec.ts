import {
  type AcCreditMemo, type AcOrder, adobeCommerceCreditMemoReadiness, adobeCommerceCreditMemoToSalesDocument, MappingError, type SalesDocument,
} from '@mlc/mapping';
import { buildCreditMemo, buildOrder, INCLUSIVE, type OrderSpec, order3WithAllItems, refundRequest5, TWO_RATES } from './adobe-commerce.factory';

const OPTIONS = { storeId: 'default' };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const rows = (doc: SalesDocument) => doc.lines.map((l) => [l.lineId, l.type, l.sku ?? '', l.netMinor, l.taxMinor, l.taxRatePercent]);

function expectBalanced(doc: SalesDocument): void {
  expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
  expect(sum(doc.lines.map((l) => l.taxMinor))).toBe(doc.totals.taxMinor);
  expect(doc.totals.netMinor + doc.totals.taxMinor).toBe(doc.totals.grossMinor);
}

/** Order 3 with all items as order 5 (the tutorial's refund request is for order 5, item 3), and that request's memo. */
function officialRefund(): { order: AcOrder; memo: AcCreditMemo } {
  const order = { ...order3WithAllItems(), entity_id: 5, increment_id: '000000005' };
  const request = refundRequest5();
  const memo = buildCreditMemo(order, {
    id: 7, items: request.items.map((i) => ({ orderItemId: i.order_item_id, qty: i.qty })), shipping: request.arguments.shipping_amount > 0,
    adjustmentPositive: String(request.arguments.adjustment_positive), adjustmentNegative: String(request.arguments.adjustment_negative),
  });
  return { order, memo };
}

describe('adobeCommerceCreditMemoToSalesDocument', () => {
  it('should credit the official refund request (item 3 of order 5) against the order\'s invoice', () => {
    const { order, memo } = officialRefund();
    const doc = adobeCommerceCreditMemoToSalesDocument(memo, order, OPTIONS);
    expect(doc).toMatchObject({ kind: 'credit-note', orderNumber: '000000005', originalExternalReference: 'ac:default:5', currency: 'USD', issueDate: '2017-09-01', note: 'Credit memo 000000007' });
    expect(doc.source).toEqual({ system: 'adobe-commerce', storeId: 'default', orderId: '5', refundId: '7', externalReference: 'ac:default:5:m7' });
    expect(rows(doc)).toEqual([['product:3', 'product', 'WS12-M-Orange', 2200, 0, '0']]);
    expect(doc.totals).toEqual({ netMinor: 2200, taxMinor: 0, grossMinor: 2200 });
  });

  it.each<[string, OrderSpec, Parameters<typeof buildCreditMemo>[1], (string | number)[][], { netMinor: number; taxMinor: number; grossMinor: number }]>([
    ['one of three discounted mugs, shipping, an adjustment refund and an adjustment fee', TWO_RATES,
      { id: 9, items: [{ orderItemId: 21, qty: 1 }], shipping: true, adjustmentPositive: '50.00', adjustmentNegative: '20.00' }, [
        ['product:21', 'product', 'MUG-1', 15920, 3980, '25'], ['discount:21', 'discount', '', -1592, -398, '25'],
        ['shipping', 'shipping', '', 7920, 1980, '25'],
        ['adjustment-refund', 'fee', '', 5000, 0, '0'], ['adjustment-fee', 'fee', '', -2000, 0, '0'],
      ], { netMinor: 25248, taxMinor: 5562, grossMinor: 30810 }],
    ['prices incl. VAT: a mug and the discounted shipping (its discount is only in the memo\'s discount_amount)', INCLUSIVE,
      { id: 10, items: [{ orderItemId: 31, qty: 1 }], shipping: true }, [
        ['product:31', 'product', 'MUG-1', 15920, 3980, '25'], ['discount:31', 'discount', '', -1592, -398, '25'],
        ['shipping', 'shipping', '', 7920, 1980, '25'], ['discount:shipping', 'discount', '', -3960, -990, '25'],
      ], { netMinor: 18288, taxMinor: 4572, grossMinor: 22860 }],
    ['only an adjustment refund (a goodwill amount: no items, no VAT)', TWO_RATES,
      { id: 11, items: [], adjustmentPositive: '99.90' }, [['adjustment-refund', 'fee', '', 9990, 0, '0']], { netMinor: 9990, taxMinor: 0, grossMinor: 9990 }],
    ['two coffees at 15 % less a restocking fee', TWO_RATES,
      { id: 12, items: [{ orderItemId: 22, qty: 2 }], adjustmentNegative: '15.00' }, [
        ['product:22', 'product', 'COF-1', 15634, 2345, '15'], ['adjustment-fee', 'fee', '', -1500, 0, '0'],
      ], { netMinor: 14134, taxMinor: 2345, grossMinor: 16479 }],
  ])('should credit %s, balanced to the cent', (_name, orderSpec, memoSpec, expectedRows, totals) => {
    const order = buildOrder(orderSpec);
    const doc = adobeCommerceCreditMemoToSalesDocument(buildCreditMemo(order, memoSpec), order, OPTIONS);
    expect(rows(doc)).toEqual(expectedRows);
    expect(doc.totals).toEqual(totals);
    expectBalanced(doc);
    expect(doc.source.externalReference).toBe(`ac:default:3:m${memoSpec.id}`);
    expect(doc.originalExternalReference).toBe('ac:default:3');
  });

  it('should skip a configurable\'s child and a dynamic bundle\'s parent exactly as on the invoice', () => {
    const order = order3WithAllItems();
    const memo = buildCreditMemo(order, { id: 13, items: [5, 6, 7, 8, 9, 10, 11].map((orderItemId) => ({ orderItemId, qty: 1 })) });
    const doc = adobeCommerceCreditMemoToSalesDocument(memo, order, OPTIONS);
    expect(rows(doc).map((r) => [r[0], r[2], r[3]])).toEqual([
      ['product:6', '24-WG082-blue', 2700], ['product:7', '24-WG084', 500], ['product:8', '24-WG086', 1700], ['product:9', '24-WG088', 1900], ['product:10', 'MH01-S-Gray', 5200],
    ]);
    // The factory totals all memo items (the bundle parent's 68.00 too), as a naive sum would: the mapper does not.
    expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(12000);
  });

  it('should keep the SEK order currency and the memo\'s fx for an order in a NOK-based website', () => {
    const order = buildOrder({ ...TWO_RATES, currency: 'SEK', baseCurrency: 'NOK', baseToOrderRate: 0.9731 });
    const doc = adobeCommerceCreditMemoToSalesDocument(buildCreditMemo(order, { id: 14, items: [{ orderItemId: 22, qty: 1 }] }), order, OPTIONS);
    expect(doc.currency).toBe('SEK');
    expect(doc.fx).toEqual({ storeDefaultCurrency: 'NOK', storeToDocumentRate: '0.9731' });
    expect(rows(doc)).toEqual([['product:22', 'product', 'COF-1', 7817, 1173, '15']]);
    expectBalanced(doc);
  });

  it.each<[string, (memo: AcCreditMemo) => AcCreditMemo, string, string]>([
    ['a memo of another order', (m) => ({ ...m, order_id: 99 }), 'invalid-field', 'order_id'],
    ['an item the order does not have', (m) => ({ ...m, items: [{ ...(m.items?.[0] as NonNullable<AcCreditMemo['items']>[number]), order_item_id: 999 }] }), 'invalid-field', 'items[0].order_item_id'],
    ['another currency', (m) => ({ ...m, order_currency_code: 'EUR' }), 'currency-mismatch', 'order_currency_code'],
    ['a negative adjustment fee', (m) => ({ ...m, adjustment_negative: -5 }), 'invalid-field', 'adjustment_negative'],
    ['no grand total', (m) => ({ ...m, grand_total: null }), 'missing-field', 'grand_total'],
    ['a malformed created_at', (m) => ({ ...m, created_at: 'yesterday' }), 'invalid-field', 'created_at'],
  ])('should throw a MappingError for %s', (_name, patch, code, field) => {
    const order = buildOrder(TWO_RATES);
    const memo = patch(buildCreditMemo(order, { id: 15, items: [{ orderItemId: 21, qty: 1 }] }));
    const act = () => adobeCommerceCreditMemoToSalesDocument(memo, order, OPTIONS);
    expect(act).toThrow(MappingError);
    expect(act).toThrow(expect.objectContaining({ code, field }) as Error);
  });
});

describe('adobeCommerceCreditMemoReadiness', () => {
  it.each([[2, true], [1, false], [3, false], [undefined, true]])('should treat state %s as ready: %s', (state, expected) => {
    const memo = buildCreditMemo(buildOrder(TWO_RATES), { id: 16, items: [] });
    expect(adobeCommerceCreditMemoReadiness({ ...memo, state }).isReady).toBe(expected);
  });
});
