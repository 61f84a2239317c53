import { applyCoupons, couponProblem, formatCouponCode, type Coupon } from '../../../../apps/sandbox/src/woocommerce/discounts';
import { formatDecimal, formatTrimmed, microToNumber, parseAmountMicro, roundMicro } from '../../../../apps/sandbox/src/woocommerce/money';
import { calculateOrderTotals, type TotalsFee, type TotalsInput, type TotalsItem } from '../../../../apps/sandbox/src/woocommerce/order-totals';
import { WOOCOMMERCE_TAX_RATES, type TaxLocation } from '../../../../apps/sandbox/src/woocommerce/tax-rates';
import batchExample from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.batch-update-orders.response.json';
import orderExample from '../../../../apps/sandbox/src/woocommerce/seed/wc-v3.orders.retrieve-an-order.response.json';

const CA: TaxLocation = { country: 'US', state: 'CA', postcode: '94103', city: 'San Francisco' };
const NO: TaxLocation = { country: 'NO', state: '', postcode: '0150', city: 'Oslo' };
const M = (major: number): number => Math.round(major * 1_000_000);

type ExampleOrder = {
  id: number;
  line_items: Array<{ id: number; subtotal: string; total: string; total_tax: string; taxes: Array<{ id: number; total: string; subtotal: string }> }>;
  shipping_lines: Array<{ id: number; total: string }>;
  tax_lines: Array<{ rate_id: number; tax_total: string; shipping_tax_total: string }>;
  shipping: { country: string; state: string; postcode: string; city: string };
  total: string;
  total_tax: string;
  cart_tax: string;
  shipping_total: string;
  shipping_tax: string;
  discount_total: string;
  discount_tax: string;
};

function input(partial: Partial<TotalsInput>): TotalsInput {
  return {
    items: [],
    shipping: [],
    fees: [],
    location: CA,
    rates: WOOCOMMERCE_TAX_RATES,
    roundAtSubtotal: true,
    shippingTaxClass: 'inherit',
    decimals: 2,
    taxEnabled: true,
    ...partial,
  };
}

const item = (id: number, subtotal: number, total = subtotal, taxClass = '', taxStatus = 'taxable'): TotalsItem => ({ id, subtotal: M(subtotal), total: M(total), taxClass, taxStatus });

/** The totals calculation fed with an official example's lines (taxed at its shipping address, as WooCommerce does). */
function fromExample(order: ExampleOrder, roundAtSubtotal = true) {
  return calculateOrderTotals(
    input({
      items: order.line_items.map((li) => ({ id: li.id, subtotal: parseAmountMicro(li.subtotal), total: parseAmountMicro(li.total), taxClass: '', taxStatus: 'taxable' })),
      shipping: order.shipping_lines.map((s) => ({ id: s.id, total: parseAmountMicro(s.total) })),
      location: { ...order.shipping },
      roundAtSubtotal,
    }),
  );
}

const examples: ExampleOrder[] = [orderExample, ...(batchExample.create as ExampleOrder[]), ...(batchExample.delete as ExampleOrder[])];

describe(calculateOrderTotals.name, () => {
  it.each(examples.map((o) => [o.id, o] as const))('should reproduce the totals of official example order %d', (_id, order) => {
    const result = fromExample(order);
    expect(formatDecimal(result.total, 2)).toBe(order.total);
    expect(formatDecimal(result.totalTax, 2)).toBe(order.total_tax);
    expect(formatDecimal(result.cartTax, 2)).toBe(order.cart_tax);
    expect(formatDecimal(result.shippingTotal, 2)).toBe(order.shipping_total);
    expect(formatDecimal(result.shippingTax, 2)).toBe(order.shipping_tax);
    expect(formatDecimal(result.discountTotal, 2)).toBe(order.discount_total);
    expect(formatDecimal(result.discountTax, 2)).toBe(order.discount_tax);
    expect(result.taxLines.map((t) => ({ rate_id: t.rateId, tax_total: formatDecimal(t.taxTotal, 2), shipping_tax_total: formatDecimal(t.shippingTaxTotal, 2) }))).toEqual(order.tax_lines.map((t) => ({ rate_id: t.rate_id, tax_total: t.tax_total, shipping_tax_total: t.shipping_tax_total })));
    for (const li of order.line_items) {
      const taxes = result.items.get(li.id);
      expect(formatDecimal(taxes?.totalTax ?? -1, 2)).toBe(li.total_tax);
      expect([...(taxes?.taxes ?? [])].map(([id, t]) => ({ id, total: formatTrimmed(t), subtotal: formatTrimmed(taxes?.subtotalTaxes.get(id) ?? -1) }))).toEqual(li.taxes);
    }
  });

  it("should round each line's tax to cents when taxes do not round at subtotal (WooCommerce's default): 728 becomes 62.26", () => {
    const order = (batchExample.create as ExampleOrder[])[0] as ExampleOrder;
    expect(order.id).toBe(728);
    const result = fromExample(order, false);
    expect([...result.items.values()].map((t) => formatDecimal(t.totalTax, 2))).toEqual(['1.13', '0.23', '0.90']);
    expect(formatDecimal(result.cartTax, 2)).toBe('2.26');
    expect(formatDecimal(result.total, 2)).toBe('62.26');
    expect(formatTrimmed(result.items.get(order.line_items[0]?.id ?? 0)?.taxes.get(75) ?? 0)).toBe('1.125');
  });

  it('should count discounts as subtotal minus total, with the discounted tax', () => {
    const result = calculateOrderTotals(input({ items: [item(1, 20, 18), item(2, 10, 10)] }));
    expect(formatDecimal(result.discountTotal, 2)).toBe('2.00');
    expect(formatDecimal(result.discountTax, 2)).toBe('0.15');
    expect(formatDecimal(result.cartTax, 2)).toBe('2.10');
    expect(formatDecimal(result.total, 2)).toBe('30.10');
  });

  it('should keep a line whose subtotal taxes would be below its total taxes at the total taxes', () => {
    const result = calculateOrderTotals(input({ items: [item(1, 5, 10)] }));
    expect(result.items.get(1)?.subtotalTaxes.get(75)).toBe(M(0.75));
  });

  it('should cap a negative fee at the order amount and spread its tax over the item classes', () => {
    const fees: TotalsFee[] = [{ id: 9, total: M(-50), taxClass: '', taxStatus: 'taxable' }];
    const result = calculateOrderTotals(input({ items: [item(1, 10)], fees }));
    expect(result.fees.get(9)?.total).toBe(M(-10));
    expect(result.fees.get(9)?.taxes.get(75)).toBe(M(-0.75));
    expect(result.cartTax).toBe(0);
    expect(formatDecimal(result.total, 2)).toBe('0.00');
  });

  it('should tax a positive taxable fee like an item and leave a non-taxable fee untaxed', () => {
    const fees: TotalsFee[] = [
      { id: 8, total: M(4), taxClass: '', taxStatus: 'taxable' },
      { id: 9, total: M(3), taxClass: '', taxStatus: 'none' },
    ];
    const result = calculateOrderTotals(input({ items: [item(1, 10)], fees }));
    expect(result.fees.get(8)?.totalTax).toBe(M(0.3));
    expect(result.fees.get(9)?.totalTax).toBe(0);
    expect(formatDecimal(result.total, 2)).toBe('18.05');
  });

  it('should tax shipping with the class the items use when the shipping tax class is inherit', () => {
    const reduced = calculateOrderTotals(input({ location: NO, items: [item(1, 100, 100, 'reduced-rate')], shipping: [{ id: 5, total: M(40) }] }));
    expect(reduced.shipping.get(5)?.taxes).toEqual(new Map([[102, M(6)]]));
    expect(reduced.taxLines).toEqual([{ rateId: 102, taxTotal: M(15), shippingTaxTotal: M(6) }]);
    const mixed = calculateOrderTotals(input({ location: NO, items: [item(1, 100, 100, 'reduced-rate'), item(2, 100)], shipping: [{ id: 5, total: M(40) }] }));
    expect(mixed.shipping.get(5)?.taxes).toEqual(new Map([[101, M(10)]]));
    expect(formatDecimal(mixed.total, 2)).toBe('290.00'); // 200 + 15 + 25 item tax + 40 shipping + 10 shipping tax
  });

  it('should not tax shipping when items exist but none is taxable, and use the fixed class when one is set', () => {
    const none = calculateOrderTotals(input({ location: NO, items: [item(1, 100, 100, '', 'none')], shipping: [{ id: 5, total: M(40) }] }));
    expect(none.shippingTax).toBe(0);
    expect(none.totalTax).toBe(0);
    const fixed = calculateOrderTotals(input({ location: NO, shippingTaxClass: 'reduced-rate', items: [item(1, 100)], shipping: [{ id: 5, total: M(40) }] }));
    expect(fixed.shippingTax).toBe(M(6));
    expect(fixed.cartTax).toBe(M(25));
  });

  it('should put shipping-only rates after the item rates in the tax lines', () => {
    const result = calculateOrderTotals(input({ location: NO, items: [item(1, 100, 100, 'reduced-rate'), item(2, 10, 10, '', 'none')], fees: [{ id: 3, total: M(10), taxClass: 'reduced-rate', taxStatus: 'taxable' }], shipping: [{ id: 5, total: M(40) }], shippingTaxClass: '' }));
    expect(result.taxLines.map((t) => t.rateId)).toEqual([102, 101]);
  });

  it('should calculate no taxes when taxes are disabled or nothing matches the location', () => {
    expect(calculateOrderTotals(input({ taxEnabled: false, items: [item(1, 10)] })).totalTax).toBe(0);
    expect(calculateOrderTotals(input({ location: { country: 'BR', state: 'RJ', postcode: '', city: '' }, items: [item(1, 10)] })).taxLines).toEqual([]);
  });
});

describe('WooCommerce money helpers (micro units)', () => {
  it.each([
    [1_125_000, 2, '1.13'],
    [-1_125_000, 2, '-1.13'],
    [-9_000_000, 2, '-9.00'],
    [-4_000, 2, '0.00'],
    [29_350_000, 2, '29.35'],
    [1_234_567, 0, '1'],
  ])('should format %d micro at %d decimals as number_format() does: %s', (micro, dp, text) => {
    expect(formatDecimal(micro, dp)).toBe(text);
  });

  it.each([
    [1_125_000, '1.125'],
    [900_000, '0.9'],
    [1_000_000, '1'],
    [0, '0'],
    [-450_000, '-0.45'],
  ])('should format %d micro trimmed as wc_format_decimal() without precision: %s', (micro, text) => {
    expect(formatTrimmed(micro)).toBe(text);
  });

  it.each([
    ['12.00', 12_000_000],
    [12.345, 12_345_000],
    ['1.2345675', 1_234_568],
    ['-3.5', -3_500_000],
    ['10,50', 1_050_000_000],
    ['1.234.5', 1_234_500_000],
    ['', 0],
    [null, 0],
    ['abc', 0],
    [true, 1_000_000],
  ])('should parse %p as wc_format_decimal() reads it: %d micro', (value, micro) => {
    expect(parseAmountMicro(value)).toBe(micro);
  });

  it('should round half away from zero and give the float WooCommerce sends as price', () => {
    expect(roundMicro(1_125_000, 2)).toBe(1_130_000);
    expect(roundMicro(-1_125_000, 2)).toBe(-1_130_000);
    expect(roundMicro(1_124_999, 2)).toBe(1_120_000);
    expect(microToNumber(3_333_333)).toBe(3.333333);
    expect(microToNumber(3_000_000)).toBe(3);
  });
});

describe('WooCommerce coupons (WC_Discounts)', () => {
  const coupon = (code: string, discountType: Coupon['discountType'], amount: number): Coupon => ({ id: 1, code, discountType, amountMicro: M(amount), expiresMs: null });

  it('should give a percent discount per line rounded down, then the cart remainder cent by cent', () => {
    const discounts = applyCoupons([coupon('p', 'percent', 10)], [
      { key: 1, quantity: 1, priceCents: 1005, hasPricedProduct: true },
      { key: 2, quantity: 1, priceCents: 1005, hasPricedProduct: true },
    ]);
    expect(Object.fromEntries(discounts.get('p') ?? [])).toEqual({ 1: 101, 2: 100 });
  });

  it('should spread a fixed cart amount evenly per unit and hand out the rest cent by cent', () => {
    const discounts = applyCoupons([coupon('c', 'fixed_cart', 10)], [
      { key: 1, quantity: 2, priceCents: 3000, hasPricedProduct: true },
      { key: 2, quantity: 1, priceCents: 1000, hasPricedProduct: true },
    ]);
    const given = discounts.get('c') ?? new Map<number, number>();
    expect((given.get(1) ?? 0) + (given.get(2) ?? 0)).toBe(1000);
    expect(given.get(1)).toBe(667);
    expect(given.get(2)).toBe(333);
  });

  it('should give a fixed product amount per unit but never more than the line, and stack coupons on what is left', () => {
    const discounts = applyCoupons([coupon('a', 'fixed_product', 4), coupon('b', 'fixed_product', 4)], [{ key: 1, quantity: 2, priceCents: 1000, hasPricedProduct: true }]);
    expect(discounts.get('a')?.get(1)).toBe(800);
    expect(discounts.get('b')?.get(1)).toBe(200);
  });

  it('should refuse unknown and expired coupons with WooCommerce messages, and normalise codes', () => {
    expect(couponProblem(undefined, 'nope"x', 0)).toBe('Coupon &quot;nope&quot;x&quot; cannot be applied because it does not exist.');
    expect(couponProblem({ ...coupon('old', 'percent', 5), expiresMs: 1000 }, 'old', 2000)).toBe('This coupon has expired.');
    expect(couponProblem(coupon('ok', 'percent', 5), 'ok', 2000)).toBeUndefined();
    expect(formatCouponCode('  <b>SPRING10</b> ')).toBe('spring10');
  });
});
