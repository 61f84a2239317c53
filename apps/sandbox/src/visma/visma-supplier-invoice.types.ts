/**
 * Purchase orders and supplier invoices of the Visma sandbox: the plain seed/control shapes and the stored records.
 * Money in records is integer minor units (`…Minor`) of the document's currency; base-currency figures are derived
 * with `exchangeRateMicro`. Field meanings: PurchaseOrderDto / PurchaseOrderLineDto / SupplierInvoiceDto /
 * SupplierInvoiceLineDto of visma-net-erp-api.v1_20250424.openapi.json.
 */

/** SupplierInvoiceDto.documentType values the sandbox stores. */
export const SUPPLIER_DOCUMENT_TYPES = ['Invoice', 'CreditAdj', 'DebitAdj', 'Prepayment'] as const;
export type VismaSupplierDocumentType = (typeof SUPPLIER_DOCUMENT_TYPES)[number];
/** The `documentType` filter of GET /v1/supplierInvoice (spec enum; `Refund`/`Payment` simply match nothing). */
export const SUPPLIER_DOCUMENT_TYPE_FILTERS = ['Invoice', 'CreditAdj', 'DebitAdj', 'Prepayment', 'Refund', 'Payment'] as const;
/** SupplierInvoiceDto.status (spec enum). */
export const SUPPLIER_INVOICE_STATUSES = ['Hold', 'Balanced', 'Voided', 'Scheduled', 'Open', 'Closed', 'Printed', 'Prebooked', 'Reserved'] as const;
export type VismaSupplierInvoiceStatus = (typeof SUPPLIER_INVOICE_STATUSES)[number];

/** One purchase order line (PurchaseOrderLineDto: lineNbr, inventory, lineDescription, orderQty, unitCost). */
export type VismaPurchaseOrderLineSeed = { lineNbr: number; inventoryNumber: string; description: string; quantity: string; unitCost: string };

/** A purchase order (PurchaseOrderDto, orderType RegularOrder) with the receipt its goods came in on. */
export type VismaPurchaseOrderSeed = {
  orderNbr: string;
  supplierNumber: string;
  /** Defaults to the base currency. */
  currencyId?: string;
  /** ISO date-time. */
  date: string;
  status: 'Open' | 'Closed';
  description?: string;
  /** The purchase receipt (PurchaseReceiptsDto) of the order's goods. */
  receiptNbr?: string;
  lines: VismaPurchaseOrderLineSeed[];
};

/** One line of a supplier invoice seed / control request (plain values, decimals as text in document currency). */
export type VismaSupplierInvoiceLineSeed = {
  inventoryNumber?: string;
  transactionDescription?: string;
  quantity: string;
  /** Unit cost in the document currency, major units ("89.00"). */
  unitCost: string;
  /** VAT category id (vatCode); defaults to the supplier's VAT zone default. */
  vatCodeId?: string;
  /** Expense account; defaults to the company's purchase account ("4000" in the Norwegian seed). */
  accountNumber?: string;
  poNumber?: string;
  poLineNr?: number;
  poReceiptNbr?: string;
  poReceiptLineNbr?: number;
  note?: string;
};

/** A supplier invoice as seeded, or as the sandbox control route creates one. */
export type VismaSupplierInvoiceSeed = {
  documentType?: VismaSupplierDocumentType;
  /** Defaults to the next number of the series (6 digits). */
  referenceNumber?: string;
  supplierNumber: string;
  supplierReference?: string;
  description?: string;
  /** Defaults to the supplier's currency. */
  currencyId?: string;
  /** Document → base currency rate as decimal text ("1.0215"); required for a foreign currency. */
  exchangeRate?: string;
  /** ISO date (the document date). */
  date: string;
  /** Defaults to Balanced. */
  status?: VismaSupplierInvoiceStatus;
  note?: string;
  /** Seeds only: createdDateTime / lastModifiedDateTime (ISO); the control route uses the sandbox clock. */
  lastModifiedDateTime?: string;
  lines: VismaSupplierInvoiceLineSeed[];
};

export type VismaPurchaseOrderRecord = Required<Pick<VismaPurchaseOrderSeed, 'orderNbr' | 'supplierNumber' | 'currencyId' | 'status' | 'lines'>> &
  Pick<VismaPurchaseOrderSeed, 'description' | 'receiptNbr'> & { orderType: 'RegularOrder'; dateMs: number };

export type VismaSupplierInvoiceLineRecord = {
  lineNumber: number;
  inventoryNumber?: string;
  transactionDescription?: string;
  /** Decimal text, up to 6 decimals. */
  quantity: string;
  uom: string;
  isStockItem: boolean;
  unitCostMinor: number;
  /** quantity × unit cost (no line discounts in the sandbox). */
  costMinor: number;
  accountNumber: string;
  vatCategoryId: string;
  poNumber?: string;
  poLineNr?: number;
  poReceiptNbr?: string;
  poReceiptLineNbr?: number;
  note?: string;
};

export type VismaSupplierInvoiceRecord = {
  /** Creation order: the list's sort key (unchanged by modifications, so paging is stable while records change). */
  seq: number;
  documentType: VismaSupplierDocumentType;
  referenceNumber: string;
  supplierNumber: string;
  supplierReference?: string;
  description?: string;
  currencyId: string;
  /** Document → base rate × 10^6. */
  exchangeRateMicro: bigint;
  dateMs: number;
  dueDateMs: number;
  /** YYYYMM. */
  financialPeriod: string;
  status: VismaSupplierInvoiceStatus;
  creditTermsId: string;
  paymentMethodId?: string;
  branchNumber: string;
  note?: string;
  lines: VismaSupplierInvoiceLineRecord[];
  detailTotalMinor: number;
  vatTaxableTotalMinor: number;
  vatExemptTotalMinor: number;
  vatTotalMinor: number;
  amountMinor: number;
  balanceMinor: number;
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};

/** The map key of a supplier invoice: its type and number. */
export function supplierInvoiceKey(documentType: string, referenceNumber: string): string {
  return `${documentType}/${referenceNumber}`;
}
