import type { StockLevel } from '../canonical/stock';
import { MappingError } from '../mapping.error';

/** What the stock rule reads of a Visma inventory item (`InventoryDto`, visma-net-erp-api.v1_20250424.openapi.json). */
export type VismaInventoryInput = {
  inventoryNumber: string;
  description?: string | null | undefined;
  /** `Active`, `NoSales`, `NoPurchases`, `NoRequest`, `Inactive`, `MarkedForDeletion`, `Unknown`. */
  status?: string | null | undefined;
  /** `FinishedGoodItem`, `ComponentPartItem`, `SubassemblyItem` are stock items; `NonStockItem`, `ServiceItem`, … are not. */
  type?: string | null | undefined;
  stockItem?: boolean | null | undefined;
};

/** Warehouse quantities of the item (`InventorySummaryDto` rows summed per warehouse): decimal strings. */
export type VismaWarehouseAvailability = { warehouseId: string; available: string };

/** Why an item has no stock level for a shop. */
export type StockSkip = { kind: 'skip'; reason: string };

const STOCK_TYPES: ReadonlySet<string> = new Set(['FinishedGoodItem', 'ComponentPartItem', 'SubassemblyItem']);
/** Statuses whose items are not sold (Visma item statuses "No sales", "Inactive", "Marked for deletion"). */
const NOT_SOLD: ReadonlySet<string> = new Set(['NoSales', 'Inactive', 'MarkedForDeletion']);

/**
 * A Visma inventory item and its warehouse availability → the stock level a shop shows, or a skip with the reason:
 * - non-stock items (services, labour, charges; `type` not a stock type and `stockItem` not true) have no stock;
 * - an item Visma does not sell (`NoSales`, `Inactive`, `MarkedForDeletion`) is 0 units, so the shop stops selling it;
 * - otherwise the sum of `available` (on hand − booked on sales orders, `InventorySummaryDto.available`) over the
 *   warehouses counted (`warehouses`: all when empty), clamped at 0.
 * Quantities are exact decimals; a shop inventory counts whole units (commercetools `quantityOnStock` is an integer).
 * @throws MappingError `invalid-field` naming `warehouses[i].available` when a quantity is not a decimal, or `available`
 *   when the total is not a whole number (an item kept in kilograms cannot be shop stock).
 */
export function vismaInventoryToStockLevel(item: VismaInventoryInput, availability: readonly VismaWarehouseAvailability[], options: { warehouses?: readonly string[] } = {}): StockLevel | StockSkip {
  const sku = item.inventoryNumber.trim();
  if (!sku) throw new MappingError('missing-field', 'inventoryNumber', 'is required');
  const isStock = item.stockItem === true || STOCK_TYPES.has(item.type ?? '');
  if (!isStock) return { kind: 'skip', reason: `Item ${sku} is a ${item.type ?? 'non-stock item'}: it has no stock` };
  const counted = options.warehouses?.length ? availability.filter((w) => options.warehouses?.includes(w.warehouseId)) : [...availability];
  let total = 0n;
  const parsed = counted.map((w, i) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(w.available.trim());
    if (!m) throw new MappingError('invalid-field', `warehouses[${i}].available`, `"${w.available}" is not a decimal quantity`);
    return { sign: m[1] === '-' ? -1n : 1n, whole: m[2] ?? '0', fraction: (m[3] ?? '').replace(/0+$/, '') };
  });
  const scale = Math.max(0, ...parsed.map((p) => p.fraction.length));
  for (const p of parsed) total += p.sign * BigInt(`${p.whole}${p.fraction.padEnd(scale, '0')}`);
  const unit = 10n ** BigInt(scale);
  const sourceAvailable = scale === 0 ? total.toString() : `${total < 0n ? '-' : ''}${(total < 0n ? -total : total) / unit}.${((total < 0n ? -total : total) % unit).toString().padStart(scale, '0')}`;
  if (total % unit !== 0n) throw new MappingError('invalid-field', 'available', `item ${sku} has ${sourceAvailable} available: a shop's stock counts whole units`);
  const whole = total / unit;
  const isSold = !NOT_SOLD.has(item.status ?? '');
  return {
    sku,
    name: item.description?.trim() || sku,
    quantity: isSold && whole > 0n ? Number(whole) : 0,
    sourceAvailable,
    warehouses: counted.map((w) => ({ warehouseId: w.warehouseId, available: w.available })),
  };
}
