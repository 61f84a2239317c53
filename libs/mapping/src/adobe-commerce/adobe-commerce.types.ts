/**
 * The mapping library's own input types for Adobe Commerce (Magento 2) REST records, named after the definitions of the
 * official admin schema (shared/specs/adobe-commerce/admin-schema-2.4.9.yaml): `sales-data-order-interface`,
 * `sales-data-order-item-interface`, `sales-data-order-address-interface`, `sales-data-invoice-interface`,
 * `sales-data-creditmemo-interface`, `sales-data-creditmemo-item-interface` and `customer-data-customer-interface`.
 *
 * Amounts are JSON numbers (floats) in major units: unprefixed fields are in the **order currency**
 * (`order_currency_code`), `base_*` fields in the website's base currency (`base_currency_code`). A decimal string
 * ("12.50", as a connector schema may have turned the float into) is accepted as well. Only what the mapping reads is
 * named; any other field may be present. Timestamps are "YYYY-MM-DD HH:MM:SS" in UTC.
 */

/** A money amount in major units: a JSON number, or the same value as a decimal string. */
export type AcAmount = number | string | null | undefined;

type Opt<T> = T | null | undefined;

/** `sales-data-order-address-interface` (billing address, shipping assignment address). */
export type AcOrderAddress = {
  address_type?: Opt<string>;
  firstname?: Opt<string>;
  middlename?: Opt<string>;
  lastname?: Opt<string>;
  company?: Opt<string>;
  street?: Opt<readonly string[]>;
  city?: Opt<string>;
  postcode?: Opt<string>;
  region?: Opt<string>;
  region_code?: Opt<string>;
  /** ISO 3166-1 alpha-2. */
  country_id?: Opt<string>;
  telephone?: Opt<string>;
  email?: Opt<string>;
  vat_id?: Opt<string>;
  [key: string]: unknown;
};

/** The amounts an order, invoice and credit-memo item share (order currency). */
export type AcItemAmounts = {
  /** Unit price excluding tax. */
  price?: AcAmount;
  price_incl_tax?: AcAmount;
  /** Row total excluding tax, before discount. */
  row_total?: AcAmount;
  /** Row total including the tax before discount (`row_total` + tax before discount). */
  row_total_incl_tax?: AcAmount;
  /** Tax of the row after discount (when tax is applied after discount). */
  tax_amount?: AcAmount;
  /** Discount on the row, positive; including tax when the store applies discounts on prices including tax. */
  discount_amount?: AcAmount;
  /** The tax part of a tax-inclusive discount ("hidden tax") that Commerce adds back to the grand total. */
  discount_tax_compensation_amount?: AcAmount;
};

/** `sales-data-order-item-interface`. Configurable and bundle products come as a parent and its children. */
export type AcOrderItem = AcItemAmounts & {
  item_id?: Opt<number>;
  parent_item_id?: Opt<number>;
  /** simple, configurable, bundle, virtual, downloadable, grouped (its items come as simple), giftcard. */
  product_type?: Opt<string>;
  product_id?: Opt<number>;
  sku: string;
  name?: Opt<string>;
  qty_ordered?: AcAmount;
  tax_percent?: AcAmount;
  base_price?: AcAmount;
  [key: string]: unknown;
};

/** `sales-data-order-payment-interface` (the part we read). */
export type AcOrderPayment = { method?: Opt<string>; [key: string]: unknown };

/** `sales-data-order-extension-interface` (the part we read). */
export type AcOrderExtension = {
  shipping_assignments?: Opt<readonly { shipping?: Opt<{ address?: Opt<AcOrderAddress>; method?: Opt<string> }>; [key: string]: unknown }[]>;
  /** Adobe Commerce: gift card accounts redeemed (deducted from `grand_total`). */
  gift_cards_amount?: AcAmount;
  /** Adobe Commerce: store credit used (deducted from `grand_total`). */
  customer_balance_amount?: AcAmount;
  /** Adobe Commerce: reward points used, in currency (deducted from `grand_total`). */
  reward_currency_amount?: AcAmount;
  /** Applied taxes per item and for shipping (`type` "product" | "shipping"), each with its rates' `percent`. */
  item_applied_taxes?: Opt<readonly { type?: Opt<string>; item_id?: Opt<number>; applied_taxes?: Opt<readonly { percent?: AcAmount; code?: Opt<string> }[]> }[]>;
  [key: string]: unknown;
};

/** `sales-data-order-interface`. */
export type AcOrder = {
  entity_id: number;
  increment_id?: Opt<string>;
  /** new, pending_payment, payment_review, processing, complete, closed, canceled, holded. */
  state?: Opt<string>;
  status?: Opt<string>;
  hold_before_state?: Opt<string>;
  store_id?: Opt<number>;
  created_at?: Opt<string>;
  updated_at?: Opt<string>;
  order_currency_code?: Opt<string>;
  base_currency_code?: Opt<string>;
  base_to_order_rate?: AcAmount;
  grand_total?: AcAmount;
  subtotal?: AcAmount;
  tax_amount?: AcAmount;
  discount_amount?: AcAmount;
  shipping_amount?: AcAmount;
  shipping_tax_amount?: AcAmount;
  shipping_incl_tax?: AcAmount;
  shipping_discount_amount?: AcAmount;
  shipping_discount_tax_compensation_amount?: AcAmount;
  shipping_description?: Opt<string>;
  total_invoiced?: AcAmount;
  coupon_code?: Opt<string>;
  customer_email?: Opt<string>;
  customer_id?: Opt<number>;
  customer_is_guest?: Opt<number | boolean>;
  customer_firstname?: Opt<string>;
  customer_lastname?: Opt<string>;
  customer_taxvat?: Opt<string>;
  customer_note?: Opt<string>;
  billing_address?: Opt<AcOrderAddress>;
  payment?: Opt<AcOrderPayment>;
  items?: Opt<readonly AcOrderItem[]>;
  extension_attributes?: Opt<AcOrderExtension>;
  [key: string]: unknown;
};

/** `sales-data-invoice-interface`: an invoice is Commerce's record of a capture. `state` 1 open, 2 paid, 3 canceled. */
export type AcInvoice = {
  entity_id: number;
  increment_id?: Opt<string>;
  order_id: number;
  state?: Opt<number>;
  grand_total?: AcAmount;
  base_grand_total?: AcAmount;
  order_currency_code?: Opt<string>;
  base_currency_code?: Opt<string>;
  created_at?: Opt<string>;
  items?: Opt<readonly (AcItemAmounts & { order_item_id: number; sku?: Opt<string>; qty?: AcAmount; [key: string]: unknown })[]>;
  [key: string]: unknown;
};

/** `sales-data-creditmemo-item-interface`. */
export type AcCreditMemoItem = AcItemAmounts & {
  entity_id?: Opt<number>;
  order_item_id: number;
  sku?: Opt<string>;
  name?: Opt<string>;
  qty?: AcAmount;
  [key: string]: unknown;
};

/** `sales-data-creditmemo-interface`. `state` 1 open, 2 refunded, 3 canceled. */
export type AcCreditMemo = {
  entity_id: number;
  increment_id?: Opt<string>;
  order_id: number;
  invoice_id?: Opt<number>;
  state?: Opt<number>;
  created_at?: Opt<string>;
  order_currency_code?: Opt<string>;
  base_currency_code?: Opt<string>;
  base_to_order_rate?: AcAmount;
  grand_total?: AcAmount;
  subtotal?: AcAmount;
  tax_amount?: AcAmount;
  /** Negative: the discounts taken back, items and shipping. */
  discount_amount?: AcAmount;
  shipping_amount?: AcAmount;
  shipping_tax_amount?: AcAmount;
  shipping_incl_tax?: AcAmount;
  shipping_discount_tax_compensation_amount?: AcAmount;
  /** "Adjustment Refund": extra amount refunded, added to `grand_total` untaxed. */
  adjustment_positive?: AcAmount;
  /** "Adjustment Fee": amount kept back, subtracted from `grand_total` untaxed. */
  adjustment_negative?: AcAmount;
  /** `adjustment_positive − adjustment_negative`. */
  adjustment?: AcAmount;
  items?: Opt<readonly AcCreditMemoItem[]>;
  extension_attributes?: Opt<{ gift_cards_amount?: AcAmount; customer_balance_amount?: AcAmount; [key: string]: unknown }>;
  [key: string]: unknown;
};

/** `customer-data-address-interface`. */
export type AcCustomerAddress = {
  id?: Opt<number>;
  firstname?: Opt<string>;
  lastname?: Opt<string>;
  company?: Opt<string>;
  street?: Opt<readonly string[]>;
  city?: Opt<string>;
  postcode?: Opt<string>;
  region?: Opt<{ region_code?: Opt<string>; region?: Opt<string>; region_id?: Opt<number> }>;
  country_id?: Opt<string>;
  telephone?: Opt<string>;
  vat_id?: Opt<string>;
  default_billing?: Opt<boolean>;
  default_shipping?: Opt<boolean>;
  [key: string]: unknown;
};

/** `customer-data-customer-interface`. `default_billing` / `default_shipping` are address ids as strings. */
export type AcCustomer = {
  id?: Opt<number>;
  email: string;
  firstname?: Opt<string>;
  lastname?: Opt<string>;
  taxvat?: Opt<string>;
  default_billing?: Opt<string>;
  default_shipping?: Opt<string>;
  updated_at?: Opt<string>;
  addresses?: Opt<readonly AcCustomerAddress[]>;
  [key: string]: unknown;
};

/**
 * What the caller tells the mapping: `storeId` is the Commerce store code (the external reference's store tag);
 * `priceDecimals` the precision Commerce rounded its amounts to (default 2, `PriceCurrencyInterface::DEFAULT_PRECISION`),
 * the tolerance unit when the lines are reconciled with the shop's totals; `issueDate` (YYYY-MM-DD) overrides the date
 * taken from `created_at` (a UTC date: pass the store-local date here when it matters).
 */
export type AcMappingOptions = { storeId: string; priceDecimals?: number | undefined; issueDate?: string | undefined };
