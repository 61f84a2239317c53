/**
 * In-memory records of the Visma.net ERP sandbox. Money is integer minor units (`…Minor`, document currency
 * unless the name says `Base`); timestamps are epoch milliseconds (UTC). Response DTOs are built from these
 * records by the mappers; the shapes follow CustomerDto / CustomerInvoiceDto / CustomerCreditNoteDto of
 * visma-net-erp-api.v1_20250424.openapi.json.
 */

export const CUSTOMER_STATUSES = ['Active', 'OnHold', 'CreditHold', 'Inactive', 'OneTime'] as const;
export type VismaCustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const CREDIT_RULES = ['Disabled', 'DaysPastDue', 'CreditLimit', 'LimitAndDaysPastDue'] as const;
export type VismaCreditRule = (typeof CREDIT_RULES)[number];

export const STATEMENT_TYPES = ['OpenItem', 'BalanceBroughtForward'] as const;
export type VismaStatementType = (typeof STATEMENT_TYPES)[number];

export type VismaAddress = {
  addressLine1?: string;
  addressLine2?: string;
  addressLine3?: string;
  postalCode?: string;
  city?: string;
  countryId?: string;
  county?: string;
};

export type VismaContact = {
  name?: string;
  attention?: string;
  email?: string;
  web?: string;
  phone1?: string;
  phone2?: string;
  fax?: string;
};

export type VismaCustomerFlags = {
  printInvoices: boolean;
  acceptAutoInvoices: boolean;
  sendInvoicesByEmail: boolean;
  sendDunningLettersViaEMail: boolean;
  printDunningLetters: boolean;
  printStatements: boolean;
  sendStatementsByEmail: boolean;
  printMultiCurrencyStatements: boolean;
  invoiceToDefaultLocation: boolean;
  excludeDebtCollection: boolean;
};

export type VismaCustomerRecord = {
  internalId: number;
  number: string;
  name: string;
  status: VismaCustomerStatus;
  accountReference?: string;
  parentRecordNumber?: string;
  currencyId: string;
  customerClassId: string;
  creditTermsId: string;
  vatZoneId: string;
  creditVerification: VismaCreditRule;
  creditLimitMinor: number;
  creditDaysPastDue: number;
  statementType: VismaStatementType;
  flags: VismaCustomerFlags;
  mainAddress: VismaAddress;
  mainContact: VismaContact;
  invoiceAddress: VismaAddress;
  invoiceContact: VismaContact;
  deliveryAddress: VismaAddress;
  deliveryContact: VismaContact;
  vatRegistrationId?: string;
  corporateId?: string;
  gln?: string;
  note?: string;
  numberOfEmployees?: number;
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};

export type VismaDocumentKind = 'Invoice' | 'CreditNote';

export const DOCUMENT_STATUSES = [
  'Hold',
  'Balanced',
  'Voided',
  'Scheduled',
  'Open',
  'Closed',
  'PendingPrint',
  'PendingEmail',
  'CreditHold',
  'CcHold',
  'Reserved',
] as const;
export type VismaDocumentStatus = (typeof DOCUMENT_STATUSES)[number];

export type VismaDocumentLineRecord = {
  lineNumber: number;
  inventoryNumber?: string;
  description?: string;
  /** Quantity as decimal text (up to 6 decimals), e.g. "1.5". */
  quantity: string;
  unitPriceMinor: number;
  /** Discount percent as decimal text, e.g. "10". */
  discountPercent: string;
  discountMinor: number;
  manualDiscount: boolean;
  /** Line amount after discount, excluding VAT. */
  amountMinor: number;
  accountNumber: string;
  vatCategoryId: string;
  /** SUBACCOUNT segment values in segment order. */
  subaccount: string[];
  uom?: string;
  note?: string;
  branchNumber: string;
};

export type VismaTaxDetailRecord = { vatId: string; rateBasisPoints: number; taxableMinor: number; vatMinor: number };

export type VismaDocumentRecord = {
  kind: VismaDocumentKind;
  referenceNumber: string;
  customerNumber: string;
  currencyId: string;
  /** Document-currency → base-currency rate × 10^6 (1 for the base currency). */
  exchangeRateMicro: bigint;
  documentDateMs: number;
  origInvoiceDateMs: number;
  dueDateMs: number;
  cashDiscountDateMs: number;
  /** YYYYMM. */
  financialPeriod: string;
  postPeriod: string;
  status: VismaDocumentStatus;
  hold: boolean;
  externalReference?: string;
  customerRefNumber?: string;
  invoiceText?: string;
  note?: string;
  paymentReference?: string;
  creditTermsId: string;
  vatZoneId: string;
  branchNumber: string;
  arAccount: string;
  sendToAutoInvoice: boolean;
  dontPrint: boolean;
  dontEmail: boolean;
  lines: VismaDocumentLineRecord[];
  taxDetails: VismaTaxDetailRecord[];
  detailTotalMinor: number;
  discountTotalMinor: number;
  vatTaxableTotalMinor: number;
  vatExemptTotalMinor: number;
  vatTotalMinor: number;
  /** Document total including VAT. */
  amountMinor: number;
  balanceMinor: number;
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};

export type * from './visma-customer-payment.types';
export type * from './visma-supplier-invoice.types';
