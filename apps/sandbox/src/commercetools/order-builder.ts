/**
 * Builds an Order (openapi.yaml `Order`, shaped like examples/order.example.json) from the compact draft of the
 * control API, computing every amount in integer minor units:
 * - line `totalPrice` = (unit price − per-unit discount) × quantity; `discountedPricePerQuantity` carries the
 *   discounted unit price (`DiscountedLineItemPriceForQuantity`);
 * - taxes per line with the rate's `includedInPrice` (prices gross by default, as in NO/SE), rounded with
 *   `taxRoundingMode` (default HalfEven) per line (`taxCalculationMode` LineItemLevel, the default) or per unit and
 *   then multiplied (UnitPriceLevel; openapi.yaml `TaxCalculationMode`);
 * - a discount code amount becomes `discountOnTotalPrice`, spread over the items in proportion (largest remainder)
 *   before the order's `taxedPrice` is summed, so totalGross − totalNet = Σ taxPortions exactly;
 * - `totalPrice` = Σ item totals + shipping − discount (CentPrecisionMoney).
 * Tax rates come from the draft or from the product's TaxCategory rate for the order country.
 */
import { controlBadRequest } from '../core';
import { clone, compact, isJson, listAt, objAt, strAt, type Json } from './json';
import { allocate, centMoney, splitTax, type RoundingMode, type TaxSplit } from './money';
import type { CommercetoolsState } from './state';

export type OrderLineDraft = {
  sku: string;
  quantity: number;
  /** Unit price in minor units (default: the product's price in the order currency). */
  unitCentAmount?: number;
  /** Tax rate fraction, e.g. 0.25 (default: the product's tax category rate for the country). */
  taxRate?: number;
  taxName?: string;
  /** Whether the prices include tax (default true). */
  includedInPrice?: boolean;
  /** Per-unit discount in minor units (a product/cart discount on the line). */
  discountCentAmount?: number;
};

export type OrderShippingDraft = { name: string; centAmount: number; taxRate: number; taxName?: string; key?: string; address?: Json };

export type OrderDraftInput = {
  storeKey?: string;
  country: string;
  currency: string;
  orderNumber?: string;
  customerEmail?: string;
  customerId?: string;
  locale?: string;
  lines: OrderLineDraft[];
  customLines?: Array<{ name: string; slug?: string; centAmount: number; quantity?: number; taxRate: number; taxName?: string }>;
  /** One shipping method (`shippingMode: "Single"`). */
  shipping?: OrderShippingDraft;
  /** Several shipping methods (`shippingMode: "Multiple"`, each needs a `key`). */
  shippings?: OrderShippingDraft[];
  /** A discount code reducing the total price by this amount (minor units, gross when prices include tax). */
  discountCode?: { code: string; centAmount: number };
  taxCalculationMode?: 'LineItemLevel' | 'UnitPriceLevel';
  taxRoundingMode?: RoundingMode;
  shippingAddress?: Json;
  billingAddress?: Json;
  orderState?: string;
  paymentState?: string;
  shipmentState?: string;
};

type Rate = { id?: string; name: string; amount: number; includedInPrice: boolean; country: string };
type Item = { target: Json; total: number; rate: Rate; split: TaxSplit };

function taxRateFor(state: CommercetoolsState, product: Json | undefined, country: string): Rate | undefined {
  const ref = product ? objAt(product, 'taxCategory') : undefined;
  const category = ref ? state.resolve({ typeId: 'tax-category', ...ref }) : undefined;
  const rate = category ? listAt(category, 'rates').find((r) => r['country'] === country) : undefined;
  if (!rate) return undefined;
  return { id: strAt(rate, 'id') ?? '', name: strAt(rate, 'name') ?? '', amount: Number(rate['amount']), includedInPrice: rate['includedInPrice'] !== false, country };
}

function productBySku(state: CommercetoolsState, sku: string): { product: Json; variant: Json } | undefined {
  for (const product of state.data.products.values()) {
    const current = objAt(objAt(product, 'masterData') ?? {}, 'current') ?? {};
    const variants = [objAt(current, 'masterVariant'), ...listAt(current, 'variants')].filter(isJson);
    const variant = variants.find((v) => v['sku'] === sku);
    if (variant) return { product, variant };
  }
  return undefined;
}

const taxRateJson = (r: Rate): Json => compact({ name: r.name, amount: r.amount, includedInPrice: r.includedInPrice, country: r.country, id: r.id, subRates: [] });

function taxedItemPrice(currency: string, split: TaxSplit, rate: Rate): Json {
  return { totalNet: centMoney(currency, split.net), totalGross: centMoney(currency, split.gross), taxPortions: [{ rate: rate.amount, amount: centMoney(currency, split.tax), name: rate.name }], totalTax: centMoney(currency, split.tax) };
}

function itemSplit(unit: number, quantity: number, rate: Rate, draft: OrderDraftInput): TaxSplit {
  const mode = draft.taxRoundingMode ?? 'HalfEven';
  if (draft.taxCalculationMode === 'UnitPriceLevel') {
    const one = splitTax(unit, rate.amount, rate.includedInPrice, mode);
    return { net: one.net * quantity, gross: one.gross * quantity, tax: one.tax * quantity };
  }
  return splitTax(unit * quantity, rate.amount, rate.includedInPrice, mode);
}

function positiveInt(value: unknown, field: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < (allowZero ? 0 : 1)) throw controlBadRequest(field, `${field} must be an integer ≥ ${allowZero ? 0 : 1}`);
  return value;
}

/** Builds the line items (see the file header). */
function buildLines(state: CommercetoolsState, draft: OrderDraftInput, now: string): Item[] {
  const currency = draft.currency;
  return draft.lines.map((line, i) => {
    const found = productBySku(state, line.sku);
    const quantity = positiveInt(line.quantity, `lines[${i}].quantity`);
    const price = found ? listAt(found.variant, 'prices').find((p) => objAt(p, 'value')?.['currencyCode'] === currency) : undefined;
    const unit = line.unitCentAmount ?? (price ? Number(objAt(price, 'value')?.['centAmount']) : undefined);
    if (unit === undefined) throw controlBadRequest(`lines[${i}].unitCentAmount`, `no ${currency} price for SKU ${line.sku}; give unitCentAmount`);
    positiveInt(unit, `lines[${i}].unitCentAmount`, true);
    const catalogRate = taxRateFor(state, found?.product, draft.country);
    const amount = line.taxRate ?? catalogRate?.amount;
    if (amount === undefined) throw controlBadRequest(`lines[${i}].taxRate`, `no tax rate for SKU ${line.sku} in ${draft.country}; give taxRate`);
    const rate: Rate = { ...(catalogRate && line.taxRate === undefined ? { id: catalogRate.id } : {}), name: line.taxName ?? catalogRate?.name ?? `VAT ${amount * 100}%`, amount, includedInPrice: line.includedInPrice ?? catalogRate?.includedInPrice ?? true, country: draft.country };
    const discount = positiveInt(line.discountCentAmount ?? 0, `lines[${i}].discountCentAmount`, true);
    if (discount > unit) throw controlBadRequest(`lines[${i}].discountCentAmount`, 'the discount exceeds the unit price');
    const split = itemSplit(unit - discount, quantity, rate, draft);
    const priceJson = price ? clone(price) : { id: state.newId(), value: centMoney(currency, unit) };
    const product = found?.product;
    const current = product ? (objAt(objAt(product, 'masterData') ?? {}, 'current') ?? {}) : {};
    const target: Json = compact({
      id: state.newId(),
      productId: product ? product['id'] : state.newId(),
      productKey: product ? strAt(product, 'key') : undefined,
      name: objAt(current, 'name') ?? { en: line.sku },
      productType: product ? clone(product['productType']) : { typeId: 'product-type', id: state.newId() },
      productSlug: objAt(current, 'slug'),
      variant: found ? clone(found.variant) : { id: 1, sku: line.sku, prices: [], images: [], attributes: [], assets: [] },
      price: priceJson,
      quantity,
      discountedPricePerQuantity: discount > 0 ? [{ quantity, discountedPrice: { value: centMoney(currency, unit - discount), includedDiscounts: [{ discount: { typeId: 'cart-discount', id: state.newId() }, discountedAmount: centMoney(currency, discount) }] } }] : [],
      taxRate: taxRateJson(rate),
      perMethodTaxRate: [],
      addedAt: now,
      lastModifiedAt: now,
      state: [{ quantity, state: { typeId: 'state', id: INITIAL_LINE_STATE_ID } }],
      priceMode: 'Platform',
      lineItemMode: 'Standard',
      totalPrice: centMoney(currency, (unit - discount) * quantity),
      taxedPrice: taxedItemPrice(currency, split, rate),
      taxedPricePortions: [],
    });
    return { target, total: (unit - discount) * quantity, rate, split };
  });
}

/** The id the sandbox uses for the project's built-in `Initial` line item State. */
export const INITIAL_LINE_STATE_ID = '0b1c4b53-7a0f-4d2c-9b5e-6f3a2d1e0c9a';

function shippingInfo(draft: OrderDraftInput, s: OrderShippingDraft, i: number): { info: Json; split: TaxSplit; rate: Rate } {
  const rate: Rate = { name: s.taxName ?? `VAT ${s.taxRate * 100}%`, amount: s.taxRate, includedInPrice: true, country: draft.country };
  const amount = positiveInt(s.centAmount, `shipping[${i}].centAmount`, true);
  const split = splitTax(amount, rate.amount, true, draft.taxRoundingMode ?? 'HalfEven');
  const price = centMoney(draft.currency, amount);
  return { info: { shippingMethodName: s.name, price, shippingRate: { price, tiers: [] }, taxRate: taxRateJson(rate), taxedPrice: taxedItemPrice(draft.currency, split, rate), deliveries: [], shippingMethodState: 'MatchesCart' }, split, rate };
}

/** Builds an Order from the compact draft (see the file header); the caller commits it (version, dates, messages). */
export function buildOrder(state: CommercetoolsState, draft: OrderDraftInput): Json {
  if (!Array.isArray(draft.lines) || draft.lines.length === 0) throw controlBadRequest('lines', 'lines must be a non-empty array of {sku, quantity}');
  if (typeof draft.currency !== 'string' || !/^[A-Z]{3}$/.test(draft.currency)) throw controlBadRequest('currency', 'currency must be an ISO 4217 code');
  if (typeof draft.country !== 'string' || !/^[A-Z]{2}$/.test(draft.country)) throw controlBadRequest('country', 'country must be an ISO 3166-1 alpha-2 code');
  const now = state.nowIso();
  const currency = draft.currency;
  const items = buildLines(state, draft, now);
  const customItems: Item[] = (draft.customLines ?? []).map((c, i) => {
    const quantity = positiveInt(c.quantity ?? 1, `customLines[${i}].quantity`);
    const rate: Rate = { name: c.taxName ?? `VAT ${c.taxRate * 100}%`, amount: c.taxRate, includedInPrice: true, country: draft.country };
    const split = itemSplit(c.centAmount, quantity, rate, draft);
    const target: Json = { id: state.newId(), name: { en: c.name }, money: centMoney(currency, c.centAmount), slug: c.slug ?? c.name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), quantity, discountedPricePerQuantity: [], taxRate: taxRateJson(rate), perMethodTaxRate: [], state: [{ quantity, state: { typeId: 'state', id: INITIAL_LINE_STATE_ID } }], priceMode: 'Standard', totalPrice: centMoney(currency, c.centAmount * quantity), taxedPrice: taxedItemPrice(currency, split, rate), taxedPricePortions: [] };
    return { target, total: c.centAmount * quantity, rate, split };
  });
  const all = [...items, ...customItems];
  const mode = draft.taxRoundingMode ?? 'HalfEven';

  // Order-level discount, spread over the items before the order's taxes are summed.
  const discount = draft.discountCode ? positiveInt(draft.discountCode.centAmount, 'discountCode.centAmount') : 0;
  const itemsTotal = all.reduce((a, it) => a + it.total, 0);
  if (discount > itemsTotal) throw controlBadRequest('discountCode.centAmount', 'the discount exceeds the items total');
  const shares = allocate(discount, all.map((it) => it.total));
  const discounted = all.map((it, i) => (discount > 0 ? splitTax(it.total - (shares[i] ?? 0), it.rate.amount, it.rate.includedInPrice, mode) : it.split));

  const shippings = (draft.shippings ?? (draft.shipping ? [draft.shipping] : [])).map((s, i) => shippingInfo(draft, s, i));
  const portions = new Map<string, { rate: number; name: string; amount: number }>();
  const addPortion = (rate: Rate, tax: number): void => {
    const key = `${rate.amount}|${rate.name}`;
    const p = portions.get(key) ?? { rate: rate.amount, name: rate.name, amount: 0 };
    p.amount += tax;
    portions.set(key, p);
  };
  all.forEach((it, i) => addPortion(it.rate, discounted[i]?.tax ?? 0));
  shippings.forEach((s) => addPortion(s.rate, s.split.tax));
  const totalNet = discounted.reduce((a, s) => a + s.net, 0) + shippings.reduce((a, s) => a + s.split.net, 0);
  const totalGross = discounted.reduce((a, s) => a + s.gross, 0) + shippings.reduce((a, s) => a + s.split.gross, 0);
  const shippingTotal = shippings.reduce((a, s) => a + s.split.gross, 0);
  const isMultiple = draft.shippings !== undefined;
  const undiscountedNet = all.reduce((a, it) => a + it.split.net, 0);
  const undiscountedGross = all.reduce((a, it) => a + it.split.gross, 0);
  const discountCodeId = state.newId();

  return compact({
    id: state.newId(),
    orderNumber: draft.orderNumber,
    customerId: draft.customerId,
    customerEmail: draft.customerEmail,
    store: draft.storeKey ? { typeId: 'store', key: draft.storeKey } : undefined,
    lineItems: items.map((it) => it.target),
    customLineItems: customItems.map((it) => it.target),
    totalPrice: centMoney(currency, itemsTotal + shippingTotal - discount),
    taxedPrice: { totalNet: centMoney(currency, totalNet), totalGross: centMoney(currency, totalGross), taxPortions: [...portions.values()].map((p) => ({ rate: p.rate, amount: centMoney(currency, p.amount), name: p.name })), totalTax: centMoney(currency, totalGross - totalNet) },
    taxedShippingPrice: shippings.length > 0 ? sumTaxed(currency, shippings) : undefined,
    discountOnTotalPrice: discount > 0 ? { discountedAmount: centMoney(currency, discount), includedDiscounts: [{ discount: { typeId: 'cart-discount', id: state.newId() }, discountedAmount: centMoney(currency, discount) }], discountedNetAmount: centMoney(currency, undiscountedNet - discounted.reduce((a, s) => a + s.net, 0)), discountedGrossAmount: centMoney(currency, undiscountedGross - discounted.reduce((a, s) => a + s.gross, 0)) } : undefined,
    taxMode: 'Platform',
    taxRoundingMode: mode,
    taxCalculationMode: draft.taxCalculationMode ?? 'LineItemLevel',
    inventoryMode: 'None',
    country: draft.country,
    locale: draft.locale,
    shippingAddress: draft.shippingAddress ?? { country: draft.country },
    billingAddress: draft.billingAddress,
    shippingMode: isMultiple ? 'Multiple' : 'Single',
    shippingInfo: !isMultiple && shippings[0] ? shippings[0].info : undefined,
    shipping: isMultiple ? shippings.map((s, i) => ({ shippingKey: draft.shippings?.[i]?.key ?? `shipping-${i + 1}`, shippingInfo: s.info, shippingAddress: draft.shippings?.[i]?.address ?? draft.shippingAddress ?? { country: draft.country } })) : [],
    itemShippingAddresses: [],
    discountCodes: draft.discountCode ? [{ discountCode: { typeId: 'discount-code', id: discountCodeId }, state: 'MatchesCart' }] : [],
    directDiscounts: [],
    refusedGifts: [],
    origin: 'Customer',
    orderState: draft.orderState ?? 'Open',
    paymentState: draft.paymentState,
    shipmentState: draft.shipmentState,
    syncInfo: [],
    returnInfo: [],
  });
}

function sumTaxed(currency: string, shippings: ReadonlyArray<{ split: TaxSplit; rate: Rate }>): Json {
  const net = shippings.reduce((a, s) => a + s.split.net, 0);
  const gross = shippings.reduce((a, s) => a + s.split.gross, 0);
  return { totalNet: centMoney(currency, net), totalGross: centMoney(currency, gross), taxPortions: shippings.map((s) => ({ rate: s.rate.amount, amount: centMoney(currency, s.split.tax), name: s.rate.name })), totalTax: centMoney(currency, gross - net) };
}
