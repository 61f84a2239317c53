/**
 * zod schemas of the WooCommerce REST API v3 resources we read (orders, refunds, customers, webhooks, system status),
 * written from the official examples in woocommerce/woocommerce-rest-api-docs @ 13d61967911cb312a27be2dc57b12d5949f40016
 * (`source/includes/wp-api-v3/_{orders,order-refunds,customers,webhooks}.md`, copied to shared/specs/woocommerce/examples).
 * - Amounts are decimal strings in major units of the order's currency ("29.35"); refund amounts and refund line
 *   totals are negative strings. `price` of a line item is a float in the API: never compute money from it.
 * - Dates are ISO-8601 without a zone: `date_*` in the site's timezone, `date_*_gmt` in UTC; unset dates are null.
 * - Every object is `.passthrough()`, so fields we do not model survive into the stored raw payload.
 */
import { z } from 'zod';

/** A money amount as WooCommerce sends it: a decimal string in major units ("10.00", "-9.00", "0.9"). */
const MONEY = z.string();
/** ISO-8601 local or GMT date without zone ("2017-03-22T19:28:08"), null when unset. */
const DATE = z.string().nullable();
const META = z.array(z.object({ id: z.number().int().optional(), key: z.string(), value: z.unknown() }).passthrough());

/** A billing address (`billing` of orders and customers). */
export const WC_BILLING = z
  .object({
    first_name: z.string(),
    last_name: z.string(),
    company: z.string(),
    address_1: z.string(),
    address_2: z.string(),
    city: z.string(),
    state: z.string(),
    postcode: z.string(),
    country: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  })
  .partial()
  .passthrough();

/** A shipping address (no e-mail; `phone` since WooCommerce 5.6). */
export const WC_SHIPPING = WC_BILLING.omit({ email: true });

const LINE_TAX = z.object({ id: z.number().int(), total: MONEY, subtotal: MONEY.optional() }).passthrough();

/** An order (or refund) line item; `quantity` and totals are negative on refunds. */
export const WC_LINE_ITEM = z
  .object({
    id: z.number().int(),
    name: z.string(),
    product_id: z.number().int(),
    variation_id: z.number().int(),
    quantity: z.number(),
    tax_class: z.string(),
    subtotal: MONEY,
    subtotal_tax: MONEY,
    total: MONEY,
    total_tax: MONEY,
    taxes: z.array(LINE_TAX),
    meta_data: META.optional(),
    sku: z.string().nullable().optional(),
    /** A float in the API (e.g. 3): informational only, never used for money. */
    price: z.number().nullable().optional(),
  })
  .passthrough();

export const WC_TAX_LINE = z
  .object({
    id: z.number().int(),
    rate_code: z.string(),
    rate_id: z.number().int(),
    label: z.string(),
    compound: z.boolean(),
    tax_total: MONEY,
    shipping_tax_total: MONEY,
    /** Since WooCommerce 5.7. */
    rate_percent: z.number().optional(),
    meta_data: META.optional(),
  })
  .passthrough();

export const WC_SHIPPING_LINE = z
  .object({
    id: z.number().int(),
    method_title: z.string(),
    method_id: z.string(),
    total: MONEY,
    total_tax: MONEY,
    taxes: z.array(LINE_TAX),
    meta_data: META.optional(),
  })
  .passthrough();

export const WC_FEE_LINE = z
  .object({
    id: z.number().int(),
    name: z.string(),
    tax_class: z.string(),
    tax_status: z.string(),
    total: MONEY,
    total_tax: MONEY,
    taxes: z.array(LINE_TAX),
    meta_data: META.optional(),
  })
  .passthrough();

export const WC_COUPON_LINE = z.object({ id: z.number().int(), code: z.string(), discount: MONEY, discount_tax: MONEY, meta_data: META.optional() }).passthrough();

/** An order's refund summary; `total` is negative ("-10.00"). The docs name the reason `reason`, the examples `refund`. */
export const WC_ORDER_REFUND_REF = z.object({ id: z.number().int(), reason: z.string().optional(), total: MONEY }).passthrough();

/** An order (GET /orders/{id}, GET /orders). */
export const WC_ORDER = z
  .object({
    id: z.number().int(),
    parent_id: z.number().int(),
    number: z.string(),
    order_key: z.string(),
    status: z.string(),
    currency: z.string(),
    prices_include_tax: z.boolean(),
    date_created: DATE,
    date_created_gmt: DATE,
    date_modified: DATE,
    date_modified_gmt: DATE,
    discount_total: MONEY,
    discount_tax: MONEY,
    shipping_total: MONEY,
    shipping_tax: MONEY,
    cart_tax: MONEY,
    total: MONEY,
    total_tax: MONEY,
    customer_id: z.number().int(),
    billing: WC_BILLING,
    shipping: WC_SHIPPING,
    payment_method: z.string(),
    payment_method_title: z.string(),
    transaction_id: z.string(),
    date_paid: DATE.optional(),
    date_paid_gmt: DATE.optional(),
    line_items: z.array(WC_LINE_ITEM),
    tax_lines: z.array(WC_TAX_LINE),
    shipping_lines: z.array(WC_SHIPPING_LINE),
    fee_lines: z.array(WC_FEE_LINE),
    coupon_lines: z.array(WC_COUPON_LINE),
    refunds: z.array(WC_ORDER_REFUND_REF),
    meta_data: META,
  })
  .passthrough();
export type WooCommerceOrder = z.infer<typeof WC_ORDER>;
export const WC_ORDER_LIST = z.array(WC_ORDER);

/** A refund (GET /orders/{id}/refunds/{refund_id}); `amount` is positive ("10.00"), line totals negative. */
export const WC_REFUND = z
  .object({
    id: z.number().int(),
    date_created: DATE,
    date_created_gmt: DATE,
    amount: MONEY,
    reason: z.string(),
    refunded_by: z.number().int(),
    refunded_payment: z.boolean(),
    line_items: z.array(WC_LINE_ITEM),
    shipping_lines: z.array(WC_SHIPPING_LINE).optional(),
    fee_lines: z.array(WC_FEE_LINE).optional(),
    meta_data: META,
  })
  .passthrough();
export type WooCommerceRefund = z.infer<typeof WC_REFUND>;
export const WC_REFUND_LIST = z.array(WC_REFUND);

/** A customer (GET /customers/{id}); `date_modified*` is null for a customer never modified. */
export const WC_CUSTOMER = z
  .object({
    id: z.number().int(),
    date_created: DATE,
    date_created_gmt: DATE,
    date_modified: DATE,
    date_modified_gmt: DATE,
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    role: z.string(),
    username: z.string(),
    billing: WC_BILLING,
    shipping: WC_SHIPPING,
    is_paying_customer: z.boolean(),
    meta_data: META.optional(),
  })
  .passthrough();
export type WooCommerceCustomer = z.infer<typeof WC_CUSTOMER>;
export const WC_CUSTOMER_LIST = z.array(WC_CUSTOMER);

/** Webhook statuses (wc_get_webhook_statuses()). */
export const WC_WEBHOOK_STATUS = z.enum(['active', 'paused', 'disabled']);

/** A webhook (GET /webhooks/{id}); `secret` is only shown to users who may manage it (absent in the docs' examples). */
export const WC_WEBHOOK = z
  .object({
    id: z.number().int(),
    name: z.string(),
    status: z.string(),
    topic: z.string(),
    resource: z.string(),
    event: z.string(),
    hooks: z.array(z.string()),
    delivery_url: z.string(),
    secret: z.string().optional(),
    date_created: DATE,
    date_created_gmt: DATE,
    date_modified: DATE,
    date_modified_gmt: DATE,
  })
  .passthrough();
export type WooCommerceWebhook = z.infer<typeof WC_WEBHOOK>;
export const WC_WEBHOOK_LIST = z.array(WC_WEBHOOK);

/** POST /webhooks body: `topic` e.g. `order.updated`; `secret` signs every delivery (HMAC-SHA256). */
export const WC_WEBHOOK_CREATE = z
  .object({ name: z.string().min(1), topic: z.string().min(1), delivery_url: z.string().url(), secret: z.string().min(1), status: WC_WEBHOOK_STATUS.optional() })
  .strict();
export type WooCommerceWebhookCreate = z.input<typeof WC_WEBHOOK_CREATE>;

/** PUT /webhooks/{id} body: any of the create fields. */
export const WC_WEBHOOK_UPDATE = WC_WEBHOOK_CREATE.partial().refine((v) => Object.values(v).some((x) => x !== undefined), 'at least one field is required');
export type WooCommerceWebhookUpdate = z.input<typeof WC_WEBHOOK_UPDATE>;

/** GET /system_status, leniently: the parts ping and the settings screen read (WC_REST_System_Status_V2_Controller). */
export const WC_SYSTEM_STATUS = z
  .object({
    environment: z.object({ home_url: z.string(), site_url: z.string(), version: z.string(), wp_version: z.string() }).passthrough(),
    /** `number_of_decimals` is `wc_get_price_decimals()`: the unit every amount of the shop is rounded to. */
    settings: z.object({ currency: z.string(), number_of_decimals: z.number().int().min(0).optional() }).passthrough(),
  })
  .passthrough();
export type WooCommerceSystemStatus = z.infer<typeof WC_SYSTEM_STATUS>;

/** A WordPress REST error body `{code, message, data: {status}}` (WP_REST_Server::error_to_response). */
export const WP_ERROR_BODY = z.object({ code: z.string(), message: z.string().optional(), data: z.unknown().optional() }).passthrough();
