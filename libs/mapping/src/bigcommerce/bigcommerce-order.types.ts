/**
 * Input types for BigCommerce orders, owned by libs/mapping (no import from libs/connectors).
 * Fields follow /work/shared/specs/bigcommerce/reference/orders.v2.oas2.yml (bigcommerce/docs
 * @ 24f580c): amounts are "Float, Float-As-String, Integer", so they are typed `BcDecimal` and read
 * exactly by `bigcommerce-fields.ts`. Only the fields the mapping uses are listed; extra fields are
 * allowed and ignored.
 */

/** "10.0000", "8", or a JSON number (read through its shortest decimal string). */
export type BcDecimal = string | number;

export type BcAddress = {
  id?: number;
  first_name?: string;
  last_name?: string;
  company?: string;
  street_1?: string;
  street_2?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  country_iso2?: string;
  phone?: string;
  email?: string;
};

/** `orderProductAppliedDiscounts` (orders.v2.oas2.yml). */
export type BcAppliedDiscount = { id?: string; amount: BcDecimal; name?: string; code?: string | null; target?: 'order' | 'product' };

/** `orderProducts` (orders.v2.oas2.yml). `type` is 'physical' | 'digital' | 'giftcertificate'. */
export type BcOrderProduct = {
  id: number;
  order_id?: number;
  product_id?: number;
  order_address_id?: number;
  name: string;
  sku?: string;
  type?: string;
  price_ex_tax: BcDecimal;
  price_inc_tax: BcDecimal;
  price_tax?: BcDecimal;
  total_ex_tax: BcDecimal;
  total_inc_tax: BcDecimal;
  total_tax?: BcDecimal;
  quantity: number;
  is_bundled_product?: boolean;
  parent_order_product_id?: number | null;
  applied_discounts?: BcAppliedDiscount[];
  discounted_total_inc_tax?: BcDecimal;
  gift_certificate_id?: number | null;
  wrapping_cost_ex_tax?: BcDecimal;
  wrapping_cost_inc_tax?: BcDecimal;
};

/** `orderFees_Resp`. The official example spells one field `cost_exc_tax`; both are accepted. */
export type BcOrderFee = {
  id: number;
  type?: string;
  display_name_customer?: string;
  display_name_merchant?: string;
  base_cost?: BcDecimal;
  cost_ex_tax?: BcDecimal;
  cost_exc_tax?: BcDecimal;
  cost_inc_tax: BcDecimal;
  cost_tax?: BcDecimal;
  tax_class_id?: number | null;
};

/** `orderCoupons_Base`. */
export type BcOrderCoupon = { id?: number; coupon_id?: number; code?: string | null; amount?: BcDecimal; type?: number; discount?: BcDecimal };

/** `orderTaxes_Base`. `line_item_type` is 'item' | 'shipping' | 'handling' | 'gift-wrapping'. */
export type BcOrderTax = {
  id?: number;
  order_address_id?: number;
  tax_class_id?: number | null;
  name?: string;
  class?: string;
  rate: BcDecimal;
  line_amount?: BcDecimal;
  order_product_id?: string | number | null;
  line_item_type?: string;
};

/** `order_Resp` (order_Shared + order_RespOnly). */
export type BcOrder = {
  id: number;
  customer_id?: number;
  date_created?: string;
  status_id?: number;
  subtotal_ex_tax?: BcDecimal;
  subtotal_inc_tax?: BcDecimal;
  shipping_cost_ex_tax?: BcDecimal;
  shipping_cost_inc_tax?: BcDecimal;
  shipping_cost_tax?: BcDecimal;
  shipping_cost_tax_class_id?: number | null;
  handling_cost_ex_tax?: BcDecimal;
  handling_cost_inc_tax?: BcDecimal;
  handling_cost_tax?: BcDecimal;
  handling_cost_tax_class_id?: number | null;
  wrapping_cost_ex_tax?: BcDecimal;
  wrapping_cost_inc_tax?: BcDecimal;
  wrapping_cost_tax?: BcDecimal;
  wrapping_cost_tax_class_id?: number | null;
  total_ex_tax: BcDecimal;
  total_inc_tax: BcDecimal;
  total_tax?: BcDecimal;
  is_tax_inclusive_pricing?: boolean;
  payment_method?: string;
  store_credit_amount?: BcDecimal;
  gift_certificate_amount?: BcDecimal;
  currency_code?: string;
  currency_exchange_rate?: BcDecimal;
  default_currency_code?: string;
  store_default_currency_code?: string;
  store_default_to_transactional_exchange_rate?: BcDecimal;
  discount_amount?: BcDecimal;
  coupon_discount?: BcDecimal;
  channel_id?: number;
  billing_address: BcAddress;
  external_order_id?: string;
  customer_message?: string;
  /** Either the sub-resource link or (with `include=fees`) the fee array. */
  fees?: BcOrderFee[] | { url?: string; resource?: string };
};

/** Everything fetched for one order: the order plus its sub-resources. */
export type BcOrderBundle = {
  order: BcOrder;
  products: BcOrderProduct[];
  shippingAddresses?: BcAddress[];
  coupons?: BcOrderCoupon[];
  taxes?: BcOrderTax[];
  /** Used when `order.fees` is only a sub-resource link. */
  fees?: BcOrderFee[];
};

/** v3 `RefundItem` (orders.v3.yml). `requested_amount` is a number (2 decimals) or null. */
export type BcRefundItem = {
  item_type: 'PRODUCT' | 'GIFT_WRAPPING' | 'SHIPPING' | 'HANDLING' | 'ORDER' | 'FEE';
  item_id: number;
  reason?: string;
  quantity?: number;
  requested_amount?: BcDecimal | null;
};

/** v3 `RefundPayment`. */
export type BcRefundPayment = { id?: number; provider_id?: string; amount: BcDecimal; offline?: boolean; is_declined?: boolean };

/** v3 `Refund` / `RefundID_Get.data` (orders.v3.yml). */
export type BcRefund = {
  id: number;
  order_id: number;
  created?: string;
  reason?: string;
  total_amount: BcDecimal;
  total_tax?: BcDecimal;
  uses_merchant_override_values?: boolean;
  items: BcRefundItem[];
  payments?: BcRefundPayment[];
};

/** Caller-supplied context for BigCommerce → canonical. */
export type BcMappingOptions = {
  /** Store hash (or another stable store id) used in the external reference and routing. */
  storeId: string;
  /** ISO date YYYY-MM-DD of the ERP document, chosen by the caller (no clock in libs/mapping). */
  issueDate: string;
  /** Catalog category ids per `product_id` (orders do not carry categories). */
  productCategoryIds?: Readonly<Record<string, readonly string[]>>;
  /** Customer VAT/organisation number if known from the customer record. */
  customerVatNumber?: string;
};
