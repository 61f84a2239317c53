import type { SalesLine } from '../canonical/sales-document';
import { MappingError } from '../mapping.error';
import { type Decimal, parseDecimal, pow10 } from '../money/decimal';
import { currencyExponent, decimalToMinor, sumMinor } from '../money/money';
import type { WcLineTax, WcOrder } from './woocommerce-order.types';

/**
 * Makes the canonical lines of a WooCommerce order add up to the order's own totals, to the cent: Σ line tax =
 * `total_tax` and Σ line gross = `total`.
 *
 * Why they may not already (woocommerce/woocommerce `includes/abstracts/abstract-wc-order.php`, `update_taxes()` and
 * `calculate_totals()`; `round_line_tax()`; the REST controllers format every amount except `taxes[]` with `dp`):
 * - with "Round tax at subtotal level" (`woocommerce_tax_round_at_subtotal` = yes) a line keeps its tax unrounded
 *   (`taxes[].total` "1.125"), the order's tax per rate is the rounded sum of the unrounded line taxes, and the API
 *   shows each line's `total_tax` rounded on its own ("1.13"). The official example order 728 has three lines of
 *   1.125, 0.225 and 0.9 (7.5 %): their shown taxes add up to 2.26, the order's `total_tax` is 2.25;
 * - shops on older WooCommerce versions store line nets unrounded too, so the shown nets may be off by half a cent each.
 *
 * What is done, and only when the order's data allow it (otherwise the lines stay as shown and the ERP writer's
 * rounding line absorbs the rest, see visma-amounts.ts):
 * 1. Tax, two levels of largest-remainder rounding on the unrounded `taxes[].total` amounts: the order's `total_tax`
 *    is split over its tax rates (each rate gets its exact sum rounded down or up), then each rate's share over the
 *    lines (items, fees, shipping) that carry it, in units of the store's decimals. Nothing moves by more than one
 *    unit per line and rate; an order whose lines already add up is left exactly as it is.
 * 2. The line's new tax replaces its shown `total_tax`: on the discount line when the item has one (the product keeps
 *    its `subtotal_tax`), else on the line itself.
 * 3. Net: a difference between (`total` − `total_tax`) and the lines' nets of at most one unit per line goes to the
 *    product line with the largest net (the shown nets were rounded by WooCommerce, not by us).
 * @param decimals the store's price decimals (`woocommerce_price_num_decimals`, system status
 *   `settings.number_of_decimals`), the unit WooCommerce rounds amounts to.
 * @returns new line objects (the input is not changed); amounts in minor units of `order.currency`.
 * @throws MappingError naming `taxes[]` fields that are not decimals.
 */
export function balanceWooCommerceLines(order: WcOrder, lines: readonly SalesLine[], decimals: number): SalesLine[] {
  const currency = (order.currency ?? '').toUpperCase();
  const exponent = currencyExponent(currency, 'currency');
  const unit = pow10(Math.max(0, exponent - Math.min(decimals, exponent)));
  const out = lines.map((l) => ({ ...l, categoryIds: [...l.categoryIds] }));
  const byId = new Map(out.map((l) => [l.lineId, l]));
  const orderTax = decimalToMinor(parseDecimal((order.total_tax ?? '0').trim() || '0', 'total_tax'), currency, 'total_tax');
  const taxes = reconciledTaxes(order, currency, exponent, unit, orderTax);
  if (taxes) applyTaxes(taxes, byId);
  // Only a net difference is absorbed: while the tax does not add up, the gap is not (only) net.
  if (sumMinor(out.map((l) => l.taxMinor), 'lines') === orderTax) absorbNetDifference(order, out, currency, Number(unit));
  return out;
}

/** One taxed source line (item, fee or shipping) with its exact tax per rate in minor units (scale kept). */
type Source = { lineId: string; exact: Map<number, Decimal> };

/**
 * New tax per source line id (minor units), or undefined when the order gives no usable per-rate amounts (a line
 * without `taxes[]` but with tax, an unreadable amount) or its total cannot be reached by rounding each amount down
 * or up (inconsistent data: leave the lines as WooCommerce shows them).
 */
function reconciledTaxes(order: WcOrder, currency: string, exponent: number, unit: bigint, orderTax: number): Map<string, number> | undefined {
  const sources: Source[] = [];
  const collect = (prefix: string, rows: readonly { id: number; total_tax?: string | null | undefined; taxes?: readonly WcLineTax[] | null | undefined }[] | null | undefined, path: string): boolean => {
    let usable = true;
    (rows ?? []).forEach((row, i) => {
      const exact = exactTaxes(row.taxes, exponent, `${path}[${i}].taxes`);
      if (exact.size === 0 && decimalToMinor(parseDecimal((row.total_tax ?? '0').trim() || '0', `${path}[${i}].total_tax`), currency, `${path}[${i}].total_tax`) !== 0) usable = false;
      sources.push({ lineId: `${prefix}:${row.id}`, exact });
    });
    return usable;
  };
  const usable = [
    collect('product', order.line_items, 'line_items'),
    collect('shipping', order.shipping_lines, 'shipping_lines'),
    collect('fee', order.fee_lines, 'fee_lines'),
  ].every(Boolean);
  if (!usable) return undefined;
  const rateIds = [...new Set(sources.flatMap((s) => [...s.exact.keys()]))];
  const perRate = roundToTarget(rateIds.map((id) => sumExact(sources.map((s) => s.exact.get(id)))), BigInt(orderTax), unit);
  if (!perRate) return undefined;
  const result = new Map<string, number>(sources.map((s) => [s.lineId, 0]));
  for (const [r, rateId] of rateIds.entries()) {
    const members = sources.filter((s) => s.exact.has(rateId));
    const parts = roundToTarget(members.map((s) => s.exact.get(rateId) as Decimal), perRate[r] ?? 0n, unit);
    if (!parts) return undefined;
    members.forEach((s, i) => result.set(s.lineId, (result.get(s.lineId) ?? 0) + Number(parts[i] ?? 0n)));
  }
  return result;
}

/** `taxes[]` as exact minor-unit decimals per rate id (an empty total counts as no tax of that rate). */
function exactTaxes(taxes: readonly WcLineTax[] | null | undefined, exponent: number, path: string): Map<number, Decimal> {
  const out = new Map<number, Decimal>();
  (taxes ?? []).forEach((t, i) => {
    const text = (t.total ?? '').trim();
    if (text === '') return;
    const d = parseDecimal(text, `${path}[${i}].total`);
    const previous = out.get(t.id);
    const inMinor: Decimal = { units: d.units, scale: Math.max(0, d.scale - exponent) };
    const scaled: Decimal = d.scale >= exponent ? inMinor : { units: d.units * pow10(exponent - d.scale), scale: 0 };
    out.set(t.id, previous ? addExact(previous, scaled) : scaled);
  });
  return out;
}

function addExact(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

function sumExact(values: readonly (Decimal | undefined)[]): Decimal {
  return values.reduce<Decimal>((acc, v) => (v ? addExact(acc, v) : acc), { units: 0n, scale: 0 });
}

/**
 * Largest-remainder rounding of exact minor-unit amounts to multiples of `unit` that sum to `target`: every value goes
 * down to its multiple of `unit` (towards −∞), then the values with the largest remainders go one unit up until the
 * target is met (ties: the earlier value). Undefined when that cannot reach the target (it would need more than one
 * unit per value, or fewer than none).
 */
export function roundToTarget(exact: readonly Decimal[], target: bigint, unit: bigint): bigint[] | undefined {
  const scaled = exact.map((d) => {
    const denominator = pow10(d.scale) * unit;
    const floor = d.units >= 0n ? d.units / denominator : -((-d.units + denominator - 1n) / denominator);
    return { floor, remainder: { units: d.units - floor * denominator, denominator } };
  });
  const base = scaled.reduce((acc, s) => acc + s.floor * unit, 0n);
  const ups = (target - base) / unit;
  if ((target - base) % unit !== 0n || ups < 0n || ups > BigInt(exact.length)) return undefined;
  const order = scaled
    .map((s, index) => ({ index, ...s.remainder }))
    .sort((a, b) => {
      const left = a.units * b.denominator;
      const right = b.units * a.denominator;
      return left === right ? a.index - b.index : left > right ? -1 : 1;
    });
  const out = scaled.map((s) => s.floor * unit);
  for (let i = 0; i < Number(ups); i += 1) {
    const pick = order[i];
    if (pick) out[pick.index] = (out[pick.index] ?? 0n) + unit;
  }
  return out;
}

/** Puts each source's reconciled tax on its line (or on its discount line, the product keeping `subtotal_tax`). */
function applyTaxes(taxes: ReadonlyMap<string, number>, byId: ReadonlyMap<string, SalesLine>): void {
  for (const [lineId, tax] of taxes) {
    const target = byId.get(lineId);
    if (!target) continue;
    const discount = byId.get(`discount:${lineId.slice(lineId.indexOf(':') + 1)}`);
    if (lineId.startsWith('product:') && discount && discount.appliesToLineId === lineId) {
      setAmounts(discount, discount.netMinor, tax - target.taxMinor, 1);
    } else {
      setAmounts(target, target.netMinor, tax, quantityOf(target));
    }
  }
}

/** Gives the order's net difference (at most one store unit per line) to the product line with the largest net. */
function absorbNetDifference(order: WcOrder, lines: SalesLine[], currency: string, unit: number): void {
  const gross = decimalToMinor(parseDecimal((order.total ?? '0').trim() || '0', 'total'), currency, 'total');
  const difference = gross - sumMinor(lines.map((l) => l.grossMinor), 'lines');
  if (difference === 0) return;
  const priced = lines.filter((l) => l.type !== 'discount');
  if (Math.abs(difference) > unit * priced.length) return;
  const target = [...priced].filter((l) => l.type === 'product').sort((a, b) => b.netMinor - a.netMinor)[0] ?? [...priced].sort((a, b) => b.netMinor - a.netMinor)[0];
  if (!target) return;
  setAmounts(target, target.netMinor + difference, target.taxMinor, quantityOf(target));
}

function quantityOf(line: SalesLine): number {
  const q = Number(line.quantity);
  if (!Number.isFinite(q) || q <= 0) throw new MappingError('invalid-field', `${line.lineId}.quantity`, 'expected a positive quantity');
  return q;
}

/** Sets net and tax, and gross and unit prices from them (unit prices rounded half away from zero). */
function setAmounts(line: SalesLine, netMinor: number, taxMinor: number, quantity: number): void {
  line.netMinor = netMinor;
  line.taxMinor = taxMinor;
  line.grossMinor = netMinor + taxMinor;
  line.unitPriceExTaxMinor = divideHalfAway(netMinor, quantity);
  line.unitPriceIncTaxMinor = divideHalfAway(line.grossMinor, quantity);
}

function divideHalfAway(amount: number, quantity: number): number {
  const q = amount / quantity;
  return Math.sign(q) * Math.round(Math.abs(q));
}
