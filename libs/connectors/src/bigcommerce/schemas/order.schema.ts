/**
 * Orders V2 response schemas (orders.v2.oas2.yml `order_Resp`, `orderProducts`, `orderShippingAddress`,
 * `orderCoupons_Base`, `orderTaxes_Base`, `orderFees_Resp`, `orderConsignment_Get`). The spec marks no field
 * `required`; we require only the identifiers and dates the connector relies on and keep every other field
 * (`passthrough`) so the raw payload reaches the audit trail. Money stays a decimal string (see common.schema.ts).
 */
import { z } from 'zod';
import { BC_DECIMAL_STRING, BC_MONEY, BC_RESOURCE_LINK, bcV2Collection } from './common.schema';

const str = z.string().nullish();
const money = BC_DECIMAL_STRING.nullish();

/** `billingAddress_Resp`. */
export const BC_BILLING_ADDRESS = z
  .object({
    first_name: str,
    last_name: str,
    company: str,
    street_1: str,
    street_2: str,
    city: str,
    state: str,
    zip: str,
    country: str,
    country_iso2: str,
    phone: str,
    email: str,
  })
  .passthrough();

/** `orderProducts`: one order line. */
export const BC_ORDER_PRODUCT = z
  .object({
    id: z.number().int(),
    order_id: z.number().int().optional(),
    product_id: z.number().int().nullish(),
    variant_id: z.number().int().nullish(),
    order_address_id: z.number().int().nullish(),
    name: str,
    sku: str,
    type: str,
    quantity: z.number(),
    base_price: money,
    price_ex_tax: money,
    price_inc_tax: money,
    price_tax: money,
    base_total: money,
    total_ex_tax: money,
    total_inc_tax: money,
    total_tax: money,
    discounted_total_inc_tax: money,
    applied_discounts: z.array(z.object({ id: z.union([z.string(), z.number()]).nullish(), amount: BC_MONEY.nullish(), name: str, code: str, target: str }).passthrough()).optional(),
    product_options: z.array(z.record(z.unknown())).optional(),
  })
  .passthrough();
export type BigCommerceOrderProduct = z.infer<typeof BC_ORDER_PRODUCT>;

/** `orderShippingAddress` (GET /orders/{id}/shipping_addresses) and the shipping consignment address fields. */
export const BC_SHIPPING_ADDRESS = z
  .object({
    id: z.number().int(),
    order_id: z.number().int().optional(),
    first_name: str,
    last_name: str,
    company: str,
    street_1: str,
    street_2: str,
    city: str,
    state: str,
    zip: str,
    country: str,
    country_iso2: str,
    phone: str,
    email: str,
    items_total: z.number().nullish(),
    items_shipped: z.number().nullish(),
    shipping_method: str,
    base_cost: BC_MONEY.nullish(),
    cost_ex_tax: BC_MONEY.nullish(),
    cost_inc_tax: BC_MONEY.nullish(),
    cost_tax: BC_MONEY.nullish(),
    cost_tax_class_id: z.number().int().nullish(),
    base_handling_cost: BC_MONEY.nullish(),
    handling_cost_ex_tax: BC_MONEY.nullish(),
    handling_cost_inc_tax: BC_MONEY.nullish(),
    handling_cost_tax: BC_MONEY.nullish(),
    handling_cost_tax_class_id: z.number().int().nullish(),
  })
  .passthrough();
export type BigCommerceShippingAddress = z.infer<typeof BC_SHIPPING_ADDRESS>;

/** `orderCoupons_Base` (`amount` is number or string in the spec: anyOf). */
export const BC_ORDER_COUPON = z
  .object({ id: z.number().int(), coupon_id: z.number().int().nullish(), order_id: z.number().int().optional(), code: str, amount: BC_MONEY.nullish(), type: z.number().int().nullish(), discount: BC_MONEY.nullish() })
  .passthrough();
export type BigCommerceOrderCoupon = z.infer<typeof BC_ORDER_COUPON>;

/** `orderTaxes_Base` (with `details=true`: `order_product_id`, `line_item_type`). */
export const BC_ORDER_TAX = z
  .object({
    id: z.number().int(),
    order_id: z.number().int().optional(),
    order_address_id: z.number().int().nullish(),
    tax_rate_id: z.number().int().nullish(),
    tax_class_id: z.number().int().nullish(),
    name: str,
    class: str,
    rate: money,
    priority: z.number().nullish(),
    priority_amount: money,
    line_amount: money,
    order_product_id: z.union([z.string(), z.number()]).nullish(),
    line_item_type: str,
  })
  .passthrough();
export type BigCommerceOrderTax = z.infer<typeof BC_ORDER_TAX>;

/** `orderFees_Resp` item (costs are number or string: oneOf). */
export const BC_ORDER_FEE = z
  .object({
    id: z.number().int(),
    type: str,
    display_name_customer: str,
    display_name_merchant: str,
    source: str,
    base_cost: BC_MONEY.nullish(),
    cost_ex_tax: BC_MONEY.nullish(),
    cost_inc_tax: BC_MONEY.nullish(),
    cost_tax: BC_MONEY.nullish(),
    tax_class_id: z.number().int().nullish(),
  })
  .passthrough();
export type BigCommerceOrderFee = z.infer<typeof BC_ORDER_FEE>;

/** A V2 sub-resource link `{url, resource}`. */
export type BigCommerceResourceLink = z.infer<typeof BC_RESOURCE_LINK>;
/** Consignment `line_items`: full products with `include=consignments.line_items`, links otherwise. */
export type BigCommerceLineItems = Array<BigCommerceOrderProduct | BigCommerceResourceLink> | undefined;
type Open = { [key: string]: unknown };

/** `orderConsignment_Get` (object structure). */
export type BigCommerceConsignments = Open & {
  pickups?: Array<Open & { id?: number | undefined; line_items?: BigCommerceLineItems }> | undefined;
  shipping?: Array<BigCommerceShippingAddress & { line_items?: BigCommerceLineItems }> | undefined;
  downloads?: Array<Open & { recipient_email?: string | null | undefined; line_items?: BigCommerceLineItems }> | undefined;
  email?: (Open & { gift_certificates?: Array<Open & { recipient_email?: string | null | undefined; line_items?: BigCommerceLineItems }> | undefined }) | undefined;
};

const LINE_ITEMS = z.array(z.union([BC_ORDER_PRODUCT, BC_RESOURCE_LINK])).optional();

/** `orderConsignment_Get` (with `consignment_structure=object`). */
export const BC_CONSIGNMENTS: z.ZodType<BigCommerceConsignments, z.ZodTypeDef, unknown> = z
  .object({
    pickups: z.array(z.object({ id: z.number().int().optional(), line_items: LINE_ITEMS }).passthrough()).optional(),
    shipping: z.array(BC_SHIPPING_ADDRESS.extend({ line_items: LINE_ITEMS })).optional(),
    downloads: z.array(z.object({ recipient_email: str, line_items: LINE_ITEMS }).passthrough()).optional(),
    email: z.object({ gift_certificates: z.array(z.object({ recipient_email: str, line_items: LINE_ITEMS }).passthrough()).optional() }).passthrough().optional(),
  })
  .passthrough();

/** `order_Resp` without its embeddable parts. */
const ORDER_FIELDS = z
  .object({
    id: z.number().int(),
    customer_id: z.number().int().nullish(),
    date_created: z.string(),
    date_modified: z.string(),
    status_id: z.number().int(),
    status: str,
    payment_status: str,
    payment_method: str,
    currency_code: str,
    default_currency_code: str,
    store_default_currency_code: str,
    currency_exchange_rate: money,
    store_default_to_transactional_exchange_rate: money,
    subtotal_ex_tax: money,
    subtotal_inc_tax: money,
    subtotal_tax: money,
    shipping_cost_ex_tax: money,
    shipping_cost_inc_tax: money,
    handling_cost_ex_tax: money,
    handling_cost_inc_tax: money,
    wrapping_cost_ex_tax: money,
    wrapping_cost_inc_tax: money,
    discount_amount: money,
    coupon_discount: money,
    total_ex_tax: money,
    total_inc_tax: money,
    total_tax: money,
    refunded_amount: money,
    is_tax_inclusive_pricing: z.boolean().nullish(),
    is_deleted: z.boolean().nullish(),
    channel_id: z.number().int().nullish(),
    external_id: str,
    billing_address: BC_BILLING_ADDRESS.optional(),
  })
  .passthrough();

/** `order_Resp`. Dates are RFC-2822 strings (e.g. `Tue, 05 Mar 2019 21:40:55 +0000`). */
export type BigCommerceOrder = z.infer<typeof ORDER_FIELDS> & {
  /** Object with `include=consignments…&consignment_structure=object`; an array or link otherwise. */
  consignments?: BigCommerceConsignments | unknown[] | BigCommerceResourceLink | undefined;
  /** The fee list with `include=fees`; a link otherwise. */
  fees?: BigCommerceOrderFee[] | BigCommerceResourceLink | undefined;
};

/** True for a V2 sub-resource link `{url, resource}` (what the store sends instead of an embedded part). */
function isResourceLink(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return typeof v['url'] === 'string' && typeof v['resource'] === 'string';
}

/**
 * `consignments` as the store sent it: an array (array structure), a link (no `include`), or the object structure.
 * The value's shape picks the one schema to apply; a `z.union` would try each in turn and build the issues of every
 * miss first, on every order.
 */
const CONSIGNMENT_ARRAY = z.array(z.unknown());
const ORDER_CONSIGNMENTS = z.unknown().transform((value, ctx): BigCommerceOrder['consignments'] => {
  const schema: z.ZodType<BigCommerceOrder['consignments'], z.ZodTypeDef, unknown> = Array.isArray(value) ? CONSIGNMENT_ARRAY : isResourceLink(value) ? BC_RESOURCE_LINK : BC_CONSIGNMENTS;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) ctx.addIssue(issue);
  return z.NEVER;
});

export const BC_ORDER: z.ZodType<BigCommerceOrder, z.ZodTypeDef, unknown> = ORDER_FIELDS.extend({
  consignments: ORDER_CONSIGNMENTS.optional(),
  fees: z.union([z.array(BC_ORDER_FEE), BC_RESOURCE_LINK]).optional(),
});

export const BC_ORDER_LIST = bcV2Collection(BC_ORDER);
export const BC_ORDER_COUPON_LIST = bcV2Collection(BC_ORDER_COUPON);
export const BC_ORDER_TAX_LIST = bcV2Collection(BC_ORDER_TAX);
export const BC_ORDER_PRODUCT_LIST = bcV2Collection(BC_ORDER_PRODUCT);
