import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  currencyExponent, MappingError, toVismaCustomerCreditNote, toVismaCustomerInvoice, type WcOrder, type WcRefund, wooCommerceCustomerToSalesCustomer,
  wooCommerceOrderToSalesDocument, wooCommerceRefundToSalesDocument,
} from '@mlc/mapping';
import { d4 } from './bigcommerce-order.factory';
import { ACCOUNTS, testRules } from './mapping-rules.fixture';
import { vismaTotal4 } from './visma-check.helper';

const FIXTURES = join(__dirname, '../../fixtures/woocommerce');
const example = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, `wc-v3.${name}.json`), 'utf8')) as T;
const OPTIONS = { storeId: 'shop1', issueDate: '2026-12-01' };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
/** The shared test rules, with WooCommerce's sales channel (`created_via`) mapped to a subaccount value. */
const wcRules = () =>
  testRules({
    subaccount: {
      segments: [
        { segmentId: 1, source: 'country', values: { NO: '10', SE: '20' }, defaultValue: '90' },
        { segmentId: 2, source: 'channel', values: { checkout: 'WEB', admin: 'MAN' } },
      ],
    },
  });

/**
 * An order as WooCommerce stores it with `prices_include_tax: true` in NOK: 3 × 199.00 at 25 % and 2 × 89.90 at 15 %
 * (catalogue prices include VAT), a 10 % coupon, a 40.00 gift-wrap fee at 25 % and 79.20 shipping at 25 %. Line
 * `subtotal`/`total` exclude tax (REST API docs, line item properties), rounded to the store's 2 decimals.
 */
function inclusiveOrder(): WcOrder {
  return {
    id: 5001, number: '5001', status: 'processing', currency: 'NOK', prices_include_tax: true, created_via: 'checkout',
    date_created_gmt: '2026-12-01T09:00:00', date_modified_gmt: '2026-12-01T09:05:00', date_paid_gmt: '2026-12-01T09:05:00',
    total: '848.12', total_tax: '158.37', customer_id: 0,
    billing: { first_name: 'Kari', last_name: 'Nordmann', company: '', address_1: 'Storgata 1', city: 'Oslo', postcode: '0155', country: 'NO', email: 'kari@example.no', phone: '+47 22 00 00 00' },
    shipping: { first_name: 'Kari', last_name: 'Nordmann', address_1: 'Storgata 1', city: 'Oslo', postcode: '0155', country: 'NO' },
    payment_method: 'stripe', payment_method_title: 'Credit card',
    line_items: [
      { id: 11, name: 'Mug', product_id: 93, quantity: 3, tax_class: '', subtotal: '477.60', subtotal_tax: '119.40', total: '429.84', total_tax: '107.46', taxes: [{ id: 1, total: '107.46', subtotal: '119.40' }], sku: 'MUG-1', price: 143.28 },
      { id: 12, name: 'Coffee 1 kg', product_id: 94, quantity: 2, tax_class: 'reduced-rate', subtotal: '156.35', subtotal_tax: '23.45', total: '140.71', total_tax: '21.11', taxes: [{ id: 2, total: '21.11', subtotal: '23.45' }], sku: 'COF-1', price: 70.355 },
    ],
    tax_lines: [
      { id: 21, rate_code: 'NO-MVA-1', rate_id: 1, label: 'MVA', compound: false, tax_total: '117.46', shipping_tax_total: '19.80', rate_percent: 25 },
      { id: 22, rate_code: 'NO-MVA REDUSERT-2', rate_id: 2, label: 'MVA redusert', compound: false, tax_total: '21.11', shipping_tax_total: '0.00', rate_percent: 15 },
    ],
    shipping_lines: [{ id: 31, method_title: 'Posten', method_id: 'flat_rate', total: '79.20', total_tax: '19.80', taxes: [{ id: 1, total: '19.80' }] }],
    fee_lines: [{ id: 41, name: 'Gift wrap', tax_class: '', tax_status: 'taxable', total: '40.00', total_tax: '10.00', taxes: [{ id: 1, total: '10.00', subtotal: '' }] }],
    coupon_lines: [{ id: 51, code: 'julen10', discount: '63.40', discount_tax: '14.28' }],
    refunds: [],
  };
}

describe('wooCommerceOrderToSalesDocument', () => {
  it('should read the official example order with its totals, shipping line and derived 7.5 % rate', () => {
    const doc = wooCommerceOrderToSalesDocument(example<WcOrder>('orders.retrieve-an-order.response'), OPTIONS);
    expect(doc.source).toEqual({ system: 'woocommerce', storeId: 'shop1', orderId: '727', externalReference: 'wc:shop1:727' });
    expect(doc.totals).toEqual({ netMinor: 2800, taxMinor: 135, grossMinor: 2935 });
    expect(doc.lines.map((l) => [l.lineId, l.type, l.netMinor, l.taxMinor, l.taxRatePercent])).toEqual([
      ['product:315', 'product', 600, 45, '7.5'],
      ['product:316', 'product', 1200, 90, '7.5'],
      ['shipping:317', 'shipping', 1000, 0, '0'],
    ]);
    expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
    expect(doc.customer).toMatchObject({ email: 'john.doe@example.com', shopCustomerId: '0', billingAddress: { countryCode: 'US', city: 'San Francisco' } });
  });

  it('should read every official example order so that its lines add up to its total', () => {
    const orders = [example<WcOrder>('orders.retrieve-an-order.response'), example<WcOrder>('orders.create-an-order.response'), ...example<WcOrder[]>('orders.list-all-orders.response')];
    for (const order of orders) {
      const doc = wooCommerceOrderToSalesDocument(order, OPTIONS);
      expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
    }
  });

  it('should balance to the cent an order with a coupon, a fee, two VAT rates and prices_include_tax: true', () => {
    const doc = wooCommerceOrderToSalesDocument(inclusiveOrder(), OPTIONS);
    expect(doc.isTaxInclusivePricing).toBe(true);
    expect(doc.lines.map((l) => [l.lineId, l.netMinor, l.taxMinor, l.taxRatePercent])).toEqual([
      ['product:11', 47760, 11940, '25'],
      ['discount:11', -4776, -1194, '25'],
      ['product:12', 15635, 2345, '15'],
      ['discount:12', -1564, -234, '15'],
      ['shipping:31', 7920, 1980, '25'],
      ['fee:41', 4000, 1000, '25'],
    ]);
    expect(doc.couponCodes).toEqual(['julen10']);
    expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(84812);

    const result = toVismaCustomerInvoice(doc, wcRules(), { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const lines = result.document.invoiceLines;
    expect(vismaTotal4(lines, currencyExponent('NOK'))).toBe(d4('848.12'));
    expect(result.postingSummary.balanceMinor).toBe(0);
    expect(lines.map((l) => [l.accountNumber.value, l.vatCodeId.value]).slice(0, 6)).toEqual([
      [ACCOUNTS.product, '3'], [ACCOUNTS.discount, '3'], [ACCOUNTS.product, '31'], [ACCOUNTS.discount, '31'], [ACCOUNTS.shipping, '3'], [ACCOUNTS.fee, '3'],
    ]);
    expect(result.document.externalReference.value).toBe('wc:shop1:5001');
  });

  it('should never read the float `price`, so a nonsense price changes nothing', () => {
    const order = inclusiveOrder();
    const doc = wooCommerceOrderToSalesDocument({ ...order, line_items: order.line_items?.map((l) => ({ ...l, price: 0.1 + 0.2 })) }, OPTIONS);
    expect(doc).toEqual(wooCommerceOrderToSalesDocument(order, OPTIONS));
  });

  it('should name the field when an amount cannot be read or the e-mail is missing', () => {
    const order = inclusiveOrder();
    const bad = { ...order, line_items: [{ ...order.line_items![0]!, subtotal: '4,77' }] };
    expect(() => wooCommerceOrderToSalesDocument(bad, OPTIONS)).toThrow(expect.objectContaining({ field: 'line_items[0].subtotal' }));
    expect(() => wooCommerceOrderToSalesDocument({ ...order, billing: { ...order.billing, email: '' } }, OPTIONS)).toThrow(MappingError);
  });

  it('should keep lines summing to the order total for any coupon share and quantities (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 100 }), (qty, unitNetMinor, couponPct) => {
        const net = qty * unitNetMinor;
        const tax = Math.round(net * 0.25);
        const totalNet = net - Math.round((net * couponPct) / 100);
        const totalTax = Math.round(totalNet * 0.25);
        const major = (m: number) => (m / 100).toFixed(2);
        const order: WcOrder = {
          ...inclusiveOrder(),
          line_items: [{ id: 1, name: 'X', quantity: qty, subtotal: major(net), subtotal_tax: major(tax), total: major(totalNet), total_tax: major(totalTax), taxes: [{ id: 1, total: major(totalTax), subtotal: major(tax) }] }],
          shipping_lines: [], fee_lines: [],
          total: major(totalNet + totalTax), total_tax: major(totalTax),
        };
        const doc = wooCommerceOrderToSalesDocument(order, OPTIONS);
        return sum(doc.lines.map((l) => l.grossMinor)) === doc.totals.grossMinor && sum(doc.lines.map((l) => l.taxMinor)) === doc.totals.taxMinor;
      }),
    );
  });
});

describe('wooCommerceRefundToSalesDocument', () => {
  it('should credit an itemised refund line as WooCommerce stores it (negative items) against the order’s invoice', () => {
    const refund: WcRefund = { id: 6001, date_created_gmt: '2026-12-02T10:00:00', amount: '179.10', reason: 'Broken mug', line_items: [{ id: 61, name: 'Mug', product_id: 93, quantity: -1, subtotal: '-143.28', subtotal_tax: '-35.82', total: '-143.28', total_tax: '-35.82', taxes: [{ id: 1, total: '-35.82', subtotal: '-35.82' }], sku: 'MUG-1' }] };
    const doc = wooCommerceRefundToSalesDocument(inclusiveOrder(), refund, OPTIONS);
    expect(doc.kind).toBe('credit-note');
    expect(doc.source.externalReference).toBe('wc:shop1:5001:r6001');
    expect(doc.originalExternalReference).toBe('wc:shop1:5001');
    expect(doc.lines.map((l) => [l.type, l.quantity, l.netMinor, l.taxMinor, l.taxRatePercent])).toEqual([['product', '1', 14328, 3582, '25']]);
    expect(doc.totals).toEqual({ netMinor: 14328, taxMinor: 3582, grossMinor: 17910 });
    const result = toVismaCustomerCreditNote(doc, wcRules(), { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(vismaTotal4(result.document.lines, 2)).toBe(d4('179.10'));
  });

  it('should spread an amount-only refund (the official example) over the order’s VAT rates', () => {
    const doc = wooCommerceRefundToSalesDocument(inclusiveOrder(), { ...example<WcRefund>('order-refunds.retrieve-a-refund.response'), amount: '100.00' }, OPTIONS);
    expect(doc.totals.grossMinor).toBe(10000);
    expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(10000);
    expect(sum(doc.lines.map((l) => l.taxMinor))).toBe(doc.totals.taxMinor);
    expect(new Set(doc.lines.map((l) => l.taxRatePercent))).toEqual(new Set(['25', '15']));
  });
});

describe('wooCommerceCustomerToSalesCustomer', () => {
  it('should read the official example customer with its billing and shipping addresses', () => {
    const customer = wooCommerceCustomerToSalesCustomer(example('customers.retrieve-a-customer.response'));
    expect(customer).toMatchObject({ email: 'john.doe@example.com', name: 'John Doe', shopCustomerId: '25', billingAddress: { city: 'San Francisco', countryCode: 'US' } });
    expect(customer.shippingAddress?.line1).toBe('969 Market');
  });

  it('should take the VAT number from the EU VAT plugins’ meta key', () => {
    const base = example<Parameters<typeof wooCommerceCustomerToSalesCustomer>[0]>('customers.retrieve-a-customer.response');
    expect(wooCommerceCustomerToSalesCustomer({ ...base, meta_data: [{ key: '_billing_vat_number', value: 'NO999999999MVA' }] }).vatNumber).toBe('NO999999999MVA');
  });
});
