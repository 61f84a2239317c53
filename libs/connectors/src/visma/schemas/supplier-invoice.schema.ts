/**
 * Supplier invoice schemas: `SupplierInvoiceDto` and `SupplierInvoiceLineDto` (responses of GET /v1/supplierInvoice,
 * /v1/supplierInvoice/{invoiceNumber} and /v1/supplierInvoice/{documentType}/{invoiceNumber}), a subset; unknown
 * fields pass through for the audit trail. Source: components/schemas of visma-net-erp-api.v1_20250424.openapi.json.
 * A supplier invoice is keyed by (`documentType`, `referenceNumber`).
 *
 * Purchase-order link (SupplierInvoiceLineDto): `poNumber` ("the number of the purchase order linked to this line"),
 * `poLineNr` (its line), `poReceiptNbr` / `poReceiptLineNbr` (the purchase receipt and its line). The item is
 * `inventoryNumber` (for us: the shop SKU); the line text is `transactionDescription` (there is no `description` on a
 * line), and the line total is `cost` / `costInCurrency` (there is no line `amount`).
 *
 * Money: decimal strings in **major** units (Visma's JSON numbers via `toDecimalString`); convert to minor units with
 * libs/mapping. Currency: the spec's descriptions disagree (header `…InCurrency` "in your default currency", line
 * `unitCostInCurrency` "in the selected currency"); this connector reads them as the sandbox renders them and as the
 * customer-invoice schemas do: unsuffixed amounts in the company's base currency, `…InCurrency` in the document's
 * `currencyId` (equal for base-currency invoices). Confirm against a live foreign-currency invoice before relying on it.
 */
import { z } from 'zod';
import { DECIMAL_FROM_NUMBER, ID_DESCRIPTION, METADATA, NUMBER_NAME, OPT_BOOLEAN, OPT_DATE_TIME, OPT_INT, OPT_STRING } from './common.schema';

/** `SupplierInvoiceDto.documentType` (response enum). */
export const VISMA_SUPPLIER_DOCUMENT_TYPES = ['Check', 'CreditAdj', 'DebitAdj', 'Invoice', 'Prepayment', 'QuickCheck', 'Refund', 'VoidCheck', 'VoidQuickCheck'] as const;
/** The `documentType` filter of GET /v1/supplierInvoice (a different, shorter enum in the spec). */
export const VISMA_SUPPLIER_DOCUMENT_TYPE_FILTERS = ['Invoice', 'CreditAdj', 'DebitAdj', 'Prepayment', 'Refund', 'Payment'] as const;
export type VismaSupplierDocumentTypeFilter = (typeof VISMA_SUPPLIER_DOCUMENT_TYPE_FILTERS)[number];
/** `SupplierInvoiceDto.status` and the `status` filter. */
export const VISMA_SUPPLIER_INVOICE_STATUSES = ['Hold', 'Balanced', 'Voided', 'Scheduled', 'Open', 'Closed', 'Printed', 'Prebooked', 'Reserved'] as const;
export type VismaSupplierInvoiceStatus = (typeof VISMA_SUPPLIER_INVOICE_STATUSES)[number];

const ACCOUNT_REF = z.object({ type: OPT_STRING, number: OPT_STRING, description: OPT_STRING }).passthrough();

/** `SupplierInvoiceLineDto` (subset). */
export const VISMA_SUPPLIER_INVOICE_LINE = z
  .object({
    lineNumber: OPT_INT,
    /** Item id ("the unique ID of the particular item or service delivered by the supplier"): the shop SKU for us. */
    inventoryNumber: OPT_STRING,
    externalInventoryId: OPT_STRING,
    stockItem: OPT_BOOLEAN,
    /** Line text (≤ 30 characters per the spec). */
    transactionDescription: OPT_STRING,
    quantity: DECIMAL_FROM_NUMBER,
    uom: OPT_STRING,
    unitCost: DECIMAL_FROM_NUMBER,
    unitCostInCurrency: DECIMAL_FROM_NUMBER,
    /** Line total (quantity × unit cost − discount). */
    cost: DECIMAL_FROM_NUMBER,
    costInCurrency: DECIMAL_FROM_NUMBER,
    discountPercent: DECIMAL_FROM_NUMBER,
    discountAmount: DECIMAL_FROM_NUMBER,
    discountAmountInCurrency: DECIMAL_FROM_NUMBER,
    /** Unit cost after the line discount (base / document currency). */
    discountUnitCost: DECIMAL_FROM_NUMBER,
    discountUnitCostInCurrency: DECIMAL_FROM_NUMBER,
    manualDiscount: OPT_BOOLEAN,
    account: ACCOUNT_REF.nullish(),
    subaccount: z.object({ subaccountNumber: OPT_STRING, subaccountId: OPT_INT }).passthrough().nullish(),
    vatCode: ID_DESCRIPTION.nullish(),
    /** The purchase order this line bills. */
    poNumber: OPT_STRING,
    poLineNr: OPT_INT,
    /** The purchase receipt this line bills. */
    poReceiptNbr: OPT_STRING,
    poReceiptLineNbr: OPT_INT,
    branchNumber: NUMBER_NAME.nullish(),
    note: OPT_STRING,
  })
  .passthrough();
export type VismaSupplierInvoiceLine = z.infer<typeof VISMA_SUPPLIER_INVOICE_LINE>;

/** `SupplierInvoiceDto` (subset). */
export const VISMA_SUPPLIER_INVOICE = z
  .object({
    referenceNumber: z.string(),
    documentType: OPT_STRING,
    status: OPT_STRING,
    hold: OPT_BOOLEAN,
    approvalStatus: OPT_STRING,
    supplier: z.object({ internalId: OPT_INT, number: OPT_STRING, name: OPT_STRING }).passthrough().nullish(),
    supplierReference: OPT_STRING,
    description: OPT_STRING,
    date: OPT_DATE_TIME,
    origInvoiceDate: OPT_DATE_TIME,
    dueDate: OPT_DATE_TIME,
    postPeriod: OPT_STRING,
    financialPeriod: OPT_STRING,
    currencyId: OPT_STRING,
    exchangeRate: DECIMAL_FROM_NUMBER,
    amount: DECIMAL_FROM_NUMBER,
    vatAmount: DECIMAL_FROM_NUMBER,
    balance: DECIMAL_FROM_NUMBER,
    balanceInCurrency: DECIMAL_FROM_NUMBER,
    detailTotal: DECIMAL_FROM_NUMBER,
    detailTotalInCurrency: DECIMAL_FROM_NUMBER,
    vatTotal: DECIMAL_FROM_NUMBER,
    vatTotalInCurrency: DECIMAL_FROM_NUMBER,
    vatTaxableTotal: DECIMAL_FROM_NUMBER,
    vatTaxableTotalInCurrency: DECIMAL_FROM_NUMBER,
    vatExemptTotal: DECIMAL_FROM_NUMBER,
    vatExemptTotalInCurrency: DECIMAL_FROM_NUMBER,
    paymentRefNo: OPT_STRING,
    creditTerms: ID_DESCRIPTION.nullish(),
    paymentMethod: ID_DESCRIPTION.nullish(),
    cashAccount: OPT_STRING,
    branchNumber: NUMBER_NAME.nullish(),
    note: OPT_STRING,
    createdDateTime: OPT_DATE_TIME,
    lastModifiedDateTime: OPT_DATE_TIME,
    /** Row version (base64), the list's ETag source. */
    timeStamp: OPT_STRING,
    errorInfo: OPT_STRING,
    invoiceLines: z.array(VISMA_SUPPLIER_INVOICE_LINE).nullish(),
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaSupplierInvoice = z.infer<typeof VISMA_SUPPLIER_INVOICE>;
export const VISMA_SUPPLIER_INVOICE_LIST = z.array(VISMA_SUPPLIER_INVOICE);
