import type { IncomingHttpHeaders } from 'node:http';
import type { PingReport, VismaClient } from '@mlc/connectors';
import type { CatalogItem, ProcurementDocument, SalesCapture, SalesCustomer, SalesDocument, StockLevel, VismaReferenceData } from '@mlc/mapping';
import type { ConnectionEntity } from '../../database/entities';

/**
 * Source capabilities: small interfaces, one per thing a shop's API really offers (style.md "A shop is a
 * plug-in"). A system module implements the ones its API has and registers them with the SystemRegistry; the
 * pipeline, ping, preview and the catch-up poll ask the registry by system kind and never import a system
 * module. Shapes the mapping library reads are the library's own (`SalesDocument`, `SalesCustomer`): each
 * system's adapter converts its connector's zod-typed records into them, with no casts.
 */

/** "Ping your systems": the connector's step-by-step diagnosis. */
export interface PingCapability {
  ping(conn: ConnectionEntity): Promise<PingReport>;
}

/** A record as its source holds it now: the raw payload (kept verbatim) and what reading it cost. */
export type FetchedRecord = {
  raw: unknown;
  calls: number;
  message: string;
  /** Reads the record from the fetch's own typed result (saves re-validating `raw`); same result as `read(raw)`. */
  read?: (now: Date) => ReadRecord;
  /** The record's source modification time (ISO-8601 UTC) when the source gives one (see IncomingRecord.version). */
  version?: string | undefined;
};

/**
 * What a raw source record means for the books (pure reading, no I/O):
 * - `sales-document`: an order (invoice) or refund (credit note) in minor units of its currency;
 * - `customer`: a customer master record;
 * - `capture`: the shop's record that an order's amount was captured (an Adobe Commerce invoice): a reference on the
 *   order's Visma invoice and, once paid, a customer payment applied to it;
 * - `procurement`: a Visma supplier invoice as cost updates of the shop's products (the reverse direction);
 * - `stock`: an ERP inventory item's sellable quantity, for a shop's inventory (the reverse direction);
 * - `catalog-items`: a shop's product as the items (one per SKU) the ERP's item master should hold;
 * - `not-yet`: nothing to post in this state (an unpaid order); a later change re-runs it.
 */
export type ReadRecord =
  | { kind: 'sales-document'; document: SalesDocument }
  | { kind: 'customer'; customer: SalesCustomer }
  | { kind: 'capture'; capture: SalesCapture }
  | { kind: 'procurement'; procurement: ProcurementDocument }
  | { kind: 'stock'; stock: StockLevel }
  | { kind: 'catalog-items'; items: CatalogItem[]; productId: string }
  | { kind: 'not-yet'; reason: string };

/** A read record something can be posted from (every kind but `not-yet`); document handlers accept or refuse it. */
export type PostableRead = Exclude<ReadRecord, { kind: 'not-yet' }>;

/**
 * Fetch a record by id → the raw payload, and read it → the canonical document. `read` is pure, so the
 * mapping preview and coverage check read stored payloads without calling the shop.
 */
export interface RecordSourceCapability {
  /** Entity types this source can fetch (`order`, `refund`, `customer`). */
  readonly entityTypes: readonly string[];
  /**
   * The full record behind a webhook stub or poll hit, or undefined when the source no longer has it.
   * @throws ConnectorError subclasses (retryable or not) from the connector.
   */
  fetch(conn: ConnectionEntity, entityType: string, externalId: string): Promise<FetchedRecord | undefined>;
  /**
   * Reads a fetched payload. `now` stands in for dates the source left out.
   * @throws MappingError naming the field when the payload cannot be read (the record fails visibly).
   */
  read(conn: ConnectionEntity, entityType: string, raw: unknown, now: Date): ReadRecord;
  /**
   * The record this one can only follow (a refund follows its order's invoice), from its id alone, so the
   * pipeline can wait for the parent without calling the shop. Undefined for records that stand alone.
   */
  parentOf(entityType: string, externalId: string): { entityType: string; externalId: string } | undefined;
  /**
   * For sources whose deliveries and listings carry the whole record (WooCommerce): the stored payload as a fetched
   * record (0 calls), or undefined when it is only a stub and must be fetched. The skeleton asks this first, so a
   * record is posted from the newest version the shop sent (older ones are stale at intake) without a second read.
   * @throws MappingError when the payload claims to be whole but cannot be read.
   */
  fromPayload?(conn: ConnectionEntity, entityType: string, payload: unknown): FetchedRecord | undefined;
}

/** One record a webhook delivery concerns. */
export type WebhookRecordKey = {
  entityType: string;
  externalId: string;
  /** True when a new delivery of a posted record changes nothing (an order becomes one invoice); false for customers. */
  isFinalOncePosted: boolean;
};

/** A verified webhook delivery: what to store, and which record (if any) it concerns. */
export type VerifiedDelivery = {
  /** Topic or scope as the sender names it (`store/order/created`, `order.updated`). */
  scope: string;
  /** Identifies the delivery for de-duplication (e.g. scope + payload hash); null when the sender gives none. */
  deliveryKey: string;
  /** The sender's id of this delivery (`webhook-id`), when it sends one. */
  webhookId: string | null;
  /** The parsed body kept as the record's first payload (a stub the worker replaces with the full record). */
  payload: unknown;
  /** Undefined for scopes we store but do not sync (and for the sender's ping deliveries). */
  record: WebhookRecordKey | undefined;
  /** The payload's source version when it is the whole record (see IncomingRecord.version). */
  version?: string | undefined;
  /**
   * Further records the delivery announces, each with its own stub payload (a WooCommerce `order.updated` lists the
   * order's refunds, which have no topic of their own). Received after `record`, without the delivery.
   */
  related?: { key: WebhookRecordKey; payload: unknown }[];
};

/** Why a delivery was refused (answered 401 and counted). */
export type WebhookRejection = { ok: false; reason: string };

/**
 * Verify and parse a webhook: a pure function of the raw body bytes, the headers, the connection's settings and
 * its decrypted credentials (the secrets never leave the process), using a constant-time compare.
 */
export interface WebhookCapability {
  verify(input: {
    rawBody: Buffer;
    headers: IncomingHttpHeaders;
    settings: Record<string, unknown>;
    credentials: Record<string, unknown>;
    nowSeconds: number;
  }): { ok: true; delivery: VerifiedDelivery } | WebhookRejection;
  /**
   * The body of the 200 answer to an accepted delivery, for senders that read it (an Adobe Commerce webhook expects
   * `{"op":"success"}`; anything else is an error at the store). Default `{accepted, duplicate, stale?}`.
   */
  acknowledgement?: (outcome: { accepted: true; duplicate: boolean; stale?: boolean }) => unknown;
}

/**
 * One record a catch-up poll found changed; `payload` is kept as its first payload, `version` as with webhooks
 * (IncomingRecord.version) when the listing returns whole records.
 */
export type ChangedRecord = { externalId: string; payload: unknown; version?: string | undefined };

/** A page of a catch-up listing and the opaque, JSON-serialisable cursor to resume after it (undefined: done). */
export type ChangedPage = { items: ChangedRecord[]; nextCursor: unknown };

/**
 * List changed records since a cursor: async pages with the window's upper bound frozen when the run starts
 * (`until`), the caller saving `nextCursor` after each page so a killed worker resumes where it stopped.
 */
export interface CatchUpCapability {
  /** Entity types this source can list by change time. */
  readonly entityTypes: readonly string[];
  /**
   * Pages of records of `entityType` changed in [since, until], or continuing from `resume` (a saved `nextCursor`).
   * @throws ConnectorError subclasses from the connector.
   */
  listChanged(conn: ConnectionEntity, entityType: string, window: { since: Date | undefined; until: Date; resume: unknown }): AsyncIterable<ChangedPage>;
}

/** What one webhook check did at a connection (topics or scopes, as the system names them). */
export type WebhookUpkeepReport = {
  connectionId: string;
  /** Our delivery URL the hooks point at. */
  destination: string;
  active: number;
  total: number;
  /** Hooks that did not exist and were created. */
  created: string[];
  /**
   * Hooks that had stopped delivering and were brought back (re-activated, or recreated where the system only allows
   * that): deliveries were missed, so the webhook check asks each flow of the connection for a catch-up run at once.
   */
  repaired: string[];
  problems: string[];
  checkedAt: string;
};

/** Webhook registration and health for systems whose hooks we manage (register, re-activate, recreate). */
export interface WebhookUpkeepCapability {
  /**
   * Registers or repairs the connection's hooks, pointing at `publicBaseUrl` (or PUBLIC_BASE_URL), and stores their
   * health (`webhook_subscription`). Idempotent: the registration and the 5-minute check are the same call.
   * @throws AppException when PUBLIC_BASE_URL is not configured; ConnectorError subclasses from the shop.
   */
  ensure(conn: ConnectionEntity, actor?: string, publicBaseUrl?: string): Promise<WebhookUpkeepReport>;
}

/**
 * A target company's chart of accounts, VAT codes, subaccount segments and branches, as the dashboard lists them and
 * as `validateRulesAgainstReference` (libs/mapping) checks mapping rules against them (`validation`).
 */
export type ReferenceData = {
  accounts: { accountCD: string; description: string; type: string | null; active: boolean }[];
  vatCodes: { id: string; description: string; ratePercent: string | null; calculateOn: string | null }[];
  subaccountSegments: { segmentId: number; description: string; values: { value: string; description: string }[] }[];
  branches: { number: string; name: string }[];
  validation: VismaReferenceData;
  loadedAt: string;
};

/** Reference data of a target company, loaded live and cached by the system (`refresh` reloads it). */
export interface ReferenceDataCapability {
  get(conn: ConnectionEntity, options?: { refresh?: boolean }): Promise<ReferenceData>;
}

/** How much of a connection's shared call budget is spent in the current window (calls; window end as ISO time). */
export type RateBudgetUsage = { used: number; limit: number; resetsAt: string | null };

/** Reads a connection's shared rate budget without spending any of it (for the overview). */
export interface RateBudgetCapability {
  /** Undefined when the connection has no budget yet (no credentials). */
  usage(conn: ConnectionEntity): Promise<RateBudgetUsage | undefined>;
}

/**
 * The Visma.net ERP client documents are posted with: the document handlers (customer invoice, credit note, customer
 * master) write Visma's documents, so a target system hands them this client for a company connection.
 */
export interface DocumentTargetCapability {
  /** @throws AppException when the connection's credentials are missing or undecryptable. */
  clientFor(conn: ConnectionEntity): Promise<VismaClient>;
}

/** A product of a shop's catalog as the procurement handler reads and writes it (SKU, cost, custom attributes). */
export type CatalogProduct = {
  sku: string;
  /** The product's cost as the shop holds it: a decimal string in major units of the store's base currency, or null. */
  cost: string | null;
  /** Custom attribute values by attribute code (text as the shop returns it). */
  attributes: Record<string, string | null>;
};

/** One write to a catalog product: the new cost (decimal string, major units) and attribute values by code. */
export type CatalogProductChange = { cost: string; attributes: Record<string, string> };

/**
 * A shop whose catalog we write into (the reverse direction: Visma supplier invoices → product cost and procurement
 * attributes). Handed to the product procurement handler for the flow's target connection.
 */
export interface CatalogTargetCapability {
  /** The store's base currency (ISO 4217): product cost is kept in it. */
  baseCurrency(conn: ConnectionEntity): Promise<string>;
  /** Creates the custom product attributes that are missing (idempotent); returns the codes it created. */
  ensureAttributes(conn: ConnectionEntity, attributes: readonly { code: string; label: string; type: 'text' | 'date' }[]): Promise<string[]>;
  /** The product with this SKU, or undefined when the catalog has none. @throws ConnectorError subclasses. */
  getProduct(conn: ConnectionEntity, sku: string): Promise<CatalogProduct | undefined>;
  /** Writes the change to the product (global scope). @throws ConnectorError subclasses. */
  updateProduct(conn: ConnectionEntity, sku: string, change: CatalogProductChange): Promise<void>;
}

/** What one stock write did: the quantity set, the entry's new version, and how many version conflicts it re-read. */
export type StockWriteOutcome =
  | { kind: 'written'; entryId: string; previousQuantity: number | null; quantity: number; version: number; conflicts: number; created: boolean }
  | { kind: 'unchanged'; entryId: string; quantity: number; version: number }
  | { kind: 'no-product'; reason: string };

/**
 * A shop whose inventory we keep (the ERP is the source of truth for stock): sets the sellable quantity of a SKU,
 * creating its inventory entry when the product exists and has none. Updates carry the entry's current version; a
 * version conflict (someone sold or restocked in between) is re-read and re-applied a bounded number of times.
 */
export interface StockTargetCapability {
  /** @throws ConnectorError subclasses; ConnectorConflictError once the conflicts outlast the bound (retried later). */
  setStock(conn: ConnectionEntity, level: StockLevel): Promise<StockWriteOutcome>;
}

/**
 * A cheap "has anything changed?" a source answers faster than its poll can (commercetools' Messages query): the
 * change-signal scheduler asks every few seconds and, when something changed, asks the flow for a catch-up run at once.
 * It never brings records itself: the poll stays the source of truth, the signal only makes it faster.
 */
export interface ChangeSignalCapability {
  /** How often to ask (ms). */
  readonly intervalMs: number;
  /**
   * The change time (ISO-8601) of the newest change after `since`, or undefined when nothing changed (or the source
   * keeps no change feed, e.g. commercetools messages disabled). @throws ConnectorError subclasses.
   */
  latestChangeSince(conn: ConnectionEntity, since: Date): Promise<string | undefined>;
}

/** Every capability a system may register; each is optional except ping. */
export type SystemCapabilities = {
  ping: PingCapability;
  fetch?: RecordSourceCapability;
  webhook?: WebhookCapability;
  catchUp?: CatchUpCapability;
  webhookUpkeep?: WebhookUpkeepCapability;
  documentTarget?: DocumentTargetCapability;
  catalogTarget?: CatalogTargetCapability;
  stockTarget?: StockTargetCapability;
  changeSignal?: ChangeSignalCapability;
  referenceData?: ReferenceDataCapability;
  rateBudget?: RateBudgetCapability;
  exportTarget?: ExportTargetCapability;
};

/** A column of a warehouse table (BigQuery's TableFieldSchema subset; libs/mapping TableFieldSchema). */
export type WarehouseField = { readonly name: string; readonly type: string; readonly mode?: string; readonly description?: string; readonly fields?: readonly WarehouseField[] };

/**
 * One analytics warehouse (a BigQuery project) as the batch export uses it. Every write is idempotent by a caller-chosen
 * job id: asking again for a job that exists waits for that job instead of running a second one, so a retry after a
 * crash or a lost answer changes nothing twice.
 */
export interface ExportWarehouse {
  /** The project the tables live in (BigQuery project id). */
  readonly projectId: string;
  /** Creates the dataset when it does not exist. @throws when it cannot (permissions, quota). */
  ensureDataset(datasetId: string): Promise<void>;
  /** Creates the table, or extends its schema with the fields it lacks (never drops or retypes a column); says which columns it added. */
  ensureTable(datasetId: string, tableId: string, fields: readonly WarehouseField[]): Promise<{ created: boolean; added: string[] }>;
  /** Loads an NDJSON file (streamed) into a table with job `jobId`, waiting until it is done. */
  loadNdjson(args: { datasetId: string; tableId: string; jobId: string; filePath: string; fields: readonly WarehouseField[]; writeDisposition: 'WRITE_TRUNCATE' | 'WRITE_APPEND' }): Promise<{ outputRows: number }>;
  /** Runs a DML statement (the MERGE) as job `jobId`, waiting until it is done. */
  runStatement(args: { jobId: string; query: string; params?: Record<string, string | number> }): Promise<{ affectedRows: number }>;
  /** Runs a read-only query and returns its rows as plain objects (values as BigQuery's JSON gives them). */
  query(query: string, params?: Record<string, string | number>): Promise<Record<string, unknown>[]>;
}

/** A system batch exports are written into (BigQuery). */
export interface ExportTargetCapability {
  /** @throws AppException when the connection's credentials are missing or undecryptable. */
  warehouseFor(conn: ConnectionEntity): Promise<ExportWarehouse>;
}
