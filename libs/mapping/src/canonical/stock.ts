/**
 * Shop-independent stock level of one item, as the ERP holds it and a shop's inventory takes it: how many whole units
 * can be sold now. Valuation (cost, price) stays in the ERP and is not part of it.
 */
export type StockLevel = {
  /** The item number in the ERP, which is the shop's SKU. */
  sku: string;
  /** The item's description (for messages). */
  name: string;
  /** Whole units available to sell: on hand minus booked on sales orders, over every warehouse counted; never < 0. */
  quantity: number;
  /** The quantity before clamping at 0 (negative when the ERP is oversold), as a decimal string. */
  sourceAvailable: string;
  /** Warehouses counted, with their available quantity (decimal strings), for the audit trail. */
  warehouses: { warehouseId: string; available: string }[];
};
