/**
 * The mapping library's own input types for WooCommerce REST API v3 records, as the connector's zod schemas parse them
 * (woocommerce-rest-api-docs `_orders.md`, `_order-refunds.md`, `_customers.md`; amounts are strings in major units
 * with the store's decimals). Only what the mapping reads is named; anything else may be present.
 */

/** Billing or shipping address of an order or customer. */
export type WcAddress = {
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  company?: string | null | undefined;
  address_1?: string | null | undefined;
  address_2?: string | null | undefined;
  city?: string | null | undefined;
  state?: string | null | undefined;
  postcode?: string | null | undefined;
  country?: string | null | undefined;
  email?: string | null | undefined;
  phone?: string | null | undefined;
};

/** One tax amount of a line, by tax rate id (`taxes[]` of line items, shipping lines and fee lines). */
export type WcLineTax = { id: number; total?: string | null | undefined; subtotal?: string | null | undefined };

export type WcLineItem = {
  id: number;
  name?: string | null | undefined;
  product_id?: number | null | undefined;
  variation_id?: number | null | undefined;
  quantity: number;
  tax_class?: string | null | undefined;
  /** Line total before coupon discounts, EXCLUDING tax even when the shop's prices include tax. */
  subtotal: string;
  subtotal_tax?: string | null | undefined;
  /** Line total after coupon discounts, excluding tax. */
  total: string;
  total_tax?: string | null | undefined;
  taxes?: readonly WcLineTax[] | null | undefined;
  sku?: string | null | undefined;
  /** A float (subtotal / quantity): never read. */
  price?: unknown;
};

export type WcTaxLine = { id: number; rate_code?: string | null | undefined; rate_id: number; label?: string | null | undefined; compound?: boolean | null | undefined; tax_total?: string | null | undefined; shipping_tax_total?: string | null | undefined; rate_percent?: number | string | null | undefined };
export type WcShippingLine = { id: number; method_title?: string | null | undefined; method_id?: string | null | undefined; total: string; total_tax?: string | null | undefined; taxes?: readonly WcLineTax[] | null | undefined };
export type WcFeeLine = { id: number; name?: string | null | undefined; tax_class?: string | null | undefined; tax_status?: string | null | undefined; total: string; total_tax?: string | null | undefined; taxes?: readonly WcLineTax[] | null | undefined };
export type WcCouponLine = { id: number; code: string; discount?: string | null | undefined; discount_tax?: string | null | undefined };
export type WcMeta = { id?: number | null | undefined; key: string; value?: unknown };

export type WcOrder = {
  id: number;
  number?: string | null | undefined;
  status: string;
  currency: string;
  prices_include_tax?: boolean | null | undefined;
  date_created_gmt?: string | null | undefined;
  date_modified_gmt?: string | null | undefined;
  date_paid_gmt?: string | null | undefined;
  created_via?: string | null | undefined;
  total: string;
  total_tax: string;
  customer_id?: number | null | undefined;
  billing?: WcAddress | null | undefined;
  shipping?: WcAddress | null | undefined;
  payment_method?: string | null | undefined;
  payment_method_title?: string | null | undefined;
  transaction_id?: string | null | undefined;
  customer_note?: string | null | undefined;
  line_items?: readonly WcLineItem[] | null | undefined;
  tax_lines?: readonly WcTaxLine[] | null | undefined;
  shipping_lines?: readonly WcShippingLine[] | null | undefined;
  fee_lines?: readonly WcFeeLine[] | null | undefined;
  coupon_lines?: readonly WcCouponLine[] | null | undefined;
  refunds?: readonly { id: number; reason?: string | null | undefined; total?: string | null | undefined }[] | null | undefined;
  meta_data?: readonly WcMeta[] | null | undefined;
};

/** A refund's line: quantities and amounts are negative (WooCommerce stores refunds as negative order items). */
export type WcRefundLine = { id: number; name?: string | null | undefined; product_id?: number | null | undefined; quantity?: number | null | undefined; subtotal?: string | null | undefined; subtotal_tax?: string | null | undefined; total?: string | null | undefined; total_tax?: string | null | undefined; taxes?: readonly WcLineTax[] | null | undefined; sku?: string | null | undefined; meta_data?: readonly WcMeta[] | null | undefined };

export type WcRefund = {
  id: number;
  date_created_gmt?: string | null | undefined;
  /** The refunded amount, positive, including tax (major units). */
  amount: string;
  reason?: string | null | undefined;
  line_items?: readonly WcRefundLine[] | null | undefined;
  shipping_lines?: readonly WcRefundLine[] | null | undefined;
  fee_lines?: readonly WcRefundLine[] | null | undefined;
};

export type WcCustomer = {
  id: number;
  email: string;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  username?: string | null | undefined;
  date_modified_gmt?: string | null | undefined;
  billing?: WcAddress | null | undefined;
  shipping?: WcAddress | null | undefined;
  meta_data?: readonly WcMeta[] | null | undefined;
};

/**
 * What the caller tells the mapping: the store id (the site host), the document date (YYYY-MM-DD) and the store's price
 * decimals (`woocommerce_price_num_decimals`, system status `settings.number_of_decimals`; default 2): the unit
 * WooCommerce rounded the order's amounts to, used to reconcile line taxes with the order's totals.
 */
export type WcMappingOptions = { storeId: string; issueDate: string; decimals?: number | undefined };
