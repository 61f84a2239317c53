/**
 * Procurement facts flowing from the ERP to the shop: what a product cost on a supplier invoice tied to a purchase
 * order, so the shop's product cost (Adobe Commerce `cost`, a decimal in the website's base currency) follows the
 * purchase price. Costs are **canonical decimal strings in major units** ("12.5", "0.0375"), never floats: a unit cost
 * often has more decimals than the currency's minor unit.
 */
export type ProductProcurementUpdate = {
  /** The ERP inventory number = the shop's SKU. */
  sku: string;
  /** Unit cost, canonical decimal string in major units of `currency`. */
  unitCost: string;
  currency: string;
  /** The supplier invoice's number in the ERP (Visma `referenceNumber`). */
  supplierInvoiceNumber: string;
  /** The purchase order the line came from ('' when the line names only a purchase receipt). */
  purchaseOrderNumber: string;
  /** YYYY-MM-DD. */
  supplierInvoiceDate: string;
};

/** One supplier invoice's updates, and the lines that gave none, with why (for the record's timeline). */
export type ProcurementDocument = {
  supplierInvoiceNumber: string;
  documentType: string;
  /** Supplier number in the ERP. */
  supplier: string;
  /** YYYY-MM-DD. */
  date: string;
  /** The currency of every `unitCost` (the ERP company's base currency). */
  currency: string;
  updates: ProductProcurementUpdate[];
  skipped: { lineNumber: number; reason: string }[];
};
