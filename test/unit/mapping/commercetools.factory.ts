/**
 * Builds commercetools records for the mapping table tests. Every order starts from a deep copy of the official
 * `order.example.json` (test/unit/mapping/fixtures/commercetools) and gets the amounts commercetools would compute for
 * the spec: line `totalPrice` after line discounts, the line's `taxedPrice` with the cart's `taxRoundingMode` and
 * `taxCalculationMode`, shipping with its own discount, and the order's `taxedPrice` per rate after a discount on the
 * total (split over the rates by net, largest remainder).
 *
 * The arithmetic is deliberately independent of libs/mapping (bigint cents, its own rounding), so the tests compare
 * the library against a second computation.
 */
import type { CtCustomer, CtLineItem, CtOrder, CtPayment, CtRoundingMode, CtShippingInfo, CtTaxedPrice, CtTransaction } from '@mlc/mapping';
import officialCustomer from './fixtures/commercetools/customer.example.json';
import officialOrder from './fixtures/commercetools/order.example.json';
import officialPayment from './fixtures/commercetools/payment.example.json';
import officialAuthorization from './fixtures/commercetools/PaymentAddTransactionAction.json';

const copy = <T>(value: unknown): T => JSON.parse(JSON.stringify(value)) as T;
export const officialOrderExample = (): CtOrder => copy<CtOrder>(officialOrder);
export const officialPaymentExample = (): CtPayment => copy<CtPayment>(officialPayment);
export const officialCustomerExample = (): CtCustomer => copy<CtCustomer>(officialCustomer);
export const officialAuthorizationDraft = () => copy<typeof officialAuthorization>(officialAuthorization);

/** A deterministic lower-case UUID (v4 shape) for test ids. */
export const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** Cent-precision money. */
export const money = (centAmount: number, currencyCode = 'NOK') => ({ type: 'centPrecision' as const, currencyCode, centAmount, fractionDigits: 2 });

/** round(n / d) with a commercetools rounding mode (HALF_UP away from zero, HALF_DOWN towards zero). */
export function round(n: bigint, d: bigint, mode: CtRoundingMode = 'HalfEven'): bigint {
  const negative = (n < 0n) !== (d < 0n);
  const [a, b] = [n < 0n ? -n : n, d < 0n ? -d : d];
  let q = a / b;
  const twice = (a % b) * 2n;
  if (twice > b || (twice === b && (mode === 'HalfUp' || (mode === 'HalfEven' && q % 2n === 1n)))) q += 1n;
  return negative ? -q : q;
}

/** "25" / "8.875" → the rate as [numerator, denominator] of a fraction (0.25 = [25, 100]). */
const fraction = (percent: string): [bigint, bigint] => {
  const [w = '0', f = ''] = percent.split('.');
  return [BigInt(w + f), 100n * 10n ** BigInt(f.length)];
};
/** The double commercetools sends for a percentage ("25" → 0.25). */
export const rateDouble = (percent: string): number => Number((Number(percent) / 100).toPrecision(12));

export type ItemSpec = {
  id: string;
  sku: string;
  qty: number;
  /** Unit price in cents (net, or gross when the order's prices include tax). */
  unit: number;
  ratePercent: string;
  /** Line discount per unit, cents. */
  discountPerUnit?: number;
  /** High-precision unit price: preciseAmount at `fractionDigits` (overrides `unit` for the amounts). */
  precise?: { preciseAmount: number; fractionDigits: number };
  country?: string;
  mode?: 'Standard' | 'GiftLineItem';
};

export type OrderSpec = {
  currency?: string;
  country?: string;
  includedInPrice?: boolean;
  taxRoundingMode?: CtRoundingMode;
  taxCalculationMode?: 'LineItemLevel' | 'UnitPriceLevel';
  items: ItemSpec[];
  shipping?: { price: number; ratePercent: string; discount?: number; name?: string };
  /** Discount on the order total (net, cents). */
  totalDiscount?: number;
  discountCode?: string | undefined;
  /** Leave out every `taxedPrice` (lines and order): the mapper must recompute. */
  withoutTaxedPrices?: boolean;
  orderState?: string;
  paymentIds?: string[];
};

/** Tax and net of a price-mode amount (cents) at `percent`, as commercetools computes it. */
export function taxOf(amount: bigint, percent: string, isGross: boolean, mode: CtRoundingMode): { net: bigint; tax: bigint } {
  const [n, d] = fraction(percent);
  if (isGross) {
    const net = round(amount * d, d + n, mode);
    return { net, tax: amount - net };
  }
  return { net: amount, tax: round(amount * n, d, mode) };
}

const taxed = (net: bigint, tax: bigint, currency: string, percent: string, name: string): CtTaxedPrice => ({
  totalNet: money(Number(net), currency), totalGross: money(Number(net + tax), currency), totalTax: money(Number(tax), currency),
  taxPortions: [{ rate: rateDouble(percent), amount: money(Number(tax), currency), name }],
});

/** An order with the amounts commercetools would compute for `spec`. */
export function buildOrder(spec: OrderSpec): CtOrder {
  const currency = spec.currency ?? 'NOK';
  const country = spec.country ?? 'NO';
  const isGross = spec.includedInPrice === true;
  const mode = spec.taxRoundingMode ?? 'HalfEven';
  const order = officialOrderExample();
  const perRate = new Map<string, { net: bigint; tax: bigint }>();
  const add = (percent: string, net: bigint, tax: bigint) => {
    const r = perRate.get(percent) ?? { net: 0n, tax: 0n };
    perRate.set(percent, { net: r.net + net, tax: r.tax + tax });
  };
  let total = 0n;
  const template = order.lineItems[0] as CtLineItem;
  order.lineItems = spec.items.map((item): CtLineItem => {
    const qty = BigInt(item.qty);
    const unit = item.precise ? round(BigInt(item.precise.preciseAmount), 10n ** BigInt(item.precise.fractionDigits - 2)) : BigInt(item.unit);
    const before = item.precise ? round(BigInt(item.precise.preciseAmount) * qty, 10n ** BigInt(item.precise.fractionDigits - 2)) : unit * qty;
    const unitAfter = item.mode === 'GiftLineItem' ? 0n : unit - BigInt(item.discountPerUnit ?? 0);
    const after = item.mode === 'GiftLineItem' ? 0n : item.discountPerUnit ? unitAfter * qty : before;
    const amounts = spec.taxCalculationMode === 'UnitPriceLevel'
      ? (() => { const t = taxOf(unitAfter, item.ratePercent, isGross, mode).tax * qty; return { net: isGross ? after - t : after, tax: t }; })()
      : taxOf(after, item.ratePercent, isGross, mode);
    add(item.ratePercent, amounts.net, amounts.tax);
    total += after;
    const value = item.precise
      ? { type: 'highPrecision' as const, currencyCode: currency, centAmount: Number(unit), fractionDigits: item.precise.fractionDigits, preciseAmount: item.precise.preciseAmount }
      : money(Number(unit), currency);
    const rateName = `${item.ratePercent} % VAT`;
    return {
      ...template,
      id: item.id,
      name: { en: `Product ${item.sku}` },
      variant: { id: 1, sku: item.sku },
      productType: { typeId: 'product-type', id: 'a5c7e173-9754-4f02-9b18-a600896ae0e1' },
      price: { id: uuid(900), value },
      quantity: item.qty,
      lineItemMode: item.mode ?? 'Standard',
      totalPrice: money(Number(after), currency),
      discountedPricePerQuantity: item.discountPerUnit
        ? [{ quantity: item.qty, discountedPrice: { value: money(Number(unitAfter), currency), includedDiscounts: [{ discount: { typeId: 'cart-discount', id: uuid(800) }, discountedAmount: money(item.discountPerUnit, currency) }] } }]
        : [],
      taxRate: { name: rateName, amount: rateDouble(item.ratePercent), includedInPrice: isGross, country: item.country ?? country, subRates: [] },
      taxedPrice: spec.withoutTaxedPrices ? undefined : taxed(amounts.net, amounts.tax, currency, item.ratePercent, rateName),
    };
  });
  if (spec.shipping) {
    const s = spec.shipping;
    const after = BigInt(s.price - (s.discount ?? 0));
    const amounts = taxOf(after, s.ratePercent, isGross, mode);
    add(s.ratePercent, amounts.net, amounts.tax);
    total += after;
    const info: CtShippingInfo = {
      shippingMethodName: s.name ?? 'Posten',
      price: money(s.price, currency),
      shippingRate: { price: money(s.price, currency), tiers: [] },
      taxRate: { name: `${s.ratePercent} % VAT`, amount: rateDouble(s.ratePercent), includedInPrice: isGross, country },
      taxedPrice: spec.withoutTaxedPrices ? undefined : taxed(amounts.net, amounts.tax, currency, s.ratePercent, `${s.ratePercent} % VAT`),
      ...(s.discount ? { discountedPrice: { value: money(Number(after), currency), includedDiscounts: [] } } : {}),
      shippingMethodState: 'MatchesCart',
    };
    order.shippingInfo = info;
  }
  if (spec.totalDiscount) {
    const rates = [...perRate.entries()];
    const netSum = rates.reduce((acc, [, r]) => acc + r.net, 0n);
    const target = BigInt(spec.totalDiscount);
    // Largest remainder: each rate's floor share, the leftover cents to the largest remainders.
    const shares = rates.map(([, r]) => (target * r.net) / netSum);
    const byRemainder = rates.map(([, r], i) => ({ i, rem: (target * r.net) % netSum })).sort((a, b) => (a.rem === b.rem ? a.i - b.i : a.rem > b.rem ? -1 : 1));
    let left = target - shares.reduce((a, b) => a + b, 0n);
    for (const { i } of byRemainder) if (left > 0n) { shares[i] = (shares[i] ?? 0n) + 1n; left -= 1n; }
    rates.forEach(([percent, r], i) => {
      const net = r.net - (shares[i] ?? 0n);
      perRate.set(percent, { net, tax: taxOf(net, percent, false, mode).tax });
    });
    total -= target;
    order.discountOnTotalPrice = {
      discountedAmount: money(spec.totalDiscount, currency),
      includedDiscounts: [{ discount: { typeId: 'cart-discount', id: uuid(801) }, discountedAmount: money(spec.totalDiscount, currency) }],
      discountedNetAmount: money(spec.totalDiscount, currency),
    };
  }
  const totalNet = [...perRate.values()].reduce((acc, r) => acc + r.net, 0n);
  const totalTax = [...perRate.values()].reduce((acc, r) => acc + r.tax, 0n);
  order.totalPrice = money(Number(total), currency);
  order.taxedPrice = spec.withoutTaxedPrices ? undefined : {
    totalNet: money(Number(totalNet), currency), totalGross: money(Number(totalNet + totalTax), currency), totalTax: money(Number(totalTax), currency),
    taxPortions: [...perRate.entries()].map(([percent, r]) => ({ rate: rateDouble(percent), amount: money(Number(r.tax), currency), name: `${percent} % VAT` })),
  };
  order.taxRoundingMode = mode;
  if (spec.taxCalculationMode) order.taxCalculationMode = spec.taxCalculationMode;
  order.taxMode = 'Platform';
  order.customerEmail = 'kari@example.no';
  order.orderNumber = 'CT-1001';
  order.store = { typeId: 'store', key: 'nordics' };
  order.country = country;
  order.billingAddress = { firstName: 'Kari', lastName: 'Nordmann', streetName: 'Storgata', streetNumber: '1', postalCode: '0155', city: 'Oslo', country };
  order.shippingAddress = { firstName: 'Kari', lastName: 'Nordmann', streetName: 'Storgata', streetNumber: '1', postalCode: '0155', city: 'Oslo', country };
  order.orderState = spec.orderState ?? 'Open';
  if (spec.discountCode) order.discountCodes = [{ discountCode: { typeId: 'discount-code', id: uuid(700), obj: { code: spec.discountCode } }, state: 'MatchesCart' }];
  if (spec.paymentIds) order.paymentInfo = { payments: spec.paymentIds.map((id) => ({ typeId: 'payment', id })) };
  return order;
}

/** A successful (or `state`) transaction. */
export const tx = (id: string, type: CtTransaction['type'], centAmount: number, state: CtTransaction['state'] = 'Success', currency = 'NOK'): CtTransaction => ({
  id, type, amount: money(centAmount, currency), state, timestamp: '2026-03-02T10:15:00.000Z',
});

/** A payment of the official example's shape with `method` and `transactions`. */
export function buildPayment(id: string, method: string, transactions: CtTransaction[]): CtPayment {
  const payment = officialPaymentExample();
  return { ...payment, id, paymentMethodInfo: { ...payment.paymentMethodInfo, method }, transactions };
}

/** The two-rate Norwegian order of the tests: 25 % goods with a discount code, 15 % food, shipping at 25 %. */
export const TWO_RATES: OrderSpec = {
  items: [
    { id: uuid(1), sku: 'SHIRT-M', qty: 2, unit: 39900, ratePercent: '25', discountPerUnit: 3990 },
    { id: uuid(2), sku: 'COFFEE-500', qty: 3, unit: 8990, ratePercent: '15' },
  ],
  shipping: { price: 7900, ratePercent: '25' },
  discountCode: 'SUMMER10',
};
