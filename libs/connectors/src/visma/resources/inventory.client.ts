/**
 * Inventory items and warehouse quantities (visma-net-erp-api.v1_20250424.openapi.json):
 * - GET /v1/inventory (Inventory_GetAll: filters status, inventoryTypes, lastModifiedDateTime +
 *   lastModifiedDateTimeCondition, availabilityLastModifiedDateTime + availabilityLastModifiedDateTimeCondition,
 *   expandWarehouseDetail, pageNumber/pageSize) → InventoryDto[];
 * - GET /v1/inventory/{inventoryNumber} (Inventory_GetByinventoryNumber) → InventoryDto;
 * - GET /v1/inventorysummary/{inventoryNumber} (InventorySummary_GetAllInventorySummaryByinventoryNumber: filters
 *   warehouse, location; not paged) → InventorySummaryDto[], one row per warehouse and location.
 *
 * **Two kinds of change.** `lastModifiedDateTime` is the item's own change (description, price, status, units…). The
 * spec offers a separate `availabilityLastModifiedDateTime` filter, and WarehouseDetailDto its own
 * `lastModifiedDateTime`: quantities change without the item being modified. So a stock flow runs two deltas:
 * `list({ lastModifiedSince })` for products and `list({ availabilitySince })` for quantities (the sandbox models
 * exactly that; it also works if Visma moved the item timestamp on stock changes). One run uses one of them.
 *
 * **Delta listing** (as VismaSupplierInvoiceClient.listModified): condition `>=` on the chosen timestamp,
 * pageNumber/pageSize (both sent, README §1 "Paging"), the upper bound `until` frozen when the run starts (items
 * changed later are dropped from this run and come with the next, which starts at this run's `until`, inclusive). In
 * the availability run the bound is checked on the latest `warehouseDetails[].lastModifiedDateTime` (so the run asks
 * for `expandWarehouseDetail=true`); an item without a readable timestamp is kept (a duplicate is harmless, a loss is
 * not). Stops after a short page or when `metadata.totalCount` is read. Boundary de-duplication by inventoryNumber
 * (the keys of the page just read travel in the cursor) and a loop guard (a full page of only the previous page's
 * keys raises ConnectorError `unexpected_status`). Assumed, not stated by the spec: the list is ordered by a key that
 * a modification does not change (the sandbox orders by inventoryId).
 *
 * `inventoryTypes` is an array parameter; the shared transport sends one value per key, so one type per run.
 * Prices and quantities are decimal strings (see inventory.schema.ts); sums are exact (bigint), never floats.
 *
 * **Writes** (same spec): POST /v1/inventory (Inventory_Post: "Response Message has StatusCode Created if POST
 * operation succed") and PUT /v1/inventory/{inventoryNumber} (Inventory_PutByinventoryNumber: "StatusCode NoContent"),
 * both with a value-wrapped `InventoryUpdateDto` (inventory.schema.ts). The item's id is the `inventoryNumber` the
 * caller sends (mandatory on POST), so a create returns that number; a `Location` header, when sent, must name the same
 * item (201 identifies the new resource by `Location`, RFC 9110 §15.3.2; the spec declares no response header). A POST
 * is never retried (no idempotency key); after a lost answer the caller adopts the item with `tryGet`, and a second
 * POST of a taken number is Visma's 400. `If-Match`: the spec does not declare it on this PUT (README §1 "Optimistic
 * locking" lists the 22 operations that do); Visma's ETag how-to applies it to updates in general (412 on a mismatch),
 * so `update` sends it when given and `updateWithRetry` re-reads on 409/412.
 */
import { z } from 'zod';
import {
  ConnectorError,
  ConnectorNotFoundError,
  updateWithEtagRetry,
  type EtagRetryResult,
  type PageIterator,
  type QueryValue,
  type WriteFence,
} from '../../core';
import { parseVismaTimestamp, toVismaDateTime } from '../schemas/common.schema';
import {
  VISMA_INVENTORY_CREATE_DOCUMENT,
  VISMA_INVENTORY_ITEM,
  VISMA_INVENTORY_LIST,
  VISMA_INVENTORY_SUMMARY_LIST,
  VISMA_INVENTORY_UPDATE_DOCUMENT,
  type VismaInventoryCreateDocument,
  type VismaInventoryItem,
  type VismaInventoryStatusFilter,
  type VismaInventorySummaryRow,
  type VismaInventoryType,
  type VismaInventoryUpdateDocument,
} from '../schemas/inventory.schema';
import { VISMA_SYSTEM } from '../visma-errors';
import { idFromLocation } from '../visma-http';
import { seg, VismaResource, type VismaCreated, type VismaRecord } from './visma-resource';

const DEFAULT_PAGE_SIZE = 100;
const PATH = '/v1/inventory';
const EMPTY = z.unknown();

/** Options of a write: `fence` is checked right before the request is sent (see WriteFence). */
export type VismaInventoryWriteOptions = { fence?: WriteFence | undefined };

/** Which timestamp a delta run filters on: the item's own changes or its warehouse quantities' changes. */
export type VismaInventoryDeltaField = 'lastModifiedDateTime' | 'availabilityLastModifiedDateTime';

/** Filter state of a run, saved in the cursor; `since`/`until` as sent (`yyyy-MM-dd HH:mm:ss.fff`, UTC). */
export type VismaInventoryFilter = {
  field: VismaInventoryDeltaField;
  since: string | null;
  until: string;
  status: VismaInventoryStatusFilter | null;
  inventoryType: VismaInventoryType | null;
  expandWarehouseDetail: boolean;
};

/** JSON-serialisable cursor; save it after each page and pass it back as `resume`. */
export type VismaInventoryCursor = {
  pageNumber: number;
  pageSize: number;
  filter: VismaInventoryFilter;
  /** inventoryNumbers of the page before `pageNumber`, for boundary de-duplication. */
  previousKeys: string[];
};

type CommonListOptions = {
  /** Upper bound of the window (default now), frozen in the cursor. */
  until?: Date | undefined;
  /** Items per GET (capped by Visma's maxPageSize; default 100). */
  pageSize?: number | undefined;
  status?: VismaInventoryStatusFilter | undefined;
  /** Sent as `inventoryTypes` (one value; see the file header). */
  inventoryType?: VismaInventoryType | undefined;
  /** Ask for `warehouseDetails` (default true; always true in an availability run). */
  expandWarehouseDetail?: boolean | undefined;
  /** A saved cursor; the other fields are then ignored. */
  resume?: VismaInventoryCursor | undefined;
};

/**
 * How to run `list`: items whose own data changed in [`lastModifiedSince`, `until`], or whose warehouse quantities
 * changed in [`availabilitySince`, `until`] (all items when neither is given), or `resume` with a saved cursor.
 */
export type VismaInventoryListOptions = CommonListOptions &
  ({ lastModifiedSince?: Date | undefined; availabilitySince?: undefined } | { availabilitySince?: Date | undefined; lastModifiedSince?: undefined });

/** Quantities of one item in one warehouse (summed over its locations), decimal strings. */
export type VismaWarehouseQuantity = {
  warehouseId: string;
  description: string | undefined;
  onHand: string;
  available: string;
  availableForShipment: string;
};

/** What `summary` returns: the raw rows, the quantities per warehouse and their exact total. */
export type VismaInventorySummary = {
  inventoryNumber: string;
  rows: VismaInventorySummaryRow[];
  /** In the order the rows named the warehouses first. Rows without a warehouse id are left out (and not summed). */
  warehouses: VismaWarehouseQuantity[];
  total: { onHand: string; available: string; availableForShipment: string };
};

/** Inventory items (reads, delta listing, create and update) and warehouse quantities of one Visma company. */
export class VismaInventoryClient extends VismaResource {
  /**
   * Pages `{ items, nextCursor }` of items changed in the window (see the file header). `nextCursor` is undefined on
   * the last page.
   * @throws ConnectorError `configuration` when both `lastModifiedSince` and `availabilitySince` are given;
   *   `unexpected_status` when the server repeats a page (loop guard); transport errors as usual
   */
  async *list(options: VismaInventoryListOptions = {}): PageIterator<VismaInventoryItem, VismaInventoryCursor> {
    let cursor: VismaInventoryCursor | undefined = options.resume ?? this.startCursor(options);
    const untilMs = parseVismaTimestamp(cursor.filter.until) ?? Number.POSITIVE_INFINITY;
    const field = cursor.filter.field;
    while (cursor) {
      const res: { body: VismaInventoryItem[] } = await this.http.request({ method: 'GET', path: PATH, query: queryOf(cursor), schema: VISMA_INVENTORY_LIST });
      const body: VismaInventoryItem[] = res.body;
      const meta = body[0]?.metadata;
      const size: number = Math.min(cursor.pageSize, meta?.maxPageSize ?? cursor.pageSize);
      const previous = new Set(cursor.previousKeys);
      const keys: string[] = body.map((item) => item.inventoryNumber);
      const fresh: VismaInventoryItem[] = body.filter((item) => !previous.has(item.inventoryNumber));
      const readSoFar: number = (cursor.pageNumber - 1) * size + body.length;
      const totalCount = meta?.totalCount ?? undefined;
      const isLast: boolean = body.length === 0 || body.length < size || (totalCount !== undefined && readSoFar >= totalCount);
      if (!isLast && fresh.length === 0) {
        throw new ConnectorError({ system: VISMA_SYSTEM, code: 'unexpected_status', retryable: false, message: `GET ${PATH} page ${cursor.pageNumber} repeated the previous page; the server seems to ignore pageNumber, stopping instead of looping` });
      }
      const items: VismaInventoryItem[] = fresh.filter((item) => (changedAtMs(item, field) ?? Number.NEGATIVE_INFINITY) <= untilMs);
      const next: VismaInventoryCursor | undefined = isLast ? undefined : { ...cursor, pageSize: size, pageNumber: cursor.pageNumber + 1, previousKeys: keys };
      yield { items, nextCursor: next };
      cursor = next;
    }
  }

  /**
   * GET /v1/inventory/{inventoryNumber}: the item (with its warehouse details) and its ETag.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(inventoryNumber: string): Promise<VismaRecord<VismaInventoryItem>> {
    return this.getOne(`${PATH}/${seg(inventoryNumber)}`, VISMA_INVENTORY_ITEM);
  }

  /**
   * GET /v1/inventorysummary/{inventoryNumber} (optionally one `warehouse` id / `location`): the rows plus quantities
   * per warehouse and in total (exact decimal sums; a missing quantity counts as 0).
   * @throws ConnectorNotFoundError when the item does not exist; ConnectorError `schema_mismatch` for a quantity that is
   *   not a plain decimal
   */
  async summary(inventoryNumber: string, filter: { warehouse?: string | undefined; location?: string | undefined } = {}): Promise<VismaInventorySummary> {
    const query: Record<string, QueryValue> = { warehouse: filter.warehouse, location: filter.location };
    const { body } = await this.http.request({ method: 'GET', path: `/v1/inventorysummary/${seg(inventoryNumber)}`, query, schema: VISMA_INVENTORY_SUMMARY_LIST });
    return summarise(inventoryNumber, body);
  }

  /** Like `get` but undefined instead of ConnectorNotFoundError (adopting an item after a lost POST answer). */
  async tryGet(inventoryNumber: string): Promise<VismaRecord<VismaInventoryItem> | undefined> {
    try {
      return await this.get(inventoryNumber);
    } catch (e: unknown) {
      if (e instanceof ConnectorNotFoundError) return undefined;
      throw e;
    }
  }

  /**
   * POST /v1/inventory with a value-wrapped `InventoryUpdateDto` (`inventoryNumber`, `itemClass` and `description`
   * required). Sent once, never retried (Visma cannot de-duplicate): after an unknown outcome (a transient error) call
   * `tryGet(inventoryNumber)` before posting again. `options.fence` is checked right before the POST is sent.
   * @returns `id` = the inventoryNumber sent (Visma's id of the item) and the ETag when Visma sent one
   * @throws ZodError when the document leaves the subset or lacks a required field; ConnectorValidationError when
   *   Visma rejects it (number taken, unknown item class or VAT category…); ConnectorError `unexpected_status` when
   *   `Location` names another item
   */
  async create(document: VismaInventoryCreateDocument, options: VismaInventoryWriteOptions = {}): Promise<VismaCreated> {
    const body = VISMA_INVENTORY_CREATE_DOCUMENT.parse(document);
    const id = body.inventoryNumber.value;
    const res = await this.postOnce(PATH, body, options.fence);
    const located = idFromLocation(res.location, 'inventory');
    if (res.location !== undefined && located !== id) {
      throw new ConnectorError({ system: VISMA_SYSTEM, code: 'unexpected_status', retryable: false, status: res.status, requestId: res.requestId, message: `POST ${PATH} answered ${res.status} with a Location that does not name the item it was sent` });
    }
    return { id, etag: res.etag };
  }

  /**
   * PUT /v1/inventory/{inventoryNumber} with the fields to change (value-wrapped; absent fields keep their value) and
   * `If-Match: etag` when given; Visma answers 204 plus the new ETag. `options.fence` is checked before each attempt.
   * @throws ZodError for a document outside the subset (inventoryNumber is not applicable on PUT);
   *   ConnectorConflictError on 409/412 (the item changed since `etag` was read); ConnectorNotFoundError when the item
   *   does not exist; ConnectorValidationError when Visma refuses a value
   */
  async update(inventoryNumber: string, document: VismaInventoryUpdateDocument, etag: string | undefined, options: VismaInventoryWriteOptions = {}): Promise<{ etag: string | undefined }> {
    const body = VISMA_INVENTORY_UPDATE_DOCUMENT.parse(document);
    const headers: Record<string, string> = etag === undefined ? {} : { 'if-match': etag };
    const res = await this.http.request({ method: 'PUT', path: `${PATH}/${seg(inventoryNumber)}`, body, schema: EMPTY, headers, fence: options.fence });
    return { etag: res.etag };
  }

  /**
   * Re-reads the item, re-applies `applyChange` to the fresh copy and PUTs with its ETag, retrying on 409/412 up to
   * `maxAttempts` in total (style.md: the caller's change is recomputed from a fresh read; a stale or server-supplied
   * copy is never resent). `applyChange` returns the fields to change, or undefined when the item is already as wanted
   * (no PUT).
   * @throws ConnectorConflictError after `maxAttempts` conflicts; ConnectorNotFoundError when the item does not exist
   */
  async updateWithRetry(
    inventoryNumber: string,
    applyChange: (current: VismaInventoryItem) => VismaInventoryUpdateDocument | undefined,
    maxAttempts = 3,
    options: VismaInventoryWriteOptions = {},
  ): Promise<EtagRetryResult<{ etag: string | undefined }>> {
    return updateWithEtagRetry({
      read: () => this.get(inventoryNumber),
      applyChange,
      write: (change, etag) => this.update(inventoryNumber, change, etag, options),
      maxAttempts,
    });
  }

  private startCursor(options: VismaInventoryListOptions): VismaInventoryCursor {
    if (options.lastModifiedSince !== undefined && options.availabilitySince !== undefined) {
      throw new ConnectorError({ system: VISMA_SYSTEM, code: 'configuration', retryable: false, message: 'list takes lastModifiedSince or availabilitySince, not both (one delta per run)' });
    }
    const isAvailability = options.availabilitySince !== undefined;
    const since = options.availabilitySince ?? options.lastModifiedSince;
    return {
      pageNumber: 1,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      filter: {
        field: isAvailability ? 'availabilityLastModifiedDateTime' : 'lastModifiedDateTime',
        since: since ? toVismaDateTime(since.getTime()) : null,
        until: toVismaDateTime(options.until ? options.until.getTime() : this.clock.now()),
        status: options.status ?? null,
        inventoryType: options.inventoryType ?? null,
        expandWarehouseDetail: isAvailability || (options.expandWarehouseDetail ?? true),
      },
      previousKeys: [],
    };
  }
}

/** When an item last changed in the sense of `field`; undefined when it cannot be read. */
function changedAtMs(item: VismaInventoryItem, field: VismaInventoryDeltaField): number | undefined {
  if (field === 'lastModifiedDateTime') return parseVismaTimestamp(item.lastModifiedDateTime);
  const times = (item.warehouseDetails ?? []).map((w) => parseVismaTimestamp(w.lastModifiedDateTime)).filter((t): t is number => t !== undefined);
  return times.length === 0 ? undefined : Math.max(...times);
}

function queryOf(cursor: VismaInventoryCursor): Record<string, QueryValue> {
  const { filter } = cursor;
  const query: Record<string, QueryValue> = { pageNumber: cursor.pageNumber, pageSize: cursor.pageSize, expandWarehouseDetail: filter.expandWarehouseDetail };
  if (filter.since !== null) {
    query[filter.field] = filter.since;
    query[`${filter.field}Condition`] = '>=';
  }
  if (filter.status !== null) query['status'] = filter.status;
  if (filter.inventoryType !== null) query['inventoryTypes'] = filter.inventoryType;
  return query;
}

// ---------------------------------------------------------------------------------------------------------------
// Exact decimal sums of the summary's quantity strings (as DECIMAL_FROM_NUMBER renders them: "96", "-2.5").
// ---------------------------------------------------------------------------------------------------------------

type Scaled = { units: bigint; scale: number };
const DECIMAL_TEXT = /^(-?)(\d+)(?:\.(\d+))?$/;

function parseQuantity(text: string | null | undefined, inventoryNumber: string): Scaled {
  if (text === null || text === undefined) return { units: 0n, scale: 0 };
  const m = DECIMAL_TEXT.exec(text);
  if (!m) throw new ConnectorError({ system: VISMA_SYSTEM, code: 'schema_mismatch', retryable: false, message: `GET /v1/inventorysummary/${inventoryNumber} returned a quantity that is not a plain decimal` });
  const frac = m[3] ?? '';
  const units = BigInt(`${m[2] ?? '0'}${frac}`);
  return { units: m[1] === '-' ? -units : units, scale: frac.length };
}

function add(a: Scaled, b: Scaled): Scaled {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * 10n ** BigInt(scale - a.scale) + b.units * 10n ** BigInt(scale - b.scale), scale };
}

function format(d: Scaled): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const int = digits.slice(0, digits.length - d.scale);
  const frac = digits.slice(digits.length - d.scale).replace(/0+$/, '');
  const text = `${int}${frac ? `.${frac}` : ''}`;
  return negative && text !== '0' ? `-${text}` : text;
}

type Sums = { onHand: Scaled; available: Scaled; availableForShipment: Scaled };
const ZERO: Scaled = { units: 0n, scale: 0 };

function summarise(inventoryNumber: string, rows: VismaInventorySummaryRow[]): VismaInventorySummary {
  const byWarehouse = new Map<string, { description: string | undefined; sums: Sums }>();
  let total: Sums = { onHand: ZERO, available: ZERO, availableForShipment: ZERO };
  for (const row of rows) {
    const id = row.warehouse?.id;
    if (id === undefined || id === null || id === '') continue;
    const q: Sums = {
      onHand: parseQuantity(row.onHand, inventoryNumber),
      available: parseQuantity(row.available, inventoryNumber),
      availableForShipment: parseQuantity(row.availableForShipment, inventoryNumber),
    };
    const entry = byWarehouse.get(id) ?? { description: row.warehouse?.description ?? undefined, sums: { onHand: ZERO, available: ZERO, availableForShipment: ZERO } };
    entry.sums = { onHand: add(entry.sums.onHand, q.onHand), available: add(entry.sums.available, q.available), availableForShipment: add(entry.sums.availableForShipment, q.availableForShipment) };
    byWarehouse.set(id, entry);
    total = { onHand: add(total.onHand, q.onHand), available: add(total.available, q.available), availableForShipment: add(total.availableForShipment, q.availableForShipment) };
  }
  return {
    inventoryNumber,
    rows,
    warehouses: [...byWarehouse.entries()].map(([warehouseId, { description, sums }]) => ({
      warehouseId,
      description,
      onHand: format(sums.onHand),
      available: format(sums.available),
      availableForShipment: format(sums.availableForShipment),
    })),
    total: { onHand: format(total.onHand), available: format(total.available), availableForShipment: format(total.availableForShipment) },
  };
}
