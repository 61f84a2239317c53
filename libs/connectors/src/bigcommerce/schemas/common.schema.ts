/**
 * Wire types shared by the BigCommerce schemas.
 * - Money: V2 sends decimal strings such as `"10.0000"` (orders.v2.oas2.yml `order_Resp.total_inc_tax`, type string);
 *   some V2 nested objects (consignment shipping costs, coupon `amount`, fee costs) and every V3 refund/transaction
 *   amount are JSON numbers (orders.v3.yml `Amount`: "A non-negative 2 decimal place rounded value"). We keep all of
 *   them as decimal strings and never do arithmetic on floats.
 * - V3 paging: `meta.pagination {total, count, per_page, current_page, total_pages, links}` (customers.v3.yml
 *   `Pagination`, webhooks.v3.yml `Pagination`).
 */
import { z } from 'zod';

/** A decimal string exactly as BigCommerce sent it (e.g. `"10.0000"`); empty strings are kept (some V2 fields). */
export const BC_DECIMAL_STRING = z.string();

/**
 * Converts a JSON number to its shortest round-trip decimal text (ECMA-262 Number::toString). For amounts with at
 * most 15 significant digits this is exactly the literal the server wrote (`1.99` → `"1.99"`).
 * @throws RangeError when the number would print in exponent form (never the case for money)
 */
export function bcDecimalFromNumber(value: number): string {
  const text = String(value);
  if (/e/i.test(text) || !Number.isFinite(value)) throw new RangeError(`${text} cannot be written as a plain decimal`);
  return text;
}

/** A plain decimal as BigCommerce writes amounts (`"10.0000"`, `-5`, `79.2`), or empty (some V2 fields). */
const DECIMAL_TEXT = /^(-?\d+(\.\d+)?)?$/;

/**
 * Money that may arrive as a decimal string or a JSON number; always yields a decimal string. A number becomes its
 * shortest round-trip text (`String`, ECMA-262 Number::toString: for amounts of up to 15 significant digits exactly
 * the literal the server wrote, see bcDecimalFromNumber); exponent forms, booleans and objects fail the decimal check.
 * Coercion plus one regex, not a union with a transform: those build a parse context (and, for a union, the issues of
 * the branch that missed) for every amount, which cost more than the rest of an order's validation.
 */
export const BC_MONEY = z.coerce.string().regex(DECIMAL_TEXT, 'Expected a decimal amount (string or plain number)');

/** V3 `meta.pagination`. */
export const BC_PAGINATION = z
  .object({
    total: z.number().int().optional(),
    count: z.number().int().optional(),
    per_page: z.number().int().optional(),
    current_page: z.number().int().optional(),
    total_pages: z.number().int().optional(),
    links: z.record(z.string().optional()).optional(),
  })
  .passthrough();
export type BigCommercePagination = z.infer<typeof BC_PAGINATION>;

/** V3 `meta` (may be `{}` on single-record answers). */
export const BC_META = z.object({ pagination: BC_PAGINATION.optional() }).passthrough();

/** V3 envelope `{data: T, meta}`. */
export function bcV3Envelope<T extends z.ZodTypeAny>(data: T) {
  return z.object({ data, meta: BC_META.optional() }).passthrough();
}

/**
 * V2 collections answer 204 No Content when empty (orders.v2.oas2.yml `/orders/{order_id}/shipments` documents it;
 * stores do the same for every V2 list). The transport passes an empty body as `undefined`, read here as `[]`.
 */
export function bcV2Collection<T extends z.ZodTypeAny>(item: T) {
  return z.union([z.array(item), z.undefined().transform((): z.infer<T>[] => [])]);
}

/** A V2 sub-resource link `{url, resource}` (orders.v2.oas2.yml `products_Resource`, `coupons_Resource`). */
export const BC_RESOURCE_LINK = z.object({ url: z.string(), resource: z.string() }).passthrough();
