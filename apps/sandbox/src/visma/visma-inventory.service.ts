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
import { vismaUnknownReference, vismaValidationError } from './visma.error';

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
 * Builds an item record from its plain seed / control-route shape and checks it as Visma would: type and status are
 * spec enum values, units are not empty, the default price is a non-negative decimal (≤ 2 decimals), the VAT category
 * and the default warehouse exist (non-stock items have no warehouse and no quantities). Quantities of `current` are
 * kept (quantities are changed with `setWarehouseQuantity`).
 * @throws SandboxHttpError 400 (Visma Exception body, fault `validation` or `unknownReference`) naming the field
 */
export function buildInventoryItem(seed: VismaInventorySeed, company: VismaCompanyState, at: InventoryBuildContext): VismaInventoryRecord {
  const inv = inventorySeedOf(company);
  const inventoryNumber = seed.inventoryNumber.trim();
  if (inventoryNumber === '') throw vismaValidationError("Error: 'Item ID' cannot be empty.", 'Mandatory field: inventoryNumber');
  if (seed.description.trim() === '') throw vismaValidationError("Error: 'Description' cannot be empty.", 'Mandatory field: description');
  const type = seed.type ?? 'FinishedGoodItem';
  if (!(INVENTORY_TYPES as readonly string[]).includes(type)) throw vismaValidationError(`The value '${type}' of 'type' is not valid.`);
  const status = seed.status ?? 'Active';
  if (!(INVENTORY_STATUSES as readonly string[]).includes(status)) throw vismaValidationError(`The value '${status}' of 'status' is not valid.`);
  const baseUnit = seed.baseUnit ?? inv.defaultUnit;
  for (const [field, unit] of [['baseUnit', baseUnit], ['salesUnit', seed.salesUnit ?? baseUnit], ['purchaseUnit', seed.purchaseUnit ?? baseUnit]] as const) {
    if (unit.trim() === '') throw vismaValidationError(`Error: '${field}' cannot be empty.`, `Mandatory field: ${field}`);
  }
  if (!PRICE_TEXT.test(seed.defaultPrice)) throw vismaValidationError(`The value '${seed.defaultPrice}' of 'defaultPrice' must be a non-negative decimal with at most 2 decimals.`);
  const vatCategoryId = seed.vatCategoryId ?? company.vatZone(company.seed.defaults.vatZoneId)?.defaultVatCategory ?? '';
  if (!company.vatCategory(vatCategoryId)) throw vismaUnknownReference(`VAT category '${vatCategoryId}' does not exist.`);
  const isStock = isStockType(type);
  const defaultWarehouseId = isStock ? (seed.defaultWarehouse ?? inv.warehouses[0]?.id) : undefined;
  if (defaultWarehouseId !== undefined && !warehouseOf(company, defaultWarehouseId)) throw vismaUnknownReference(`Warehouse '${defaultWarehouseId}' does not exist.`);
  if (!isStock && (at.current?.stock.length ?? 0) > 0) throw vismaValidationError(`Item '${inventoryNumber}' has quantities in stock and cannot become a non-stock item.`);
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
    defaultWarehouseId,
    stock: at.current ? at.current.stock.map((s) => ({ ...s })) : [],
    rowVersion: at.rowVersion,
    createdMs: at.current?.createdMs ?? at.nowMs,
    lastModifiedMs: at.nowMs,
  };
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
    ...(r.defaultWarehouseId !== undefined ? { defaultWarehouse: r.defaultWarehouseId } : {}),
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
