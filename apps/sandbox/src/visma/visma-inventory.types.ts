import type { VismaInventoryItemSeed } from './visma-seed.types';

/**
 * Inventory items and warehouse quantities of the Visma sandbox: the plain seed/control shapes and the stored records.
 * Field meanings: InventoryDto, WarehouseDetailDto and InventorySummaryDto of visma-net-erp-api.v1_20250424.openapi.json
 * (operations Inventory_GetAll, Inventory_GetByinventoryNumber, InventorySummary_GetAllInventorySummaryByinventoryNumber).
 * Quantities are exact decimals scaled by 10^6 (`…Micro`); prices are integer minor units of the base currency.
 */

/** InventoryDto.type (spec enum). Stock items are FinishedGoodItem, ComponentPartItem or SubassemblyItem. */
export const INVENTORY_TYPES = ['NonStockItem', 'LaborItem', 'ServiceItem', 'ChargeItem', 'ExpenseItem', 'FinishedGoodItem', 'ComponentPartItem', 'SubassemblyItem'] as const;
export type VismaInventoryType = (typeof INVENTORY_TYPES)[number];
/** The types whose items are stock items (`stockItem: true`, quantities per warehouse). */
export const STOCK_INVENTORY_TYPES: ReadonlySet<VismaInventoryType> = new Set(['FinishedGoodItem', 'ComponentPartItem', 'SubassemblyItem']);
/** The `status` filter of GET /v1/inventory and the statuses the sandbox stores (InventoryDto.status adds `Unknown`). */
export const INVENTORY_STATUSES = ['Active', 'NoSales', 'NoPurchases', 'NoRequest', 'Inactive', 'MarkedForDeletion'] as const;
export type VismaInventoryStatus = (typeof INVENTORY_STATUSES)[number];

/** A warehouse of the company (warehouseInInventorySummaryDto `{id, description}`) with the one location it has. */
export type VismaWarehouseSeed = { id: string; description: string; locationId: number; locationName: string };

/** Quantities of one item in one warehouse, decimals as text ("96", "0.5"). */
export type VismaWarehouseStockSeed = {
  warehouse: string;
  onHand: string;
  /** Booked by sales orders (InventorySummaryDto.soBooked); available = onHand − soBooked. Default "0". */
  soBooked?: string;
  /** ISO time of the last quantity change (WarehouseDetailDto.lastModifiedDateTime); default the item's. */
  lastModifiedDateTime?: string;
};

/** An inventory item as seeded, or as the sandbox control route creates one (plain values). */
export type VismaInventorySeed = {
  inventoryNumber: string;
  description: string;
  /** Default FinishedGoodItem (a stock item). */
  type?: VismaInventoryType;
  /** Default Active. */
  status?: VismaInventoryStatus;
  /** Default: the company's default unit. */
  baseUnit?: string;
  salesUnit?: string;
  purchaseUnit?: string;
  /** Default price in the base currency, major units, at most 2 decimals ("199.00"). */
  defaultPrice: string;
  /** VAT category (InventoryDto.vatCode); default: the company's domestic VAT zone default. */
  vatCategoryId?: string;
  /** Item class (InventoryDto.itemClass.id); default: the company's stock or non-stock class, after `type`. */
  itemClassId?: string;
  /** Posting class (InventoryDto.postingClass.id); default: the item class's posting class. */
  postingClassId?: string;
  note?: string;
  /** Default warehouse id (stock items only); default the company's first warehouse. */
  defaultWarehouse?: string;
  /** Seeds only: ISO times; the control routes use the sandbox clock. */
  createdDateTime?: string;
  lastModifiedDateTime?: string;
  /** Seeds only: quantities per warehouse (stock items only). */
  stock?: VismaWarehouseStockSeed[];
};

/**
 * An item class. The sandbox keeps two per company: one for stock items (types FinishedGoodItem, ComponentPartItem,
 * SubassemblyItem) and one for the non-stock types; an item's type must fit its class (a sandbox rule standing for
 * Visma's class settings, which the spec does not describe).
 */
export type VismaItemClassSeed = { id: string; description: string; postingClassId: string };

/** The inventory data of one demo company. */
export type VismaCompanyInventorySeed = {
  warehouses: VismaWarehouseSeed[];
  /** Unit of measure for items that name none ("STK" / "ST"). */
  defaultUnit: string;
  /** itemClassInInventoryDto of stock and of non-stock items, each with the posting class its items default to. */
  itemClasses: { stock: VismaItemClassSeed; nonStock: VismaItemClassSeed };
  /** postingClassInInventoryDto values the company knows. */
  postingClasses: Array<{ id: string; description: string }>;
  items: VismaInventorySeed[];
};

/** Quantities of one item in one warehouse (the sandbox keeps one location per warehouse). */
export type VismaWarehouseStockRecord = {
  warehouseId: string;
  onHandMicro: bigint;
  soBookedMicro: bigint;
  /** Last quantity change; the `availabilityLastModifiedDateTime` filter compares the item's latest one. */
  lastModifiedMs: number;
};

/**
 * A stored inventory item. `lastModifiedMs`/`rowVersion` change when the item itself is written (description, price,
 * status…), not when a quantity changes: quantities carry their own `lastModifiedMs` per warehouse (see
 * visma-inventory.service.ts for why).
 */
export type VismaInventoryRecord = {
  inventoryId: number;
  inventoryNumber: string;
  description: string;
  type: VismaInventoryType;
  status: VismaInventoryStatus;
  baseUnit: string;
  salesUnit: string;
  purchaseUnit: string;
  defaultPriceMinor: number;
  vatCategoryId: string;
  itemClassId: string;
  postingClassId: string;
  defaultWarehouseId: string | undefined;
  note: string | undefined;
  /** In the order quantities were first set. */
  stock: VismaWarehouseStockRecord[];
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};

/** True for the stock item types. */
export function isStockType(type: VismaInventoryType): boolean {
  return STOCK_INVENTORY_TYPES.has(type);
}

/**
 * The item as sales order and supplier invoice lines read it (VismaInventoryItemSeed). `active` is false for
 * Inactive and MarkedForDeletion (NoSales/NoPurchases are not told apart by those routes).
 */
export function inventoryItemView(r: VismaInventoryRecord): VismaInventoryItemSeed {
  return {
    inventoryNumber: r.inventoryNumber,
    description: r.description,
    type: isStockType(r.type) ? 'StockItem' : 'NonStockItem',
    uom: r.baseUnit,
    defaultPriceMinor: r.defaultPriceMinor,
    vatCategoryId: r.vatCategoryId,
    active: r.status !== 'Inactive' && r.status !== 'MarkedForDeletion',
  };
}
