/**
 * Input types for BigCommerce orders, owned by libs/mapping (no import from libs/connectors).
 * Fields follow /work/shared/specs/bigcommerce/reference/orders.v2.oas2.yml (bigcommerce/docs
 * @ 24f580c): amounts are "Float, Float-As-String, Integer", so they are typed `BcDecimal` and read
 * exactly by `bigcommerce-fields.ts`. Only the fields the mapping uses are listed; extra fields are
 * allowed and ignored. Optional fields also take `null` and `undefined`: the connector's zod schemas (the
 * other reading of the same spec) say where BigCommerce sends null, and the API adapter assigns their output to
 * these types without a cast, so the two readings are checked against each other by the compiler. Fields the
 * mapping needs are read through `bigcommerce-fields.ts`, which reports a missing one as `missing-field` naming it.
 */

/** "10.0000", "8", or a JSON number (read through its shortest decimal string). */
export type BcDecimal = string | number;

export type BcAddress = {
  id?: number | null | undefined;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  company?: string | null | undefined;
  street_1?: string | null | undefined;
  street_2?: string | null | undefined;
  city?: string | null | undefined;
  state?: string | null | undefined;
  zip?: string | null | undefined;
  country?: string | null | undefined;
  country_iso2?: string | null | undefined;
  phone?: string | null | undefined;
  email?: string | null | undefined;
};

/** `orderProductAppliedDiscounts` (orders.v2.oas2.yml). */
export type BcAppliedDiscount = { id?: string | number | null | undefined; amount?: BcDecimal | null | undefined; name?: string | null | undefined; code?: string | null | undefined; target?: string | null | undefined };

/** `orderProducts` (orders.v2.oas2.yml). `type` is 'physical' | 'digital' | 'giftcertificate'. */
export type BcOrderProduct = {
  id: number;
  order_id?: number | null | undefined;
  product_id?: number | null | undefined;
  order_address_id?: number | null | undefined;
  name?: string | null | undefined;
  sku?: string | null | undefined;
  type?: string | null | undefined;
  price_ex_tax?: BcDecimal | null | undefined;
  price_inc_tax?: BcDecimal | null | undefined;
  price_tax?: BcDecimal | null | undefined;
  total_ex_tax?: BcDecimal | null | undefined;
  total_inc_tax?: BcDecimal | null | undefined;
  total_tax?: BcDecimal | null | undefined;
  quantity?: number | null | undefined;
  is_bundled_product?: boolean | null | undefined;
  parent_order_product_id?: number | null | undefined;
  applied_discounts?: BcAppliedDiscount[] | null | undefined;
  discounted_total_inc_tax?: BcDecimal | null | undefined;
  gift_certificate_id?: number | null | undefined;
  wrapping_cost_ex_tax?: BcDecimal | null | undefined;
  wrapping_cost_inc_tax?: BcDecimal | null | undefined;
};

/** `orderFees_Resp`. The official example spells one field `cost_exc_tax`; both are accepted. */
export type BcOrderFee = {
  id: number;
  type?: string | null | undefined;
  display_name_customer?: string | null | undefined;
  display_name_merchant?: string | null | undefined;
  base_cost?: BcDecimal | null | undefined;
  cost_ex_tax?: BcDecimal | null | undefined;
  cost_exc_tax?: BcDecimal | null | undefined;
  cost_inc_tax?: BcDecimal | null | undefined;
  cost_tax?: BcDecimal | null | undefined;
  tax_class_id?: number | null | undefined;
};

/** `orderCoupons_Base`. */
export type BcOrderCoupon = { id?: number | null | undefined; coupon_id?: number | null | undefined; code?: string | null | undefined; amount?: BcDecimal | null | undefined; type?: number | null | undefined; discount?: BcDecimal | null | undefined };

/** `orderTaxes_Base`. `line_item_type` is 'item' | 'shipping' | 'handling' | 'gift-wrapping'. */
export type BcOrderTax = {
  id?: number | null | undefined;
  order_address_id?: number | null | undefined;
  tax_class_id?: number | null | undefined;
  name?: string | null | undefined;
  class?: string | null | undefined;
  rate?: BcDecimal | null | undefined;
  line_amount?: BcDecimal | null | undefined;
  order_product_id?: string | number | null | undefined;
  line_item_type?: string | null | undefined;
};

/** `order_Resp` (order_Shared + order_RespOnly). */
export type BcOrder = {
  id: number;
  customer_id?: number | null | undefined;
  date_created?: string | null | undefined;
  status_id?: number | null | undefined;
  subtotal_ex_tax?: BcDecimal | null | undefined;
  subtotal_inc_tax?: BcDecimal | null | undefined;
  shipping_cost_ex_tax?: BcDecimal | null | undefined;
  shipping_cost_inc_tax?: BcDecimal | null | undefined;
  shipping_cost_tax?: BcDecimal | null | undefined;
  shipping_cost_tax_class_id?: number | null | undefined;
  handling_cost_ex_tax?: BcDecimal | null | undefined;
  handling_cost_inc_tax?: BcDecimal | null | undefined;
  handling_cost_tax?: BcDecimal | null | undefined;
  handling_cost_tax_class_id?: number | null | undefined;
  wrapping_cost_ex_tax?: BcDecimal | null | undefined;
  wrapping_cost_inc_tax?: BcDecimal | null | undefined;
  wrapping_cost_tax?: BcDecimal | null | undefined;
  wrapping_cost_tax_class_id?: number | null | undefined;
  total_ex_tax?: BcDecimal | null | undefined;
  total_inc_tax?: BcDecimal | null | undefined;
  total_tax?: BcDecimal | null | undefined;
  is_tax_inclusive_pricing?: boolean | null | undefined;
  payment_method?: string | null | undefined;
  store_credit_amount?: BcDecimal | null | undefined;
  gift_certificate_amount?: BcDecimal | null | undefined;
  currency_code?: string | null | undefined;
  currency_exchange_rate?: BcDecimal | null | undefined;
  default_currency_code?: string | null | undefined;
  store_default_currency_code?: string | null | undefined;
  store_default_to_transactional_exchange_rate?: BcDecimal | null | undefined;
  discount_amount?: BcDecimal | null | undefined;
  coupon_discount?: BcDecimal | null | undefined;
  channel_id?: number | null | undefined;
  billing_address?: BcAddress | null | undefined;
  external_order_id?: string | null | undefined;
  customer_message?: string | null | undefined;
  /** Either the sub-resource link or (with `include=fees`) the fee array. */
  fees?: BcOrderFee[] | { url?: string | null | undefined; resource?: string } | null | undefined;
};

/** Everything fetched for one order: the order plus its sub-resources. */
export type BcOrderBundle = {
  order: BcOrder;
  products: BcOrderProduct[];
  shippingAddresses?: BcAddress[] | null | undefined;
  coupons?: BcOrderCoupon[] | null | undefined;
  taxes?: BcOrderTax[] | null | undefined;
  /** Used when `order.fees` is only a sub-resource link. */
  fees?: BcOrderFee[] | null | undefined;
};

/** v3 `RefundItem` (orders.v3.yml). `requested_amount` is a number (2 decimals) or null. */
export type BcRefundItem = {
  /** 'PRODUCT' | 'GIFT_WRAPPING' | 'SHIPPING' | 'HANDLING' | 'ORDER' | 'FEE' (others are refused by the mapper, naming the field). */
  item_type?: string | null | undefined;
  item_id?: number | null | undefined;
  reason?: string | null | undefined;
  quantity?: number | null | undefined;
  requested_amount?: BcDecimal | null | undefined;
};

/** v3 `RefundPayment`. */
export type BcRefundPayment = { id?: number | null | undefined; provider_id?: string | null | undefined; amount?: BcDecimal | null | undefined; offline?: boolean | null | undefined; is_declined?: boolean | null | undefined };

/** v3 `Refund` / `RefundID_Get.data` (orders.v3.yml). */
export type BcRefund = {
  id: number;
  order_id: number;
  created?: string | null | undefined;
  reason?: string | null | undefined;
  total_amount?: BcDecimal | null | undefined;
  total_tax?: BcDecimal | null | undefined;
  uses_merchant_override_values?: boolean | null | undefined;
  items?: BcRefundItem[] | null | undefined;
  payments?: BcRefundPayment[] | null | undefined;
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

/** v3 `customer_Full` address (customers.v3.yml `customerAddress_Full`), with `include=addresses`. */
export type BcCustomerAddress = {
  address1?: string | null | undefined;
  address2?: string | null | undefined;
  city?: string | null | undefined;
  state_or_province?: string | null | undefined;
  postal_code?: string | null | undefined;
  country_code?: string | null | undefined;
  phone?: string | null | undefined;
  company?: string | null | undefined;
};

/** v3 `customer_Full` (customers.v3.yml): the customer master record. */
export type BcCustomer = {
  id: number;
  email: string;
  first_name?: string | null | undefined;
  last_name?: string | null | undefined;
  company?: string | null | undefined;
  phone?: string | null | undefined;
  addresses?: readonly Record<string, unknown>[] | null | undefined;
};
