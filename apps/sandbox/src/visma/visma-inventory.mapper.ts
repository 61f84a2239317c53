import type { VismaCompanyState } from './visma-company.store';
import { isoOf } from './visma-dto.util';
import { availableMicro, inventorySeedOf, QTY_SCALE, warehouseOf } from './visma-inventory.service';
import { isStockType, type VismaInventoryRecord, type VismaWarehouseStockRecord } from './visma-inventory.types';
import { minorToDecimal } from './visma-money.util';
import { etagOf } from './visma-query.util';

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
  const itemClass = isStock ? inv.itemClasses.stock : inv.itemClasses.nonStock;
  const vat = company.vatCategory(r.vatCategoryId);
  const warehouse = r.defaultWarehouseId === undefined ? undefined : warehouseOf(company, r.defaultWarehouseId);
  return {
    inventoryId: r.inventoryId,
    inventoryNumber: r.inventoryNumber,
    status: r.status,
    type: r.type,
    description: r.description,
    itemClass: { id: itemClass.id, description: itemClass.description, type: r.type },
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
