/**
 * Orders, invoices and credit memos: `sales-data-order-interface`, `sales-data-invoice-interface`,
 * `sales-data-creditmemo-interface` and their items/addresses (admin-schema-2.4.9.yaml; the SaaS schema has the same
 * definitions). Only the fields the mapping reads are modelled; the official `required` lists are kept
 * (order: base_grand_total, customer_email, grand_total, items; invoice: order_id, total_qty, items; credit memo:
 * order_id, items), everything else optional, and unknown fields pass through.
 * - `base_*` amounts are in the base currency, unprefixed ones in the order currency (`order_currency_code`,
 *   `base_to_order_rate`). Invoice/credit memo `state`: 1 open, 2 paid/refunded, 3 canceled.
 * - Configurable products appear as a parent item and a child item (`parent_item_id`): count the line once.
 */
import { z } from 'zod';
import { ID, OPT_ID, OPT_STR, MAGENTO_DATETIME, MONEY, QTY, searchResult } from './common.schema';

const OPT_MONEY = MONEY.optional().nullable();

/** `sales-data-order-address-interface` (billing address; shipping lives in extension_attributes.shipping_assignments). */
export const ADOBE_COMMERCE_ORDER_ADDRESS = z
  .object({
    address_type: OPT_STR,
    entity_id: OPT_ID,
    firstname: OPT_STR,
    lastname: OPT_STR,
    company: OPT_STR,
    street: z.array(z.string()).optional().nullable(),
    city: OPT_STR,
    postcode: OPT_STR,
    region: OPT_STR,
    region_code: OPT_STR,
    country_id: OPT_STR,
    email: OPT_STR,
    telephone: OPT_STR,
    vat_id: OPT_STR,
  })
  .passthrough();

/** `sales-data-order-item-interface` (only `sku` is required by the schema). */
export const ADOBE_COMMERCE_ORDER_ITEM = z
  .object({
    item_id: OPT_ID,
    order_id: OPT_ID,
    parent_item_id: OPT_ID,
    product_id: OPT_ID,
    product_type: OPT_STR,
    sku: z.string(),
    name: OPT_STR,
    qty_ordered: QTY.optional().nullable(),
    qty_invoiced: QTY.optional().nullable(),
    qty_refunded: QTY.optional().nullable(),
    price: OPT_MONEY,
    base_price: OPT_MONEY,
    price_incl_tax: OPT_MONEY,
    row_total: OPT_MONEY,
    base_row_total: OPT_MONEY,
    row_total_incl_tax: OPT_MONEY,
    tax_amount: OPT_MONEY,
    tax_percent: z.number().optional().nullable(),
    discount_amount: OPT_MONEY,
    base_cost: OPT_MONEY,
    created_at: MAGENTO_DATETIME.optional().nullable(),
    updated_at: MAGENTO_DATETIME.optional().nullable(),
  })
  .passthrough();

/** `sales-data-order-interface`. */
export const ADOBE_COMMERCE_ORDER = z
  .object({
    entity_id: ID,
    increment_id: OPT_STR,
    state: OPT_STR,
    status: OPT_STR,
    store_id: OPT_ID,
    customer_id: OPT_ID,
    customer_is_guest: z.number().int().optional().nullable(),
    customer_email: z.string(),
    customer_firstname: OPT_STR,
    customer_lastname: OPT_STR,
    customer_taxvat: OPT_STR,
    base_currency_code: OPT_STR,
    order_currency_code: OPT_STR,
    base_to_order_rate: z.number().optional().nullable(),
    grand_total: MONEY,
    base_grand_total: MONEY,
    subtotal: OPT_MONEY,
    subtotal_incl_tax: OPT_MONEY,
    tax_amount: OPT_MONEY,
    shipping_amount: OPT_MONEY,
    shipping_incl_tax: OPT_MONEY,
    shipping_tax_amount: OPT_MONEY,
    discount_amount: OPT_MONEY,
    total_paid: OPT_MONEY,
    total_refunded: OPT_MONEY,
    created_at: MAGENTO_DATETIME.optional().nullable(),
    updated_at: MAGENTO_DATETIME.optional().nullable(),
    items: z.array(ADOBE_COMMERCE_ORDER_ITEM),
    billing_address: ADOBE_COMMERCE_ORDER_ADDRESS.optional().nullable(),
    payment: z.object({ method: OPT_STR }).passthrough().optional().nullable(),
    extension_attributes: z.record(z.unknown()).optional().nullable(),
  })
  .passthrough();
export type AdobeCommerceOrder = z.infer<typeof ADOBE_COMMERCE_ORDER>;
export type AdobeCommerceOrderItem = z.infer<typeof ADOBE_COMMERCE_ORDER_ITEM>;
export const ADOBE_COMMERCE_ORDER_SEARCH = searchResult(ADOBE_COMMERCE_ORDER);

/** `sales-data-invoice-item-interface` (required: sku, order_item_id, qty). */
export const ADOBE_COMMERCE_INVOICE_ITEM = z
  .object({
    entity_id: OPT_ID,
    order_item_id: ID,
    sku: z.string(),
    name: OPT_STR,
    qty: QTY,
    price: OPT_MONEY,
    price_incl_tax: OPT_MONEY,
    row_total: OPT_MONEY,
    row_total_incl_tax: OPT_MONEY,
    tax_amount: OPT_MONEY,
    discount_amount: OPT_MONEY,
    base_cost: OPT_MONEY,
  })
  .passthrough();

/** `sales-data-invoice-interface`. */
export const ADOBE_COMMERCE_INVOICE = z
  .object({
    entity_id: ID,
    increment_id: OPT_STR,
    order_id: ID,
    store_id: OPT_ID,
    state: z.number().int().optional().nullable(),
    order_currency_code: OPT_STR,
    base_currency_code: OPT_STR,
    grand_total: OPT_MONEY,
    base_grand_total: OPT_MONEY,
    subtotal: OPT_MONEY,
    tax_amount: OPT_MONEY,
    shipping_amount: OPT_MONEY,
    discount_amount: OPT_MONEY,
    total_qty: QTY,
    transaction_id: OPT_STR,
    created_at: MAGENTO_DATETIME.optional().nullable(),
    updated_at: MAGENTO_DATETIME.optional().nullable(),
    items: z.array(ADOBE_COMMERCE_INVOICE_ITEM),
  })
  .passthrough();
export type AdobeCommerceInvoice = z.infer<typeof ADOBE_COMMERCE_INVOICE>;
export const ADOBE_COMMERCE_INVOICE_SEARCH = searchResult(ADOBE_COMMERCE_INVOICE);

/** `sales-data-creditmemo-item-interface` (required: base_cost, base_price, entity_id, order_item_id, qty). */
export const ADOBE_COMMERCE_CREDIT_MEMO_ITEM = z
  .object({
    entity_id: OPT_ID,
    order_item_id: ID,
    sku: OPT_STR,
    name: OPT_STR,
    qty: QTY,
    base_cost: OPT_MONEY,
    base_price: OPT_MONEY,
    price: OPT_MONEY,
    price_incl_tax: OPT_MONEY,
    row_total: OPT_MONEY,
    row_total_incl_tax: OPT_MONEY,
    tax_amount: OPT_MONEY,
    discount_amount: OPT_MONEY,
  })
  .passthrough();

/** `sales-data-creditmemo-interface`. */
export const ADOBE_COMMERCE_CREDIT_MEMO = z
  .object({
    entity_id: ID,
    increment_id: OPT_STR,
    order_id: ID,
    invoice_id: OPT_ID,
    store_id: OPT_ID,
    state: z.number().int().optional().nullable(),
    creditmemo_status: z.number().int().optional().nullable(),
    order_currency_code: OPT_STR,
    base_currency_code: OPT_STR,
    grand_total: OPT_MONEY,
    base_grand_total: OPT_MONEY,
    subtotal: OPT_MONEY,
    tax_amount: OPT_MONEY,
    shipping_amount: OPT_MONEY,
    adjustment: OPT_MONEY,
    adjustment_positive: OPT_MONEY,
    adjustment_negative: OPT_MONEY,
    discount_amount: OPT_MONEY,
    created_at: MAGENTO_DATETIME.optional().nullable(),
    updated_at: MAGENTO_DATETIME.optional().nullable(),
    items: z.array(ADOBE_COMMERCE_CREDIT_MEMO_ITEM),
  })
  .passthrough();
export type AdobeCommerceCreditMemo = z.infer<typeof ADOBE_COMMERCE_CREDIT_MEMO>;
export const ADOBE_COMMERCE_CREDIT_MEMO_SEARCH = searchResult(ADOBE_COMMERCE_CREDIT_MEMO);
