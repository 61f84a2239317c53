/**
 * Orders and refunds as the REST API v3 shows them: the field set and key order of the official examples
 * (docs @ 13d6196, `wc-v3.orders.*.response.json`, `wc-v3.order-refunds.*.response.json`), values formatted the way
 * WC_REST_Orders_V2_Controller::get_formatted_item_data() / get_order_item_data() and
 * WC_REST_Order_Refunds_V2_Controller::get_formatted_item_data() do: amounts with `dp` decimals (default the store's
 * 2) through wc_format_decimal(); per-rate `taxes` as stored (6 decimals, trailing zeros trimmed: "0.9"); line `price`
 * a float, line total / quantity; dates local and `_gmt`; `refunds` as `{id, reason, total: "-x.xx"}` newest first
 * (the docs' example still shows an older `refund` key; the controller and the docs' property table say `reason`);
 * `_links` with self, collection, customer (when customer_id ≠ 0) and up (when parent_id ≠ 0), built with rest_url()
 * on the listener the request came in on.
 */
import { findProduct } from './catalog';
import { formatDecimal, formatTrimmed, microToNumber } from './money';
import type { CouponLine, FeeLine, Json, LineItem, Meta, OrderRecord, RefundRecord, ShippingLine, TaxLine } from './state';
import type { TaxesById } from './order-totals';
import { formatGmt, formatLocal, type WpDate } from './wp-dates';

export type RenderContext = { restUrl: (path: string) => string; dp: number };

const local = (d: WpDate | null): string | null => (d ? formatLocal(d) : null);
const gmt = (d: WpDate | null): string | null => (d ? formatGmt(d) : null);

/** `meta_data` entries as `{id, key, value}`. */
export function renderMeta(meta: readonly Meta[]): Json[] {
  return meta.map((m) => ({ id: m.id, key: m.key, value: m.value }));
}

function renderTaxes(taxes: TaxesById, subtotal?: TaxesById): Json[] {
  return [...taxes].map(([id, total]) => ({ id, total: formatTrimmed(total), subtotal: subtotal?.has(id) ? formatTrimmed(subtotal.get(id) ?? 0) : '' }));
}

/** One `line_items` entry (also the refund's negative copies). */
export function renderLineItem(item: LineItem, ctx: RenderContext): Json {
  const product = findProduct(item.variationId || item.productId);
  return {
    id: item.id,
    name: item.name,
    product_id: item.productId,
    variation_id: item.variationId,
    quantity: item.quantity,
    tax_class: item.taxClass,
    subtotal: formatDecimal(item.subtotal, ctx.dp),
    subtotal_tax: formatDecimal(item.subtotalTax, ctx.dp),
    total: formatDecimal(item.total, ctx.dp),
    total_tax: formatDecimal(item.totalTax, ctx.dp),
    taxes: renderTaxes(item.taxes, item.subtotalTaxes),
    meta_data: renderMeta(item.metaData),
    sku: product ? product.sku : null,
    // The one float of the API: $item->get_total() / $item->get_quantity().
    price: item.quantity ? microToNumber(item.total) / item.quantity : 0,
  };
}

function renderTaxLine(line: TaxLine, ctx: RenderContext): Json {
  return {
    id: line.id,
    rate_code: line.rateCode,
    rate_id: line.rateId,
    label: line.label,
    compound: line.compound,
    tax_total: formatDecimal(line.taxTotal, ctx.dp),
    shipping_tax_total: formatDecimal(line.shippingTaxTotal, ctx.dp),
    meta_data: renderMeta(line.metaData),
  };
}

function renderShippingLine(line: ShippingLine, ctx: RenderContext): Json {
  return {
    id: line.id,
    method_title: line.methodTitle,
    method_id: line.methodId,
    total: formatDecimal(line.total, ctx.dp),
    total_tax: formatDecimal(line.totalTax, ctx.dp),
    taxes: renderTaxes(line.taxes),
    meta_data: renderMeta(line.metaData),
  };
}

function renderFeeLine(line: FeeLine, ctx: RenderContext): Json {
  return {
    id: line.id,
    name: line.name,
    tax_class: line.taxClass,
    tax_status: line.taxStatus,
    total: formatDecimal(line.total, ctx.dp),
    total_tax: formatDecimal(line.totalTax, ctx.dp),
    taxes: renderTaxes(line.taxes),
    meta_data: renderMeta(line.metaData),
  };
}

function renderCouponLine(line: CouponLine, ctx: RenderContext): Json {
  return { id: line.id, code: line.code, discount: formatDecimal(line.discount, ctx.dp), discount_tax: formatDecimal(line.discountTax, ctx.dp), meta_data: renderMeta(line.metaData) };
}

/** An order as `GET /wc/v3/orders/{id}` answers it. `refunds` are the order's refunds, newest first. */
export function renderOrder(order: OrderRecord, refunds: readonly RefundRecord[], ctx: RenderContext): Json {
  const links: Json = {
    self: [{ href: ctx.restUrl(`/wc/v3/orders/${order.id}`) }],
    collection: [{ href: ctx.restUrl('/wc/v3/orders') }],
  };
  if (order.customerId !== 0) links['customer'] = [{ href: ctx.restUrl(`/wc/v3/customers/${order.customerId}`) }];
  if (order.parentId !== 0) links['up'] = [{ href: ctx.restUrl(`/wc/v3/orders/${order.parentId}`) }];
  return {
    id: order.id,
    parent_id: order.parentId,
    number: String(order.id),
    order_key: order.orderKey,
    created_via: order.createdVia,
    version: order.version,
    status: order.status,
    currency: order.currency,
    date_created: local(order.dateCreated),
    date_created_gmt: gmt(order.dateCreated),
    date_modified: local(order.dateModified),
    date_modified_gmt: gmt(order.dateModified),
    discount_total: formatDecimal(order.discountTotal, ctx.dp),
    discount_tax: formatDecimal(order.discountTax, ctx.dp),
    shipping_total: formatDecimal(order.shippingTotal, ctx.dp),
    shipping_tax: formatDecimal(order.shippingTax, ctx.dp),
    cart_tax: formatDecimal(order.cartTax, ctx.dp),
    total: formatDecimal(order.total, ctx.dp),
    total_tax: formatDecimal(order.totalTax, ctx.dp),
    prices_include_tax: order.pricesIncludeTax,
    customer_id: order.customerId,
    customer_ip_address: order.customerIpAddress,
    customer_user_agent: order.customerUserAgent,
    customer_note: order.customerNote,
    billing: { ...order.billing },
    shipping: { ...order.shipping },
    payment_method: order.paymentMethod,
    payment_method_title: order.paymentMethodTitle,
    transaction_id: order.transactionId,
    date_paid: local(order.datePaid),
    date_paid_gmt: gmt(order.datePaid),
    date_completed: local(order.dateCompleted),
    date_completed_gmt: gmt(order.dateCompleted),
    cart_hash: order.cartHash,
    meta_data: renderMeta(order.metaData),
    line_items: order.lineItems.map((i) => renderLineItem(i, ctx)),
    tax_lines: order.taxLines.map((l) => renderTaxLine(l, ctx)),
    shipping_lines: order.shippingLines.map((l) => renderShippingLine(l, ctx)),
    fee_lines: order.feeLines.map((l) => renderFeeLine(l, ctx)),
    coupon_lines: order.couponLines.map((l) => renderCouponLine(l, ctx)),
    refunds: refunds.map((r) => ({ id: r.id, reason: r.reason, total: `-${formatDecimal(r.amount, ctx.dp)}` })),
    _links: links,
  };
}

/** A refund as `GET /wc/v3/orders/{order_id}/refunds/{id}` answers it. */
export function renderRefund(refund: RefundRecord, ctx: RenderContext): Json {
  const base = `/wc/v3/orders/${refund.parentId}/refunds`;
  return {
    id: refund.id,
    date_created: formatLocal(refund.dateCreated),
    date_created_gmt: formatGmt(refund.dateCreated),
    amount: formatDecimal(refund.amount, ctx.dp),
    reason: refund.reason,
    refunded_by: refund.refundedBy,
    refunded_payment: refund.refundedPayment,
    meta_data: renderMeta(refund.metaData),
    line_items: refund.lineItems.map((i) => renderLineItem(i, ctx)),
    _links: {
      self: [{ href: ctx.restUrl(`${base}/${refund.id}`) }],
      collection: [{ href: ctx.restUrl(base) }],
      up: [{ href: ctx.restUrl(`/wc/v3/orders/${refund.parentId}`) }],
    },
  };
}
