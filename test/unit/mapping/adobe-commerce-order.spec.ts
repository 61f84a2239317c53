import { type AcOrder, type AcOrderItem, adobeCommerceOrderReadiness, adobeCommerceOrderToSalesDocument, MappingError, type SalesDocument } from '@mlc/mapping';
import { buildOrder, INCLUSIVE, type OrderSpec, order3, order3WithAllItems, TWO_RATES } from './adobe-commerce.factory';

const OPTIONS = { storeId: 'default' };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const summary = (doc: SalesDocument) => doc.lines.map((l) => [l.lineId, l.type, l.sku ?? '', l.quantity, l.netMinor, l.taxMinor, l.taxRatePercent]);

/** Every line adds up: Σ gross = gross, Σ tax = tax, net + tax = gross, on the lines and on the document. */
function expectBalanced(doc: SalesDocument): void {
  expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
  expect(sum(doc.lines.map((l) => l.taxMinor))).toBe(doc.totals.taxMinor);
  expect(doc.totals.netMinor + doc.totals.taxMinor).toBe(doc.totals.grossMinor);
  for (const l of doc.lines) {
    expect(l.netMinor + l.taxMinor).toBe(l.grossMinor);
    expect(Number.isSafeInteger(l.netMinor) && Number.isSafeInteger(l.taxMinor)).toBe(true);
  }
}

describe('adobeCommerceOrderToSalesDocument on the official samples', () => {
  it('should read the official order 3 (items elided in the tutorial) with its reference, number, date and customer', () => {
    const doc = adobeCommerceOrderToSalesDocument(order3(), OPTIONS);
    expect(doc.source).toEqual({ system: 'adobe-commerce', storeId: 'default', orderId: '3', externalReference: 'ac:default:3' });
    expect(doc).toMatchObject({ kind: 'invoice', orderNumber: '000000003', currency: 'USD', issueDate: '2017-08-21', country: 'US', channelId: '1', paymentMethod: 'banktransfer' });
    expect(doc.fx).toEqual({ storeDefaultCurrency: 'USD', storeToDocumentRate: '1' });
    expect(doc.totals).toEqual({ netMinor: 16500, taxMinor: 0, grossMinor: 16500 });
    expect(summary(doc)).toEqual([
      ['product:3', 'product', 'WS12-M-Orange', '1', 2200, 0, '0'],
      ['shipping', 'shipping', '', '1', 500, 0, '0'],
    ]);
    // The tutorial removed eight of the nine items but kept the order's totals: the gap is far beyond rounding and is
    // left for the ERP writer to report, never absorbed into a line.
    expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(2700);
    expect(doc.customer).toMatchObject({ email: 'jdoe@example.com', name: 'Jane Doe', shopCustomerId: '3', billingAddress: { line1: '123 Oak Ave', city: 'Purchase', postalCode: '10577', region: 'New York', countryCode: 'US', phone: '512-555-1111' } });
    expect(doc.customer.shippingAddress).toMatchObject({ name: 'Jane Doe', countryCode: 'US' });
  });

  it('should bill order 3 with all nine items once each: configurable parent + child → one line, dynamic bundle → its children', () => {
    const doc = adobeCommerceOrderToSalesDocument(order3WithAllItems(), OPTIONS);
    expect(summary(doc)).toEqual([
      ['product:3', 'product', 'WS12-M-Orange', '1', 2200, 0, '0'],
      ['product:4', 'product', '240-LV08', '1', 1800, 0, '0'],
      ['product:6', 'product', '24-WG082-blue', '1', 2700, 0, '0'],
      ['product:7', 'product', '24-WG084', '1', 500, 0, '0'],
      ['product:8', 'product', '24-WG086', '1', 1700, 0, '0'],
      ['product:9', 'product', '24-WG088', '1', 1900, 0, '0'],
      ['product:10', 'product', 'MH01-S-Gray', '1', 5200, 0, '0'],
      ['shipping', 'shipping', '', '1', 500, 0, '0'],
    ]);
    expect(doc.lines.find((l) => l.lineId === 'product:10')?.name).toBe('Chaz Kangeroo Hoodie');
    expectBalanced(doc);
    expect(doc.totals.grossMinor).toBe(16500);
  });
});

describe('adobeCommerceOrderToSalesDocument amounts (table)', () => {
  it.each<[string, OrderSpec, { lines: (string | number)[][]; totals: { netMinor: number; taxMinor: number; grossMinor: number }; currency: string; fx: { storeDefaultCurrency: string; storeToDocumentRate: string } }]>([
    ['NOK, prices ex VAT, 25 % and 15 %, a discount on one item', TWO_RATES, {
      currency: 'NOK', fx: { storeDefaultCurrency: 'NOK', storeToDocumentRate: '1' },
      lines: [
        ['product:21', 'product', 47760, 11940, '25'], ['discount:21', 'discount', -4776, -1194, '25'],
        ['product:22', 'product', 15634, 2345, '15'], ['shipping', 'shipping', 7920, 1980, '25'],
      ],
      totals: { netMinor: 66538, taxMinor: 15071, grossMinor: 81609 },
    }],
    ['NOK, prices incl. VAT, discount on prices incl. VAT (discount tax compensation)', INCLUSIVE, {
      currency: 'NOK', fx: { storeDefaultCurrency: 'NOK', storeToDocumentRate: '1' },
      lines: [
        ['product:31', 'product', 47760, 11940, '25'], ['discount:31', 'discount', -4776, -1194, '25'],
        ['product:32', 'product', 7817, 1173, '15'], ['shipping', 'shipping', 7920, 1980, '25'], ['discount:shipping', 'discount', -3960, -990, '25'],
      ],
      totals: { netMinor: 54761, taxMinor: 12909, grossMinor: 67670 },
    }],
    ['SEK order in a NOK-based website: the document is in SEK, base amounts are not read', { ...TWO_RATES, currency: 'SEK', baseCurrency: 'NOK', baseToOrderRate: 0.9731 }, {
      currency: 'SEK', fx: { storeDefaultCurrency: 'NOK', storeToDocumentRate: '0.9731' },
      lines: [
        ['product:21', 'product', 47760, 11940, '25'], ['discount:21', 'discount', -4776, -1194, '25'],
        ['product:22', 'product', 15634, 2345, '15'], ['shipping', 'shipping', 7920, 1980, '25'],
      ],
      totals: { netMinor: 66538, taxMinor: 15071, grossMinor: 81609 },
    }],
    ['8.875 % sales tax on a 3-decimal quantity', { currency: 'USD', items: [{ id: 41, sku: 'ROPE', qty: 2.5, unit: '3.99', ratePercent: '8.875' }] }, {
      currency: 'USD', fx: { storeDefaultCurrency: 'USD', storeToDocumentRate: '1' },
      lines: [['product:41', 'product', 998, 89, '8.875']],
      totals: { netMinor: 998, taxMinor: 89, grossMinor: 1087 },
    }],
  ])('%s', (_name, spec, expected) => {
    const order = buildOrder(spec);
    const doc = adobeCommerceOrderToSalesDocument(order, OPTIONS);
    expect(doc.currency).toBe(expected.currency);
    expect(doc.fx).toEqual(expected.fx);
    expect(doc.lines.map((l) => [l.lineId, l.type, l.netMinor, l.taxMinor, l.taxRatePercent])).toEqual(expected.lines);
    expect(doc.totals).toEqual(expected.totals);
    expectBalanced(doc);
    for (const discount of doc.lines.filter((l) => l.type === 'discount')) {
      expect(doc.lines.find((l) => l.lineId === discount.appliesToLineId)?.taxRatePercent).toBe(discount.taxRatePercent);
    }
  });
});

/** A configurable parent (carries price and tax) with its child (price 0), as Commerce stores them. */
function configurableItems(parentSku: string, childSku: string): AcOrderItem[] {
  return [
    { item_id: 51, product_type: 'configurable', sku: parentSku, name: 'Hoodie', qty_ordered: 2, price: 400, price_incl_tax: 500, row_total: 800, row_total_incl_tax: 1000, tax_amount: 200, tax_percent: 25, discount_amount: 0 },
    { item_id: 52, parent_item_id: 51, product_type: 'simple', sku: childSku, name: 'Hoodie-S-Gray', qty_ordered: 2, price: 0, row_total: 0, tax_amount: 0, tax_percent: 0, discount_amount: 0 },
  ];
}

describe('adobeCommerceOrderToSalesDocument parent and child items', () => {
  const withItems = (items: AcOrderItem[], totals: { grand: number; tax: number }): AcOrder => ({
    ...buildOrder({ currency: 'NOK', items: [] }), items, grand_total: totals.grand, tax_amount: totals.tax, subtotal: totals.grand - totals.tax,
  });

  it.each([
    ['the child\'s sku when Commerce copied it onto the parent', 'MH01-S-Gray', 'MH01-S-Gray', 'MH01-S-Gray'],
    ['the child\'s sku (the simple product sold) when the parent has its own', 'MH01', 'MH01-S-Gray', 'MH01-S-Gray'],
    ['the parent\'s sku when the child has none', 'MH01', '', 'MH01'],
  ])('should bill a configurable product once with %s', (_name, parentSku, childSku, expectedSku) => {
    const doc = adobeCommerceOrderToSalesDocument(withItems(configurableItems(parentSku, childSku), { grand: 1000, tax: 200 }), OPTIONS);
    expect(summary(doc)).toEqual([['product:51', 'product', expectedSku, '2', 80000, 20000, '25']]);
    expect(doc.lines[0]).toMatchObject({ name: 'Hoodie', unitPriceExTaxMinor: 40000, unitPriceIncTaxMinor: 50000 });
    expectBalanced(doc);
  });

  it('should bill a fixed-price bundle as its parent and a dynamic one as its children, each child at its own rate', () => {
    const items: AcOrderItem[] = [
      { item_id: 61, product_type: 'bundle', sku: 'KIT-FIXED', name: 'Fixed kit', qty_ordered: 1, price: 100, row_total: 100, row_total_incl_tax: 125, tax_amount: 25, tax_percent: 25 },
      { item_id: 62, parent_item_id: 61, product_type: 'simple', sku: 'BALL', qty_ordered: 1, price: 0, row_total: 0, tax_amount: 0 },
      { item_id: 63, product_type: 'bundle', sku: 'KIT-DYN', name: 'Dynamic kit', qty_ordered: 1, price: 150, row_total: 150, tax_amount: 0 },
      { item_id: 64, parent_item_id: 63, product_type: 'simple', sku: 'BOOK', name: 'Book', qty_ordered: 2, price: 50, row_total: 100, row_total_incl_tax: 100, tax_amount: 0, tax_percent: 0 },
      { item_id: 65, parent_item_id: 63, product_type: 'simple', sku: 'MAT', name: 'Mat', qty_ordered: 1, price: 50, row_total: 50, row_total_incl_tax: 62.5, tax_amount: 12.5, tax_percent: 25 },
      { item_id: 66, product_type: 'giftcard', sku: 'GC-500', name: 'Gift card', qty_ordered: 1, price: 500, row_total: 500, tax_amount: 0, tax_percent: 0 },
    ];
    const doc = adobeCommerceOrderToSalesDocument(withItems(items, { grand: 787.5, tax: 37.5 }), OPTIONS);
    expect(summary(doc)).toEqual([
      ['product:61', 'product', 'KIT-FIXED', '1', 10000, 2500, '25'],
      ['product:64', 'product', 'BOOK', '2', 10000, 0, '0'],
      ['product:65', 'product', 'MAT', '1', 5000, 1250, '25'],
      ['product:66', 'gift-card', 'GC-500', '1', 50000, 0, '0'],
    ]);
    expectBalanced(doc);
  });
});

describe('adobeCommerceOrderToSalesDocument totals', () => {
  it('should move a one-cent tax difference between the items and the order to the line with the largest tax', () => {
    const order = buildOrder(TWO_RATES);
    order.tax_amount = 150.72;
    order.grand_total = 816.1;
    const doc = adobeCommerceOrderToSalesDocument(order, OPTIONS);
    expect(doc.lines.find((l) => l.lineId === 'product:21')?.taxMinor).toBe(11941);
    expectBalanced(doc);
  });

  it('should absorb a one-cent gross difference in the net of the largest product line', () => {
    const order = buildOrder(TWO_RATES);
    order.grand_total = 816.08;
    const doc = adobeCommerceOrderToSalesDocument(order, OPTIONS);
    expect(doc.lines.find((l) => l.lineId === 'product:21')?.netMinor).toBe(47759);
    expectBalanced(doc);
  });

  it('should leave a gap beyond rounding (an unmapped gift-wrapping charge) for the ERP writer to report', () => {
    const order = buildOrder(TWO_RATES);
    order.grand_total = 846.09;
    const doc = adobeCommerceOrderToSalesDocument(order, OPTIONS);
    expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(81609);
    expect(doc.totals.grossMinor).toBe(84609);
  });

  it('should keep redeemed gift cards, store credit and reward points as settlements on top of grand_total', () => {
    const order = buildOrder(TWO_RATES);
    order.grand_total = 816.09 - 100 - 50 - 16.09;
    order.extension_attributes = { ...order.extension_attributes, gift_cards_amount: 100, customer_balance_amount: 50, reward_currency_amount: 16.09 };
    const doc = adobeCommerceOrderToSalesDocument(order, OPTIONS);
    expect(doc.settlements).toEqual([
      { method: 'gift-certificate', amountMinor: 10000 }, { method: 'store-credit', amountMinor: 5000 }, { method: 'store-credit', amountMinor: 1609, reference: 'reward-points' },
    ]);
    expect(doc.totals.grossMinor).toBe(81609);
    expectBalanced(doc);
  });

  it('should take the shipping rate from the applied shipping taxes and an issue date the caller gives', () => {
    const order = buildOrder(TWO_RATES);
    order.extension_attributes = { ...order.extension_attributes, item_applied_taxes: [{ type: 'shipping', applied_taxes: [{ percent: 25 }] }] };
    const doc = adobeCommerceOrderToSalesDocument(order, { ...OPTIONS, issueDate: '2017-08-22' });
    expect(doc.lines.find((l) => l.type === 'shipping')?.taxRatePercent).toBe('25');
    expect(doc.issueDate).toBe('2017-08-22');
  });
});

describe('adobeCommerceOrderReadiness', () => {
  it.each<[string, Partial<AcOrder>, boolean, { hasInvoice?: boolean }]>([
    ['processing', { state: 'processing' }, true, {}],
    ['complete', { state: 'complete' }, true, {}],
    ['closed (refunded after invoicing)', { state: 'closed' }, true, {}],
    ['new without an invoice (the official order 3)', {}, false, {}],
    ['new with an invoice the caller saw', { state: 'new' }, true, { hasInvoice: true }],
    ['on hold after processing', { state: 'holded', hold_before_state: 'processing' }, true, {}],
    ['on hold with an invoiced total', { state: 'holded', total_invoiced: 165 }, true, {}],
    ['on hold before payment', { state: 'holded', hold_before_state: 'new' }, false, {}],
    ['pending payment', { state: 'pending_payment' }, false, {}],
    ['payment review, even with an invoice', { state: 'payment_review', total_invoiced: 165 }, false, {}],
    ['canceled', { state: 'canceled', total_invoiced: 165 }, false, {}],
  ])('should decide %s', (_name, patch, expected, options) => {
    expect(adobeCommerceOrderReadiness({ ...order3(), ...patch }, options).isReady).toBe(expected);
  });
});

describe('adobeCommerceOrderToSalesDocument bad input', () => {
  const items = (patch: Partial<AcOrderItem>): Partial<AcOrder> => ({ items: [{ ...(order3().items?.[0] as AcOrderItem), ...patch }] });
  it.each<[string, Partial<AcOrder>, Record<string, unknown>, string]>([
    ['no order currency', { order_currency_code: undefined }, {}, 'order_currency_code'],
    ['an unknown currency', { order_currency_code: 'XXX' }, {}, 'order_currency_code'],
    ['a row total that is not an amount', items({ row_total: 'twenty' }), {}, 'items[0].row_total'],
    ['a zero quantity', items({ qty_ordered: 0 }), {}, 'items[0].qty'],
    ['no quantity', items({ qty_ordered: undefined }), {}, 'items[0].qty_ordered'],
    ['an item without an id', items({ item_id: undefined }), {}, 'items[0].item_id'],
    ['no e-mail', { customer_email: '', billing_address: { ...order3().billing_address, email: '' } }, {}, 'customer_email'],
    ['a malformed created_at', { created_at: '21/08/2017' }, {}, 'created_at'],
    ['no grand total', { grand_total: undefined }, {}, 'grand_total'],
    ['an entity id that is not an integer', { entity_id: 'x' as unknown as number }, {}, 'entity_id'],
    ['bad price decimals', {}, { priceDecimals: 1.5 }, 'priceDecimals'],
    ['a bad issue date', {}, { issueDate: '2017-8-1' }, 'issueDate'],
  ])('should throw a MappingError naming the field for %s', (_name, patch, options, field) => {
    const act = () => adobeCommerceOrderToSalesDocument({ ...order3(), ...patch }, { ...OPTIONS, ...options });
    expect(act).toThrow(MappingError);
    expect(act).toThrow(expect.objectContaining({ field }) as Error);
  });
});
