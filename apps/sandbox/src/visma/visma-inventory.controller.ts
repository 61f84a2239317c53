import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { requireObjectBody } from './visma-dto.util';
import { inventorySeedFromUpdateDto, inventorySummaryDtos, inventoryToDto } from './visma-inventory.mapper';
import { availabilityModifiedMs, createInventoryItem, updateInventoryItem } from './visma-inventory.service';
import { INVENTORY_STATUSES, INVENTORY_TYPES, type VismaInventoryRecord, type VismaInventorySeed } from './visma-inventory.types';
import { dateTimeCondition, etagOf, pageWithMetadata, readPaging, requireCurrentEtag } from './visma-query.util';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** Declared filters the sandbox does not simulate: refused with 400 rather than silently ignored. */
const NOT_SIMULATED = ['alternateID', 'salesCategory', 'addCostPriceStatistics', 'attributes', 'description', 'attachmentLastModifiedDateTime', 'numberToRead', 'skipRecords'] as const;
/** Declared `expand…` flags: parsed (true/false); only expandWarehouseDetail changes the answer (nothing else is simulated). */
const EXPAND_FLAGS = ['expandCrossReference', 'expandAttachment', 'expandAttribute', 'expandWarehouseDetail', 'expandAccountInformation', 'expandInventoryUnits', 'expandSupplierDetails', 'expandSalesCategories', 'expandNote'] as const;

/**
 * Inventory reads and writes (operations Inventory_GetAll, Inventory_GetByinventoryNumber, Inventory_Post,
 * Inventory_PutByinventoryNumber and InventorySummary_GetAllInventorySummaryByinventoryNumber of
 * visma-net-erp-api.v1_20250424.openapi.json):
 * - `GET /v1/inventory` — filters inventoryNumber (equals), status (spec enum; others 400), inventoryTypes (repeated
 *   or comma-separated spec enum values; others 400), greaterThanValue (inventoryNumber greater than, as text),
 *   lastModifiedDateTime (the item's own changes), availabilityLastModifiedDateTime (the latest warehouse quantity
 *   change; items without quantities never match) and createdDateTime, each with its `…Condition` (`>`, `<`, `>=`,
 *   `<=`, both or neither, else 400). `expand…` flags are true by default (the spec: "These expand fields are by
 *   default set to true"); `expandWarehouseDetail=false` leaves out `warehouseDetails`. Undeclared-by-the-sandbox
 *   filters (alternateID, salesCategory, attributes, description…) are refused with 400. Paging pageNumber/pageSize
 *   with `metadata` on every item; ordered by inventoryId (creation), so a modification does not move an item. Each
 *   item carries `timestamp`.
 * - `GET /v1/inventory/{inventoryNumber}` — the item with its warehouse details and `ETag`; unknown → 404.
 * - `POST /v1/inventory` — value-wrapped InventoryUpdateDto (visma-inventory.mapper.ts `inventorySeedFromUpdateDto`:
 *   inventoryNumber, itemClass and description mandatory); 201 ("StatusCode Created"), empty body,
 *   `Location: …/v1/inventory/{inventoryNumber}` and `ETag`, as the other POSTs of this sandbox. A taken number → 400
 *   `duplicate` naming 'inventoryNumber'; an unknown item class, posting class, VAT category or warehouse → 400
 *   `unknownReference` naming the field; other refused values → 400 `validation` (buildInventoryItem).
 * - `PUT /v1/inventory/{inventoryNumber}` — the fields to change (absent ones keep their value; `inventoryNumber` is
 *   "not applicable for PUT": another number → 400); unknown item → 404; `If-Match` checked when sent (stale → 412
 *   `preconditionFailed`, nothing written; the spec does not declare If-Match here, Visma's ETag how-to applies it to
 *   updates in general); 204 ("StatusCode NoContent") + the new `ETag`; the item gets a new row version (`timestamp`) and
 *   `lastModifiedDateTime` = the sandbox clock, so it shows in the next delta run. Quantities are not touched.
 * - `GET /v1/inventorysummary/{inventoryNumber}` — InventorySummaryDto rows per warehouse/location, optional `warehouse`
 *   and `location` filters; not paged (the spec declares no paging there); unknown item → 404.
 * Rate limit, scopes and faults apply as on every ERP route (the guard and the sandbox server).
 */
export function registerInventoryRoutes(router: SandboxRouter, guard: Guard): void {
  router.add('GET', '/v1/inventory', guard('vismanet_erp_service_api:read', (req, ctx) => listInventory(req, ctx)));
  router.add(
    'GET',
    '/v1/inventory/:inventoryNumber',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const record = find(ctx, req.params['inventoryNumber'] ?? '');
      return { status: 200, headers: { etag: etagOf(record.rowVersion) }, body: inventoryToDto(record, ctx.company, { expandWarehouseDetail: true }) };
    }),
  );
  router.add(
    'POST',
    '/v1/inventory',
    guard('vismanet_erp_service_api:create', (req, ctx) => {
      const seed = inventorySeedFromUpdateDto(requireObjectBody(req.body), 'create') as VismaInventorySeed;
      const record = createInventoryItem(seed, ctx.company);
      return { status: 201, headers: { location: `${ctx.baseUrl}/v1/inventory/${encodeURIComponent(record.inventoryNumber)}`, etag: etagOf(record.rowVersion) } };
    }),
  );
  router.add(
    'PUT',
    '/v1/inventory/:inventoryNumber',
    guard('vismanet_erp_service_api:update', (req, ctx) => {
      const current = find(ctx, req.params['inventoryNumber'] ?? '');
      requireCurrentEtag(req, current.rowVersion);
      const next = updateInventoryItem(current, inventorySeedFromUpdateDto(requireObjectBody(req.body), 'update'), ctx.company);
      return { status: 204, headers: { etag: etagOf(next.rowVersion) } };
    }),
  );
  router.add(
    'GET',
    '/v1/inventorysummary/:inventoryNumber',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const record = find(ctx, req.params['inventoryNumber'] ?? '');
      const warehouse = text(req.query, 'warehouse');
      const location = text(req.query, 'location');
      return { status: 200, body: inventorySummaryDtos(record, ctx.company, { warehouse, location }) };
    }),
  );
}

function find(ctx: VismaErpContext, inventoryNumber: string): VismaInventoryRecord {
  const record = ctx.company.inventory.get(inventoryNumber);
  if (!record) throw vismaNotFound(`Inventory item '${inventoryNumber}' was not found.`);
  return record;
}

function text(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name);
  return v === null || v === '' ? undefined : v;
}

function flag(q: URLSearchParams, name: string): boolean {
  const v = text(q, name);
  if (v === undefined) return true;
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  throw vismaException(400, 'badFilter', `The value '${v}' is not valid for ${name} (true or false).`);
}

function listInventory(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const availability = dateTimeCondition(q, 'availabilityLastModifiedDateTime');
  const created = dateTimeCondition(q, 'createdDateTime');
  for (const name of NOT_SIMULATED) {
    if (text(q, name) !== undefined) throw vismaException(400, 'badFilter', `The '${name}' filter is not simulated by the sandbox.`);
  }
  const expand = Object.fromEntries(EXPAND_FLAGS.map((name) => [name, flag(q, name)] as const));
  const status = text(q, 'status');
  if (status && !(INVENTORY_STATUSES as readonly string[]).includes(status)) throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
  const types = q
    .getAll('inventoryTypes')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const t of types) if (!(INVENTORY_TYPES as readonly string[]).includes(t)) throw vismaException(400, 'badFilter', `The value '${t}' is not valid for inventoryTypes.`);
  const inventoryNumber = text(q, 'inventoryNumber');
  const greaterThan = text(q, 'greaterThanValue');
  const items = [...ctx.company.inventory.values()]
    .filter((r) => inventoryNumber === undefined || r.inventoryNumber === inventoryNumber)
    .filter((r) => status === undefined || r.status === status)
    .filter((r) => types.length === 0 || types.includes(r.type))
    .filter((r) => greaterThan === undefined || r.inventoryNumber > greaterThan)
    .filter((r) => !modified || modified(r.lastModifiedMs))
    .filter((r) => !created || created(r.createdMs))
    .filter((r) => {
      if (!availability) return true;
      const at = availabilityModifiedMs(r);
      return at !== undefined && availability(at);
    })
    .sort((a, b) => a.inventoryId - b.inventoryId)
    .map((r) => inventoryToDto(r, ctx.company, { expandWarehouseDetail: expand['expandWarehouseDetail'] ?? true }));
  return { status: 200, body: pageWithMetadata(items, paging, ctx.maxPageSize) };
}
