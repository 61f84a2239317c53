import type { VismaClient } from '@mlc/connectors';
import type { SalesCustomer, SalesDocument } from '@mlc/mapping';
import type { CatalogTargetCapability, PostableRead, StockTargetCapability } from '../systems/capabilities';
import type { ConnectionEntity, FlowEntity, SyncRecordEntity } from '../../database/entities';
import type { FlowPosting } from '../../database/flow-settings';
import type { RecordContext, RecordOutcome } from '../sync/record-handler';

/** The parent a record follows (a refund's order), once that one is posted: its document and company. */
export type PostedParent = { externalId: string; targetRef: string; targetConnectionId: string };

/** What the posting skeleton hands a document handler once the record is fetched, read and routed. */
export type PostingStep<R> = {
  record: SyncRecordEntity;
  ctx: RecordContext;
  flow: FlowEntity;
  source: ConnectionEntity;
  /** Label of the source system (for messages), e.g. `BigCommerce`. */
  sourceLabel: string;
  /** The record as the canonical document the handler's kind expects. */
  read: R;
  /** The Visma company the record was routed to, and its client. */
  target: ConnectionEntity;
  visma: VismaClient;
  /** Set for records that follow a parent (a credit note is applied to its order's invoice). */
  parent: PostedParent | undefined;
  /** True when an earlier attempt of this record may have reached Visma: look up by external reference first. */
  isRepeat: boolean;
};

/** What the skeleton hands a catalog handler: like PostingStep, but the target is a shop's catalog, not Visma. */
export type CatalogStep<R> = Omit<PostingStep<R>, 'visma'> & { catalog: CatalogTargetCapability };

/** What the skeleton hands a stock handler: like PostingStep, but the target is a shop's inventory, not Visma. */
export type StockStep<R> = Omit<PostingStep<R>, 'visma'> & { stock: StockTargetCapability };

/**
 * Posts one kind of document into Visma (customer invoice, credit note, customer master; later customer payment
 * and journal transaction), for every shop: the skeleton did claim → fetch → read → route; the handler does
 * validate → exactly-once look-up → resolve customer → post, and returns the outcome (written with the audit
 * trail in one statement by the record processor).
 */
export interface DocumentHandler<R = SalesDocument | SalesCustomer> {
  /** Document kind, in Visma's words, e.g. `customer-invoice`. */
  readonly documentKind: 'customer-invoice' | 'sales-order' | 'credit-note' | 'customer' | 'supplier' | 'customer-payment' | 'inventory-item';
  /** Where it writes: a Visma company (the default). */
  readonly writesInto?: 'erp';
  /** The canonical entity type whose records this handler posts (`order`, `refund`, `customer`). */
  readonly entityType: string;
  /** True when a record with a target reference is done for good (an order is one invoice); false for customers. */
  readonly isFinalOncePosted: boolean;
  /**
   * Whether a flow with these posting choices posts its `entityType` records with this handler (orders: customer
   * invoice or sales order; customers: customer or supplier). Exactly one handler per entity type answers true.
   */
  isChosenBy(posting: FlowPosting): boolean;
  /** Narrows what the source read to this handler's input, or explains why it does not fit. */
  accept(read: PostableRead): { ok: true; value: R } | { ok: false; reason: string };
  post(step: PostingStep<R>): Promise<RecordOutcome>;
}

/**
 * Writes one kind of record into a shop's catalog (the reverse direction: a Visma supplier invoice → product cost and
 * procurement attributes), for every shop with a `catalogTarget` capability.
 */
export interface CatalogHandler<R> {
  readonly documentKind: 'product-procurement';
  readonly writesInto: 'catalog';
  readonly entityType: string;
  readonly isFinalOncePosted: boolean;
  isChosenBy(posting: FlowPosting): boolean;
  accept(read: PostableRead): { ok: true; value: R } | { ok: false; reason: string };
  post(step: CatalogStep<R>): Promise<RecordOutcome>;
}

/**
 * Writes ERP stock into a shop's inventory (the reverse direction: a Visma inventory item's available quantity → the
 * shop's inventory entry), for every shop with a `stockTarget` capability.
 */
export interface StockHandler<R> {
  readonly documentKind: 'inventory-entry';
  readonly writesInto: 'stock';
  readonly entityType: string;
  readonly isFinalOncePosted: boolean;
  isChosenBy(posting: FlowPosting): boolean;
  accept(read: PostableRead): { ok: true; value: R } | { ok: false; reason: string };
  post(step: StockStep<R>): Promise<RecordOutcome>;
}

/** Any handler the skeleton dispatches to. */
export type RecordPostingHandler = DocumentHandler<never> | CatalogHandler<never> | StockHandler<never>;
