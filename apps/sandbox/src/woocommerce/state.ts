/**
 * In-memory store of the WooCommerce sandbox. Records hold amounts in micro units (money.ts) and dates as WpDate
 * pairs (wp-dates.ts); the renderers turn them into the REST shapes. Id sequences follow WordPress: orders and refunds
 * share the posts table's ids (refund 726 sits between orders 723 and 727 in the official examples), order items and
 * item meta have their own tables, customers are users, webhooks have `wc_webhooks`.
 */
import type { TaxesById } from './order-totals';
import type { WpDate } from './wp-dates';

export type Json = Record<string, unknown>;

/** A `meta_data` entry (`{id, key, value}`). */
export type Meta = { id: number; key: string; value: unknown };

/** Billing (with email/phone) or shipping address, keys in the examples' order. */
export type Address = Record<string, string>;

/** Where a record came from: an official docs example, our demo data, or a call to the sandbox. */
export type RecordOrigin = 'spec-example' | 'demo' | 'api';

export type LineItem = {
  id: number;
  name: string;
  productId: number;
  variationId: number;
  quantity: number;
  taxClass: string;
  subtotal: number;
  total: number;
  taxes: TaxesById;
  subtotalTaxes: TaxesById;
  subtotalTax: number;
  totalTax: number;
  metaData: Meta[];
};

export type ShippingLine = { id: number; methodTitle: string; methodId: string; instanceId: string; total: number; taxes: TaxesById; totalTax: number; metaData: Meta[] };
export type FeeLine = { id: number; name: string; taxClass: string; taxStatus: string; total: number; taxes: TaxesById; totalTax: number; metaData: Meta[] };
export type CouponLine = { id: number; code: string; discount: number; discountTax: number; metaData: Meta[] };
export type TaxLine = { id: number; rateId: number; rateCode: string; label: string; compound: boolean; taxTotal: number; shippingTaxTotal: number; metaData: Meta[] };

export type OrderRecord = {
  id: number;
  parentId: number;
  orderKey: string;
  createdVia: string;
  version: string;
  /** Without the `wc-` prefix; `trash` when deleted without `force`. */
  status: string;
  /** The status before trashing (`_wp_trash_meta_status`), restored on untrash. */
  statusBeforeTrash?: string;
  currency: string;
  dateCreated: WpDate;
  dateModified: WpDate;
  datePaid: WpDate | null;
  dateCompleted: WpDate | null;
  discountTotal: number;
  discountTax: number;
  shippingTotal: number;
  shippingTax: number;
  cartTax: number;
  total: number;
  totalTax: number;
  pricesIncludeTax: boolean;
  customerId: number;
  customerIpAddress: string;
  customerUserAgent: string;
  customerNote: string;
  billing: Address;
  shipping: Address;
  paymentMethod: string;
  paymentMethodTitle: string;
  transactionId: string;
  cartHash: string;
  metaData: Meta[];
  lineItems: LineItem[];
  taxLines: TaxLine[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  couponLines: CouponLine[];
  origin: RecordOrigin;
};

export type RefundRecord = {
  id: number;
  parentId: number;
  dateCreated: WpDate;
  amount: number;
  reason: string;
  refundedBy: number;
  refundedPayment: boolean;
  metaData: Meta[];
  /** Negative copies of the refunded lines (with `_refunded_item_id` meta). */
  lineItems: LineItem[];
  shippingLines: ShippingLine[];
  feeLines: FeeLine[];
  origin: RecordOrigin;
};

export type CustomerRecord = {
  id: number;
  dateCreated: WpDate;
  dateModified: WpDate;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  username: string;
  billing: Address;
  shipping: Address;
  isPayingCustomer: boolean;
  /** As the official examples show it; new customers get `gravatarUrl(email)`. */
  avatarUrl: string;
  metaData: Meta[];
  origin: RecordOrigin;
};

export type WebhookStatus = 'active' | 'paused' | 'disabled';

export type WebhookRecord = {
  id: number;
  name: string;
  status: WebhookStatus;
  topic: string;
  deliveryUrl: string;
  secret: string;
  dateCreated: WpDate;
  dateModified: WpDate | null;
  /** Consecutive failed deliveries (class-wc-webhook.php failed_delivery()). */
  failureCount: number;
  /** True until a ping was answered 200 (the data store pings an active hook while it is pending). */
  pendingDelivery: boolean;
  userId: number;
  apiVersion: number;
};

type Sequence = 'post' | 'orderItem' | 'itemMeta' | 'postMeta' | 'user' | 'userMeta' | 'webhook';

/** Mutable state plus id sequences. `reset()` empties everything (the seed loader refills it). */
export class WooCommerceState {
  orders = new Map<number, OrderRecord>();
  refunds = new Map<number, RefundRecord>();
  customers = new Map<number, CustomerRecord>();
  webhooks = new Map<number, WebhookRecord>();
  private sequences = new Map<Sequence, number>();

  /** Next id of a sequence, always above every id seen through `observe`. */
  nextId(sequence: Sequence): number {
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  /** Makes the sequence continue above `id` (seeded records with fixed ids). */
  observe(sequence: Sequence, id: number): void {
    if ((this.sequences.get(sequence) ?? 0) < id) this.sequences.set(sequence, id);
  }

  /** Refunds of an order, newest first (WC_Order::get_refunds()). */
  refundsOf(orderId: number): RefundRecord[] {
    return [...this.refunds.values()].filter((r) => r.parentId === orderId).sort((a, b) => b.dateCreated.ms - a.dateCreated.ms || b.id - a.id);
  }

  reset(): void {
    this.orders.clear();
    this.refunds.clear();
    this.customers.clear();
    this.webhooks.clear();
    this.sequences.clear();
  }
}
