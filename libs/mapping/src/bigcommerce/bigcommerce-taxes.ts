import { ratePercentFromAmounts, sumRatePercents } from '../canonical/tax-rate';
import type { Decimal } from '../money/decimal';
import { formatDecimal } from '../money/decimal';
import { type Json, asObject, readDecimal, readOptionalInteger, readOptionalString } from './bigcommerce-fields';

/** Tax rate and class found for one taxable thing of an order. */
export type BcTaxInfo = { ratePercent: string; taxClass: string; taxClassName?: string };

/** Key of a taxable thing: `item:<order_product_id>`, `shipping`, `handling`, `gift-wrapping`. */
export type BcTaxKey = string;

/**
 * Indexes the order's tax rows (`GET /v2/orders/{id}/taxes`, schema `orderTaxes_Base`) by what
 * they tax. Stacked rows for the same thing (state + county) are summed. Rows of type `item`
 * without `order_product_id` are ignored (automatic-tax stores may omit it).
 * @throws MappingError for malformed rows, naming `taxes[i].rate` etc.
 */
export function indexBcTaxes(rows: readonly unknown[]): Map<BcTaxKey, BcTaxInfo> {
  const grouped = new Map<BcTaxKey, { rates: string[]; taxClass: string; taxClassName?: string }>();
  rows.forEach((raw, index) => {
    const path = `taxes[${index}]`;
    const row = asObject(raw, path);
    const type = readOptionalString(row, 'line_item_type', path) ?? 'item';
    const productId = readOptionalString(row, 'order_product_id', path);
    if (type === 'item' && (productId === undefined || productId === '')) return;
    const key = type === 'item' ? `item:${productId ?? ''}` : type;
    const entry = grouped.get(key) ?? { rates: [], taxClass: classId(row, path) };
    const className = readOptionalString(row, 'class', path);
    if (className !== undefined && entry.taxClassName === undefined) entry.taxClassName = className;
    entry.rates.push(formatDecimal(readDecimal(row, 'rate', path)));
    grouped.set(key, entry);
  });
  const result = new Map<BcTaxKey, BcTaxInfo>();
  for (const [key, entry] of grouped) {
    const info: BcTaxInfo = { ratePercent: sumRatePercents(entry.rates), taxClass: entry.taxClass };
    if (entry.taxClassName !== undefined) info.taxClassName = entry.taxClassName;
    result.set(key, info);
  }
  return result;
}

function classId(row: Json, path: string): string {
  const id = readOptionalInteger(row, 'tax_class_id', path);
  return id === undefined ? '' : String(id);
}

/**
 * The tax info for `key` from the tax rows, else derived from the amounts (tax / net, to 0.01 %),
 * with `fallbackClass` (e.g. `shipping_cost_tax_class_id`) as the class.
 */
export function taxInfoFor(
  index: ReadonlyMap<BcTaxKey, BcTaxInfo>,
  key: BcTaxKey,
  tax: Decimal,
  net: Decimal,
  fallbackClass: string,
): BcTaxInfo {
  const found = index.get(key);
  if (found) return found.taxClass === '' && fallbackClass !== '' ? { ...found, taxClass: fallbackClass } : found;
  return { ratePercent: ratePercentFromAmounts(tax, net), taxClass: fallbackClass };
}

/** Reads an optional integer tax-class id field as a string ('' when absent). */
export function readTaxClassId(obj: Json, key: string, path: string): string {
  const id = readOptionalInteger(obj, key, path);
  return id === undefined ? '' : String(id);
}

