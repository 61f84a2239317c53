import { BIGCOMMERCE_STORE_CURRENCIES } from './demo.constants';
import { toRfc2822 } from './dates';
import { formatUnits } from './money';
import { computeOrderTotals, taxRateUnits, type OrderTotals } from './order-math';
import type { OrderDraft, ProductDraft } from './orders.draft';
import type { BigCommerceState, Json, OrderRecord, RecordOrigin } from './state';

/** `{url, resource}` link of a V2 sub-resource (orders.v2.oas2.yml `products_Resource` etc.). */
export type ResourceLink = { url: string; resource: string };

export function link(apiBase: string, resource: string): ResourceLink {
  return { url: `${apiBase}${resource}`, resource };
}

export type BuildOptions = {
  id: number;
  createdMs: number;
  modifiedMs: number;
  origin: RecordOrigin;
  /** V2 API base of the sandbox store, e.g. `http://127.0.0.1:4000/stores/mlcdemo1/v2`. */
  apiBase: string;
  /** The record being recomputed by a PUT: its refund state is carried over. */
  previous?: OrderRecord;
};

const f = formatUnits;

/**
 * Turns a draft into a complete order record: ids for products, addresses, taxes and fees, every money
 * field computed by `computeOrderTotals` (integer units) and printed as 4-decimal strings.
 * Response shapes: orders.v2.oas2.yml `order_Resp`, `orderProducts`, `orderShippingAddress`,
 * `orderTaxes_Base`, `orderFees_Resp`. Throws OrderMathError for impossible money inputs.
 */
export function buildOrderRecord(state: BigCommerceState, draft: OrderDraft, options: BuildOptions): OrderRecord {
  const { id, apiBase } = options;
  const totals = computeOrderTotals(draft.products, {
    shipping: draft.shipping,
    handling: draft.handling,
    wrapping: draft.wrapping,
    fees: draft.fees,
    discount: draft.discount,
  });
  const addresses = draft.shippingAddresses.map((a) => ({ ...a, id: typeof a['id'] === 'number' ? a['id'] : state.nextId('orderAddress') }));
  const products = draft.products.map((p) => ({ ...p, id: p.id ?? state.nextId('orderProduct') }));
  const fees = draft.fees.map((fee) => ({ ...fee, id: fee.id ?? state.nextId('fee') }));
  const stored: OrderDraft = { ...draft, shippingAddresses: addresses, products, fees };
  const firstAddressId = typeof addresses[0]?.['id'] === 'number' ? addresses[0]['id'] : 0;
  const previousProducts = new Map((options.previous?.products ?? []).map((p) => [p['id'], p]));

  const productJson = products.map((p, i) => productResponse(id, p, totals, i, p.type === 'physical' ? firstAddressId : 0, previousProducts.get(p.id)));
  const physicalItems = products.filter((p) => p.type === 'physical').reduce((a, p) => a + p.quantity, 0);
  const addressJson = addresses.map((a, i) => addressResponse(id, a, i === 0 ? draft : undefined, i === 0 ? physicalItems : 0, apiBase));
  const taxes = taxLines(state, id, products, totals, draft, firstAddressId);
  const feeJson = fees.map((fee) => ({
    id: fee.id,
    type: 'custom_fee',
    display_name_customer: fee.displayNameCustomer,
    display_name_merchant: fee.displayNameMerchant,
    source: fee.source,
    base_cost: f(fee.ex),
    cost_ex_tax: f(fee.ex),
    cost_inc_tax: f(fee.inc),
    cost_tax: f(fee.inc - fee.ex),
    tax_class_id: fee.taxClassId,
  }));

  const status = state.orderStatuses.find((s) => s['id'] === draft.statusId);
  const currency = BIGCOMMERCE_STORE_CURRENCIES[draft.currency] ?? { id: 1, rate: '1.0000000000' };
  const subtotal = draft.subtotalOverride ?? { ex: totals.subtotalEx, inc: totals.subtotalInc };
  const total = draft.totalOverride ?? { ex: totals.totalEx, inc: totals.totalInc };
  const previousOrder = options.previous?.order;
  const order: Json = {
    id,
    customer_id: draft.customerId,
    date_shipped: '',
    status_id: draft.statusId,
    status: status?.['name'] ?? '',
    subtotal_ex_tax: f(subtotal.ex),
    subtotal_inc_tax: f(subtotal.inc),
    subtotal_tax: f(subtotal.inc - subtotal.ex),
    base_shipping_cost: f(draft.shipping.inc),
    shipping_cost_ex_tax: f(draft.shipping.ex),
    shipping_cost_inc_tax: f(draft.shipping.inc),
    shipping_cost_tax: f(totals.shippingTax),
    shipping_cost_tax_class_id: 0,
    base_handling_cost: f(draft.handling.inc),
    handling_cost_ex_tax: f(draft.handling.ex),
    handling_cost_inc_tax: f(draft.handling.inc),
    handling_cost_tax: f(totals.handlingTax),
    handling_cost_tax_class_id: 0,
    base_wrapping_cost: f(draft.wrapping.inc),
    wrapping_cost_ex_tax: f(draft.wrapping.ex),
    wrapping_cost_inc_tax: f(draft.wrapping.inc),
    wrapping_cost_tax: f(totals.wrappingTax),
    wrapping_cost_tax_class_id: 0,
    total_ex_tax: f(total.ex),
    total_inc_tax: f(total.inc),
    total_tax: f(total.inc - total.ex),
    is_tax_inclusive_pricing: false,
    items_total: totals.itemsTotal,
    items_shipped: typeof draft.scalars['items_shipped'] === 'number' ? draft.scalars['items_shipped'] : 0,
    payment_method: 'Manual',
    payment_provider_id: '',
    payment_status: previousOrder?.['payment_status'] ?? draft.paymentStatus ?? '',
    refunded_amount: previousOrder?.['refunded_amount'] ?? '0.0000',
    order_is_digital: products.every((p) => p.type !== 'physical'),
    store_credit_amount: f(draft.storeCreditAmount ?? 0),
    gift_certificate_amount: f(draft.giftCertificateAmount ?? 0),
    ip_address: '',
    ip_address_v6: '',
    geoip_country: '',
    geoip_country_iso2: '',
    currency_id: currency.id,
    currency_code: draft.currency,
    currency_exchange_rate: '1.0000000000',
    default_currency_id: currency.id,
    default_currency_code: draft.currency,
    staff_notes: '',
    customer_message: '',
    discount_amount: f(draft.discount),
    coupon_discount: '0.0000',
    shipping_address_count: addresses.length,
    ebay_order_id: '0',
    cart_id: '',
    billing_address: draft.billingAddress,
    is_email_opt_in: false,
    credit_card_type: null,
    order_source: 'external',
    channel_id: 1,
    external_source: null,
    external_id: null,
    external_merchant_id: null,
    tax_provider_id: '',
    store_default_currency_code: 'USD',
    store_default_to_transactional_exchange_rate: currency.rate,
    custom_status: status?.['custom_label'] ?? '',
    customer_locale: 'en',
    external_order_id: '',
    ...draft.scalars,
  };
  return {
    id,
    order,
    products: productJson,
    shippingAddresses: addressJson,
    coupons: [],
    taxes,
    fees: feeJson,
    createdMs: options.createdMs,
    modifiedMs: options.modifiedMs,
    origin: options.origin,
    isDeleted: false,
    draft: stored,
  };
}

function productResponse(orderId: number, p: ProductDraft & { id: number }, totals: OrderTotals, index: number, addressId: number, previous?: Json): Json {
  const line = totals.lines[index];
  const zero = '0.0000';
  return {
    id: p.id,
    order_id: orderId,
    product_id: p.productId,
    order_pickup_method_id: 0,
    order_address_id: addressId,
    name: p.name,
    name_customer: p.name,
    name_merchant: p.nameMerchant,
    sku: p.sku,
    upc: p.upc,
    type: p.type,
    base_price: f(p.priceEx),
    price_ex_tax: f(p.priceEx),
    price_inc_tax: f(p.priceInc),
    price_tax: f(line?.priceTax ?? 0),
    base_total: f(line?.totalEx ?? 0),
    total_ex_tax: f(line?.totalEx ?? 0),
    total_inc_tax: f(line?.totalInc ?? 0),
    total_tax: f(line?.totalTax ?? 0),
    weight: zero,
    width: zero,
    height: zero,
    depth: zero,
    quantity: p.quantity,
    base_cost_price: zero,
    cost_price_inc_tax: zero,
    cost_price_ex_tax: zero,
    cost_price_tax: zero,
    is_refunded: previous?.['is_refunded'] ?? false,
    quantity_refunded: previous?.['quantity_refunded'] ?? 0,
    refund_amount: zero,
    return_id: 0,
    wrapping_id: 0,
    wrapping_name: '',
    base_wrapping_cost: zero,
    wrapping_cost_ex_tax: zero,
    wrapping_cost_inc_tax: zero,
    wrapping_cost_tax: zero,
    wrapping_message: '',
    quantity_shipped: 0,
    event_name: null,
    event_date: null,
    fixed_shipping_cost: zero,
    ebay_item_id: '',
    ebay_transaction_id: '',
    option_set_id: null,
    parent_order_product_id: null,
    is_bundled_product: false,
    bin_picking_number: '',
    external_id: null,
    brand: p.brand,
    applied_discounts: line && line.discount > 0 ? [{ id: 'manual-discount', amount: f(line.discount), name: 'Manual Discount', code: null, target: 'order' }] : [],
    product_options: [],
    configurable_fields: [],
    ...(p.variantId !== undefined ? { variant_id: p.variantId } : {}),
    gift_certificate_id: null,
    discounted_total_inc_tax: f(line?.discountedTotalInc ?? 0),
  };
}

function addressResponse(orderId: number, a: Json, costs: OrderDraft | undefined, itemsTotal: number, apiBase: string): Json {
  const id = a['id'] as number;
  const { shipping_method: method, form_fields: formFields, ...fields } = a;
  return {
    ...fields,
    id,
    order_id: orderId,
    items_total: itemsTotal,
    items_shipped: 0,
    shipping_method: typeof method === 'string' ? method : 'None',
    base_cost: f(costs?.shipping.inc ?? 0),
    cost_ex_tax: f(costs?.shipping.ex ?? 0),
    cost_inc_tax: f(costs?.shipping.inc ?? 0),
    cost_tax: f(costs ? costs.shipping.inc - costs.shipping.ex : 0),
    cost_tax_class_id: 0,
    base_handling_cost: f(costs?.handling.inc ?? 0),
    handling_cost_ex_tax: f(costs?.handling.ex ?? 0),
    handling_cost_inc_tax: f(costs?.handling.inc ?? 0),
    handling_cost_tax: f(costs ? costs.handling.inc - costs.handling.ex : 0),
    handling_cost_tax_class_id: 0,
    shipping_zone_id: 1,
    shipping_zone_name: 'Default',
    shipping_quotes: link(apiBase, `/orders/${orderId}/shippingaddresses/${id}/shippingquotes`),
    form_fields: Array.isArray(formFields) ? formFields : [],
  };
}

/**
 * Tax lines, one per taxed product line plus shipping / handling / gift wrapping (orderTaxes_Base,
 * `class` "API Tax Override" for V2-created orders). Fee taxes have no `line_item_type` in the spec
 * and are not listed here (they are in `/fees`).
 */
function taxLines(state: BigCommerceState, orderId: number, products: Array<ProductDraft & { id: number }>, totals: OrderTotals, draft: OrderDraft, addressId: number): Json[] {
  const lines: Json[] = [];
  const push = (ex: number, inc: number, amount: number, type: string, productId?: number, lineAddress = addressId): void => {
    if (amount === 0) return;
    const rate = f(taxRateUnits(ex, inc));
    lines.push({
      id: state.nextId('tax'),
      order_id: orderId,
      order_address_id: lineAddress,
      tax_rate_id: 0,
      sales_tax_id: '',
      tax_class_id: 0,
      name: `Tax ${rate.replace(/\.?0+$/, '')}%`,
      class: 'API Tax Override',
      rate,
      priority: 0,
      priority_amount: f(amount),
      line_amount: f(amount),
      order_pickup_method_id: 0,
      ...(productId !== undefined ? { order_product_id: String(productId) } : {}),
      line_item_type: type,
    });
  };
  products.forEach((p, i) => {
    const line = totals.lines[i];
    if (line) push(p.priceEx, p.priceInc, line.totalTax, 'item', p.id, p.type === 'physical' ? addressId : 0);
  });
  push(draft.shipping.ex, draft.shipping.inc, totals.shippingTax, 'shipping');
  push(draft.handling.ex, draft.handling.inc, totals.handlingTax, 'handling');
  push(draft.wrapping.ex, draft.wrapping.inc, totals.wrappingTax, 'gift-wrapping');
  return lines;
}

/** Adds dates and the `products` / `shipping_addresses` / `coupons` links to a stored order. */
export function renderOrder(record: OrderRecord, apiBase: string): Json {
  const id = record.id;
  const out: Json = {};
  const addDates = (): void => {
    out['date_created'] = toRfc2822(new Date(record.createdMs));
    out['date_modified'] = toRfc2822(new Date(record.modifiedMs));
  };
  // The dates follow customer_id, where the spec's example has them (first when there is none).
  if (!('customer_id' in record.order)) addDates();
  for (const key in record.order) {
    if (key === 'date_created' || key === 'date_modified' || key === 'products' || key === 'shipping_addresses' || key === 'coupons') continue;
    out[key] = record.order[key];
    if (key === 'customer_id') addDates();
  }
  out['products'] = link(apiBase, `/orders/${id}/products`);
  out['shipping_addresses'] = link(apiBase, `/orders/${id}/shippingaddresses`);
  out['coupons'] = link(apiBase, `/orders/${id}/coupons`);
  return out;
}
