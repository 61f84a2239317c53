/**
 * Order lifecycle of the sandbox: create/update as the v3 controller's save_object() does, status transitions,
 * payment_complete(), refunds (wc_create_refund / wc_refund_payment / wc_order_fully_refunded, includes/wc-order-functions.php on
 * woocommerce trunk), trashing and deleting, and the actions each step fires for webhooks (webhook-topics.ts):
 * - create: props and items, customer check (400 `woocommerce_rest_invalid_customer_id` "Customer ID is invalid."),
 *   `created_via: rest-api`, `prices_include_tax` from the store option, calculate_totals() (the first save:
 *   `woocommerce_new_order`, then `woocommerce_update_order`), coupons (an invalid coupon answers 400 but the order
 *   already exists, as in WooCommerce), status (default pending), save, and `set_paid: true` → payment_complete();
 * - update: totals are recalculated only when billing, shipping or any item list is in the request;
 * - every save sets date_modified to now and `version` to the store's WooCommerce version (HPOS data store);
 * - transitions: a paid status sets date_paid once, `completed` sets date_completed, `completed` and
 *   payment_complete() mark the customer as paying (wc_paying_customer(), a customer save), and `refunded` refunds
 *   what is left (wc_order_fully_refunded(): reason "Order fully refunded.", no gateway);
 * - refunds: the amount must be ≥ 0 and ≤ what is left ("Invalid refund amount."); line_items are copied as negative
 *   lines with `_refunded_item_id`; with api_refund the order's gateway must support refunds — the demo store only has
 *   core offline gateways, so that fails ("… does not support automatic refunds.") and the refund is deleted; a refund
 *   of everything left sets the order `refunded`; the parent's date_modified moves and `woocommerce_order_refunded`
 *   fires.
 */
import { WOOCOMMERCE_GATEWAYS } from './demo.constants';
import { applyCouponLines, applyItems, blankAddress, BILLING_KEYS, calculateTotals, mergeAddress, needsPayment, needsProcessing, SHIPPING_KEYS, updateMeta, type StoreSettings } from './order-builder';
import { formatDecimal, parseAmountMicro, roundMicro, sumMicro } from './money';
import type { Json, LineItem, OrderRecord, RefundRecord, WooCommerceState } from './state';
import { wpDateAt } from './wp-dates';
import { wpError } from './wp-json';

/** Fires a WordPress action with its first argument (a resource id). */
export type Fire = (hook: string, arg: number) => void;

/** Reads request parameters: `param` (sanitized value or undefined) and PHP `isset`. */
export type Params = { param(name: string): unknown; isset(name: string): boolean };

/** A refund failure wc_create_refund() returns as WP_Error; the REST API answers 500 with its message. */
export class RefundFailure extends Error {}

export class OrderService {
  constructor(
    private readonly state: WooCommerceState,
    private readonly settings: StoreSettings,
    private readonly nowMs: () => number,
    private readonly random: () => number,
  ) {}

  private now() {
    return wpDateAt(this.nowMs(), this.settings.timeZone);
  }

  /** POST /orders: returns the created order (throws WpRestError; see the module comment for the order of steps). */
  create(params: Params, fire: Fire): OrderRecord {
    const now = this.now();
    const order: OrderRecord = {
      id: 0, parentId: 0, orderKey: '', createdVia: '', version: this.settings.version, status: '', currency: this.settings.currency,
      dateCreated: now, dateModified: now, datePaid: null, dateCompleted: null,
      discountTotal: 0, discountTax: 0, shippingTotal: 0, shippingTax: 0, cartTax: 0, total: 0, totalTax: 0,
      pricesIncludeTax: false, customerId: 0, customerIpAddress: '', customerUserAgent: '', customerNote: '',
      billing: blankAddress(BILLING_KEYS), shipping: blankAddress(SHIPPING_KEYS), paymentMethod: '', paymentMethodTitle: '', transactionId: '', cartHash: '',
      metaData: [], lineItems: [], taxLines: [], shippingLines: [], feeLines: [], couponLines: [], origin: 'api',
    };
    this.applyProps(order, params);
    this.checkCustomer(params);
    order.createdVia = 'rest-api';
    order.pricesIncludeTax = this.settings.pricesIncludeTax;
    calculateTotals(order, this.settings, this.state);
    order.id = this.state.nextId('post');
    order.orderKey = `wc_order_${this.password(13)}`;
    order.status = 'pending';
    this.state.orders.set(order.id, order);
    fire('woocommerce_new_order', order.id);
    this.save(order, fire);
    if (params.isset('coupon_lines')) applyCouponLines(order, params.param('coupon_lines'), this.settings, this.state, this.nowMs());
    this.finish(order, params, true, fire);
    return order;
  }

  /** PUT /orders/{id}. */
  update(order: OrderRecord, params: Params, fire: Fire): OrderRecord {
    this.applyProps(order, params);
    this.checkCustomer(params);
    if (['billing', 'shipping', 'line_items', 'shipping_lines', 'fee_lines', 'coupon_lines'].some((k) => params.isset(k))) calculateTotals(order, this.settings, this.state);
    if (params.isset('coupon_lines')) applyCouponLines(order, params.param('coupon_lines'), this.settings, this.state, this.nowMs());
    this.finish(order, params, false, fire);
    return order;
  }

  private finish(order: OrderRecord, params: Params, creating: boolean, fire: Fire): void {
    const status = params.param('status');
    if (typeof status === 'string' && status !== '') this.setStatus(order, status, fire);
    this.save(order, fire);
    if (params.param('set_paid') === true && (creating || needsPayment(order))) {
      this.paymentComplete(order, typeof params.param('transaction_id') === 'string' ? String(params.param('transaction_id')) : '', fire);
    }
  }

  /** prepare_object_for_database(): the writable props in schema order. */
  private applyProps(order: OrderRecord, params: Params): void {
    const p = (name: string): unknown => params.param(name);
    if (params.isset('parent_id')) {
      const parent = Number(p('parent_id'));
      if (parent && (parent === order.id || !this.state.orders.has(parent))) throw wpError('order_invalid_parent_id', 'Invalid parent ID', 400);
      order.parentId = parent;
    }
    if (params.isset('currency')) order.currency = String(p('currency'));
    if (params.isset('customer_id')) order.customerId = Math.abs(Number(p('customer_id')));
    if (params.isset('customer_note')) order.customerNote = String(p('customer_note'));
    if (params.isset('billing')) mergeAddress(order.billing, p('billing'), BILLING_KEYS);
    if (params.isset('shipping')) mergeAddress(order.shipping, p('shipping'), SHIPPING_KEYS);
    if (params.isset('payment_method')) order.paymentMethod = String(p('payment_method'));
    if (params.isset('payment_method_title')) order.paymentMethodTitle = sanitizeText(String(p('payment_method_title')));
    if (params.isset('transaction_id')) order.transactionId = String(p('transaction_id'));
    if (params.isset('meta_data')) updateMeta(order.metaData, p('meta_data'), () => this.state.nextId('postMeta'));
    for (const kind of ['line_items', 'shipping_lines', 'fee_lines'] as const) if (params.isset(kind)) applyItems(order, kind, p(kind), this.state);
  }

  private checkCustomer(params: Params): void {
    const id = params.param('customer_id');
    if (id === undefined || id === null || Number(id) === 0) return;
    if (!this.state.customers.has(Number(id))) throw wpError('woocommerce_rest_invalid_customer_id', 'Customer ID is invalid.', 400);
  }

  /** WC_Order::save() on an existing order: date_modified, version, `woocommerce_update_order`. */
  save(order: OrderRecord, fire: Fire): void {
    order.dateModified = this.now();
    order.version = this.settings.version;
    fire('woocommerce_update_order', order.id);
  }

  /** set_status() + status_transition() side effects (see the module comment). */
  setStatus(order: OrderRecord, to: string, fire: Fire): void {
    const from = order.status;
    if (from === to) return;
    order.status = to;
    const paidStatus = needsProcessing(order) ? 'processing' : 'completed';
    if (!order.datePaid && (to === paidStatus || (paidStatus === 'processing' && to === 'completed'))) order.datePaid = this.now();
    if (to === 'completed') {
      order.dateCompleted = this.now();
      this.payingCustomer(order, fire);
    }
    if (to === 'refunded') {
      const left = this.remaining(order);
      if (left > 0) this.refund(order, { amount: left, reason: 'Order fully refunded.', lineItems: new Map(), refundPayment: false }, fire);
    }
  }

  /** WC_Order::payment_complete(): only from on-hold, pending, failed or cancelled. */
  paymentComplete(order: OrderRecord, transactionId: string, fire: Fire): void {
    if (!['on-hold', 'pending', 'failed', 'cancelled'].includes(order.status)) return;
    if (transactionId) order.transactionId = transactionId;
    if (!order.datePaid) order.datePaid = this.now();
    this.setStatus(order, needsProcessing(order) ? 'processing' : 'completed', fire);
    this.save(order, fire);
    this.payingCustomer(order, fire);
  }

  /** wc_paying_customer(): the order's customer becomes a paying customer (a customer save when it changes). */
  private payingCustomer(order: OrderRecord, fire: Fire): void {
    const customer = this.state.customers.get(order.customerId);
    if (!customer || customer.isPayingCustomer) return;
    customer.isPayingCustomer = true;
    customer.dateModified = this.now();
    fire('profile_update', customer.id);
    fire('woocommerce_update_customer', customer.id);
  }

  /** get_remaining_refund_amount(): total minus refunded, at the store's decimals. */
  remaining(order: OrderRecord): number {
    return roundMicro(order.total - sumMicro(this.state.refundsOf(order.id).map((r) => r.amount)), this.settings.decimals);
  }

  /**
   * wc_create_refund(). `lineItems` is the internal format (order item id → `{qty, refund_total, refund_tax}`);
   * throws RefundFailure with WooCommerce's message.
   */
  refund(order: OrderRecord, args: { amount: number; reason: string | null; lineItems: Map<number, Json>; refundPayment: boolean; refundedBy?: number }, fire: Fire): RefundRecord {
    const remaining = this.remaining(order);
    const remainingItems = Math.abs(sumMicro(order.lineItems.map((i) => i.quantity)) - this.refundedItemCount(order));
    if (args.amount < 0 || args.amount > remaining) throw new RefundFailure('Invalid refund amount.');
    const refund: RefundRecord = {
      id: this.state.nextId('post'), parentId: order.id, dateCreated: this.now(), amount: args.amount, reason: args.reason ?? '', refundedBy: args.refundedBy ?? 1,
      refundedPayment: false, metaData: [], lineItems: [], shippingLines: [], feeLines: [], origin: 'api',
    };
    let refundedCount = 0;
    for (const item of [...order.lineItems, ...order.feeLines, ...order.shippingLines]) {
      const posted = args.lineItems.get(item.id);
      if (!posted) continue;
      const qty = Math.trunc(Number(posted['qty'] ?? 0)) || 0;
      const taxes = refundTaxes(posted['refund_tax']);
      if (!qty && !parseAmountMicro(posted['refund_total']) && taxes.size === 0) continue;
      const total = -Math.abs(parseAmountMicro(posted['refund_total']));
      const totalTax = sumMicro([...taxes.values()].map((t) => (this.settings.roundAtSubtotal ? t : roundMicro(t, this.settings.decimals))));
      const meta = [...item.metaData.map((m) => ({ ...m, id: this.state.nextId('itemMeta') })), { id: this.state.nextId('itemMeta'), key: '_refunded_item_id', value: String(item.id) }];
      const id = this.state.nextId('orderItem');
      if ('productId' in item) {
        const copy: LineItem = { ...item, id, quantity: qty * -1, subtotal: total, total, taxes, subtotalTaxes: new Map(taxes), totalTax, subtotalTax: totalTax, metaData: meta };
        refund.lineItems.push(copy);
        refundedCount += qty;
      } else if ('methodId' in item) refund.shippingLines.push({ ...item, id, total, taxes, totalTax, metaData: meta });
      else refund.feeLines.push({ ...item, id, total, taxes, totalTax, metaData: meta });
    }
    this.state.refunds.set(refund.id, refund);
    if (args.refundPayment) {
      const gateway = WOOCOMMERCE_GATEWAYS[order.paymentMethod];
      const problem = !gateway
        ? 'The payment gateway for this order does not exist.'
        : !gateway.supportsRefunds
          ? 'The payment gateway for this order does not support automatic refunds.'
          : undefined;
      if (problem) {
        this.state.refunds.delete(refund.id);
        throw new RefundFailure(problem);
      }
      refund.refundedPayment = true;
    }
    const hasFreeItem = order.lineItems.some((i) => i.total === 0);
    const partial = remaining - args.amount > 0 || (hasFreeItem && remainingItems - refundedCount > 0);
    if (!partial) this.setStatus(order, 'refunded', fire);
    this.save(order, fire);
    fire('woocommerce_order_refunded', order.id);
    return refund;
  }

  private refundedItemCount(order: OrderRecord): number {
    return Math.abs(sumMicro(this.state.refundsOf(order.id).flatMap((r) => r.lineItems.map((i) => i.quantity))));
  }

  /** DELETE /orders/{id} without force: trash (`woocommerce_trash_order`, `wp_trash_post` → order.deleted). */
  trash(order: OrderRecord, fire: Fire): void {
    order.statusBeforeTrash = order.status;
    order.status = 'trash';
    order.dateModified = this.now();
    fire('wp_trash_post', order.id);
    fire('woocommerce_trash_order', order.id);
  }

  /** DELETE /orders/{id}?force=true: gone with its refunds; no webhook topic listens to a forced delete. */
  deletePermanently(order: OrderRecord): void {
    for (const refund of this.state.refundsOf(order.id)) this.state.refunds.delete(refund.id);
    this.state.orders.delete(order.id);
  }

  /** wp_generate_password($length, false): letters and digits. */
  password(length: number): string {
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    let out = '';
    for (let i = 0; i < length; i += 1) out += chars[Math.floor(this.random() * chars.length)] ?? 'a';
    return out;
  }

  /** The refund amount text (for messages). */
  formatAmount(micro: number): string {
    return formatDecimal(micro, this.settings.decimals);
  }
}

/** `refund_tax` of a refund line (rate id → amount), empty values dropped (array_filter), made negative. */
function refundTaxes(value: unknown): Map<number, number> {
  const out = new Map<number, number>();
  if (typeof value !== 'object' || value === null) return out;
  for (const [rate, amount] of Object.entries(value as Json)) {
    const micro = parseAmountMicro(amount);
    if (micro !== 0) out.set(Number(rate), -Math.abs(micro));
  }
  return out;
}

/** sanitize_text_field(): tags stripped, line breaks and tabs to spaces, whitespace collapsed, trimmed. */
export function sanitizeText(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/[\r\n\t]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}
