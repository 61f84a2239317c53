/**
 * The mapping library's own input types for WooCommerce REST API v3 records, as the connector's zod schemas parse them
 * (woocommerce-rest-api-docs `_orders.md`, `_order-refunds.md`, `_customers.md`; amounts are strings in major units
 * with the store's decimals). Only what the mapping reads is named; anything else may be present.
 */

/** Billing or shipping address of an order or customer. */
export type WcAddress = {
  first_name?: string | null;
  last_name?: string | null;
  company?: string | null;
  address_1?: string | null;
  address_2?: string | null;
  city?: string | null;
  state?: string | null;
  postcode?: string | null;
  country?: string | null;
  email?: string | null;
  phone?: string | null;
};

/** One tax amount of a line, by tax rate id (`taxes[]` of line items, shipping lines and fee lines). */
export type WcLineTax = { id: number; total?: string | null; subtotal?: string | null };

export type WcLineItem = {
  id: number;
  name?: string | null;
  product_id?: number | null;
  variation_id?: number | null;
  quantity: number;
  tax_class?: string | null;
  /** Line total before coupon discounts, EXCLUDING tax even when the shop's prices include tax. */
  subtotal: string;
  subtotal_tax?: string | null;
  /** Line total after coupon discounts, excluding tax. */
  total: string;
  total_tax?: string | null;
  taxes?: readonly WcLineTax[] | null;
  sku?: string | null;
  /** A float (subtotal / quantity): never read. */
  price?: unknown;
};

export type WcTaxLine = { id: number; rate_code?: string | null; rate_id: number; label?: string | null; compound?: boolean | null; tax_total?: string | null; shipping_tax_total?: string | null; rate_percent?: number | string | null };
export type WcShippingLine = { id: number; method_title?: string | null; method_id?: string | null; total: string; total_tax?: string | null; taxes?: readonly WcLineTax[] | null };
export type WcFeeLine = { id: number; name?: string | null; tax_class?: string | null; tax_status?: string | null; total: string; total_tax?: string | null; taxes?: readonly WcLineTax[] | null };
export type WcCouponLine = { id: number; code: string; discount?: string | null; discount_tax?: string | null };
export type WcMeta = { id?: number | null; key: string; value?: unknown };

export type WcOrder = {
  id: number;
  number?: string | null;
  status: string;
  currency: string;
  prices_include_tax?: boolean | null;
  date_created_gmt?: string | null;
  date_modified_gmt?: string | null;
  date_paid_gmt?: string | null;
  created_via?: string | null;
  total: string;
  total_tax: string;
  customer_id?: number | null;
  billing?: WcAddress | null;
  shipping?: WcAddress | null;
  payment_method?: string | null;
  payment_method_title?: string | null;
  transaction_id?: string | null;
  customer_note?: string | null;
  line_items?: readonly WcLineItem[] | null;
  tax_lines?: readonly WcTaxLine[] | null;
  shipping_lines?: readonly WcShippingLine[] | null;
  fee_lines?: readonly WcFeeLine[] | null;
  coupon_lines?: readonly WcCouponLine[] | null;
  refunds?: readonly { id: number; reason?: string | null; total?: string | null }[] | null;
  meta_data?: readonly WcMeta[] | null;
};

/** A refund's line: quantities and amounts are negative (WooCommerce stores refunds as negative order items). */
export type WcRefundLine = { id: number; name?: string | null; product_id?: number | null; quantity?: number | null; subtotal?: string | null; subtotal_tax?: string | null; total?: string | null; total_tax?: string | null; taxes?: readonly WcLineTax[] | null; sku?: string | null; meta_data?: readonly WcMeta[] | null };

export type WcRefund = {
  id: number;
  date_created_gmt?: string | null;
  /** The refunded amount, positive, including tax (major units). */
  amount: string;
  reason?: string | null;
  line_items?: readonly WcRefundLine[] | null;
  shipping_lines?: readonly WcRefundLine[] | null;
  fee_lines?: readonly WcRefundLine[] | null;
};

export type WcCustomer = {
  id: number;
  email: string;
  first_name?: string | null;
  last_name?: string | null;
  username?: string | null;
  date_modified_gmt?: string | null;
  billing?: WcAddress | null;
  shipping?: WcAddress | null;
  meta_data?: readonly WcMeta[] | null;
};

/** What the caller tells the mapping: the store id (the site host) and the document date (YYYY-MM-DD). */
export type WcMappingOptions = { storeId: string; issueDate: string };
