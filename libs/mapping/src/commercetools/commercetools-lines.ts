/**
 * Lines of a commercetools order: line items, custom line items and shipping methods, each split into the item at
 * its price before discounts and, when discounted, a separate negative discount line; plus the discount on the order
 * total. Every amount is integer minor units of the order currency, at tax-exclusive (net) amounts.
 *
 * What is read, and what is computed (openapi.yaml schemas; the `TaxCalculationMode` / `TaxMode` descriptions):
 * - **After discounts** (what the customer pays for the item): the item's `taxedPrice` (`totalNet`, `totalGross`; tax =
 *   gross − net), exactly as commercetools computed it. Only when `taxedPrice` is absent is it recomputed from
 *   `totalPrice` and `taxRate` (`taxRoundingMode`, `taxCalculationMode`); with `taxMode` Disabled or no rate the tax
 *   is 0 (and the rate "0"). Platform, External and ExternalAmount differ only in who set the rates and amounts: the
 *   stated `taxedPrice` is used as it is in all three (ExternalAmount's externally set amounts are never recomputed).
 * - **Before discounts** (the product line): `price.value` × `quantity` (a high-precision price rounded once, with
 *   `priceRoundingMode`), its tax recomputed with the same rules. The discount line carries the difference, so
 *   product + discount = commercetools' own `taxedPrice` to the cent.
 * - **Gross prices** (`taxRate.includedInPrice`): net = round(gross / (1 + rate)), tax = gross − net.
 * - **Multiple shipping mode**: a line item without `taxRate` is split per shipping method by `perMethodTaxRate`,
 *   `taxedPricePortions` and the quantities in `shippingDetails.targets`.
 */
import type { SalesLine, SalesLineType } from '../canonical/sales-document';
import { ratePercentFromAmounts } from '../canonical/tax-rate';
import { MappingError } from '../mapping.error';
import { type Decimal, divideRounded, toSafeNumber } from '../money/decimal';
import { allocateMinor, sumMinor } from '../money/money';
import { type CtRate, ctExactMinor, ctMinor, ctQuantity, ctRate, netOfGross, roundExact, taxOnNet } from './commercetools-money';
import type {
  CtCustomLineItem, CtLineItem, CtLocalizedString, CtOrder, CtRoundingMode, CtShippingInfo, CtTaxCalculationMode, CtTaxedPrice,
  CtTaxMode, CtTaxRate, CtTypedMoney,
} from './commercetools.types';

/** What every line of one order shares. */
export type CtLineCtx = {
  currency: string;
  channelId: string;
  /** Default VAT country (ship-to, else billing, else the order's `country`). */
  country: string;
  taxMode: CtTaxMode;
  taxRounding: CtRoundingMode;
  priceRounding: CtRoundingMode;
  calc: CtTaxCalculationMode;
  locales: readonly string[];
};

/** `quantity` units at an exact unit price (minor units). */
type UnitGroup = { quantity: bigint; unit: Decimal };

/** One taxable piece of an item: the whole item, or its share for one shipping method. */
type Slice = {
  lineId: string;
  suffix: string;
  quantity: bigint;
  /** Price-mode amounts (gross when the rate includes tax) before and after the item's discounts. */
  before: number;
  after: number;
  unitsBefore: UnitGroup[];
  unitsAfter: UnitGroup[] | undefined;
  taxed: CtTaxedPrice | null | undefined;
  taxRate: CtTaxRate | null | undefined;
  country: string;
  path: string;
};

type ItemInfo = { type: SalesLineType; sku?: string | undefined; name: string; categoryIds: string[]; taxClass: string };

/** The name in the preferred locale, else "en", else the first one. */
export function localized(value: CtLocalizedString | null | undefined, locales: readonly string[]): string {
  if (!value || typeof value !== 'object') return '';
  for (const locale of [...locales, 'en']) {
    const text = value[locale];
    if (typeof text === 'string' && text.trim()) return text.trim();
  }
  return Object.values(value).find((v) => typeof v === 'string' && v.trim())?.trim() ?? '';
}

/** minor ÷ quantity, rounded half away from zero (unit prices on canonical lines). */
function perUnit(amountMinor: number, quantity: bigint, field: string): number {
  return toSafeNumber(divideRounded(BigInt(amountMinor), quantity), field);
}

const times = (d: Decimal, q: bigint): Decimal => ({ units: d.units * q, scale: d.scale });

/** Tax of a price-mode amount recomputed from the rate (`taxCalculationMode`, `taxRoundingMode`). */
function recomputedTax(ctx: CtLineCtx, total: number, units: UnitGroup[] | undefined, rate: CtRate, isGross: boolean): number {
  if (ctx.calc === 'UnitPriceLevel' && units !== undefined) {
    let tax = 0n;
    for (const g of units) {
      const unitTax = isGross ? roundExact(g.unit, ctx.priceRounding) - netOfGross(g.unit, rate.fraction, ctx.taxRounding) : taxOnNet(g.unit, rate.fraction, ctx.taxRounding);
      tax += unitTax * g.quantity;
    }
    return toSafeNumber(tax, 'tax');
  }
  const amount: Decimal = { units: BigInt(total), scale: 0 };
  return toSafeNumber(isGross ? amount.units - netOfGross(amount, rate.fraction, ctx.taxRounding) : taxOnNet(amount, rate.fraction, ctx.taxRounding), 'tax');
}

/** Net and tax of a price-mode amount, from commercetools' `taxedPrice` when given. */
function amountsOf(ctx: CtLineCtx, total: number, units: UnitGroup[] | undefined, rate: CtRate | undefined, isGross: boolean, taxed: CtTaxedPrice | null | undefined, path: string): { net: number; tax: number } {
  if (taxed) {
    const net = ctMinor(taxed.totalNet, ctx.currency, `${path}.totalNet`);
    const gross = ctMinor(taxed.totalGross, ctx.currency, `${path}.totalGross`);
    return { net, tax: gross - net };
  }
  if (rate === undefined || ctx.taxMode === 'Disabled') return { net: total, tax: 0 };
  const tax = recomputedTax(ctx, total, units, rate, isGross);
  return { net: isGross ? total - tax : total, tax };
}

/** The rate of a slice (none with taxMode Disabled): `taxRate.amount`, else the single tax portion's rate, else derived from the amounts. */
function rateOf(ctx: CtLineCtx, slice: Slice): CtRate | undefined {
  if (ctx.taxMode === 'Disabled') return undefined;
  if (slice.taxRate) return ctRate(slice.taxRate.amount, `${slice.path}.taxRate.amount`);
  const portions = slice.taxed?.taxPortions ?? [];
  if (portions.length === 1 && portions[0]) return ctRate(portions[0].rate, `${slice.path}.taxedPrice.taxPortions[0].rate`);
  return undefined;
}

function makeLine(ctx: CtLineCtx, base: { lineId: string; type: SalesLineType; sku?: string | undefined; name: string; quantity: bigint; net: number; tax: number; rate: string; taxClass: string; taxClassName?: string | undefined; categoryIds: string[]; country: string; appliesToLineId?: string }): SalesLine {
  const gross = base.net + base.tax;
  return {
    lineId: base.lineId,
    type: base.type,
    ...(base.sku ? { sku: base.sku } : {}),
    name: base.name,
    quantity: base.quantity.toString(),
    unitPriceExTaxMinor: perUnit(base.net, base.quantity, base.lineId),
    unitPriceIncTaxMinor: perUnit(gross, base.quantity, base.lineId),
    netMinor: base.net,
    taxMinor: base.tax,
    grossMinor: gross,
    taxRatePercent: base.rate,
    taxClass: base.taxClass,
    ...(base.taxClassName ? { taxClassName: base.taxClassName } : {}),
    categoryIds: [...base.categoryIds],
    channelId: ctx.channelId,
    country: base.country,
    ...(base.appliesToLineId ? { appliesToLineId: base.appliesToLineId } : {}),
  };
}

/** A slice's lines: the item before discounts and, when its price went down, a negative discount line. */
function sliceLines(ctx: CtLineCtx, slice: Slice, info: ItemInfo, discountId: string): SalesLine[] {
  const rate = rateOf(ctx, slice);
  const isGross = slice.taxRate?.includedInPrice === true;
  const after = amountsOf(ctx, slice.after, slice.unitsAfter, rate, isGross, slice.taxed, `${slice.path}.taxedPrice`);
  const percent = rate?.percent ?? (after.tax === 0 || after.net === 0 ? '0' : ratePercentFromAmounts({ units: BigInt(after.tax), scale: 0 }, { units: BigInt(after.net), scale: 0 }));
  const country = (slice.taxRate?.country ?? '').trim().toUpperCase() || slice.country;
  const common = { sku: info.sku, rate: percent, taxClass: info.taxClass, taxClassName: slice.taxRate?.name, categoryIds: info.categoryIds, country };
  if (slice.after >= slice.before) {
    return [makeLine(ctx, { ...common, lineId: slice.lineId, type: info.type, name: info.name, quantity: slice.quantity, net: after.net, tax: after.tax })];
  }
  const taxBefore = rate === undefined || ctx.taxMode === 'Disabled' ? 0 : recomputedTax(ctx, slice.before, slice.unitsBefore, rate, isGross);
  const netBefore = isGross ? slice.before - taxBefore : slice.before;
  return [
    makeLine(ctx, { ...common, lineId: slice.lineId, type: info.type, name: info.name, quantity: slice.quantity, net: netBefore, tax: taxBefore }),
    makeLine(ctx, { ...common, sku: undefined, lineId: `discount:${discountId}${slice.suffix}`, type: 'discount', name: `Discount on ${info.name}`, quantity: 1n, net: after.net - netBefore, tax: after.tax - taxBefore, appliesToLineId: slice.lineId }),
  ];
}

/** The unit groups after discounts: `discountedPricePerQuantity`, the rest of the quantity at the undiscounted price. */
function unitsAfterDiscounts(ctx: CtLineCtx, item: CtLineItem | CtCustomLineItem, unit: Decimal, quantity: bigint, path: string): UnitGroup[] {
  const groups: UnitGroup[] = [];
  let rest = quantity;
  (item.discountedPricePerQuantity ?? []).forEach((d, i) => {
    const q = ctQuantity(d.quantity, `${path}.discountedPricePerQuantity[${i}].quantity`);
    groups.push({ quantity: q, unit: ctExactMinor(d.discountedPrice?.value, ctx.currency, `${path}.discountedPricePerQuantity[${i}].discountedPrice.value`) });
    rest -= q;
  });
  if (rest < 0n) throw new MappingError('invalid-field', `${path}.discountedPricePerQuantity`, 'discounts cover more than the item quantity');
  if (rest > 0n) groups.push({ quantity: rest, unit });
  return groups;
}

/** The item's slices: one, or one per shipping method (Multiple shipping mode without an item `taxRate`). */
function slicesOf(ctx: CtLineCtx, item: CtLineItem | CtCustomLineItem, lineId: string, unitMoney: CtTypedMoney, isExternalTotal: boolean, path: string): Slice[] {
  const quantity = ctQuantity(item.quantity, `${path}.quantity`);
  const unit = ctExactMinor(unitMoney, ctx.currency, `${path}.${'price' in item ? 'price.value' : 'money'}`);
  const after = ctMinor(item.totalPrice, ctx.currency, `${path}.totalPrice`);
  const before = isExternalTotal ? after : toSafeNumber(roundExact(times(unit, quantity), ctx.priceRounding), `${path}.quantity`);
  const unitsBefore = [{ quantity, unit }];
  const unitsAfter = isExternalTotal ? undefined : unitsAfterDiscounts(ctx, item, unit, quantity, path);
  const perMethod = item.perMethodTaxRate ?? [];
  if (item.taxRate || perMethod.length === 0) {
    return [{ lineId, suffix: '', quantity, before, after, unitsBefore, unitsAfter, taxed: item.taxedPrice, taxRate: item.taxRate, country: ctx.country, path }];
  }
  const targets = item.shippingDetails?.targets ?? [];
  const quantities = perMethod.map((m) => targets.filter((t) => t.shippingMethodKey === m.shippingMethodKey).reduce((acc, t) => acc + BigInt(t.quantity), 0n));
  if (quantities.reduce((a, b) => a + b, 0n) !== quantity) {
    throw new MappingError('invalid-field', `${path}.shippingDetails.targets`, 'the quantity is not distributed over the shipping methods of perMethodTaxRate');
  }
  const weights = quantities.map((q) => Number(q));
  const befores = allocateMinor(before, weights, `${path}.perMethodTaxRate`);
  const afters = allocateMinor(after, weights, `${path}.perMethodTaxRate`);
  return perMethod.flatMap((m, k): Slice[] => {
    const q = quantities[k] ?? 0n;
    if (q === 0n) return [];
    const portion = (item.taxedPricePortions ?? []).find((p) => p.shippingMethodKey === m.shippingMethodKey)?.taxedPrice;
    const isGross = m.taxRate?.includedInPrice === true;
    const portionAfter = portion ? ctMinor(isGross ? portion.totalGross : portion.totalNet, ctx.currency, `${path}.taxedPricePortions[${k}].taxedPrice`) : (afters[k] ?? 0);
    return [{
      lineId: `${lineId}:${m.shippingMethodKey}`, suffix: `:${m.shippingMethodKey}`, quantity: q, before: befores[k] ?? 0, after: portionAfter,
      unitsBefore: [{ quantity: q, unit }], unitsAfter: undefined, taxed: portion, taxRate: m.taxRate, country: ctx.country, path: `${path}.perMethodTaxRate[${k}]`,
    }];
  });
}

/** `LineItem` → product line(s) and discount line(s), keyed by `variant.sku`, product type and the tax rate. */
export function lineItemLines(ctx: CtLineCtx, item: CtLineItem, index: number): SalesLine[] {
  const path = `lineItems[${index}]`;
  if (typeof item.id !== 'string' || !item.id) throw new MappingError('missing-field', `${path}.id`, 'is required');
  if (!item.price) throw new MappingError('missing-field', `${path}.price`, 'is required');
  const sku = (item.variant?.sku ?? '').trim();
  const productType = item.productType;
  const categoryIds = productType?.id ? [productType.id, ...(productType.obj?.key ? [productType.obj.key] : [])] : [];
  const name = localized(item.name, ctx.locales) || sku || item.id;
  const info: ItemInfo = { type: 'product', sku: sku || undefined, name, categoryIds, taxClass: '' };
  return slicesOf(ctx, item, `product:${item.id}`, item.price.value, item.priceMode === 'ExternalTotal', path).flatMap((s) => sliceLines(ctx, s, info, item.id));
}

/** `CustomLineItem` → a `fee` line (a negative `money`, a voucher, is a `discount` line), with its own discount line. */
export function customLineItemLines(ctx: CtLineCtx, item: CtCustomLineItem, index: number): SalesLine[] {
  const path = `customLineItems[${index}]`;
  if (typeof item.id !== 'string' || !item.id) throw new MappingError('missing-field', `${path}.id`, 'is required');
  const unit = ctMinor(item.money, ctx.currency, `${path}.money`);
  const name = localized(item.name, ctx.locales) || (item.slug ?? '') || item.id;
  const info: ItemInfo = { type: unit < 0 ? 'discount' : 'fee', name, categoryIds: [], taxClass: item.taxCategory?.id ?? '' };
  return slicesOf(ctx, item, `custom:${item.id}`, item.money, false, path).flatMap((s) => sliceLines(ctx, s, info, `custom:${item.id}`));
}

/**
 * `ShippingInfo` → a shipping line at `price` and, for a shipping discount (`discountedPrice`), a discount line; no
 * line for free shipping without tax. `key` names the shipping method in Multiple shipping mode.
 */
export function shippingLines(ctx: CtLineCtx, info: CtShippingInfo, key: string | undefined, country: string, path: string): SalesLine[] {
  const before = ctMinor(info.price, ctx.currency, `${path}.price`);
  const after = info.discountedPrice ? ctMinor(info.discountedPrice.value, ctx.currency, `${path}.discountedPrice.value`) : before;
  const taxedTax = info.taxedPrice ? ctMinor(info.taxedPrice.totalGross, ctx.currency, `${path}.taxedPrice.totalGross`) - ctMinor(info.taxedPrice.totalNet, ctx.currency, `${path}.taxedPrice.totalNet`) : 0;
  if (before === 0 && after === 0 && taxedTax === 0) return [];
  const suffix = key === undefined ? '' : `:${key}`;
  const slice: Slice = {
    lineId: `shipping${suffix}`, suffix, quantity: 1n, before, after, unitsBefore: [{ quantity: 1n, unit: { units: BigInt(before), scale: 0 } }],
    unitsAfter: [{ quantity: 1n, unit: { units: BigInt(after), scale: 0 } }], taxed: info.taxedPrice, taxRate: info.taxRate, country, path,
  };
  const name = (info.shippingMethodName ?? '').trim() || 'Shipping';
  return sliceLines(ctx, slice, { type: 'shipping', name, categoryIds: [], taxClass: info.taxCategory?.id ?? '' }, 'shipping');
}

/**
 * `discountOnTotalPrice` (a cart discount on the order total, e.g. "5 € off above 200 €") → one negative discount line
 * per VAT rate of the lines. commercetools states the discounted totals, not each rate's share, so:
 * - with the order's `taxedPrice`: the discount lines carry what separates the item lines from the order's own
 *   totals, net = `taxedPrice.totalNet` − Σ line nets split over the rates in proportion to each rate's net
 *   (largest remainder), tax per rate = the order's `taxPortions` of that rate − Σ line taxes of that rate; the lines
 *   then add up to the order's `taxedPrice` exactly;
 * - without it (untaxed): −`discountedAmount` split in proportion to each rate's amount, its tax recomputed.
 */
export function totalDiscountLines(ctx: CtLineCtx, order: CtOrder, lines: readonly SalesLine[], pricesIncludeTax: boolean): SalesLine[] {
  const discount = order.discountOnTotalPrice;
  if (!discount) return [];
  const amount = ctMinor(discount.discountedAmount, ctx.currency, 'discountOnTotalPrice.discountedAmount');
  if (amount === 0) return [];
  const groups: { rate: string; country: string; net: number; tax: number }[] = [];
  for (const line of lines) {
    let group = groups.find((g) => g.rate === line.taxRatePercent);
    if (!group) groups.push((group = { rate: line.taxRatePercent, country: line.country, net: 0, tax: 0 }));
    group.net += line.netMinor;
    group.tax += line.taxMinor;
  }
  const taxed = order.taxedPrice;
  let nets: number[];
  let taxes: number[];
  if (taxed) {
    const portions = new Map<string, number>();
    (taxed.taxPortions ?? []).forEach((p, i) => {
      const rate = ctRate(p.rate, `taxedPrice.taxPortions[${i}].rate`).percent;
      portions.set(rate, (portions.get(rate) ?? 0) + ctMinor(p.amount, ctx.currency, `taxedPrice.taxPortions[${i}].amount`));
      if (!groups.some((g) => g.rate === rate)) groups.push({ rate, country: ctx.country, net: 0, tax: 0 });
    });
    if (groups.length === 0) groups.push({ rate: '0', country: ctx.country, net: 0, tax: 0 });
    const residual = ctMinor(taxed.totalNet, ctx.currency, 'taxedPrice.totalNet') - sumMinor(lines.map((l) => l.netMinor), 'lines');
    nets = allocateMinor(residual, groups.map((g) => Math.max(0, g.net)), 'discountOnTotalPrice');
    taxes = groups.map((g) => (portions.size > 0 ? (portions.get(g.rate) ?? 0) - g.tax : 0));
  } else {
    if (groups.length === 0) groups.push({ rate: '0', country: ctx.country, net: 0, tax: 0 });
    const parts = allocateMinor(-amount, groups.map((g) => Math.max(0, g.net + (pricesIncludeTax ? g.tax : 0))), 'discountOnTotalPrice');
    taxes = groups.map((g, i) => {
      if (ctx.taxMode === 'Disabled' || g.rate === '0') return 0;
      const rate = percentToFraction(g.rate);
      const part: Decimal = { units: BigInt(parts[i] ?? 0), scale: 0 };
      return toSafeNumber(pricesIncludeTax ? part.units - netOfGross(part, rate, ctx.taxRounding) : taxOnNet(part, rate, ctx.taxRounding), 'discountOnTotalPrice');
    });
    nets = parts.map((p, i) => (pricesIncludeTax ? p - (taxes[i] ?? 0) : p));
  }
  const many = groups.length > 1;
  return groups.flatMap((g, i) => {
    const [net, tax] = [nets[i] ?? 0, taxes[i] ?? 0];
    if (net === 0 && tax === 0) return [];
    return [makeLine(ctx, {
      lineId: many ? `discount:total:${g.rate}` : 'discount:total', type: 'discount', name: many ? `Discount on the order total (${g.rate} %)` : 'Discount on the order total',
      quantity: 1n, net, tax, rate: g.rate, taxClass: '', categoryIds: [], country: g.country,
    })];
  });
}

/** A percentage string ("19", "8.875") as a fraction (0.19, 0.08875). */
function percentToFraction(percent: string): Decimal {
  const [whole = '0', fraction = ''] = percent.split('.');
  return { units: BigInt(whole + fraction), scale: fraction.length + 2 };
}

