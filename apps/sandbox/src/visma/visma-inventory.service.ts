import type { VismaCompanyState } from './visma-company.store';
import { scaledText } from './visma-customer-document.service';
import { EMPTY_INVENTORY_SEED, INVENTORY_SEEDS } from './visma-inventory.seed';
import {
  INVENTORY_STATUSES,
  INVENTORY_TYPES,
  isStockType,
  type VismaCompanyInventorySeed,
  type VismaInventoryRecord,
  type VismaInventorySeed,
  type VismaWarehouseSeed,
  type VismaWarehouseStockRecord,
} from './visma-inventory.types';
import { toScaled } from './visma-money.util';
import { vismaException, vismaUnknownReference, vismaValidationError } from './visma.error';

/** Quantities are kept with 6 decimals (Visma's quantity precision is configurable; 6 covers every setting). */
export const QTY_SCALE = 6;
const QUANTITY_TEXT = /^-?\d{1,13}(\.\d{1,6})?$/;
const PRICE_TEXT = /^\d{1,13}(\.\d{1,2})?$/;

/*
 * Why a quantity change does not touch the item's `lastModifiedDateTime`: Visma.net ERP keeps quantities per
 * warehouse apart from the item (WarehouseDetailDto has its own `lastModifiedDateTime`) and GET /v1/inventory offers a
 * separate `availabilityLastModifiedDateTime` + `…Condition` filter next to `lastModifiedDateTime`. The spec does not
 * say it in words ("System retrieved information."); the sandbox takes the stricter reading, so a stock flow has to
 * use the availability filter to see quantity changes, which also works if the real item timestamp moved with them.
 */

/** Where a build happens: the list position (inventoryId), the write's time and row version, and the record it replaces. */
export type InventoryBuildContext = { inventoryId: number; nowMs: number; rowVersion: bigint; current?: VismaInventoryRecord };

/** The inventory seed (warehouses, units, item classes) of a company. */
export function inventorySeedOf(company: VismaCompanyState): VismaCompanyInventorySeed {
  return INVENTORY_SEEDS[company.seed.companyId] ?? EMPTY_INVENTORY_SEED;
}

/** A warehouse of the company by id. */
export function warehouseOf(company: VismaCompanyState, id: string): VismaWarehouseSeed | undefined {
  return inventorySeedOf(company).warehouses.find((w) => w.id === id);
}

/**
 * Builds an item record from its plain seed / control-route / InventoryUpdateDto shape and checks it as Visma would:
 * type and status are spec enum values, units are not empty, the default price is a non-negative decimal (≤ 2
 * decimals, the sandbox companies' price precision), the item class, posting class, VAT category and default warehouse
 * exist, and the type fits the item class (stock class ⇄ stock types). Defaults: the type follows the item class (stock
 * class → FinishedGoodItem, non-stock class → NonStockItem; FinishedGoodItem without either), the item class follows
 * the type, the posting class follows the item class. Non-stock items have no warehouse and no quantities. Quantities of
 * `current` are kept (quantities are changed with `setWarehouseQuantity`). Messages name the InventoryUpdateDto field
 * first (`Error: 'vatCode': …`), so a client can tell which field was refused.
 * @throws SandboxHttpError 400 (Visma Exception body, fault `validation` or `unknownReference`) naming the field
 */
export function buildInventoryItem(seed: VismaInventorySeed, company: VismaCompanyState, at: InventoryBuildContext): VismaInventoryRecord {
  const inv = inventorySeedOf(company);
  const inventoryNumber = seed.inventoryNumber.trim();
  if (inventoryNumber === '') throw vismaValidationError("Error: 'inventoryNumber' cannot be empty.", 'Mandatory field: inventoryNumber');
  if (seed.description.trim() === '') throw vismaValidationError("Error: 'description' cannot be empty.", 'Mandatory field: description');
  const classes = [inv.itemClasses.stock, inv.itemClasses.nonStock];
  const itemClass = seed.itemClassId === undefined ? undefined : classes.find((c) => c.id === seed.itemClassId);
  if (seed.itemClassId !== undefined && !itemClass) throw vismaUnknownReference(`Error: 'itemClass': item class '${seed.itemClassId}' does not exist.`);
  const type = seed.type ?? (itemClass === inv.itemClasses.nonStock ? 'NonStockItem' : 'FinishedGoodItem');
  if (!(INVENTORY_TYPES as readonly string[]).includes(type)) throw vismaValidationError(`Error: 'type' has the invalid value '${type}'. Allowed values: ${INVENTORY_TYPES.join(', ')}.`);
  const isStock = isStockType(type);
  const cls = itemClass ?? (isStock ? inv.itemClasses.stock : inv.itemClasses.nonStock);
  if ((cls === inv.itemClasses.stock) !== isStock) {
    throw vismaValidationError(`Error: 'type' ${type} does not fit item class '${cls.id}', a ${isStock ? 'non-stock' : 'stock'} item class.`);
  }
  const status = seed.status ?? 'Active';
  if (!(INVENTORY_STATUSES as readonly string[]).includes(status)) throw vismaValidationError(`Error: 'status' has the invalid value '${status}'. Allowed values: ${INVENTORY_STATUSES.join(', ')}.`);
  const baseUnit = seed.baseUnit ?? inv.defaultUnit;
  for (const [field, unit] of [['baseUnit', baseUnit], ['salesUnit', seed.salesUnit ?? baseUnit], ['purchaseUnit', seed.purchaseUnit ?? baseUnit]] as const) {
    if (unit.trim() === '') throw vismaValidationError(`Error: '${field}' cannot be empty.`, `Mandatory field: ${field}`);
  }
  if (!PRICE_TEXT.test(seed.defaultPrice)) throw vismaValidationError(`Error: 'defaultPrice' must be a non-negative decimal with at most 2 decimals, not '${seed.defaultPrice}'.`);
  const postingClassId = seed.postingClassId ?? cls.postingClassId;
  if (!inv.postingClasses.some((p) => p.id === postingClassId)) throw vismaUnknownReference(`Error: 'postingClass': posting class '${postingClassId}' does not exist.`);
  const vatCategoryId = seed.vatCategoryId ?? company.vatZone(company.seed.defaults.vatZoneId)?.defaultVatCategory ?? '';
  if (!company.vatCategory(vatCategoryId)) throw vismaUnknownReference(`Error: 'vatCode': VAT category '${vatCategoryId}' does not exist.`);
  const defaultWarehouseId = isStock ? (seed.defaultWarehouse ?? inv.warehouses[0]?.id) : undefined;
  if (defaultWarehouseId !== undefined && !warehouseOf(company, defaultWarehouseId)) throw vismaUnknownReference(`Error: 'defaultWarehouse': warehouse '${defaultWarehouseId}' does not exist.`);
  if (!isStock && (at.current?.stock.length ?? 0) > 0) throw vismaValidationError(`Error: 'type': item '${inventoryNumber}' has quantities in stock and cannot become a non-stock item.`);
  return {
    inventoryId: at.inventoryId,
    inventoryNumber,
    description: seed.description,
    type,
    status,
    baseUnit,
    salesUnit: seed.salesUnit ?? baseUnit,
    purchaseUnit: seed.purchaseUnit ?? baseUnit,
    defaultPriceMinor: Number(toScaled(seed.defaultPrice, 2)),
    vatCategoryId,
    itemClassId: cls.id,
    postingClassId,
    defaultWarehouseId,
    note: seed.note,
    stock: at.current ? at.current.stock.map((s) => ({ ...s })) : [],
    rowVersion: at.rowVersion,
    createdMs: at.current?.createdMs ?? at.nowMs,
    lastModifiedMs: at.nowMs,
  };
}

/**
 * Creates and stores a new item (POST /v1/inventory and the control route's POST) at the sandbox clock with a new row
 * version; the number must be free.
 * @throws SandboxHttpError 400 `duplicate` naming 'inventoryNumber' when it is taken; buildInventoryItem's 400s
 */
export function createInventoryItem(seed: VismaInventorySeed, company: VismaCompanyState): VismaInventoryRecord {
  const taken = company.inventory.get(seed.inventoryNumber.trim());
  if (taken) throw vismaException(400, 'duplicate', `Error: 'inventoryNumber': inventory item '${taken.inventoryNumber}' already exists.`, 'Duplicate: inventoryNumber');
  const record = buildInventoryItem(seed, company, { inventoryId: nextInventoryId(company), nowMs: company.now(), rowVersion: company.nextRowVersion() });
  company.inventory.set(record.inventoryNumber, record);
  return record;
}

/**
 * Merges `patch` into the stored item (absent fields keep their value; the number cannot change), stores it with a new
 * row version and `lastModifiedDateTime` = the sandbox clock, and returns it (PUT /v1/inventory/{inventoryNumber} and
 * the control route's PATCH). Quantities stay. The item class and posting class stay too, unless
 * `isClassFollowingType` (the control route) and the patch changes the type without naming a class: then both default
 * again from the new type.
 * @throws SandboxHttpError 400 when the patch renames the item or a value is refused (buildInventoryItem)
 */
export function updateInventoryItem(
  current: VismaInventoryRecord,
  patch: Partial<VismaInventorySeed>,
  company: VismaCompanyState,
  options: { isClassFollowingType?: boolean } = {},
): VismaInventoryRecord {
  if (patch.inventoryNumber !== undefined && patch.inventoryNumber.trim() !== current.inventoryNumber) {
    throw vismaValidationError("Error: 'inventoryNumber' cannot be changed (not applicable for PUT; use action/changeInventoryNbr).");
  }
  const { itemClassId, postingClassId, ...rest } = inventoryToSeed(current);
  const isReclassed = options.isClassFollowingType === true && patch.type !== undefined && patch.itemClassId === undefined;
  const kept: VismaInventorySeed = isReclassed ? rest : { ...rest, ...(itemClassId !== undefined ? { itemClassId } : {}), ...(postingClassId !== undefined ? { postingClassId } : {}) };
  const merged: VismaInventorySeed = { ...kept, ...patch };
  const record = buildInventoryItem(merged, company, { inventoryId: current.inventoryId, nowMs: company.now(), rowVersion: company.nextRowVersion(), current });
  company.inventory.set(record.inventoryNumber, record);
  return record;
}

/**
 * Sets the quantities of `record` in warehouse `warehouseId` (adds the warehouse when the item had none there) and
 * stamps that warehouse's `lastModifiedMs` with `nowMs`. The item's own `lastModifiedMs` and row version stay (see
 * the note at the top of this file). Returns the new record; the caller stores it.
 * @throws SandboxHttpError 400 for a non-stock item, an unknown warehouse or a malformed quantity
 */
export function setWarehouseQuantity(
  record: VismaInventoryRecord,
  company: VismaCompanyState,
  warehouseId: string,
  quantities: { onHand: string; soBooked?: string | undefined },
  nowMs: number,
): VismaInventoryRecord {
  if (!isStockType(record.type)) throw vismaValidationError(`Item '${record.inventoryNumber}' is a non-stock item (${record.type}) and has no warehouse quantities.`);
  if (!warehouseOf(company, warehouseId)) throw vismaUnknownReference(`Warehouse '${warehouseId}' does not exist.`);
  const onHandMicro = quantity(quantities.onHand, 'onHand');
  const soBookedMicro = quantities.soBooked === undefined ? (record.stock.find((s) => s.warehouseId === warehouseId)?.soBookedMicro ?? 0n) : quantity(quantities.soBooked, 'soBooked');
  if (soBookedMicro < 0n) throw vismaValidationError("Error: 'soBooked' cannot be negative.");
  const row: VismaWarehouseStockRecord = { warehouseId, onHandMicro, soBookedMicro, lastModifiedMs: nowMs };
  const exists = record.stock.some((s) => s.warehouseId === warehouseId);
  const stock = exists ? record.stock.map((s) => (s.warehouseId === warehouseId ? row : { ...s })) : [...record.stock.map((s) => ({ ...s })), row];
  return { ...record, stock };
}

/** The latest quantity change of an item (what `availabilityLastModifiedDateTime` compares), undefined without quantities. */
export function availabilityModifiedMs(record: VismaInventoryRecord): number | undefined {
  return record.stock.length === 0 ? undefined : Math.max(...record.stock.map((s) => s.lastModifiedMs));
}

/** Available quantity of one warehouse: on hand minus booked by sales orders. */
export function availableMicro(row: VismaWarehouseStockRecord): bigint {
  return row.onHandMicro - row.soBookedMicro;
}

/** The plain shape of a stored item (the control route's PATCH merges into this and rebuilds). */
export function inventoryToSeed(r: VismaInventoryRecord): VismaInventorySeed {
  return {
    inventoryNumber: r.inventoryNumber,
    description: r.description,
    type: r.type,
    status: r.status,
    baseUnit: r.baseUnit,
    salesUnit: r.salesUnit,
    purchaseUnit: r.purchaseUnit,
    defaultPrice: scaledText(BigInt(r.defaultPriceMinor), 2),
    vatCategoryId: r.vatCategoryId,
    itemClassId: r.itemClassId,
    postingClassId: r.postingClassId,
    ...(r.defaultWarehouseId !== undefined ? { defaultWarehouse: r.defaultWarehouseId } : {}),
    ...(r.note !== undefined ? { note: r.note } : {}),
  };
}

/** The next inventoryId (list position): one above the highest in use. */
export function nextInventoryId(company: VismaCompanyState): number {
  let max = 0;
  for (const r of company.inventory.values()) max = Math.max(max, r.inventoryId);
  return max + 1;
}

/**
 * Loads the company's inventory (a VismaCompanyState reset hook): first the order items of the company seed
 * (`inventoryItems`: KAFFE-1KG, FRAKT…; StockItem → FinishedGoodItem, NonStockItem → NonStockItem, inactive →
 * Inactive; no quantities; created and modified at `referenceDataModified`), then the items of visma-inventory.seed.ts
 * with their warehouse quantities.
 */
export function seedInventory(company: VismaCompanyState): void {
  const inv = inventorySeedOf(company);
  const own = new Set(inv.items.map((i) => i.inventoryNumber));
  const orderItems: VismaInventorySeed[] = company.seed.inventoryItems
    .filter((i) => !own.has(i.inventoryNumber))
    .map((i) => ({
      inventoryNumber: i.inventoryNumber,
      description: i.description,
      type: i.type === 'StockItem' ? 'FinishedGoodItem' : 'NonStockItem',
      status: i.active === false ? 'Inactive' : 'Active',
      baseUnit: i.uom,
      defaultPrice: scaledText(BigInt(i.defaultPriceMinor), 2),
      vatCategoryId: i.vatCategoryId,
      createdDateTime: company.seed.referenceDataModified,
    }));
  for (const seed of [...orderItems, ...inv.items]) {
    const createdMs = Date.parse(seed.createdDateTime ?? company.seed.referenceDataModified);
    const modifiedMs = Date.parse(seed.lastModifiedDateTime ?? seed.createdDateTime ?? company.seed.referenceDataModified);
    let record = buildInventoryItem(seed, company, { inventoryId: nextInventoryId(company), nowMs: modifiedMs, rowVersion: company.nextRowVersion() });
    record = { ...record, createdMs };
    for (const s of seed.stock ?? []) {
      record = setWarehouseQuantity(record, company, s.warehouse, { onHand: s.onHand, soBooked: s.soBooked }, Date.parse(s.lastModifiedDateTime ?? seed.lastModifiedDateTime ?? seed.createdDateTime ?? company.seed.referenceDataModified));
    }
    company.inventory.set(record.inventoryNumber, record);
  }
}

function quantity(text: string, field: string): bigint {
  if (!QUANTITY_TEXT.test(text)) throw vismaValidationError(`The value '${text}' of '${field}' must be a decimal with at most 6 decimals.`);
  return toScaled(text, QTY_SCALE);
}
