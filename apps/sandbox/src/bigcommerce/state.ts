/**
 * In-memory store of the BigCommerce sandbox. Records keep the wire shapes (decimal strings, as the
 * official responses show them) so spec examples can be served untouched; money logic parses them back
 * into integer units where it needs to compute.
 */
import type { Json } from './json.types';
import type { OrderDraft } from './orders.draft';

export type { Json } from './json.types';

/** Where a record came from: an official spec example, our own demo data, or a call to the sandbox. */
export type RecordOrigin = 'spec-example' | 'demo' | 'api';

export type OrderRecord = {
  id: number;
  /** order_Resp fields except `date_created`, `date_modified` and the sub-resource links (added on render). */
  order: Json;
  products: Json[];
  shippingAddresses: Json[];
  coupons: Json[];
  /** Detailed tax lines (with `order_product_id` / `line_item_type` where they apply). */
  taxes: Json[];
  fees: Json[];
  createdMs: number;
  modifiedMs: number;
  origin: RecordOrigin;
  isDeleted: boolean;
  /** The normalized inputs, kept for orders we computed (absent on spec examples), so PUT can recompute. */
  draft?: OrderDraft;
};

export type CustomerRecord = { id: number; customer: Json; createdMs: number; modifiedMs: number; origin: RecordOrigin };

export type RefundRecord = Json & { id: number; order_id: number };

export type TransactionRecord = Json & { id: number; order_id: string };

export type HookRecord = {
  id: number;
  client_id: string;
  store_hash: string;
  scope: string;
  destination: string;
  is_active: boolean;
  events_history_enabled: boolean;
  headers: Record<string, string> | null;
  created_at: number;
  updated_at: number;
};

/** Mutable state plus id sequences. `reset()` empties everything (the seed loader refills it). */
export class BigCommerceState {
  orders = new Map<number, OrderRecord>();
  customers = new Map<number, CustomerRecord>();
  refunds: RefundRecord[] = [];
  transactions: TransactionRecord[] = [];
  hooks = new Map<number, HookRecord>();
  orderStatuses: Json[] = [];
  private sequences = new Map<string, number>();

  constructor(readonly nowMs: () => number) {}

  /** Next id of a sequence, always above every id seen through `observeId`. */
  nextId(sequence: 'order' | 'orderProduct' | 'orderAddress' | 'tax' | 'fee' | 'customer' | 'address' | 'refund' | 'refundPayment' | 'transaction' | 'hook'): number {
    const next = (this.sequences.get(sequence) ?? 0) + 1;
    this.sequences.set(sequence, next);
    return next;
  }

  /** Makes sure the sequence continues above `id` (used when seeding records with fixed ids). */
  observeId(sequence: Parameters<BigCommerceState['nextId']>[0], id: number): void {
    if ((this.sequences.get(sequence) ?? 0) < id) this.sequences.set(sequence, id);
  }

  /** Starts a sequence at a given floor (e.g. hook ids in the 20 millions like real ones). */
  seedSequence(sequence: Parameters<BigCommerceState['nextId']>[0], floor: number): void {
    this.observeId(sequence, floor);
  }

  reset(): void {
    this.orders.clear();
    this.customers.clear();
    this.refunds = [];
    this.transactions = [];
    this.hooks.clear();
    this.orderStatuses = [];
    this.sequences.clear();
  }
}
