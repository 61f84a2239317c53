/**
 * Customer invoice schemas: `CustomerInvoiceDto` (response) and a plain subset of `CustomerInvoiceUpdateDto`
 * with `CustomerInvoiceLinesUpdateDto` lines (request for POST /v2/customerinvoice, wrapped on send).
 * Source: components/schemas of visma-net-erp-api.v1_20250424.openapi.json. `referenceNumber` is the id.
 * Amounts are decimal strings (see common.schema.ts).
 */
import { z } from 'zod';
import {
  DECIMAL_FROM_NUMBER,
  DECIMAL_INPUT,
  ID_DESCRIPTION,
  METADATA,
  NUMBER_NAME,
  OPT_BOOLEAN,
  OPT_DATE_TIME,
  OPT_INT,
  OPT_STRING,
  SEGMENT_INPUT,
} from './common.schema';

/** `CustomerInvoiceLineDto` (subset; unknown fields pass through). */
export const VISMA_CUSTOMER_DOCUMENT_LINE = z
  .object({
    lineNumber: OPT_INT,
    inventoryNumber: OPT_STRING,
    description: OPT_STRING,
    quantity: DECIMAL_FROM_NUMBER,
    unitPriceInCurrency: DECIMAL_FROM_NUMBER,
    manualAmountInCurrency: DECIMAL_FROM_NUMBER,
    amountInCurrency: DECIMAL_FROM_NUMBER,
    discountPercent: DECIMAL_FROM_NUMBER,
    discountAmountInCurrency: DECIMAL_FROM_NUMBER,
    account: z.object({ number: OPT_STRING, description: OPT_STRING }).passthrough().nullish(),
    vatCode: ID_DESCRIPTION.nullish(),
    subaccount: z.object({ subaccountNumber: OPT_STRING, subaccountId: OPT_INT }).passthrough().nullish(),
    uom: OPT_STRING,
    note: OPT_STRING,
  })
  .passthrough();

/** Fields shared by `CustomerInvoiceDto` and `CustomerCreditNoteDto`. */
export const VISMA_CUSTOMER_DOCUMENT_BASE = z
  .object({
    referenceNumber: z.string(),
    documentType: OPT_STRING,
    status: OPT_STRING,
    hold: OPT_BOOLEAN,
    customer: NUMBER_NAME.nullish(),
    documentDate: OPT_DATE_TIME,
    documentDueDate: OPT_DATE_TIME,
    origInvoiceDate: OPT_DATE_TIME,
    postPeriod: OPT_STRING,
    financialPeriod: OPT_STRING,
    currencyId: OPT_STRING,
    externalReference: OPT_STRING,
    customerRefNumber: OPT_STRING,
    invoiceText: OPT_STRING,
    note: OPT_STRING,
    amount: DECIMAL_FROM_NUMBER,
    amountInCurrency: DECIMAL_FROM_NUMBER,
    balance: DECIMAL_FROM_NUMBER,
    balanceInCurrency: DECIMAL_FROM_NUMBER,
    vatTotal: DECIMAL_FROM_NUMBER,
    vatTotalInCurrency: DECIMAL_FROM_NUMBER,
    vatTaxableTotal: DECIMAL_FROM_NUMBER,
    vatExemptTotal: DECIMAL_FROM_NUMBER,
    detailTotal: DECIMAL_FROM_NUMBER,
    roundingDiff: DECIMAL_FROM_NUMBER,
    branchNumber: NUMBER_NAME.nullish(),
    lastModifiedDateTime: OPT_DATE_TIME,
    createdDateTime: OPT_DATE_TIME,
    metadata: METADATA.nullish(),
  })
  .passthrough();

export const VISMA_CUSTOMER_INVOICE = VISMA_CUSTOMER_DOCUMENT_BASE.extend({
  invoiceLines: z.array(VISMA_CUSTOMER_DOCUMENT_LINE).nullish(),
}).passthrough();
export type VismaCustomerInvoice = z.infer<typeof VISMA_CUSTOMER_INVOICE>;
export const VISMA_CUSTOMER_INVOICE_LIST = z.array(VISMA_CUSTOMER_INVOICE);

/** One line of `CustomerInvoiceLinesUpdateDto` / `CustomerCreditNoteLineUpdateDto` (plain input). */
export const VISMA_DOCUMENT_LINE_INPUT = z
  .object({
    /** Not value-wrapped in the spec; 'Insert' for new documents. */
    operation: z.enum(['Insert', 'Update', 'Delete']).default('Insert'),
    lineNumber: z.number().int().positive().optional(),
    inventoryNumber: z.string().optional(),
    description: z.string().max(256).optional(),
    quantity: DECIMAL_INPUT.optional(),
    unitPriceInCurrency: DECIMAL_INPUT.optional(),
    manualAmountInCurrency: DECIMAL_INPUT.optional(),
    discountPercent: DECIMAL_INPUT.optional(),
    discountAmountInCurrency: DECIMAL_INPUT.optional(),
    accountNumber: z.string().optional(),
    vatCodeId: z.string().optional(),
    uom: z.string().optional(),
    /** `SegmentUpdateDto[]`, not value-wrapped. */
    subaccount: z.array(SEGMENT_INPUT).optional(),
    note: z.string().optional(),
    branchNumber: z.string().optional(),
  })
  .strict();
export type VismaDocumentLineInput = z.input<typeof VISMA_DOCUMENT_LINE_INPUT>;

/** Header fields shared by invoice and credit-note inputs. */
const DOCUMENT_INPUT_BASE = {
  customerNumber: z.string().min(1),
  /** `yyyy-MM-dd` or ISO date-time. */
  documentDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/),
  origInvoiceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional(),
  /** Our idempotency anchor: the shop order/refund id. Searchable with `externalReference=`. */
  externalReference: z.string().min(1).max(40),
  customerRefNumber: z.string().optional(),
  currencyId: z.string().length(3).optional(),
  invoiceText: z.string().max(255).optional(),
  note: z.string().optional(),
  branchNumber: z.string().optional(),
  referenceNumber: z.string().optional(),
  hold: z.boolean().optional(),
  sendToAutoInvoice: z.boolean().optional(),
  customerVatZoneId: z.string().optional(),
  financialPeriod: z.string().regex(/^\d{6}$/).optional(),
  postPeriod: z.string().regex(/^\d{6}$/).optional(),
};

/** Plain input for POST /v2/customerinvoice (subset of `CustomerInvoiceUpdateDto`). */
export const VISMA_CUSTOMER_INVOICE_INPUT = z
  .object({
    ...DOCUMENT_INPUT_BASE,
    documentDueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}/).optional(),
    paymentMethodId: z.string().optional(),
    creditTermsId: z.string().optional(),
    invoiceLines: z.array(VISMA_DOCUMENT_LINE_INPUT).min(1),
  })
  .strict();
export type VismaCustomerInvoiceInput = z.input<typeof VISMA_CUSTOMER_INVOICE_INPUT>;

/** Plain input for POST /v2/customerCreditNote (subset of `CustomerCreditNoteUpdateDto`; lines are `lines`). */
export const VISMA_CUSTOMER_CREDIT_NOTE_INPUT = z
  .object({
    ...DOCUMENT_INPUT_BASE,
    lines: z.array(VISMA_DOCUMENT_LINE_INPUT).min(1),
  })
  .strict();
export type VismaCustomerCreditNoteInput = z.input<typeof VISMA_CUSTOMER_CREDIT_NOTE_INPUT>;

/** `CustomerCreditNoteDto` (GET /v1/customerCreditNote…); its lines are under `lines`, not `invoiceLines`. */
export const VISMA_CUSTOMER_CREDIT_NOTE = VISMA_CUSTOMER_DOCUMENT_BASE.extend({
  lines: z.array(VISMA_CUSTOMER_DOCUMENT_LINE).nullish(),
}).passthrough();
export type VismaCustomerCreditNote = z.infer<typeof VISMA_CUSTOMER_CREDIT_NOTE>;
export const VISMA_CUSTOMER_CREDIT_NOTE_LIST = z.array(VISMA_CUSTOMER_CREDIT_NOTE);
