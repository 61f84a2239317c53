import type { VismaCompanyState } from './visma-company.store';
import { isoOf, unwrap, unwrapBoolean, unwrapString, type VismaJsonObject } from './visma-dto.util';
import { availableMicro, inventorySeedOf, QTY_SCALE, warehouseOf } from './visma-inventory.service';
import { isStockType, type VismaInventoryRecord, type VismaInventorySeed, type VismaInventoryStatus, type VismaInventoryType, type VismaWarehouseStockRecord } from './visma-inventory.types';
import { minorToDecimal } from './visma-money.util';
import { etagOf } from './visma-query.util';
import { vismaValidationError } from './visma.error';

const QTY_ONE = 10 ** QTY_SCALE;

/** A scaled quantity as the JSON number the DTOs carry (`number/double`): 96500000n → 96.5. */
function qty(micro: bigint): number {
  return Number(micro) / QTY_ONE;
}

/**
 * InventoryDto (response, plain) of a stored item: only fields the DTO declares (components.schemas of
 * visma-net-erp-api.v1_20250424.openapi.json). `timestamp` is the base64 row version that the `ETag` header quotes.
 * `warehouseDetails` (WarehouseDetailDto: isDefault, warehouse, quantityOnHand, available, availableForShipment,
 * lastModifiedDateTime of the last quantity change) only with `expandWarehouseDetail`, and only for stock items.
 * Decimals are JSON numbers built from exact scaled integers.
 */
export function inventoryToDto(r: VismaInventoryRecord, company: VismaCompanyState, options: { expandWarehouseDetail: boolean }): Record<string, unknown> {
  const inv = inventorySeedOf(company);
  const isStock = isStockType(r.type);
  const itemClass = [inv.itemClasses.stock, inv.itemClasses.nonStock].find((c) => c.id === r.itemClassId) ?? (isStock ? inv.itemClasses.stock : inv.itemClasses.nonStock);
  const postingClass = inv.postingClasses.find((p) => p.id === r.postingClassId);
  const vat = company.vatCategory(r.vatCategoryId);
  const warehouse = r.defaultWarehouseId === undefined ? undefined : warehouseOf(company, r.defaultWarehouseId);
  return {
    inventoryId: r.inventoryId,
    inventoryNumber: r.inventoryNumber,
    status: r.status,
    type: r.type,
    description: r.description,
    itemClass: { id: itemClass.id, description: itemClass.description, type: r.type },
    postingClass: { id: r.postingClassId, description: postingClass?.description ?? '' },
    vatCode: { id: r.vatCategoryId, description: vat?.description ?? '' },
    defaultPrice: minorToDecimal(r.defaultPriceMinor),
    lastModifiedDateTime: isoOf(r.lastModifiedMs),
    baseUnit: r.baseUnit,
    salesUnit: r.salesUnit,
    purchaseUnit: r.purchaseUnit,
    stockItem: isStock,
    kitItem: false,
    ...(options.expandWarehouseDetail && isStock ? { warehouseDetails: r.stock.map((s) => warehouseDetailDto(s, r)) } : {}),
    ...(warehouse ? { defaultWarehouse: { id: warehouse.id, description: warehouse.description } } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
    timestamp: etagOf(r.rowVersion).replace(/"/g, ''),
  };
}

function warehouseDetailDto(s: VismaWarehouseStockRecord, r: VismaInventoryRecord): Record<string, unknown> {
  return {
    isDefault: s.warehouseId === r.defaultWarehouseId,
    warehouse: s.warehouseId,
    quantityOnHand: qty(s.onHandMicro),
    available: qty(availableMicro(s)),
    availableForShipment: qty(availableMicro(s)),
    lastModifiedDateTime: isoOf(s.lastModifiedMs),
  };
}

/**
 * InventorySummaryDto rows of an item (GET /v1/inventorysummary/{inventoryNumber}): one per warehouse and location
 * (the sandbox keeps one location per warehouse), in the order quantities were first set; optionally only the
 * `warehouse` (id) and `location` (id or name) asked for. Non-stock items have no rows. Quantities the sandbox does not
 * simulate (transfers, receipts, purchase orders…) are 0; available = availableForShipment = onHand − soBooked.
 */
export function inventorySummaryDtos(r: VismaInventoryRecord, company: VismaCompanyState, filter: { warehouse?: string | undefined; location?: string | undefined }): Record<string, unknown>[] {
  return r.stock
    .filter((s) => filter.warehouse === undefined || s.warehouseId === filter.warehouse)
    .flatMap((s) => {
      const wh = warehouseOf(company, s.warehouseId);
      if (!wh) return [];
      if (filter.location !== undefined && filter.location !== String(wh.locationId) && filter.location !== wh.locationName) return [];
      const available = qty(availableMicro(s));
      return [
        {
          inventory: { number: r.inventoryNumber, description: r.description },
          warehouse: { id: wh.id, description: wh.description },
          location: { id: wh.locationId, name: wh.locationName },
          available,
          availableForShipment: available,
          notAvailable: 0,
          soBooked: qty(s.soBookedMicro),
          soAllocated: 0,
          soShipped: 0,
          soBackOrdered: 0,
          inIssues: 0,
          inReceipts: 0,
          inTransit: 0,
          purchasePrepared: 0,
          purchaseOrders: 0,
          poReceipts: 0,
          expired: 0,
          onHand: qty(s.onHandMicro),
          baseUnit: r.baseUnit,
        },
      ];
    });
}

/** InventoryUpdateDto fields the sandbox reads (value-wrapped), with the plain seed field each one fills. */
const TEXT_FIELDS = [
  ['inventoryNumber', 'inventoryNumber'],
  ['description', 'description'],
  ['itemClass', 'itemClassId'],
  ['postingClass', 'postingClassId'],
  ['vatCode', 'vatCategoryId'],
  ['baseUnit', 'baseUnit'],
  ['salesUnit', 'salesUnit'],
  ['purchaseUnit', 'purchaseUnit'],
  ['defaultWarehouse', 'defaultWarehouse'],
  ['note', 'note'],
] as const;

/**
 * InventoryUpdateDto fields the spec declares that the sandbox does not simulate (accounts, subaccounts, attributes,
 * packaging, supplier details, intrastat, locations, `body`): refused with 400 when given, rather than dropped, so a
 * client never believes they were stored. Keys the DTO does not declare are ignored, as Visma's model binding does.
 */
const NOT_SIMULATED = [
  'body', 'expenseAccrualAccount', 'inventoryAccount', 'expenseAccount', 'cogsAccount', 'expenseNonTaxableAccount', 'expenseEuAccount', 'expenseImportAccount',
  'expenseSubaccount', 'cogsSubaccount', 'salesAccount', 'salesNonTaxableAccount', 'salesEuAccount', 'salesExportAccount', 'salesSubaccount', 'attributeLines',
  'packaging', 'supplierDetails', 'intrastat', 'defaultIssueFrom', 'defaultReceiptTo',
] as const;

/**
 * Reads a value-wrapped `InventoryUpdateDto` (request of POST /v1/inventory, Inventory_Post, and PUT
 * /v1/inventory/{inventoryNumber}, Inventory_PutByinventoryNumber, in visma-net-erp-api.v1_20250424.openapi.json) into
 * the plain seed shape buildInventoryItem checks. On `create` the spec's mandatory fields must be there:
 * `inventoryNumber` ("Mandatory for POST"), `itemClass` ("Mandatory") and `description` (InventoryDto: "Description *");
 * the price defaults to 0. `defaultPrice` is a JSON number (`number/double`); `kitItem` may only be false (kits are not
 * simulated). Enum values (status, type) are checked by buildInventoryItem.
 * @throws SandboxHttpError 400 `validation` naming the field for a missing mandatory field, an unwrapped or mistyped
 *   value, or a field the sandbox does not simulate
 */
export function inventorySeedFromUpdateDto(dto: VismaJsonObject, mode: 'create' | 'update'): Partial<VismaInventorySeed> {
  for (const field of NOT_SIMULATED) {
    const raw = dto[field];
    if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) continue;
    throw vismaValidationError(`Error: '${field}' is not simulated by the sandbox; leave it out.`);
  }
  if (unwrapBoolean(dto, 'kitItem') === true) throw vismaValidationError("Error: 'kitItem' is not simulated by the sandbox (kits); leave it out or send false.");
  const out: Partial<VismaInventorySeed> = {};
  for (const [field, key] of TEXT_FIELDS) {
    const v = unwrapString(dto, field);
    if (v !== undefined) out[key] = v;
  }
  const status = unwrapString(dto, 'status');
  if (status !== undefined) out.status = status as VismaInventoryStatus;
  const type = unwrapString(dto, 'type');
  if (type !== undefined) out.type = type as VismaInventoryType;
  const price = unwrap(dto, 'defaultPrice');
  if (price !== undefined) {
    if (typeof price !== 'number' || !Number.isFinite(price)) throw vismaValidationError("Error: 'defaultPrice' must be a number.");
    out.defaultPrice = String(price);
  }
  if (mode === 'create') {
    for (const [field, key] of [['inventoryNumber', 'inventoryNumber'], ['itemClass', 'itemClassId'], ['description', 'description']] as const) {
      if (out[key] === undefined || out[key].trim() === '') throw vismaValidationError(`Error: '${field}' cannot be empty.`, `Mandatory field: ${field}`);
    }
    out.defaultPrice ??= '0';
  }
  return out;
}
