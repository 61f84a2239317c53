/**
 * Customer payment schemas: `PaymentDto` / `PaymentLineDto` (response, plain) and a plain subset of
 * `PaymentUpdateDto` with `PaymentLinesUpdateDto` lines (request for POST /v1/customerPayment, value-wrapped on send;
 * `operation` stays plain). Source: components/schemas of visma-net-erp-api.v1_20250424.openapi.json.
 * The payment's id is `refNbr` (the path's `paymentNumber`).
 *
 * Money: Visma amounts are decimal **major** units (NOK 1250.50, not øre). Responses carry JSON numbers and become
 * decimal strings here (`toDecimalString`); inputs take decimal strings and go out as JSON numbers. Our canonical
 * minor units are converted by the caller (libs/mapping `formatUnits`/`parseMinor`). `paymentAmount` and
 * `availableBalance` are in the payment's `currency`; `paymentAmountInCurrency` / `availableBalanceInCurrency` are,
 * per the PaymentDto descriptions, "calculated in your default (base) currency". A line's `amountPaid` and `balance`
 * are "in the currency of the document" the line applies to.
 */
import { z } from 'zod';
import { DECIMAL_FROM_NUMBER, DECIMAL_INPUT, ID_DESCRIPTION, METADATA, NUMBER_NAME, OPT_BOOLEAN, OPT_DATE_TIME, OPT_STRING } from './common.schema';

/** `PaymentDto.type` / `typeInPaymentUpdateDto.value`. */
export const VISMA_PAYMENT_TYPES = ['Payment', 'CreditNote', 'Prepayment', 'Refund', 'VoidPayment', 'SmallBalanceWo', 'VoidRefund', 'Undefined'] as const;
export type VismaPaymentType = (typeof VISMA_PAYMENT_TYPES)[number];

/** `PaymentDto.status` (spec enum). A new payment is Balanced or Hold; after release Open (unapplied rest) or Closed. */
export const VISMA_PAYMENT_STATUSES = ['Hold', 'Balanced', 'Voided', 'Scheduled', 'Open', 'Closed', 'PendingPrint', 'PendingEmail', 'CreditHold', 'CcHold', 'Reserved'] as const;
export type VismaPaymentStatus = (typeof VISMA_PAYMENT_STATUSES)[number];

/** `DtoValueOfCustomerDocumentTypes.value`: the kind of document a payment line applies to. */
export const VISMA_CUSTOMER_DOCUMENT_TYPES = [
  'Invoice', 'DebitNote', 'CreditNote', 'Payment', 'VoidPayment', 'Prepayment', 'Refund', 'FinCharge', 'SmallBalanceWo', 'SmallCreditWo', 'CashSale', 'CashReturn', 'Undefined', 'NoUpdate',
] as const;
export type VismaCustomerDocumentType = (typeof VISMA_CUSTOMER_DOCUMENT_TYPES)[number];

/** `PaymentLineDto` (subset; unknown fields pass through). Amounts in the applied document's currency. */
export const VISMA_CUSTOMER_PAYMENT_LINE = z
  .object({
    documentType: OPT_STRING,
    refNbr: OPT_STRING,
    amountPaid: DECIMAL_FROM_NUMBER,
    cashDiscountTaken: DECIMAL_FROM_NUMBER,
    balanceWriteOff: DECIMAL_FROM_NUMBER,
    writeOffReasonCode: ID_DESCRIPTION.nullish(),
    date: OPT_DATE_TIME,
    dueDate: OPT_DATE_TIME,
    cashDiscountDate: OPT_DATE_TIME,
    /** The applied document's balance after this payment (spec: "after the cash discount is taken and the amount is paid"). */
    balance: DECIMAL_FROM_NUMBER,
    cashDiscountBalance: DECIMAL_FROM_NUMBER,
    description: OPT_STRING,
    currency: OPT_STRING,
    postPeriod: OPT_STRING,
    customerOrder: OPT_STRING,
    crossRate: DECIMAL_FROM_NUMBER,
  })
  .passthrough();
export type VismaCustomerPaymentLine = z.infer<typeof VISMA_CUSTOMER_PAYMENT_LINE>;

/** `PaymentDto` (GET /v1/customerPayment[/{paymentNumber}]); `refNbr` is the id. */
export const VISMA_CUSTOMER_PAYMENT = z
  .object({
    refNbr: z.string(),
    type: OPT_STRING,
    status: OPT_STRING,
    hold: OPT_BOOLEAN,
    applicationDate: OPT_DATE_TIME,
    /** Financial period, `YYYYMM`. */
    applicationPeriod: OPT_STRING,
    /** Our exactly-once key (see VismaCustomerPaymentClient.findByPaymentRef). */
    paymentRef: OPT_STRING,
    customer: NUMBER_NAME.nullish(),
    location: z.object({ id: OPT_STRING, name: OPT_STRING }).passthrough().nullish(),
    paymentMethod: ID_DESCRIPTION.nullish(),
    cashAccount: OPT_STRING,
    currency: OPT_STRING,
    paymentAmount: DECIMAL_FROM_NUMBER,
    invoiceText: OPT_STRING,
    appliedToDocuments: DECIMAL_FROM_NUMBER,
    appliedToOrders: DECIMAL_FROM_NUMBER,
    availableBalance: DECIMAL_FROM_NUMBER,
    writeOffAmount: DECIMAL_FROM_NUMBER,
    financeCharges: DECIMAL_FROM_NUMBER,
    deductedCharges: DECIMAL_FROM_NUMBER,
    branch: OPT_STRING,
    lastModifiedDateTime: OPT_DATE_TIME,
    paymentLines: z.array(VISMA_CUSTOMER_PAYMENT_LINE).nullish(),
    financialDetails: z.object({ paymentDate: OPT_DATE_TIME }).passthrough().nullish(),
    paymentAmountInCurrency: DECIMAL_FROM_NUMBER,
    availableBalanceInCurrency: DECIMAL_FROM_NUMBER,
    errorInfo: OPT_STRING,
    metadata: METADATA.nullish(),
  })
  .passthrough();
export type VismaCustomerPayment = z.infer<typeof VISMA_CUSTOMER_PAYMENT>;
export const VISMA_CUSTOMER_PAYMENT_LIST = z.array(VISMA_CUSTOMER_PAYMENT);

/** One `PaymentLinesUpdateDto` (plain input; `operation` is not value-wrapped in the spec). Amounts: decimal strings. */
export const VISMA_CUSTOMER_PAYMENT_LINE_INPUT = z
  .object({
    operation: z.enum(['Insert', 'Update', 'Delete']).default('Insert'),
    /** Defaults by the payment's `type`: CreditNote for a Refund, Invoice otherwise (VISMA_CUSTOMER_PAYMENT_INPUT). */
    documentType: z.enum(VISMA_CUSTOMER_DOCUMENT_TYPES).optional(),
    /** Reference number of the invoice (or, for a Refund, the credit note) the payment is applied to ("Mandatory field"). */
    refNbr: z.string().min(1),
    /** Amount applied, in the applied document's currency, major units ("125.00"). Visma defaults it to the balance. */
    amountPaid: DECIMAL_INPUT.optional(),
    cashDiscountTaken: DECIMAL_INPUT.optional(),
    balanceWriteOff: DECIMAL_INPUT.optional(),
    writeOffReasonCode: z.string().optional(),
    crossRate: DECIMAL_INPUT.optional(),
  })
  .strict();
export type VismaCustomerPaymentLineInput = z.input<typeof VISMA_CUSTOMER_PAYMENT_LINE_INPUT>;

const DATE_PREFIX = /^\d{4}-\d{2}-\d{2}/;

/**
 * The document type a line applies to when the input names none: a Refund (money paid back to the customer) settles a
 * released credit note; every other type is applied to invoices. A line may still name another type explicitly.
 */
export const DEFAULT_LINE_DOCUMENT_TYPE = (type: VismaPaymentType): VismaCustomerDocumentType => (type === 'Refund' ? 'CreditNote' : 'Invoice');

/**
 * Plain input for POST /v1/customerPayment (subset of `PaymentUpdateDto`). Mandatory per the spec's descriptions:
 * `customer`, `cashAccount`, `paymentRef`, `applicationDate` ("Mandatory field: …"); `paymentAmount` is what the
 * customer paid (major units of `currency`, the cash account's currency when omitted).
 * `invoiceText`: PaymentDto says "50 alphanumeric characters", so longer texts are refused here, not truncated.
 * `type: 'Refund'` records money paid back to the customer: `paymentAmount` is the (positive) amount refunded and the
 * lines apply it to released credit notes (`documentType` defaults to CreditNote, see DEFAULT_LINE_DOCUMENT_TYPE).
 */
export const VISMA_CUSTOMER_PAYMENT_INPUT = z
  .object({
    type: z.enum(VISMA_PAYMENT_TYPES).default('Payment'),
    /** Only with `overrideNumberSeries: true` (manual numbering). */
    referenceNumber: z.string().min(1).optional(),
    overrideNumberSeries: z.boolean().optional(),
    hold: z.boolean().optional(),
    /** `yyyy-MM-dd` or an ISO date-time (the spec's date-time; sent as given). */
    applicationDate: z.string().regex(DATE_PREFIX, 'expected yyyy-MM-dd or an ISO date-time'),
    applicationPeriod: z.string().regex(/^\d{6}$/, 'expected YYYYMM').optional(),
    /** Secondary reference ("Payment ref.", mandatory): our idempotency key, e.g. the shop's capture number. */
    paymentRef: z.string().min(1).max(40),
    customer: z.string().min(1),
    location: z.string().optional(),
    paymentMethod: z.string().optional(),
    cashAccount: z.string().min(1),
    currency: z.string().length(3).optional(),
    paymentAmount: DECIMAL_INPUT,
    invoiceText: z.string().max(50).optional(),
    branch: z.string().optional(),
    paymentLines: z.array(VISMA_CUSTOMER_PAYMENT_LINE_INPUT).default([]),
  })
  .strict()
  .transform((p) => ({ ...p, paymentLines: p.paymentLines.map((l) => ({ ...l, documentType: l.documentType ?? DEFAULT_LINE_DOCUMENT_TYPE(p.type) })) }));
export type VismaCustomerPaymentInput = z.input<typeof VISMA_CUSTOMER_PAYMENT_INPUT>;

/** `ReleasePaymentActionResultDto`: `actionResult` Queued | InProcess | Failed | Done. */
export const VISMA_RELEASE_PAYMENT_RESULT = z
  .object({ actionId: OPT_STRING, actionResult: OPT_STRING, errorInfo: OPT_STRING })
  .passthrough()
  .nullish();
