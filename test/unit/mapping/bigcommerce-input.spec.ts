import { type BcOrderBundle, MappingError, bigCommerceOrderToSalesDocument, toVismaCustomerInvoice } from '@mlc/mapping';
import order218 from '../../fixtures/bigcommerce-orders/order-218.response.json';
import order247 from '../../fixtures/bigcommerce-orders/order-247-multiple-items.response.json';
import products149 from '../../fixtures/bigcommerce-orders/order-149-products.response.json';
import coupons120 from '../../fixtures/bigcommerce-orders/order-120-coupons.response.json';
import taxes138 from '../../fixtures/bigcommerce-orders/order-138-taxes.response.json';
import shippingAddresses from '../../fixtures/bigcommerce-orders/order-shipping-addresses.response.json';
import { buildOrderBundle } from './bigcommerce-order.factory';
import { testRules } from './mapping-rules.fixture';

const OPTIONS = { storeId: 'store-1', issueDate: '2025-03-31' };

function officialBundle(order: unknown): BcOrderBundle {
  return JSON.parse(
    JSON.stringify({ order, products: products149, coupons: coupons120, taxes: taxes138, shippingAddresses }),
  ) as BcOrderBundle;
}

describe('bigCommerceOrderToSalesDocument with official samples', () => {
  it('should read fees (including the sample’s misspelt cost_exc_tax), skip bundle children and take the product discount when order 218 is mapped', () => {
    const doc = bigCommerceOrderToSalesDocument(officialBundle(order218), OPTIONS);

    expect(doc.currency).toBe('USD');
    expect(doc.lines.map((l) => [l.lineId, l.type, l.netMinor, l.taxMinor, l.grossMinor])).toEqual([
      ['product:65', 'product', 5599, 924, 6523],
      ['discount:product:65', 'discount', -136, -23, -159],
      ['shipping', 'shipping', 1109, 91, 1200],
      ['fee:1', 'fee', 1230, 0, 1230],
      ['fee:2', 'fee', 400, 800, 1200],
    ]);
    expect(doc.couponCodes).toEqual(['S2549JM0Y']);
    expect(doc.totals).toEqual({ netMinor: 6453, taxMinor: 531, grossMinor: 6984 });
  });

  it('should report every problem of the official order 218 at once when its amounts and rates are not mapped', () => {
    const doc = bigCommerceOrderToSalesDocument(officialBundle(order218), OPTIONS);

    const result = toVismaCustomerInvoice(doc, testRules(), { customerNumber: '10001' });

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['missing-vat-code', 'lines[0].vatCode'],
      ['missing-vat-code', 'lines[1].vatCode'],
      ['missing-vat-code', 'lines[2].vatCode'],
      ['missing-vat-code', 'lines[3].vatCode'],
      ['missing-vat-code', 'lines[4].vatCode'],
    ]);
    expect(problems[0]?.message).toBe('No VAT code is mapped for 16.5 % in US on product sales; add one under Mappings → VAT codes.');
    expect(problems[4]?.message).toContain('200 %');
  });

  it('should take the transactional currency when the official order 247 has a misspelt currency_code key', () => {
    const doc = bigCommerceOrderToSalesDocument(officialBundle(order247), OPTIONS);

    expect(doc.currency).toBe('USD');
    expect(doc.source.externalReference).toBe('bc:store-1:247');
    expect(doc.customer.email).toBe('janedoe@email.com');
  });

  it('should refuse to post when the official sample order and product samples do not add up', () => {
    const doc = bigCommerceOrderToSalesDocument(officialBundle(order247), OPTIONS);
    const rules = testRules({ vatCodes: [{ country: '*', ratePercent: '*', vatCodeId: '3' }], subaccount: { segments: [] } });

    const result = toVismaCustomerInvoice(doc, rules, { customerNumber: '10001' });

    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['rounding-too-large']);
  });
});

type LooseBundle = { order: Record<string, unknown>; products: Record<string, unknown>[]; taxes?: unknown[] };
type Mutation = [string, (b: LooseBundle) => void, string, string];

const BAD_INPUT: Mutation[] = [
  ['a non-decimal price', (b) => { b.products[0]!['price_ex_tax'] = 'abc'; }, 'products[0].price_ex_tax', 'invalid-decimal'],
  ['a missing line total', (b) => { delete b.products[1]!['total_inc_tax']; }, 'products[1].total_inc_tax', 'missing-field'],
  ['a fractional quantity', (b) => { b.products[0]!['quantity'] = 1.5; }, 'products[0].quantity', 'invalid-field'],
  ['a null order total', (b) => { b.order['total_inc_tax'] = null; }, 'total_inc_tax', 'missing-field'],
  ['an empty e-mail', (b) => { (b.order['billing_address'] as Record<string, unknown>)['email'] = ''; }, 'billing_address.email', 'missing-field'],
  ['an unknown currency', (b) => { b.order['default_currency_code'] = 'XYZ'; }, 'default_currency_code', 'unknown-currency'],
  ['no products', (b) => { b.products.length = 0; }, 'products', 'missing-field'],
  ['a fee without a gross cost', (b) => { delete (b.order['fees'] as Record<string, unknown>[])[0]!['cost_inc_tax']; }, 'fees[0].cost_inc_tax', 'missing-field'],
  ['a bad tax rate row', (b) => { b.taxes = [{ rate: 'x', order_product_id: '100', line_item_type: 'item' }]; }, 'taxes[0].rate', 'invalid-decimal'],
  ['a bad applied discount', (b) => { b.products[0]!['applied_discounts'] = [{ amount: {} }]; }, 'products[0].applied_discounts[0].amount', 'invalid-field'],
];

describe('bigCommerceOrderToSalesDocument with bad input', () => {
  it.each(BAD_INPUT)('should throw a MappingError naming the field when the order has %s', (_name, mutate, field, code) => {
    const bundle = buildOrderBundle({
      currency: 'NOK', country: 'NO', inclusive: false,
      lines: [{ sku: 'A', qty: 1, unit: '100.00', ratePercent: '25' }, { sku: 'B', qty: 1, unit: '10.00', ratePercent: '25' }],
      fees: [{ id: 1, name: 'Fee', amount: '5.00', ratePercent: '25' }],
    });
    mutate(bundle as unknown as LooseBundle);

    let thrown: unknown;
    try {
      bigCommerceOrderToSalesDocument(bundle, OPTIONS);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(MappingError);
    expect(thrown).toMatchObject({ field, code });
  });

  it('should throw on a malformed issue date when the caller passes one', () => {
    const bundle = buildOrderBundle({ currency: 'NOK', country: 'NO', inclusive: true, lines: [{ sku: 'A', qty: 1, unit: '1.00', ratePercent: '25' }] });

    expect(() => bigCommerceOrderToSalesDocument(bundle, { storeId: 's', issueDate: '31.03.2025' })).toThrow(
      expect.objectContaining({ field: 'issueDate' }),
    );
  });
});
