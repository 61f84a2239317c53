/**
 * Building blocks of the Adobe Commerce zod schemas, written from the official Swagger 2.0 definitions
 * (shared/specs/adobe-commerce/admin-schema-2.4.9.yaml for PaaS, accs-schema.saas.yaml for SaaS; AdobeDocs/commerce-webapi
 * @ e2275b5). Rules:
 * - Every object is `.passthrough()`: fields we do not model (extension attributes, gift wrapping, custom fees…)
 *   survive into the stored raw payload.
 * - Amounts are JSON numbers in major units (`"grand_total": 105.5`); some stores' plugins send numeric strings, so
 *   `MONEY` takes either and keeps the value exactly as parsed. Conversion to minor units happens in libs/mapping.
 * - Ids are integers; a numeric string is accepted and turned into a number (webhook payloads and some third-party
 *   serializers send `"8"`).
 * - Dates are Magento's `YYYY-MM-DD HH:MM:SS` in UTC (`sales_order.updated_at` is a MySQL TIMESTAMP read in UTC).
 */
import { z } from 'zod';

/** A money amount in major units, as parsed from JSON (number, or a numeric string some extensions send). */
export const MONEY = z.union([z.number(), z.string()]);
/** An integer id (a numeric string is converted). */
export const ID = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
/** An optional id and an optional text, as most Commerce fields are (null or absent). */
export const OPT_ID = ID.optional().nullable();
export const OPT_STR = z.string().optional().nullable();
/** A quantity (may be fractional for `is_qty_decimal` items). */
export const QTY = z.union([z.number(), z.string()]);
/** A Magento UTC datetime `YYYY-MM-DD HH:MM:SS`. */
export const MAGENTO_DATETIME = z.string();

/** `framework-attribute-interface`: `{attribute_code, value}` (value is a string, an array for multiselects). */
export const CUSTOM_ATTRIBUTE = z.object({ attribute_code: z.string(), value: z.unknown() }).passthrough();
export type AdobeCommerceCustomAttribute = z.infer<typeof CUSTOM_ATTRIBUTE>;

/** `framework-search-criteria-interface` as echoed in search results. */
export const SEARCH_CRITERIA = z
  .object({
    filter_groups: z.array(z.unknown()).optional(),
    sort_orders: z.array(z.unknown()).optional().nullable(),
    page_size: z.number().int().optional().nullable(),
    current_page: z.number().int().optional().nullable(),
  })
  .passthrough();

/** A `*-search-result(s)-interface`: `{items, search_criteria, total_count}` (all three required by the schema). */
export function searchResult<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), search_criteria: SEARCH_CRITERIA.optional(), total_count: z.number().int() }).passthrough();
}
/** A parsed search result. */
export type AdobeCommerceSearchResult<T> = { items: T[]; total_count: number; [key: string]: unknown };
