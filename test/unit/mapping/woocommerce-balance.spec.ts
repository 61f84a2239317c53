/**
 * The lines of a WooCommerce order add up to the order's totals to the cent, also when WooCommerce rounds its taxes at
 * subtotal level (shown line taxes rounded one by one, the order's tax rounded once), and orders that already add up
 * are left exactly as WooCommerce shows them.
 *
 * `wcOrder` below is a second, independent reading of WooCommerce's order arithmetic (abstract-wc-order.php
 * `calculate_totals()` / `update_taxes()` / `round_line_tax()`, the REST controllers' `dp` formatting), in plain bigint
 * micro units, so the property compares the library against WooCommerce's rules, not against itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { MappingError, type WcOrder, wooCommerceOrderToSalesDocument } from '@mlc/mapping';
import { roundToTarget } from '../../../libs/mapping/src/woocommerce/woocommerce-balance';

const FIXTURES = join(__dirname, '../../fixtures/woocommerce');
const example = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, `wc-v3.${name}.json`), 'utf8')) as T;
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);
const OPTIONS = { storeId: 'shop1', issueDate: '2026-12-01' };

describe('wooCommerceOrderToSalesDocument reconciles taxes rounded at subtotal level', () => {
  it('should make the official example order 728 (three 7.5 % lines of 1.125, 0.225 and 0.9) add up to its 2.25 tax', () => {
    const batch = example<{ create: WcOrder[] }>('orders.batch-update-orders.response');
    const order = batch.create.find((o) => o.id === 728);
    if (!order) throw new Error('example order 728 missing');
    const shown = order.line_items?.map((l) => l.total_tax);

    const doc = wooCommerceOrderToSalesDocument(order, OPTIONS);

    expect(shown).toEqual(['1.13', '0.23', '0.90']);
    expect(doc.lines.map((l) => [l.lineId, l.netMinor, l.taxMinor, l.grossMinor])).toEqual([
      ['product:319', 1500, 113, 1613],
      ['product:320', 300, 22, 322],
      ['product:321', 1200, 90, 1290],
      ['shipping:322', 3000, 0, 3000],
    ]);
    expect(doc.totals).toEqual({ netMinor: 6000, taxMinor: 225, grossMinor: 6225 });
  });

  it('should leave every official example order that already adds up exactly as WooCommerce shows it', () => {
    const batch = example<{ create: WcOrder[]; update: WcOrder[]; delete: WcOrder[] }>('orders.batch-update-orders.response');
    const orders = [...batch.create.filter((o) => o.id !== 728), ...batch.update, ...batch.delete, ...example<WcOrder[]>('orders.list-all-orders.response')];
    for (const order of orders) {
      const doc = wooCommerceOrderToSalesDocument(order, OPTIONS);
      const items = (order.line_items ?? []).map((l) => Math.round(Number(l.total_tax) * 100));
      expect(doc.lines.filter((l) => l.type === 'product').map((l) => l.taxMinor)).toEqual(items);
      expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
    }
  });

  it('should refuse store decimals that are not an integer from 0 to 8, naming the option', () => {
    const order = example<WcOrder>('orders.retrieve-an-order.response');
    for (const decimals of [-1, 2.5, 9]) {
      expect(() => wooCommerceOrderToSalesDocument(order, { ...OPTIONS, decimals })).toThrow(expect.objectContaining({ field: 'decimals', code: 'invalid-field' }));
    }
    expect(() => wooCommerceOrderToSalesDocument(order, { ...OPTIONS, decimals: 9 })).toThrow(MappingError);
  });
});

describe('roundToTarget', () => {
  const d = (units: bigint, scale = 0) => ({ units, scale });
  it.each([
    ['rounds each value down or up so they meet the target (largest remainder first)', [d(1125n, 1), d(225n, 1), d(90n)], 225n, 1n, [113n, 22n, 90n]],
    ['keeps values that already meet the target', [d(113n), d(23n), d(90n)], 226n, 1n, [113n, 23n, 90n]],
    ['works in units of the store (0-decimal NOK: 100 øre)', [d(12345n), d(5655n)], 18000n, 100n, [12300n, 5700n]],
    ['handles negative amounts (a negative fee’s tax), rounding towards −∞ first', [d(-255n, 1), d(1055n, 1)], 80n, 1n, [-25n, 105n]],
    ['refuses a target more than one unit per value away', [d(10n), d(10n)], 23n, 1n, undefined],
    ['refuses a target below the rounded-down sum', [d(105n, 1), d(105n, 1)], 19n, 1n, undefined],
  ])('should %s', (_name, exact, target, unit, expected) => {
    expect(roundToTarget(exact, target, unit)).toEqual(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// An independent WooCommerce order calculator (micro units = 10^-6 of a major unit, as WooCommerce keeps unrounded
// taxes at 6 decimals, wc_get_rounding_precision()).

type Store = { currency: 'NOK' | 'KWD' | 'JPY'; decimals: number; roundAtSubtotal: boolean; inclusive: boolean };
type ItemSpec = { qty: number; unit: number; rates: number[]; couponPct: number };
type ChargeSpec = { amount: number; rate: number | null };
type OrderSpec = { store: Store; items: ItemSpec[]; shipping: ChargeSpec[]; fees: ChargeSpec[] };
const RATES: Readonly<Record<number, bigint>> = { 1: 25n, 2: 15n };

/** round half away from zero of `micro` to `decimals` (WooCommerce's NumberUtil::round / wc_format_decimal with dp). */
function roundTo(micro: bigint, decimals: number): bigint {
  const step = 10n ** BigInt(6 - decimals);
  const negative = micro < 0n;
  const abs = negative ? -micro : micro;
  const rounded = ((abs * 2n + step) / (2n * step)) * step;
  return negative ? -rounded : rounded;
}
/** `micro` as a decimal string with exactly `dp` decimals (the REST API's dp formatting). */
function fixed(micro: bigint, dp: number): string {
  const r = roundTo(micro, dp);
  const negative = r < 0n;
  const digits = ((negative ? -r : r) / 10n ** BigInt(6 - dp)).toString().padStart(dp + 1, '0');
  const text = dp === 0 ? digits : `${digits.slice(0, -dp)}.${digits.slice(-dp)}`;
  return negative && r !== 0n ? `-${text}` : text;
}
/** Unrounded `taxes[]` text: up to 6 decimals, trailing zeros trimmed ("0.9", "1.125"). */
function trimmed(micro: bigint): string {
  return fixed(micro, 6).replace(/\.?0+$/, '') || '0';
}
/** Exclusive tax of `net` at `pct` %, 6 decimals (WC_Tax::calc_exclusive_tax, then wc_round_tax_total precision). */
const taxOf = (net: bigint, pct: bigint): bigint => roundTo((net * pct) / 100n, 6);

function wcOrder(spec: OrderSpec): WcOrder {
  const { store } = spec;
  const dp = store.decimals;
  const unitMicro = 10n ** BigInt(6 - dp);
  const lineTax = (t: bigint) => (store.roundAtSubtotal ? t : roundTo(t, dp));
  const cart = new Map<number, bigint>();
  const ship = new Map<number, bigint>();
  const add = (m: Map<number, bigint>, id: number, v: bigint) => m.set(id, (m.get(id) ?? 0n) + v);
  let netTotal = 0n;
  const lineItems = spec.items.map((it, i) => {
    // Catalogue price in store units; with prices including tax, the net is what is left after the (rounded) tax.
    const price = BigInt(it.unit) * unitMicro * BigInt(it.qty);
    const pct = it.rates.reduce((a, r) => a + (RATES[r] ?? 0n), 0n);
    const subtotal = store.inclusive ? roundTo((price * 100n) / (100n + pct), dp) : price;
    const total = subtotal - roundTo((subtotal * BigInt(it.couponPct)) / 100n, dp);
    const taxes = it.rates.map((r) => ({ id: r, total: lineTax(taxOf(total, RATES[r] ?? 0n)), subtotal: lineTax(taxOf(subtotal, RATES[r] ?? 0n)) }));
    for (const t of taxes) add(cart, t.id, t.total);
    netTotal += total;
    return {
      id: 100 + i, name: `Item ${i}`, product_id: 10 + i, variation_id: 0, quantity: it.qty, tax_class: '', sku: `SKU-${i}`, price: 0.1,
      subtotal: fixed(subtotal, dp), subtotal_tax: fixed(taxes.reduce((a, t) => a + t.subtotal, 0n), dp),
      total: fixed(total, dp), total_tax: fixed(taxes.reduce((a, t) => a + t.total, 0n), dp),
      taxes: taxes.map((t) => ({ id: t.id, total: trimmed(t.total), subtotal: trimmed(t.subtotal) })),
    };
  });
  const charge = (c: ChargeSpec, into: Map<number, bigint>) => {
    const total = BigInt(c.amount) * unitMicro;
    const taxes = c.rate === null ? [] : [{ id: c.rate, total: lineTax(taxOf(total, RATES[c.rate] ?? 0n)) }];
    for (const t of taxes) add(into, t.id, t.total);
    netTotal += total;
    return { total: fixed(total, dp), total_tax: fixed(taxes.reduce((a, t) => a + t.total, 0n), dp), taxes: taxes.map((t) => ({ id: t.id, total: trimmed(t.total), subtotal: '' })) };
  };
  const shippingLines = spec.shipping.map((s, i) => ({ id: 300 + i, method_title: 'Flat rate', method_id: 'flat_rate', ...charge(s, ship) }));
  const feeLines = spec.fees.map((f, i) => ({ id: 400 + i, name: `Fee ${i}`, tax_class: '', tax_status: f.rate === null ? 'none' : 'taxable', ...charge(f, cart) }));
  const rateIds = [...new Set([...cart.keys(), ...ship.keys()])].sort();
  const cartTax = [...cart.values()].reduce((a, v) => a + v, 0n);
  const shippingTax = [...ship.values()].reduce((a, v) => a + v, 0n);
  return {
    id: 9001, number: '9001', status: 'processing', currency: store.currency, prices_include_tax: store.inclusive, customer_id: 0,
    billing: { first_name: 'Kari', last_name: 'Nordmann', address_1: 'Storgata 1', city: 'Oslo', postcode: '0155', country: 'NO', email: 'kari@example.no' },
    shipping: { first_name: 'Kari', last_name: 'Nordmann', address_1: 'Storgata 1', city: 'Oslo', postcode: '0155', country: 'NO' },
    line_items: lineItems, shipping_lines: shippingLines, fee_lines: feeLines, coupon_lines: [], refunds: [],
    tax_lines: rateIds.map((id) => ({ id: 500 + id, rate_code: `NO-${id}`, rate_id: id, label: 'MVA', compound: false, tax_total: fixed(cart.get(id) ?? 0n, dp), shipping_tax_total: fixed(ship.get(id) ?? 0n, dp), rate_percent: Number(RATES[id]) })),
    // calculate_totals(): total = round(Σ line totals + fees + shipping + cart_tax + shipping_tax); total_tax shown with dp.
    total: fixed(netTotal + cartTax + shippingTax, dp),
    total_tax: fixed(cartTax + shippingTax, dp),
  };
}

const store: fc.Arbitrary<Store> = fc.record({
  currency: fc.constantFrom<Store['currency']>('NOK', 'KWD', 'JPY'),
  roundAtSubtotal: fc.boolean(),
  inclusive: fc.boolean(),
  decimals: fc.constant(0),
}).chain((s) => fc.constantFrom(...({ NOK: [0, 2], KWD: [3], JPY: [0] } as const)[s.currency]).map((decimals) => ({ ...s, decimals })));
const item: fc.Arbitrary<ItemSpec> = fc.record({
  qty: fc.integer({ min: 1, max: 7 }),
  unit: fc.integer({ min: 1, max: 250_000 }),
  rates: fc.constantFrom([1], [2], [1, 2], []),
  couponPct: fc.constantFrom(0, 0, 10, 15, 33),
});
const chargeOf = (min: number): fc.Arbitrary<ChargeSpec> => fc.record({ amount: fc.integer({ min, max: 50_000 }), rate: fc.constantFrom<number | null>(1, 2, null) });
const orderSpec: fc.Arbitrary<OrderSpec> = fc.record({
  store,
  items: fc.array(item, { minLength: 1, maxLength: 6 }),
  shipping: fc.array(chargeOf(0), { maxLength: 2 }),
  fees: fc.array(chargeOf(-2_000).filter((f) => f.amount !== 0), { maxLength: 2 }),
});

describe('wooCommerceOrderToSalesDocument (property, against an independent WooCommerce calculator)', () => {
  it('should always give lines that add up to the order’s total and tax, to the minor unit', () => {
    fc.assert(
      fc.property(orderSpec, (spec) => {
        const order = wcOrder(spec);
        const doc = wooCommerceOrderToSalesDocument(order, { ...OPTIONS, decimals: spec.store.decimals });
        expect(sum(doc.lines.map((l) => l.taxMinor))).toBe(doc.totals.taxMinor);
        expect(sum(doc.lines.map((l) => l.netMinor))).toBe(doc.totals.netMinor);
        expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
        for (const l of doc.lines) expect(l.grossMinor).toBe(l.netMinor + l.taxMinor);
      }),
      { numRuns: 400 },
    );
  });

  it('should change nothing WooCommerce shows when taxes are rounded per line (they add up already)', () => {
    fc.assert(
      fc.property(orderSpec.map((s) => ({ ...s, store: { ...s.store, roundAtSubtotal: false } })), (spec) => {
        const order = wcOrder(spec);
        const doc = wooCommerceOrderToSalesDocument(order, { ...OPTIONS, decimals: spec.store.decimals });
        const exponent = { NOK: 2, KWD: 3, JPY: 0 }[spec.store.currency];
        const minor = (text: string | null | undefined) => Math.round(Number(text ?? '0') * 10 ** exponent);
        const shown = new Map<string, number>();
        for (const li of order.line_items ?? []) {
          shown.set(`product:${li.id}`, minor(li.subtotal_tax));
          if (li.subtotal !== li.total || li.subtotal_tax !== li.total_tax) shown.set(`discount:${li.id}`, minor(li.total_tax) - minor(li.subtotal_tax));
        }
        for (const s of order.shipping_lines ?? []) shown.set(`shipping:${s.id}`, minor(s.total_tax));
        for (const f of order.fee_lines ?? []) shown.set(`fee:${f.id}`, minor(f.total_tax));
        expect(new Map(doc.lines.map((l) => [l.lineId, l.taxMinor]))).toEqual(shown);
      }),
      { numRuns: 200 },
    );
  });
});
