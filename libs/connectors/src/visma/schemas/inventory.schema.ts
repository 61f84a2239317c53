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
import { WRAPPED_TEXT, wrappedValue } from './wrapped-document.schema';

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

// ---------------------------------------------------------------------------------------------------------------
// Writes: `InventoryUpdateDto`, the request body of POST /v1/inventory (Inventory_Post, "Create an inventory item";
// 201 Created) and PUT /v1/inventory/{inventoryNumber} (Inventory_PutByinventoryNumber, "Update a specific inventory
// item"; 204 NoContent) in visma-net-erp-api.v1_20250424.openapi.json. Every field is value-wrapped (`DtoValueOf…`,
// `{ "value": … }`; README §1 "Request DTOs are value-wrapped"). The spec's notes: `inventoryNumber` "Mandatory for
// POST, not applicable for PUT"; `itemClass` "Mandatory … Selecting a class provides default settings for the item";
// `postingClass` and `vatCode` default from the item class. InventoryDto marks `description` with the UI's "*"
// (required). A strict subset: the account, subaccount, attribute, packaging, supplier and intrastat parts are left out
// until a flow needs them (an unknown key is a ZodError here, never silently dropped).
// ---------------------------------------------------------------------------------------------------------------

/** Text without leading or trailing blanks (Visma trims identifiers; a padded number would not match on GET). */
const TRIMMED_TEXT = z.string().regex(/^\S(?:.*\S)?$/, 'expected non-empty text without leading or trailing blanks');

/**
 * `defaultPriceInInventoryUpdateDto` (number/double): a non-negative decimal string ("199.00") in our types, sent as a
 * JSON number (exact up to 15 significant digits; common.schema.ts). Read back as a decimal string (`"199"`).
 */
const WRAPPED_PRICE = wrappedValue(z.string().regex(/^\d{1,13}(\.\d{1,6})?$/, 'expected a non-negative decimal string such as "199.00"').transform((s) => Number(s)));

/** Statuses a write may set (`DtoValueOfInventoryStatus` without `Unknown`, which is a read-only state). */
export const VISMA_INVENTORY_WRITE_STATUSES = VISMA_INVENTORY_STATUS_FILTERS;

/** The fields of `InventoryUpdateDto` this client sends, value-wrapped; shared by create and update. */
const INVENTORY_WRITE_FIELDS = {
  status: wrappedValue(z.enum(VISMA_INVENTORY_WRITE_STATUSES)).optional(),
  type: wrappedValue(z.enum(VISMA_INVENTORY_TYPES)).optional(),
  description: wrappedValue(z.string().min(1)).optional(),
  itemClass: wrappedValue(TRIMMED_TEXT).optional(),
  postingClass: wrappedValue(TRIMMED_TEXT).optional(),
  /** The VAT category id (`vatCodeInInventoryUpdateDto`: "The vat category of the item"). */
  vatCode: wrappedValue(TRIMMED_TEXT).optional(),
  defaultPrice: WRAPPED_PRICE.optional(),
  baseUnit: wrappedValue(TRIMMED_TEXT).optional(),
  salesUnit: wrappedValue(TRIMMED_TEXT).optional(),
  purchaseUnit: wrappedValue(TRIMMED_TEXT).optional(),
  /** Warehouse id (stock items only). */
  defaultWarehouse: wrappedValue(TRIMMED_TEXT).optional(),
  note: WRAPPED_TEXT().optional(),
};

/**
 * Body of POST /v1/inventory: `inventoryNumber`, `itemClass` and `description` are required (see the block comment);
 * the rest defaults from the item class (type, posting class, VAT category) or the company (units, warehouse).
 */
export const VISMA_INVENTORY_CREATE_DOCUMENT = z
  .object({
    inventoryNumber: wrappedValue(TRIMMED_TEXT),
    ...INVENTORY_WRITE_FIELDS,
    itemClass: wrappedValue(TRIMMED_TEXT),
    description: wrappedValue(z.string().min(1)),
  })
  .strict();
/** The value-wrapped create body, e.g. `{ inventoryNumber: { value: 'CT-CAP-01' }, itemClass: { value: 'VARER' }, … }`. */
export type VismaInventoryCreateDocument = z.input<typeof VISMA_INVENTORY_CREATE_DOCUMENT>;

/**
 * Body of PUT /v1/inventory/{inventoryNumber}: only the fields to change (absent fields keep their value). No
 * `inventoryNumber` ("not applicable for PUT"; renaming is POST /v1/inventory/action/changeInventoryNbr/{internalId}).
 */
export const VISMA_INVENTORY_UPDATE_DOCUMENT = z.object(INVENTORY_WRITE_FIELDS).strict();
/** The value-wrapped update body, e.g. `{ defaultPrice: { value: '249.00' } }`. */
export type VismaInventoryUpdateDocument = z.input<typeof VISMA_INVENTORY_UPDATE_DOCUMENT>;
