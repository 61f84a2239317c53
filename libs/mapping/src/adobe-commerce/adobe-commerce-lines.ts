/**
 * Building blocks shared by the Adobe Commerce order and credit-memo mappers: reading float amounts into minor units
 * (once, at the edge, in the order currency), the parent/child item plan, product/discount and shipping lines, and the
 * reconciliation of the lines with the shop's own totals.
 */
import type { SalesLine, SalesLineType, SalesSettlement } from '../canonical/sales-document';
import { ratePercentFromAmounts, sumRatePercents, taxOfNetMinor } from '../canonical/tax-rate';
import { MappingError } from '../mapping.error';
import { type Decimal, decimalFromNumber, divideRounded, formatDecimal, parseDecimal, pow10, toSafeNumber } from '../money/decimal';
import { currencyExponent, decimalToMinor, sumMinor } from '../money/money';
import type { AcAmount, AcItemAmounts, AcOrderItem } from './adobe-commerce.types';

const TIMESTAMP = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An amount (number or decimal string; missing → 0) as an exact Decimal. @throws MappingError naming `field`. */
export function acDecimal(value: AcAmount, field: string): Decimal {
  if (value === undefined || value === null || value === '') return { units: 0n, scale: 0 };
  if (typeof value === 'number') return decimalFromNumber(value, field);
  if (typeof value === 'string') return parseDecimal(value.trim(), field);
  throw new MappingError('invalid-field', field, 'expected an amount (a JSON number)');
}

/** An amount in integer minor units of `currency`, rounded half away from zero. @throws MappingError naming `field`. */
export function acMinor(value: AcAmount, currency: string, field: string): number {
  return decimalToMinor(acDecimal(value, field), currency, field);
}

/** True when the field carries a value (0 included). */
export function isPresent(value: AcAmount): value is number | string {
  return value !== undefined && value !== null && value !== '';
}

/** The date (YYYY-MM-DD, UTC) of a Commerce timestamp "YYYY-MM-DD HH:MM:SS". @throws MappingError naming `field`. */
export function acDate(value: string | null | undefined, field: string): string {
  const match = typeof value === 'string' ? TIMESTAMP.exec(value.trim()) : null;
  if (!match?.[1]) throw new MappingError(value ? 'invalid-field' : 'missing-field', field, 'expected a timestamp "YYYY-MM-DD HH:MM:SS"');
  return match[1];
}

/** The caller's issue date when given (validated), else the date of `createdAt`. */
export function issueDateOf(override: string | undefined, createdAt: string | null | undefined, field: string): string {
  if (override === undefined) return acDate(createdAt, field);
  if (!ISO_DATE.test(override)) throw new MappingError('invalid-field', 'issueDate', 'expected YYYY-MM-DD');
  return override;
}

/** Upper-cased, supported ISO 4217 code. @throws MappingError `missing-field` / `unknown-currency` naming `field`. */
export function acCurrency(code: string | null | undefined, field: string): string {
  const currency = (code ?? '').trim().toUpperCase();
  if (!currency) throw new MappingError('missing-field', field, 'is required (the document is in the order currency)');
  currencyExponent(currency, field);
  return currency;
}

/** The reconciliation unit in minor units: one unit of the shop's `priceDecimals` (2 → 1 cent). */
export function toleranceUnit(currency: string, priceDecimals: number | undefined): number {
  const decimals = priceDecimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 8) throw new MappingError('invalid-field', 'priceDecimals', 'expected an integer from 0 to 8');
  const exponent = currencyExponent(currency);
  return Number(pow10(Math.max(0, exponent - Math.min(decimals, exponent))));
}

/** A percentage float (25, 8.875) as a canonical decimal string, or undefined when absent. */
export function ratePercentOf(value: AcAmount, field: string): string | undefined {
  return isPresent(value) ? formatDecimal(acDecimal(value, field)) : undefined;
}

/** Redeemed gift cards, store credit and reward points: payments, deducted from `grand_total` by Commerce. */
export function acSettlements(ext: { gift_cards_amount?: AcAmount; customer_balance_amount?: AcAmount; reward_currency_amount?: AcAmount } | null | undefined, currency: string): SalesSettlement[] {
  const out: SalesSettlement[] = [];
  const giftCards = acMinor(ext?.gift_cards_amount, currency, 'extension_attributes.gift_cards_amount');
  if (giftCards > 0) out.push({ method: 'gift-certificate', amountMinor: giftCards });
  const balance = acMinor(ext?.customer_balance_amount, currency, 'extension_attributes.customer_balance_amount');
  if (balance > 0) out.push({ method: 'store-credit', amountMinor: balance });
  const reward = acMinor(ext?.reward_currency_amount, currency, 'extension_attributes.reward_currency_amount');
  if (reward > 0) out.push({ method: 'store-credit', amountMinor: reward, reference: 'reward-points' });
  return out;
}

/** How one order item enters a document: as a line (with the sku and name to show) or not at all. */
export type AcItemPlan =
  | { role: 'line'; sku: string; name: string; type: SalesLineType; ratePercent: string | undefined; item: AcOrderItem }
  | { role: 'skip'; reason: 'configurable-child' | 'bundle-parent' | 'fixed-bundle-child' };

function hasAmounts(item: AcItemAmounts, path: string): boolean {
  return [item.row_total, item.price, item.tax_amount].some((v) => acDecimal(v, path).units !== 0n);
}

/**
 * Decides, per order item id, which items become lines (Commerce sends a parent item and its child items linked by
 * `parent_item_id`; counting both would bill the product twice):
 * - **configurable**: the parent carries price, tax and discount, its child has price 0 (invoice 3: item 10 at 52.00,
 *   child 11 at 0). One line from the parent, with the **child's sku** (the simple product actually sold, the one
 *   stock and the ERP's inventory know; Commerce copies it onto the parent, so they normally agree) and the parent's
 *   name (what the cart and Commerce's own invoice show).
 * - **bundle with dynamic price** (children calculated, `Magento\Sales\Model\Order\Item::isChildrenCalculated()`): the
 *   children carry the prices and taxes (invoice 3: kit 5 at 68.00 = children 27 + 5 + 17 + 19): one line per child,
 *   each with its own sku and VAT rate; the parent is skipped.
 * - **bundle with fixed price** (children priced 0): one line from the parent, with the bundle's sku.
 * Detection is by the data (a child with a non-zero price, row total or tax), not by `product_options`, which the
 * REST API does not expose. A child whose parent is not in `items` stands alone.
 * @throws MappingError naming `items[i]` fields that are not amounts.
 */
export function planItems(items: readonly AcOrderItem[]): Map<number, AcItemPlan> {
  const byId = new Map<number, { item: AcOrderItem; index: number }>();
  items.forEach((item, index) => {
    if (!Number.isSafeInteger(item.item_id)) throw new MappingError('invalid-field', `items[${index}].item_id`, 'expected an integer');
    byId.set(item.item_id as number, { item, index });
  });
  const children = new Map<number, { item: AcOrderItem; index: number }[]>();
  for (const entry of byId.values()) {
    const parentId = entry.item.parent_item_id;
    if (parentId === undefined || parentId === null || !byId.has(parentId)) continue;
    children.set(parentId, [...(children.get(parentId) ?? []), entry]);
  }
  const plans = new Map<number, AcItemPlan>();
  const lineOf = (item: AcOrderItem, index: number, sku: string): AcItemPlan => ({
    role: 'line', sku, name: item.name || sku || `Item ${String(item.item_id)}`, type: item.product_type === 'giftcard' ? 'gift-card' : 'product',
    ratePercent: ratePercentOf(item.tax_percent, `items[${index}].tax_percent`), item,
  });
  for (const [id, { item, index }] of byId) {
    if (item.parent_item_id !== undefined && item.parent_item_id !== null && byId.has(item.parent_item_id)) continue;
    const kids = children.get(id) ?? [];
    if (kids.length === 0) {
      plans.set(id, lineOf(item, index, item.sku));
    } else if (item.product_type !== 'configurable' && kids.some((k) => hasAmounts(k.item, `items[${k.index}]`))) {
      plans.set(id, { role: 'skip', reason: 'bundle-parent' });
      for (const k of kids) plans.set(k.item.item_id as number, lineOf(k.item, k.index, k.item.sku));
    } else {
      const childSku = item.product_type === 'configurable' ? kids[0]?.item.sku : undefined;
      plans.set(id, lineOf(item, index, childSku || item.sku));
      for (const k of kids) plans.set(k.item.item_id as number, { role: 'skip', reason: item.product_type === 'configurable' ? 'configurable-child' : 'fixed-bundle-child' });
    }
  }
  return plans;
}

export type AcLineCtx = { currency: string; country: string; channelId: string };

/** minor ÷ quantity, rounded half away from zero. */
function perUnit(amountMinor: number, quantity: Decimal, field: string): number {
  return toSafeNumber(divideRounded(BigInt(amountMinor) * pow10(quantity.scale), quantity.units), field);
}

function makeLine(ctx: AcLineCtx, base: { lineId: string; type: SalesLineType; sku?: string | undefined; name: string; quantity: Decimal; netMinor: number; taxMinor: number; taxRatePercent: string; appliesToLineId?: string; unitEx?: number | undefined; unitInc?: number | undefined }, field: string): SalesLine {
  const grossMinor = base.netMinor + base.taxMinor;
  return {
    lineId: base.lineId,
    type: base.type,
    ...(base.sku ? { sku: base.sku } : {}),
    name: base.name,
    quantity: formatDecimal(base.quantity),
    unitPriceExTaxMinor: base.unitEx ?? perUnit(base.netMinor, base.quantity, field),
    unitPriceIncTaxMinor: base.unitInc ?? perUnit(grossMinor, base.quantity, field),
    netMinor: base.netMinor,
    taxMinor: base.taxMinor,
    grossMinor,
    taxRatePercent: base.taxRatePercent,
    taxClass: '',
    categoryIds: [],
    channelId: ctx.channelId,
    country: ctx.country,
    ...(base.appliesToLineId ? { appliesToLineId: base.appliesToLineId } : {}),
  };
}

const ONE: Decimal = { units: 1n, scale: 0 };

/**
 * One item's lines at tax-exclusive amounts: the product at `row_total` with its tax before discount, and, when the
 * row has a discount, a negative discount line at the same rate (`appliesToLineId`) carrying the rest, so that
 * product + discount = the row as Commerce charged it: net `row_total − discount_amount +
 * discount_tax_compensation_amount`, tax `tax_amount` (the Commerce grand-total formula).
 * - Tax before discount = `row_total_incl_tax − row_total` (Commerce's pre-discount tax), else `row_total × rate`.
 * - Without a discount the product's tax is `tax_amount` itself.
 * - Rate: `tax_percent` of the order item, else derived from the amounts (0.01 % precision).
 * - Unit prices from `price` / `price_incl_tax` when present, else the row ÷ quantity.
 */
export function itemLines(ctx: AcLineCtx, plan: Extract<AcItemPlan, { role: 'line' }>, amounts: AcItemAmounts, quantity: Decimal, lineId: string, path: string): SalesLine[] {
  const { currency } = ctx;
  if (quantity.units <= 0n) throw new MappingError('invalid-field', `${path}.qty`, 'expected a positive quantity');
  const net = acMinor(amounts.row_total, currency, `${path}.row_total`);
  const tax = acMinor(amounts.tax_amount, currency, `${path}.tax_amount`);
  const discount = acMinor(amounts.discount_amount, currency, `${path}.discount_amount`);
  const compensation = acMinor(amounts.discount_tax_compensation_amount, currency, `${path}.discount_tax_compensation_amount`);
  const isDiscounted = discount !== 0 || compensation !== 0;
  let productTax = tax;
  if (isDiscounted) {
    productTax = isPresent(amounts.row_total_incl_tax)
      ? acMinor(amounts.row_total_incl_tax, currency, `${path}.row_total_incl_tax`) - net
      : taxOfNetMinor(net, plan.ratePercent ?? '0', `${path}.tax_percent`);
  }
  const rate = plan.ratePercent ?? (net === 0 ? '0' : ratePercentFromAmounts({ units: BigInt(productTax), scale: 0 }, { units: BigInt(net), scale: 0 }));
  const unitEx = isPresent(amounts.price) ? acMinor(amounts.price, currency, `${path}.price`) : undefined;
  const unitInc = isPresent(amounts.price_incl_tax) ? acMinor(amounts.price_incl_tax, currency, `${path}.price_incl_tax`) : undefined;
  const lines = [makeLine(ctx, { lineId, type: plan.type, sku: plan.sku, name: plan.name, quantity, netMinor: net, taxMinor: productTax, taxRatePercent: rate, unitEx, unitInc }, path)];
  if (isDiscounted) {
    lines.push(makeLine(ctx, { lineId: `discount:${lineId.slice(lineId.indexOf(':') + 1)}`, type: 'discount', name: `Discount on ${plan.name}`, quantity: ONE, netMinor: -(discount - compensation), taxMinor: tax - productTax, taxRatePercent: rate, appliesToLineId: lineId }, path));
  }
  return lines;
}

export type AcShipping = { amount: AcAmount; taxAmount: AcAmount; inclTax: AcAmount; discount: number; discountTaxCompensation: AcAmount; name: string; ratePercent: string | undefined };

/**
 * The shipping line (net `shipping_amount`, tax before discount `shipping_incl_tax − shipping_amount`) and, for a
 * shipping discount, a negative discount line so that together they are `shipping_amount − discount + compensation`
 * net and `shipping_tax_amount` tax. No line when shipping is 0 with no tax (virtual orders, free shipping).
 */
export function shippingLines(ctx: AcLineCtx, s: AcShipping, path: string): SalesLine[] {
  const { currency } = ctx;
  const net = acMinor(s.amount, currency, `${path}shipping_amount`);
  const tax = acMinor(s.taxAmount, currency, `${path}shipping_tax_amount`);
  const compensation = acMinor(s.discountTaxCompensation, currency, `${path}shipping_discount_tax_compensation_amount`);
  const isDiscounted = s.discount !== 0 || compensation !== 0;
  if (net === 0 && tax === 0 && !isDiscounted) return [];
  const preTax = isDiscounted && isPresent(s.inclTax) ? acMinor(s.inclTax, currency, `${path}shipping_incl_tax`) - net : tax;
  const rate = s.ratePercent ?? (net === 0 ? '0' : ratePercentFromAmounts({ units: BigInt(preTax), scale: 0 }, { units: BigInt(net), scale: 0 }));
  const lines = [makeLine(ctx, { lineId: 'shipping', type: 'shipping', name: s.name || 'Shipping', quantity: ONE, netMinor: net, taxMinor: preTax, taxRatePercent: rate }, path || 'shipping')];
  if (isDiscounted) {
    lines.push(makeLine(ctx, { lineId: 'discount:shipping', type: 'discount', name: 'Shipping discount', quantity: ONE, netMinor: -(s.discount - compensation), taxMinor: tax - preTax, taxRatePercent: rate, appliesToLineId: 'shipping' }, path || 'shipping'));
  }
  return lines;
}

/** The shipping rate from `extension_attributes.item_applied_taxes` (type "shipping"), stacked rates added up. */
export function shippingRateOf(applied: readonly { type?: string | null | undefined; applied_taxes?: readonly { percent?: AcAmount }[] | null | undefined }[] | null | undefined): string | undefined {
  const entry = (applied ?? []).find((a) => a.type === 'shipping');
  const rates = (entry?.applied_taxes ?? []).map((t, i) => ratePercentOf(t.percent, `extension_attributes.item_applied_taxes.shipping.applied_taxes[${i}].percent`)).filter((r): r is string => r !== undefined);
  return rates.length > 0 ? sumRatePercents(rates) : undefined;
}

/** A positive untaxed adjustment line of a credit memo (`adjustment_positive` +, `adjustment_negative` −). */
export function adjustmentLine(ctx: AcLineCtx, lineId: string, name: string, netMinor: number): SalesLine {
  return makeLine(ctx, { lineId, type: 'fee', name, quantity: ONE, netMinor, taxMinor: 0, taxRatePercent: '0' }, lineId);
}

/**
 * Makes the lines add up to the shop's own totals where only rounding separates them, as the WooCommerce adapter does:
 * 1. a tax difference of at most one `unit` per taxed line goes to the taxed line with the largest tax;
 * 2. then, when the tax agrees, a gross difference of at most one `unit` per priced line goes to the net of the
 *    product line with the largest net (else the largest line).
 * Anything larger is left as it is: the ERP writer's rounding line or its `rounding-too-large` problem shows it
 * (amounts Commerce adds that are not mapped, such as Adobe Commerce gift wrapping or custom fees).
 * @returns new line objects; the input is not changed.
 */
export function balanceLines(lines: readonly SalesLine[], totals: { taxMinor: number; grossMinor: number }, unit: number): SalesLine[] {
  const out = lines.map((l) => ({ ...l, categoryIds: [...l.categoryIds] }));
  const taxDiff = totals.taxMinor - sumMinor(out.map((l) => l.taxMinor), 'lines.tax');
  const taxed = out.filter((l) => l.taxMinor !== 0 && l.type !== 'discount');
  const taxTarget = [...taxed].sort((a, b) => b.taxMinor - a.taxMinor)[0];
  if (taxDiff !== 0 && taxTarget && Math.abs(taxDiff) <= unit * taxed.length) {
    taxTarget.taxMinor += taxDiff;
    taxTarget.grossMinor += taxDiff;
    taxTarget.unitPriceIncTaxMinor = perUnit(taxTarget.grossMinor, parseDecimal(taxTarget.quantity, `${taxTarget.lineId}.quantity`), taxTarget.lineId);
  }
  if (sumMinor(out.map((l) => l.taxMinor), 'lines.tax') !== totals.taxMinor) return out;
  const grossDiff = totals.grossMinor - sumMinor(out.map((l) => l.grossMinor), 'lines.gross');
  const priced = out.filter((l) => l.type !== 'discount');
  const byNet = (a: SalesLine, b: SalesLine) => b.netMinor - a.netMinor;
  const target = priced.filter((l) => l.type === 'product').sort(byNet)[0] ?? [...priced].sort(byNet)[0];
  if (grossDiff !== 0 && target && Math.abs(grossDiff) <= unit * priced.length) {
    target.netMinor += grossDiff;
    target.grossMinor += grossDiff;
    const quantity = parseDecimal(target.quantity, `${target.lineId}.quantity`);
    target.unitPriceExTaxMinor = perUnit(target.netMinor, quantity, target.lineId);
    target.unitPriceIncTaxMinor = perUnit(target.grossMinor, quantity, target.lineId);
  }
  return out;
}

/** A quantity float (1, 2.5) as a Decimal. */
export function quantityOf(value: AcAmount, field: string): Decimal {
  if (!isPresent(value)) throw new MappingError('missing-field', field, 'is required');
  return acDecimal(value, field);
}
