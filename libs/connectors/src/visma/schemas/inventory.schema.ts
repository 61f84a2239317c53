/**
 * Inventory schemas: `InventoryDto` with `WarehouseDetailDto` (responses of GET /v1/inventory, operation
 * Inventory_GetAll, and GET /v1/inventory/{inventoryNumber}, Inventory_GetByinventoryNumber) and `InventorySummaryDto`
 * (GET /v1/inventorysummary/{inventoryNumber}, InventorySummary_GetAllInventorySummaryByinventoryNumber), a subset;
 * unknown fields pass through for the audit trail. Source: components/schemas of visma-net-erp-api.v1_20250424.openapi.json.
 *
 * Strict on what the stock flow reads: `inventoryNumber` (the shop SKU for us) is required, `status` and `type` must be
 * values of the spec's enums (an unknown value is a schema mismatch, not silently a stock item), prices and quantities
 * become decimal strings (`DECIMAL_FROM_NUMBER`, never floats in our types).
 *
 * Stock vs non-stock: `type` has no "StockItem" value. Stock items are FinishedGoodItem, ComponentPartItem or
 * SubassemblyItem and carry `stockItem: true`; the others (NonStockItem, LaborItem, ServiceItem, ChargeItem,
 * ExpenseItem) have no warehouse quantities. `isVismaStockItem` decides from both fields.
 */
import { z } from 'zod';
import { DECIMAL_FROM_NUMBER, ID_DESCRIPTION, METADATA, OPT_BOOLEAN, OPT_DATE_TIME, OPT_INT, OPT_STRING } from './common.schema';

/** `InventoryDto.type` and the `inventoryTypes` filter of GET /v1/inventory (spec enum). */
export const VISMA_INVENTORY_TYPES = ['NonStockItem', 'LaborItem', 'ServiceItem', 'ChargeItem', 'ExpenseItem', 'FinishedGoodItem', 'ComponentPartItem', 'SubassemblyItem'] as const;
export type VismaInventoryType = (typeof VISMA_INVENTORY_TYPES)[number];
/** The types of stock items (the rest are non-stock items). */
export const VISMA_STOCK_INVENTORY_TYPES: readonly VismaInventoryType[] = ['FinishedGoodItem', 'ComponentPartItem', 'SubassemblyItem'];

/** The `status` filter of GET /v1/inventory (spec enum). */
export const VISMA_INVENTORY_STATUS_FILTERS = ['Active', 'NoSales', 'NoPurchases', 'NoRequest', 'Inactive', 'MarkedForDeletion'] as const;
export type VismaInventoryStatusFilter = (typeof VISMA_INVENTORY_STATUS_FILTERS)[number];
/** `InventoryDto.status` (spec enum: the filter's values plus `Unknown`). */
export const VISMA_INVENTORY_STATUSES = [...VISMA_INVENTORY_STATUS_FILTERS, 'Unknown'] as const;
export type VismaInventoryStatus = (typeof VISMA_INVENTORY_STATUSES)[number];

/**
 * `WarehouseDetailDto` (InventoryDto.warehouseDetails, present with `expandWarehouseDetail`): `warehouse` is the
 * warehouse id as text, `quantityOnHand` / `available` / `availableForShipment` decimals, and `lastModifiedDateTime` of
 * the warehouse row (its latest quantity change, as the sandbox models it).
 */
export const VISMA_WAREHOUSE_DETAIL = z
  .object({
    isDefault: OPT_BOOLEAN,
    warehouse: OPT_STRING,
    quantityOnHand: DECIMAL_FROM_NUMBER,
    available: DECIMAL_FROM_NUMBER,
    availableForShipment: DECIMAL_FROM_NUMBER,
    lastModifiedDateTime: OPT_DATE_TIME,
  })
  .passthrough();
export type VismaWarehouseDetail = z.infer<typeof VISMA_WAREHOUSE_DETAIL>;

/** `InventoryDto` (subset). */
export const VISMA_INVENTORY_ITEM = z
  .object({
    inventoryId: OPT_INT,
    /** The item id ("Item Id*", mandatory in Visma); the shop SKU for us. */
    inventoryNumber: z.string(),
    status: z.enum(VISMA_INVENTORY_STATUSES).nullish(),
    type: z.enum(VISMA_INVENTORY_TYPES).nullish(),
    description: OPT_STRING,
    itemClass: z.object({ id: OPT_STRING, description: OPT_STRING, type: OPT_STRING }).passthrough().nullish(),
    postingClass: ID_DESCRIPTION.nullish(),
    /** The item's VAT category (`vatCodeInInventoryDto`). */
    vatCode: ID_DESCRIPTION.nullish(),
    /** Default (sales) price in the company's base currency, major units, as a decimal string. */
    defaultPrice: DECIMAL_FROM_NUMBER,
    /** Manufacturer's suggested retail price ("List price"). */
    recommendedPrice: DECIMAL_FROM_NUMBER,
    currentCost: DECIMAL_FROM_NUMBER,
    lastModifiedDateTime: OPT_DATE_TIME,
    baseUnit: OPT_STRING,
    salesUnit: OPT_STRING,
    purchaseUnit: OPT_STRING,
    stockItem: OPT_BOOLEAN,
    kitItem: OPT_BOOLEAN,
    warehouseDetails: z.array(VISMA_WAREHOUSE_DETAIL).nullish(),
    defaultWarehouse: ID_DESCRIPTION.nullish(),
    note: OPT_STRING,
    /** Row version of the item (the list's ETag source; GET by number also sends it as `ETag`). */
    timestamp: OPT_STRING,
    errorInfo: OPT_STRING,
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaInventoryItem = z.infer<typeof VISMA_INVENTORY_ITEM>;
export const VISMA_INVENTORY_LIST = z.array(VISMA_INVENTORY_ITEM);

/**
 * `InventorySummaryDto` (subset): one row per warehouse and location of an item. `onHand` is the quantity in the
 * warehouse/location, `available` what is left after the availability rules (sales order bookings…),
 * `availableForShipment` what can ship now. All decimal strings.
 */
export const VISMA_INVENTORY_SUMMARY_ROW = z
  .object({
    inventory: z.object({ number: OPT_STRING, description: OPT_STRING }).passthrough().nullish(),
    warehouse: ID_DESCRIPTION.nullish(),
    location: z.object({ id: OPT_INT, name: OPT_STRING }).passthrough().nullish(),
    available: DECIMAL_FROM_NUMBER,
    availableForShipment: DECIMAL_FROM_NUMBER,
    notAvailable: DECIMAL_FROM_NUMBER,
    soBooked: DECIMAL_FROM_NUMBER,
    soAllocated: DECIMAL_FROM_NUMBER,
    soShipped: DECIMAL_FROM_NUMBER,
    soBackOrdered: DECIMAL_FROM_NUMBER,
    inTransit: DECIMAL_FROM_NUMBER,
    purchaseOrders: DECIMAL_FROM_NUMBER,
    poReceipts: DECIMAL_FROM_NUMBER,
    expired: DECIMAL_FROM_NUMBER,
    onHand: DECIMAL_FROM_NUMBER,
    baseUnit: OPT_STRING,
    estimatedUnitCost: DECIMAL_FROM_NUMBER,
    estimatedTotalCost: DECIMAL_FROM_NUMBER,
    errorInfo: OPT_STRING,
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaInventorySummaryRow = z.infer<typeof VISMA_INVENTORY_SUMMARY_ROW>;
export const VISMA_INVENTORY_SUMMARY_LIST = z.array(VISMA_INVENTORY_SUMMARY_ROW);

/** True for a stock item: `stockItem` when Visma sends it, else a stock `type`. */
export function isVismaStockItem(item: Pick<VismaInventoryItem, 'stockItem' | 'type'>): boolean {
  if (item.stockItem !== undefined && item.stockItem !== null) return item.stockItem;
  return item.type !== undefined && item.type !== null && VISMA_STOCK_INVENTORY_TYPES.includes(item.type);
}
