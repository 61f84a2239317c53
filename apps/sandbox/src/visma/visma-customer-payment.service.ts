import { jsonText } from '../core/json-text';
import type { VismaCompanyState } from './visma-company.store';
import { isObject, periodOf, startOfDayUtc, unwrapBoolean, unwrapDateTime, unwrapScaled, unwrapString, type VismaJsonObject } from './visma-dto.util';
import { LINE_DOCUMENT_TYPE, SIMULATED_PAYMENT_TYPES, type VismaCustomerPaymentLineRecord, type VismaCustomerPaymentRecord, type VismaPaymentLineDocumentType, type VismaSimulatedPaymentType } from './visma-customer-payment.types';
import { vismaException, vismaNotFound, vismaUnknownReference, vismaValidationError } from './visma.error';

/** PaymentDto.type (spec enum); the sandbox simulates SIMULATED_PAYMENT_TYPES of it. */
export const PAYMENT_TYPES = ['Payment', 'CreditNote', 'Prepayment', 'Refund', 'VoidPayment', 'SmallBalanceWo', 'VoidRefund', 'Undefined'] as const;
/** PaymentDto.invoiceText: "50 alphanumeric characters". */
const INVOICE_TEXT_MAX = 50;
const QTY_ONE = 1_000_000n;

/** Minor units as a 2-decimal amount for messages: 125000 → "1250.00". */
const money = (minor: number): string => {
  const digits = String(Math.abs(minor)).padStart(3, '0');
  return `${minor < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
};
/** How messages name the document a line applies to. */
const LABEL: Record<VismaPaymentLineDocumentType, string> = { Invoice: 'invoice', CreditNote: 'credit note' };

/**
 * Creates a customer payment from its request DTO (PaymentUpdateDto, value-wrapped, with PaymentLinesUpdateDto lines
 * whose `operation` is plain; visma-net-erp-api.v1_20250424.openapi.json) and returns the record (not stored).
 * Checks, each a 400 with the Visma Exception body whose message names the field in quotes (the connector reads it):
 * `type` Payment, Prepayment or Refund (others not simulated); `customer` given, existing, not inactive; `cashAccount` given,
 * seeded and active; `paymentMethod` (optional) seeded and allowed on that cash account; `currency` (defaults to the
 * cash account's) equal to the cash account's currency; `paymentRef` given ("Mandatory field"); `invoiceText` ≤ 50
 * characters; `branch` existing; each line: `documentType` Invoice for a Payment/Prepayment and CreditNote for a
 * Refund (default: that type; others not simulated), `refNbr` a document of that type and customer in the payment's
 * currency, released (status Open — Balanced/Hold are not released, Closed is settled), `amountPaid` > 0 and ≤ the
 * document's balance (default: the balance, at most what is still unapplied of `paymentAmount`), no document twice.
 * A Refund is money paid back to the customer: its `paymentAmount` is positive and its release lowers the credit
 * notes' balances as a payment lowers the invoices'. `paymentAmount` ≥ the amount
 * applied (default: the amount applied). Status: Hold when `hold`, else Balanced. Number: the series (`000001`), or
 * `referenceNumber` with `overrideNumberSeries: true` (taken → 400 `duplicate`).
 */
export function createCustomerPayment(dto: VismaJsonObject, company: VismaCompanyState): VismaCustomerPaymentRecord {
  const type = unwrapString(dto, 'type') ?? 'Payment';
  if (!(PAYMENT_TYPES as readonly string[]).includes(type)) throw vismaValidationError(`The value '${type}' of 'type' is not valid.`);
  if (!(SIMULATED_PAYMENT_TYPES as readonly string[]).includes(type)) throw vismaValidationError(`Error: 'type' ${type} is not simulated by the sandbox (${SIMULATED_PAYMENT_TYPES.join(', ')}).`);
  const simulatedType = type as VismaSimulatedPaymentType;
  const customerNumber = unwrapString(dto, 'customer')?.trim();
  if (!customerNumber) throw vismaValidationError("Error: 'customer' cannot be empty.", 'Mandatory field: customer');
  const customer = company.customers.get(customerNumber);
  if (!customer) throw vismaUnknownReference(`Error: 'customer' ${customerNumber} does not exist.`);
  if (customer.status === 'Inactive') throw vismaValidationError(`Error: 'customer' ${customerNumber} is inactive.`);

  const cashAccountId = unwrapString(dto, 'cashAccount')?.trim();
  if (!cashAccountId) throw vismaValidationError("Error: 'cashAccount' cannot be empty.", 'Mandatory field: cashAccount');
  const cash = company.cashAccount(cashAccountId);
  if (!cash) throw vismaUnknownReference(`Error: 'cashAccount' ${cashAccountId} does not exist.`);
  if (cash.active === false) throw vismaValidationError(`Error: 'cashAccount' ${cashAccountId} is inactive.`);
  const paymentMethodId = unwrapString(dto, 'paymentMethod');
  if (paymentMethodId !== undefined) {
    const method = company.paymentMethod(paymentMethodId);
    if (!method || method.active === false) throw vismaUnknownReference(`Error: 'paymentMethod' ${paymentMethodId} does not exist.`);
    if (!method.cashAccountIds.includes(cashAccountId)) throw vismaValidationError(`Error: 'paymentMethod' ${paymentMethodId} cannot be used with cash account ${cashAccountId}.`);
  }
  const currencyId = unwrapString(dto, 'currency') ?? cash.currencyId;
  if (!company.seed.currencies.includes(currencyId)) throw vismaUnknownReference(`Error: 'currency' ${currencyId} does not exist.`);
  if (currencyId !== cash.currencyId) throw vismaValidationError(`Error: 'currency' ${currencyId} differs from the currency ${cash.currencyId} of cash account ${cashAccountId}.`);

  const paymentRef = unwrapString(dto, 'paymentRef')?.trim();
  if (!paymentRef) throw vismaValidationError("Error: 'paymentRef' cannot be empty.", 'Mandatory field: paymentRef');
  const invoiceText = unwrapString(dto, 'invoiceText');
  if (invoiceText !== undefined && invoiceText.length > INVOICE_TEXT_MAX) throw vismaValidationError(`Error: 'invoiceText' is longer than ${INVOICE_TEXT_MAX} characters.`);
  const branchNumber = unwrapString(dto, 'branch') ?? company.seed.defaults.branchNumber;
  if (!company.branch(branchNumber)) throw vismaUnknownReference(`Error: 'branch' ${branchNumber} does not exist.`);

  const given = unwrapScaled(dto, 'paymentAmount', 2);
  const lines = readLines(dto['paymentLines'], { documentType: LINE_DOCUMENT_TYPE[simulatedType], customerNumber, currencyId, unappliedMinor: given === undefined ? Number.POSITIVE_INFINITY : Number(given) }, company);
  const applied = lines.reduce((sum, l) => sum + l.amountPaidMinor, 0);
  const paymentAmountMinor = given === undefined ? applied : Number(given);
  if (paymentAmountMinor <= 0) throw vismaValidationError("Error: 'paymentAmount' must be greater than 0.", "Field: 'paymentAmount'");
  if (paymentAmountMinor < applied) {
    throw vismaValidationError(`Error: 'paymentAmount' ${money(paymentAmountMinor)} is less than the amount applied to documents, ${money(applied)}.`, "Field: 'paymentAmount'");
  }
  const now = company.now();
  const applicationDateMs = unwrapDateTime(dto, 'applicationDate') ?? startOfDayUtc(now);
  const period = unwrapString(dto, 'applicationPeriod');
  if (period !== undefined && !/^\d{6}$/.test(period)) throw vismaValidationError(`The value '${period}' of 'applicationPeriod' must be in the format YYYYMM.`);
  const hold = unwrapBoolean(dto, 'hold') ?? false;
  const firstDocument = lines[0] ? company.documents(lines[0].documentType).get(lines[0].refNbr) : undefined;
  return {
    type: simulatedType,
    refNbr: paymentNumber(dto, company),
    status: hold ? 'Hold' : 'Balanced',
    hold,
    applicationDateMs,
    applicationPeriod: period ?? periodOf(applicationDateMs),
    paymentRef,
    customerNumber,
    ...(paymentMethodId !== undefined ? { paymentMethodId } : {}),
    cashAccountId,
    currencyId,
    exchangeRateMicro: currencyId === company.seed.baseCurrency ? QTY_ONE : (firstDocument?.exchangeRateMicro ?? QTY_ONE),
    paymentAmountMinor,
    ...(invoiceText !== undefined ? { invoiceText } : {}),
    branchNumber,
    lines,
    rowVersion: company.nextRowVersion(),
    createdMs: now,
    lastModifiedMs: now,
  };
}

/**
 * The release action: applies a Balanced payment to its invoices (a refund to its credit notes) — each document's
 * balance drops by `amountPaid` (Closed at 0), with a new row version and `lastModifiedDateTime` — and sets the payment Open (an unapplied rest
 * remains) or Closed. Stores both. `body` is ReleasePaymentActionDto; a `type` other than the payment's is refused.
 * @throws SandboxHttpError 404 unknown payment; 400 on hold, already released, or an invoice whose balance no longer
 *   covers `amountPaid` (another payment or refund was released first) — nothing is changed then
 */
export function releaseCustomerPayment(refNbr: string, body: unknown, company: VismaCompanyState): VismaCustomerPaymentRecord {
  const payment = company.customerPayments.get(refNbr);
  if (!payment) throw vismaNotFound(`Payment '${refNbr}' was not found.`);
  const type = isObject(body) ? unwrapString(body, 'type') : undefined;
  if (type !== undefined && type !== payment.type) throw vismaValidationError(`Error: 'type' ${type} does not match the payment's type ${payment.type}.`);
  if (payment.status !== 'Balanced') throw vismaValidationError(`Error: The document '${refNbr}' has status ${payment.status} and cannot be released.`);
  const documents = payment.lines.map((line, i) => {
    const document = company.documents(line.documentType).get(line.refNbr);
    const label = LABEL[line.documentType];
    if (!document || document.status !== 'Open') throw vismaValidationError(`Error: 'refNbr' ${label} ${line.refNbr} is no longer open (line ${i + 1}).`);
    if (line.amountPaidMinor > document.balanceMinor) {
      throw vismaValidationError(`Error: 'amountPaid' ${money(line.amountPaidMinor)} exceeds the balance ${money(document.balanceMinor)} of ${label} ${line.refNbr} (line ${i + 1}).`, `Field: 'paymentLines.${i}.amountPaid'`);
    }
    return { document, line };
  });
  const now = company.now();
  for (const { document, line } of documents) {
    const balanceMinor = document.balanceMinor - line.amountPaidMinor;
    company.documents(line.documentType).set(document.referenceNumber, { ...document, balanceMinor, status: balanceMinor === 0 ? 'Closed' : 'Open', rowVersion: company.nextRowVersion(), lastModifiedMs: now });
  }
  const applied = payment.lines.reduce((sum, l) => sum + l.amountPaidMinor, 0);
  const released: VismaCustomerPaymentRecord = { ...payment, status: applied < payment.paymentAmountMinor ? 'Open' : 'Closed', releasedMs: now, rowVersion: company.nextRowVersion(), lastModifiedMs: now };
  company.customerPayments.set(refNbr, released);
  return released;
}

function paymentNumber(dto: VismaJsonObject, company: VismaCompanyState): string {
  if (unwrapBoolean(dto, 'overrideNumberSeries') !== true) return company.nextPaymentNumber();
  const wanted = unwrapString(dto, 'referenceNumber')?.trim();
  if (!wanted) throw vismaValidationError("Error: 'referenceNumber' cannot be empty when overrideNumberSeries is true.");
  if (company.customerPayments.has(wanted)) throw vismaException(400, 'duplicate', `Payment '${wanted}' already exists.`);
  return wanted;
}

/**
 * Payment lines, each applied to a document of `payment.documentType` (Invoice for payments, CreditNote for refunds);
 * an absent `amountPaid` defaults to the smaller of the document's balance and what is still unapplied.
 */
function readLines(
  raw: unknown,
  payment: { documentType: VismaPaymentLineDocumentType; customerNumber: string; currencyId: string; unappliedMinor: number },
  company: VismaCompanyState,
): VismaCustomerPaymentLineRecord[] {
  const { documentType: expected, customerNumber, currencyId } = payment;
  const label = LABEL[expected];
  let unapplied = payment.unappliedMinor;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw vismaValidationError("'paymentLines' must be an array.");
  const seen = new Set<string>();
  return raw.map((item, i) => {
    const where = `line ${i + 1}`;
    if (!isObject(item)) throw vismaValidationError(`Payment ${where} must be an object.`);
    const operation = item['operation'];
    if (operation !== undefined && operation !== 'Insert') throw vismaValidationError(`Operation '${jsonText(operation)}' is not valid on ${where} of a new payment.`);
    const documentType = unwrapString(item, 'documentType') ?? expected;
    if (documentType !== expected) {
      throw vismaValidationError(`Error: 'documentType' ${documentType} is not simulated by the sandbox for this payment type; only ${expected} (${where}).`, `Field: 'paymentLines.${i}.documentType'`);
    }
    const refNbr = unwrapString(item, 'refNbr')?.trim();
    if (!refNbr) throw vismaValidationError(`Error: 'refNbr' cannot be empty (${where}).`, `Mandatory field: paymentLines.${i}.refNbr`);
    if (seen.has(refNbr)) throw vismaValidationError(`Error: 'refNbr' ${label} ${refNbr} is applied twice (${where}).`);
    seen.add(refNbr);
    const document = company.documents(expected).get(refNbr);
    if (!document) throw vismaUnknownReference(`Error: 'refNbr' ${label} ${refNbr} does not exist (${where}).`);
    if (document.customerNumber !== customerNumber) throw vismaValidationError(`Error: 'refNbr' ${label} ${refNbr} belongs to customer ${document.customerNumber}, not ${customerNumber} (${where}).`);
    if (document.status === 'Balanced' || document.status === 'Hold') throw vismaValidationError(`Error: 'refNbr' ${label} ${refNbr} is not released (status ${document.status}) (${where}).`);
    if (document.status !== 'Open') throw vismaValidationError(`Error: 'refNbr' ${label} ${refNbr} has status ${document.status} and takes no payments (${where}).`);
    if (document.currencyId !== currencyId) throw vismaValidationError(`Error: 'refNbr' ${label} ${refNbr} is in ${document.currencyId}, the payment in ${currencyId}; a cross rate is not simulated (${where}).`);
    for (const field of ['cashDiscountTaken', 'balanceWriteOff'] as const) {
      const v = unwrapScaled(item, field, 2);
      if (v !== undefined && v !== 0n) throw vismaValidationError(`Error: '${field}' is not simulated by the sandbox (${where}).`);
    }
    const given = unwrapScaled(item, 'amountPaid', 2);
    const amountPaidMinor = given === undefined ? Math.max(0, Math.min(document.balanceMinor, unapplied)) : Number(given);
    unapplied -= amountPaidMinor;
    if (amountPaidMinor <= 0) throw vismaValidationError(`Error: 'amountPaid' must be greater than 0 (${where}).`, `Field: 'paymentLines.${i}.amountPaid'`);
    if (amountPaidMinor > document.balanceMinor) {
      throw vismaValidationError(
        `Error: 'amountPaid' ${money(amountPaidMinor)} exceeds the balance ${money(document.balanceMinor)} of ${label} ${refNbr} (${where}).`,
        `Field: 'paymentLines.${i}.amountPaid'`,
      );
    }
    return { documentType: expected, refNbr, amountPaidMinor };
  });
}
