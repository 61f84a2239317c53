/**
 * Request bodies for Visma.net ERP (source: /work/shared/specs/visma-net/visma-net-erp-api.v1_20250424.openapi.json):
 * - POST /v2/customerinvoice → `CustomerInvoiceUpdateDto` (lines in `invoiceLines`,
 *   `CustomerInvoiceLinesUpdateDto`),
 * - POST /v2/customerCreditNote → `CustomerCreditNoteUpdateDto` (lines in `lines`,
 *   `CustomerCreditNoteLineUpdateDto`; no `exchangeRate`, `creditTermsId` or `paymentMethodId`;
 *   address in `invoiceAddress`).
 * Fields are value-wrapped (`{ "field": { "value": x } }`) except `operation`, the line arrays and
 * `subaccount` (array of `SegmentUpdateDto`). Decimals are JSON numbers (`DtoValueOfDecimal`,
 * number/double), produced from minor units by `minorToJsonNumber` (exact at the JSON level).
 * Only the fields this connector sets are listed.
 */
export type VismaValue<T> = { value: T };

/** `SegmentUpdateDto`. */
export type VismaSegmentDraft = { segmentId: number; segmentValue: string };

/** `CustomerInvoiceLinesUpdateDto` / `CustomerCreditNoteLineUpdateDto` (same fields used). */
export type VismaDocumentLineDraft = {
  operation: 'Insert';
  lineNumber: VismaValue<number>;
  description: VismaValue<string>;
  quantity: VismaValue<number>;
  unitPriceInCurrency: VismaValue<number>;
  manualAmountInCurrency?: VismaValue<number>;
  accountNumber: VismaValue<string>;
  vatCodeId: VismaValue<string>;
  uom?: VismaValue<string>;
  subaccount?: VismaSegmentDraft[];
  branchNumber?: VismaValue<string>;
};

/** `SalesInvoiceAddressUpdateDto`. */
export type VismaAddressDraft = {
  overrideAddress: VismaValue<boolean>;
  addressLine1: VismaValue<string>;
  addressLine2?: VismaValue<string>;
  postalCode: VismaValue<string>;
  city: VismaValue<string>;
  countryId: VismaValue<string>;
  county?: VismaValue<string>;
};

/** `SalesInvoiceContactUpdateDto`. */
export type VismaContactDraft = {
  overrideContact: VismaValue<boolean>;
  name: VismaValue<string>;
  email: VismaValue<string>;
  phone1?: VismaValue<string>;
};

/** Header fields shared by both documents. */
export type VismaDocumentHeaderDraft = {
  customerNumber: VismaValue<string>;
  documentDate: VismaValue<string>;
  currencyId: VismaValue<string>;
  /** Search key, filterable on GET /v1/customerinvoice?externalReference=… (idempotency look-up). */
  externalReference: VismaValue<string>;
  /** The shop order number, as the customer knows it. */
  customerRefNumber: VismaValue<string>;
  invoiceText: VismaValue<string>;
  hold: VismaValue<boolean>;
  dontPrint: VismaValue<boolean>;
  dontEmail: VismaValue<boolean>;
  branchNumber?: VismaValue<string>;
  customerVatZoneId?: VismaValue<string>;
  invoiceContact?: VismaValue<VismaContactDraft>;
  note?: VismaValue<string>;
};

/** Body of POST /v2/customerinvoice (`CustomerInvoiceUpdateDto`). */
export type VismaCustomerInvoiceDraft = VismaDocumentHeaderDraft & {
  exchangeRate?: VismaValue<number>;
  creditTermsId?: VismaValue<string>;
  paymentMethodId?: VismaValue<string>;
  billingAddress?: VismaValue<VismaAddressDraft>;
  invoiceLines: VismaDocumentLineDraft[];
};

/** `PaymentLineBaseUpdateDto` (credit note applied to an invoice). */
export type VismaApplicationLineDraft = {
  operation: 'Insert';
  documentType: VismaValue<'Invoice'>;
  refNbr: VismaValue<string>;
  amountPaid: VismaValue<number>;
};

/** Body of POST /v2/customerCreditNote (`CustomerCreditNoteUpdateDto`). */
export type VismaCustomerCreditNoteDraft = VismaDocumentHeaderDraft & {
  invoiceAddress?: VismaValue<VismaAddressDraft>;
  lines: VismaDocumentLineDraft[];
  applicationLines?: VismaApplicationLineDraft[];
};
