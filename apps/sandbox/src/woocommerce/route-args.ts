/**
 * Route arguments as WordPress builds them from WooCommerce's schemas: get_collection_params() for lists
 * (WC_REST_CRUD_Controller v3 @ 0059466f: page ≥ 1, per_page 1–100 default 10, offset, order asc|desc default desc,
 * orderby date|id|include|title|slug|modified default date, dates and `dates_are_gmt`; the orders controllers add
 * status (v3: an array, default any), customer, product, dp), and get_endpoint_args_for_item_schema() for bodies
 * (writable properties with their types; defaults only on create). Only what the sandbox serves is listed.
 */
import { WOOCOMMERCE_DEMO } from './demo.constants';
import type { WpSchema } from './wp-schema';

export const ORDER_STATUSES = ['pending', 'processing', 'on-hold', 'completed', 'cancelled', 'refunded', 'failed', 'checkout-draft'] as const;
/** WC_REST_Orders_V2_Controller::get_order_statuses(): 'auto-draft' plus the order statuses without `wc-`. */
export const ORDER_STATUS_ENUM: readonly string[] = ['auto-draft', ...ORDER_STATUSES];

/** get_woocommerce_currencies() keys: ISO 4217 codes plus WooCommerce's extras. */
export const CURRENCY_CODES: readonly string[] = [...new Set([...Intl.supportedValuesOf('currency'), 'BTC', 'GGP', 'IMP', 'IRT', 'JEP', 'PRB'])].sort();

const str: WpSchema = { type: 'string' };
const int: WpSchema = { type: 'integer' };
const ids: WpSchema = { type: 'array', items: { type: 'integer' }, default: [] };
const meta: WpSchema = { type: 'array', items: { type: 'object', properties: { id: int, key: str, value: { type: 'mixed' } } } };
const dateTime: WpSchema = { type: 'string', format: 'date-time' };

/** WC_REST_CRUD_Controller::get_collection_params(). */
export const COLLECTION_ARGS: Readonly<Record<string, WpSchema>> = {
  context: { type: 'string', enum: ['view', 'edit'], default: 'view' },
  page: { type: 'integer', default: 1, minimum: 1 },
  per_page: { type: 'integer', default: 10, minimum: 1, maximum: 100 },
  search: str,
  after: dateTime,
  before: dateTime,
  modified_after: dateTime,
  modified_before: dateTime,
  dates_are_gmt: { type: 'boolean', default: false },
  exclude: ids,
  include: ids,
  offset: int,
  order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
  orderby: { type: 'string', enum: ['date', 'id', 'include', 'title', 'slug', 'modified'], default: 'date' },
  parent: ids,
  parent_exclude: ids,
};

/** Orders v3 collection parameters. */
export const ORDER_LIST_ARGS: Readonly<Record<string, WpSchema>> = {
  ...COLLECTION_ARGS,
  status: { type: 'array', items: { type: 'string', enum: ['any', 'trash', ...ORDER_STATUS_ENUM] }, default: ['any'] },
  customer: int,
  product: int,
  dp: { type: 'integer', default: WOOCOMMERCE_DEMO.priceDecimals },
};

const billing: WpSchema = {
  type: 'object',
  properties: {
    first_name: str, last_name: str, company: str, address_1: str, address_2: str, city: str, state: str, postcode: str, country: str,
    email: { type: ['string', 'null'], format: 'email' },
    phone: str,
  },
};
const shipping: WpSchema = { type: 'object', properties: { first_name: str, last_name: str, company: str, address_1: str, address_2: str, city: str, state: str, postcode: str, country: str, phone: str } };
const taxesSchema: WpSchema = { type: 'array', items: { type: 'object', properties: { id: int, total: str, subtotal: str } } };

/** The writable order properties (v2/v3 get_item_schema()); `creating` adds the create-only defaults. */
export function orderBodyArgs(creating: boolean): Readonly<Record<string, WpSchema>> {
  const d = <T extends WpSchema>(schema: T, value: unknown): WpSchema => (creating ? { ...schema, default: value } : schema);
  return {
    parent_id: int,
    status: d({ type: 'string', enum: ORDER_STATUS_ENUM }, 'pending'),
    currency: d({ type: 'string', enum: CURRENCY_CODES }, WOOCOMMERCE_DEMO.currency),
    customer_id: d(int, 0),
    customer_note: str,
    billing,
    shipping,
    payment_method: str,
    payment_method_title: str,
    transaction_id: str,
    meta_data: meta,
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: int, name: { type: 'mixed' }, product_id: { type: 'mixed' }, variation_id: int, quantity: int, tax_class: str,
          subtotal: str, subtotal_tax: str, total: str, total_tax: str, taxes: taxesSchema, meta_data: meta, sku: str, price: { type: 'number' },
        },
      },
    },
    shipping_lines: { type: 'array', items: { type: 'object', properties: { id: int, method_title: str, method_id: str, instance_id: str, total: str, total_tax: str, taxes: taxesSchema, meta_data: meta } } },
    fee_lines: { type: 'array', items: { type: 'object', properties: { id: int, name: str, tax_class: str, tax_status: { type: 'string', enum: ['taxable', 'none'] }, total: str, total_tax: str, taxes: taxesSchema, meta_data: meta } } },
    coupon_lines: { type: 'array', items: { type: 'object', properties: { id: int, code: { type: 'mixed' }, meta_data: meta } } },
    set_paid: d({ type: 'boolean' }, false),
  };
}

/** Refund create arguments (WC_REST_Order_Refunds_Controller v3 schema; `line_items` is read-only, so unchecked). */
export const REFUND_CREATE_ARGS: Readonly<Record<string, WpSchema>> = {
  amount: str,
  reason: str,
  refunded_by: int,
  meta_data: meta,
  api_refund: { type: 'boolean', default: true },
  api_restock: { type: 'boolean', default: true },
};

/** Customers collection parameters (WC_REST_Customers_V1_Controller::get_collection_params()). */
export const CUSTOMER_LIST_ARGS: Readonly<Record<string, WpSchema>> = {
  context: { type: 'string', enum: ['view', 'edit'], default: 'view' },
  page: { type: 'integer', default: 1, minimum: 1 },
  per_page: { type: 'integer', default: 10, minimum: 1, maximum: 100 },
  search: str,
  exclude: ids,
  include: ids,
  offset: int,
  order: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
  orderby: { type: 'string', enum: ['id', 'include', 'name', 'registered_date'], default: 'name' },
  email: { type: 'string', format: 'email' },
  role: { type: 'string', enum: ['all', 'administrator', 'editor', 'author', 'contributor', 'subscriber', 'customer', 'shop_manager'], default: 'customer' },
};

/** Customer body arguments. On create `email` is required and loses its format check (the v1 controller overrides it). */
export function customerBodyArgs(creating: boolean): Readonly<Record<string, WpSchema>> {
  return {
    email: creating ? { type: 'string', required: true } : { type: 'string', format: 'email' },
    first_name: str,
    last_name: str,
    username: str,
    password: str,
    billing: { type: 'object', properties: { ...(billing.properties ?? {}), email: { type: 'string', format: 'email' } } },
    shipping,
    meta_data: meta,
  };
}

/** Webhooks collection parameters (WC_REST_Webhooks_V1_Controller::get_collection_params()). */
export const WEBHOOK_LIST_ARGS: Readonly<Record<string, WpSchema>> = {
  context: { type: 'string', enum: ['view', 'edit'], default: 'view' },
  page: { type: 'integer', default: 1, minimum: 1 },
  per_page: { type: 'integer', default: 10, minimum: 1, maximum: 100 },
  search: str,
  after: dateTime,
  before: dateTime,
  exclude: ids,
  include: ids,
  offset: int,
  order: { type: 'string', enum: ['asc', 'desc'], default: 'desc' },
  orderby: { type: 'string', enum: ['date', 'id', 'title'], default: 'date' },
  status: { type: 'string', enum: ['all', 'active', 'paused', 'disabled'], default: 'all' },
};

/** Webhook body arguments; on create `topic` and `delivery_url` are required. */
export function webhookBodyArgs(creating: boolean): Readonly<Record<string, WpSchema>> {
  return {
    name: str,
    status: creating ? { type: 'string', enum: ['active', 'paused', 'disabled'], default: 'active' } : { type: 'string', enum: ['active', 'paused', 'disabled'] },
    topic: creating ? { type: 'string', required: true } : str,
    // `delivery_url` is read-only in the schema: only the create route declares it (required); updates read it unchecked.
    ...(creating ? { delivery_url: { type: 'string', required: true } } : {}),
    secret: str,
  };
}
