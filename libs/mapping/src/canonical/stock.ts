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

/**
 * One sellable item of a shop's catalog (a product variant with a SKU), as the ERP's item master takes it: its number
 * and description. Prices and cost are not part of it (valuation stays in the ERP).
 */
export type CatalogItem = {
  /** The variant's SKU: the ERP item number. */
  sku: string;
  /** The product's name in the chosen language (for a variant, the product name and the variant's key or number). */
  description: string;
  /** Whether the shop sells it now (a published product). */
  isPublished: boolean;
};
