/**
 * Customer payment records and the cash-account / payment-method seeds of the Visma sandbox. Money is integer minor
 * units of the payment's currency (`…Minor`); timestamps are epoch ms (UTC). The DTO shapes (PaymentDto,
 * PaymentLineDto) are built from these by visma-customer-payment.mapper.ts; source:
 * visma-net-erp-api.v1_20250424.openapi.json.
 */

/** A cash account (the `cashAccount` of PaymentUpdateDto): a bank or cash account in one currency on a GL account. */
export type VismaCashAccountSeed = {
  /** The id a payment names, e.g. "1920". */
  cashAccountId: string;
  description: string;
  /** The GL account it posts to (AccountDto.accountCD). */
  accountCD: string;
  /** The currency of the account; a payment on it is in this currency. */
  currencyId: string;
  /** Defaults to true. */
  active?: boolean;
};

/** A payment method (`paymentMethod` of PaymentUpdateDto) and the cash accounts it may be used with. */
export type VismaPaymentMethodSeed = { id: string; description: string; cashAccountIds: string[]; active?: boolean };

/**
 * The payment types the sandbox simulates (PaymentDto.type has more; the others are refused with a 400). Payment and
 * Prepayment apply to invoices; Refund pays money back to the customer and applies to released credit notes.
 */
export const SIMULATED_PAYMENT_TYPES = ['Payment', 'Prepayment', 'Refund'] as const;
export type VismaSimulatedPaymentType = (typeof SIMULATED_PAYMENT_TYPES)[number];

/** The document type a line of each simulated payment type applies to (DtoValueOfCustomerDocumentTypes). */
export const LINE_DOCUMENT_TYPE = { Payment: 'Invoice', Prepayment: 'Invoice', Refund: 'CreditNote' } as const satisfies Record<VismaSimulatedPaymentType, string>;
export type VismaPaymentLineDocumentType = (typeof LINE_DOCUMENT_TYPE)[VismaSimulatedPaymentType];

/** PaymentDto.status values the sandbox uses: new (Hold/Balanced), released (Open: unapplied rest; Closed: all applied). */
export type VismaPaymentStatus = 'Hold' | 'Balanced' | 'Open' | 'Closed';

/** One application of the payment to a customer invoice, or of a refund to a credit note (PaymentLineDto). */
export type VismaCustomerPaymentLineRecord = {
  documentType: VismaPaymentLineDocumentType;
  refNbr: string;
  /** In the document's currency (the sandbox requires it to be the payment's currency). */
  amountPaidMinor: number;
};

export type VismaCustomerPaymentRecord = {
  type: VismaSimulatedPaymentType;
  refNbr: string;
  status: VismaPaymentStatus;
  hold: boolean;
  applicationDateMs: number;
  /** YYYYMM. */
  applicationPeriod: string;
  paymentRef: string;
  customerNumber: string;
  paymentMethodId?: string;
  cashAccountId: string;
  currencyId: string;
  /** Payment-currency → base-currency rate × 10^6 (1 000 000 for the base currency). */
  exchangeRateMicro: bigint;
  paymentAmountMinor: number;
  invoiceText?: string;
  branchNumber: string;
  lines: VismaCustomerPaymentLineRecord[];
  /** When the release applied the payment (undefined before). */
  releasedMs?: number;
  rowVersion: bigint;
  createdMs: number;
  lastModifiedMs: number;
};
