import { jsonText } from '../core/json-text';
import type { VismaCompanyState } from './visma-company.store';
import {
  isObject,
  periodOf,
  startOfDayUtc,
  unwrapBoolean,
  unwrapDateTime,
  unwrapInteger,
  unwrapScaled,
  unwrapString,
  type VismaJsonObject,
} from './visma-dto.util';
import { divRound } from './visma-money.util';
import type {
  VismaCustomerRecord,
  VismaDocumentKind,
  VismaDocumentLineRecord,
  VismaDocumentRecord,
  VismaTaxDetailRecord,
} from './visma-records.types';
import { vismaException, vismaUnknownReference, vismaValidationError } from './visma.error';

const DAY_MS = 86_400_000;
const QTY_SCALE = 6;
const QTY_ONE = 1_000_000n;

/**
 * Creates a customer invoice or credit note from its request DTO (CustomerInvoiceUpdateDto with
 * `invoiceLines`, CustomerCreditNoteUpdateDto with `lines`; visma-net-erp-api.v1_20250424.openapi.json) and
 * returns the record (not stored). Amounts are computed in integer minor units:
 * line gross = manualAmountInCurrency ?? round(quantity × unitPriceInCurrency); line discount =
 * discountAmountInCurrency ?? round(gross × discountPercent / 100); line amount = gross − discount;
 * VAT per VAT id at document level = round(Σ taxable × rate), half away from zero; amount = Σ lines + Σ VAT.
 * Defaults: document date today, terms/VAT zone/currency from the customer, line account = company sales
 * account, line VAT category = the account's taxCategory (or the customer's VAT zone default when the zone is
 * not the company's domestic zone), quantity 1.
 * Throws 400 Visma errors: missing customerNumber ("Mandatory"), unknown/inactive customer, unknown or
 * inactive ledger account, unknown VAT category, unknown subaccount segment value, unknown branch/currency/terms,
 * duplicate reference number with overrideNumberSeries, malformed values.
 */
export function createCustomerDocument(kind: VismaDocumentKind, dto: VismaJsonObject, company: VismaCompanyState): VismaDocumentRecord {
  const customerNumber = unwrapString(dto, 'customerNumber')?.trim();
  if (!customerNumber) throw vismaValidationError("Error: 'Customer' cannot be empty.", 'Mandatory field: customerNumber');
  const customer = company.customers.get(customerNumber);
  if (!customer) throw vismaUnknownReference(`Customer '${customerNumber}' does not exist.`);
  if (customer.status === 'Inactive') throw vismaValidationError(`Customer '${customerNumber}' is inactive.`);

  const currencyId = unwrapString(dto, 'currencyId') ?? customer.currencyId;
  if (!company.seed.currencies.includes(currencyId)) throw vismaUnknownReference(`Currency '${currencyId}' does not exist.`);
  const rate = currencyId === company.seed.baseCurrency ? QTY_ONE : (unwrapScaled(dto, 'exchangeRate', 6) ?? QTY_ONE);
  if (rate <= 0n) throw vismaValidationError('The exchange rate must be positive.');

  const creditTermsId = (kind === 'Invoice' ? unwrapString(dto, 'creditTermsId') : undefined) ?? customer.creditTermsId;
  const terms = company.creditTerms(creditTermsId);
  if (!terms) throw vismaUnknownReference(`Credit terms '${creditTermsId}' do not exist.`);
  const vatZoneId = unwrapString(dto, 'customerVatZoneId') ?? customer.vatZoneId;
  const zone = company.vatZone(vatZoneId);
  if (!zone) throw vismaUnknownReference(`VAT zone '${vatZoneId}' does not exist.`);
  const branchNumber = unwrapString(dto, 'branchNumber') ?? company.seed.defaults.branchNumber;
  if (!company.branch(branchNumber)) throw vismaUnknownReference(`Branch '${branchNumber}' does not exist.`);

  const now = company.now();
  const documentDateMs = unwrapDateTime(dto, 'documentDate') ?? startOfDayUtc(now);
  const period = (field: string): string => {
    const v = unwrapString(dto, field);
    if (v !== undefined && !/^\d{6}$/.test(v)) throw vismaValidationError(`The value '${v}' of '${field}' must be in the format YYYYMM.`);
    return v ?? periodOf(documentDateMs);
  };
  const hold = unwrapBoolean(dto, 'hold') ?? false;

  const rawLines = dto[kind === 'Invoice' ? 'invoiceLines' : 'lines'];
  if (rawLines !== undefined && rawLines !== null && !Array.isArray(rawLines)) {
    throw vismaValidationError(`'${kind === 'Invoice' ? 'invoiceLines' : 'lines'}' must be an array.`);
  }
  const lines = (rawLines ?? []).map((raw, i) => readLine(raw, i, company, customer, branchNumber));
  const totals = computeTotals(lines, company);
  const referenceNumber = resolveReferenceNumber(kind, dto, company);
  const optional = (field: string): Record<string, string> => {
    const v = unwrapString(dto, field);
    return v === undefined ? {} : { [field]: v };
  };

  return {
    kind,
    referenceNumber,
    customerNumber,
    currencyId,
    exchangeRateMicro: rate,
    documentDateMs,
    origInvoiceDateMs: unwrapDateTime(dto, 'origInvoiceDate') ?? documentDateMs,
    dueDateMs: (kind === 'Invoice' ? unwrapDateTime(dto, 'documentDueDate') : undefined) ?? documentDateMs + terms.dueDays * DAY_MS,
    cashDiscountDateMs: (kind === 'Invoice' ? unwrapDateTime(dto, 'cashDiscountDate') : undefined) ?? documentDateMs,
    financialPeriod: period('financialPeriod'),
    postPeriod: period('postPeriod'),
    status: hold ? 'Hold' : 'Balanced',
    hold,
    ...optional('externalReference'),
    ...optional('customerRefNumber'),
    ...optional('invoiceText'),
    ...optional('note'),
    ...(kind === 'Invoice' ? optional('paymentReference') : {}),
    creditTermsId,
    vatZoneId,
    branchNumber,
    arAccount: company.seed.defaults.arAccount,
    sendToAutoInvoice: unwrapBoolean(dto, 'sendToAutoInvoice') ?? false,
    dontPrint: unwrapBoolean(dto, 'dontPrint') ?? false,
    dontEmail: unwrapBoolean(dto, 'dontEmail') ?? false,
    lines,
    ...totals,
    balanceMinor: totals.amountMinor,
    rowVersion: company.nextRowVersion(),
    createdMs: now,
    lastModifiedMs: now,
  };
}

function resolveReferenceNumber(kind: VismaDocumentKind, dto: VismaJsonObject, company: VismaCompanyState): string {
  if (unwrapBoolean(dto, 'overrideNumberSeries') !== true) return company.nextDocumentNumber(kind);
  const wanted = unwrapString(dto, 'referenceNumber')?.trim();
  if (!wanted) throw vismaValidationError("Error: 'Reference number' cannot be empty when overrideNumberSeries is true.");
  if (company.documents(kind).has(wanted)) throw vismaException(400, 'duplicate', `Document '${wanted}' already exists.`);
  return wanted;
}

function readLine(raw: unknown, index: number, company: VismaCompanyState, customer: VismaCustomerRecord, docBranch: string): VismaDocumentLineRecord {
  const where = `line ${index + 1}`;
  if (!isObject(raw)) throw vismaValidationError(`Document ${where} must be an object.`);
  const operation = raw['operation'];
  if (operation !== undefined && operation !== 'Insert') {
    throw vismaValidationError(`Operation '${jsonText(operation)}' is not valid on ${where} of a new document.`);
  }
  const accountNumber = unwrapString(raw, 'accountNumber') ?? company.seed.defaults.salesAccount;
  const account = company.account(accountNumber);
  if (!account) throw vismaUnknownReference(`Account '${accountNumber}' does not exist (${where}).`);
  if (account.active === false) throw vismaValidationError(`Account '${accountNumber}' is inactive (${where}).`);

  const zone = company.vatZone(customer.vatZoneId);
  const isDomestic = customer.vatZoneId === company.seed.defaults.vatZoneId;
  const vatCategoryId = unwrapString(raw, 'vatCodeId') ?? (isDomestic ? account.taxCategory : undefined) ?? zone?.defaultVatCategory ?? '';
  if (!company.vatCategory(vatCategoryId)) throw vismaUnknownReference(`VAT category '${vatCategoryId}' does not exist (${where}).`);

  const branchNumber = unwrapString(raw, 'branchNumber') ?? docBranch;
  if (!company.branch(branchNumber)) throw vismaUnknownReference(`Branch '${branchNumber}' does not exist (${where}).`);

  const quantity = unwrapScaled(raw, 'quantity', QTY_SCALE) ?? QTY_ONE;
  const unitPriceMinor = unwrapScaled(raw, 'unitPriceInCurrency', 2) ?? 0n;
  const manual = unwrapScaled(raw, 'manualAmountInCurrency', 2);
  const gross = manual ?? divRound(quantity * unitPriceMinor, QTY_ONE);
  const percent = unwrapScaled(raw, 'discountPercent', QTY_SCALE) ?? 0n;
  if (percent < 0n || percent > 100n * QTY_ONE) throw vismaValidationError(`The discount percent must be between 0 and 100 (${where}).`);
  const discountGiven = unwrapScaled(raw, 'discountAmountInCurrency', 2);
  const discount = discountGiven ?? divRound(gross * percent, 100n * QTY_ONE);
  const optional = (field: string): Record<string, string> => {
    const v = unwrapString(raw, field);
    return v === undefined ? {} : { [field]: v };
  };
  return {
    lineNumber: unwrapInteger(raw, 'lineNumber') ?? index + 1,
    ...optional('inventoryNumber'),
    ...optional('description'),
    quantity: scaledText(quantity, QTY_SCALE),
    unitPriceMinor: Number(unitPriceMinor),
    discountPercent: scaledText(percent, QTY_SCALE),
    discountMinor: Number(discount),
    manualDiscount: unwrapBoolean(raw, 'manualDiscount') ?? discountGiven !== undefined,
    amountMinor: Number(gross - discount),
    accountNumber,
    vatCategoryId,
    subaccount: readSubaccount(raw['subaccount'], company, where),
    ...optional('uom'),
    ...optional('note'),
    branchNumber,
  };
}

/** SegmentUpdateDto[] → one value per SUBACCOUNT segment (defaults from the company), validated (also for sales orders). */
export function readSubaccount(raw: unknown, company: VismaCompanyState, where: string): string[] {
  const segments = company.dimension('SUBACCOUNT')?.segments ?? [];
  const values = [...company.seed.defaults.subaccount];
  if (raw === undefined || raw === null) return values;
  if (!Array.isArray(raw)) throw vismaValidationError(`'subaccount' must be an array of {segmentId, segmentValue} (${where}).`);
  for (const item of raw) {
    if (!isObject(item) || typeof item['segmentId'] !== 'number' || typeof item['segmentValue'] !== 'string') {
      throw vismaValidationError(`'subaccount' items must be {segmentId: integer, segmentValue: string} (${where}).`);
    }
    const index = segments.findIndex((s) => s.segmentId === item['segmentId']);
    const segment = segments[index];
    if (!segment) throw vismaUnknownReference(`Subaccount segment ${String(item['segmentId'])} does not exist (${where}).`);
    const value = segment.values.find((v) => v.valueId === item['segmentValue']);
    if (!value || value.active === false) {
      throw vismaUnknownReference(`Value '${item['segmentValue']}' of subaccount segment '${segment.description}' does not exist or is inactive (${where}).`);
    }
    values[index] = value.valueId;
  }
  return values;
}

/**
 * VAT and totals of document lines (also sales order lines): VAT per VAT id at document level = round(Σ taxable ×
 * rate), half away from zero; amount = Σ line amounts + Σ VAT.
 */
export function computeTotals(lines: ReadonlyArray<Pick<VismaDocumentLineRecord, 'vatCategoryId' | 'amountMinor'>>, company: VismaCompanyState): Pick<
  VismaDocumentRecord,
  'taxDetails' | 'detailTotalMinor' | 'discountTotalMinor' | 'vatTaxableTotalMinor' | 'vatExemptTotalMinor' | 'vatTotalMinor' | 'amountMinor'
> {
  const byVat = new Map<string, VismaTaxDetailRecord>();
  for (const line of lines) {
    const vatId = company.vatCategory(line.vatCategoryId)?.vatId ?? line.vatCategoryId;
    const vat = company.vat(vatId);
    const entry = byVat.get(vatId) ?? { vatId, rateBasisPoints: vat?.rateBasisPoints ?? 0, taxableMinor: 0, vatMinor: 0 };
    entry.taxableMinor += line.amountMinor;
    byVat.set(vatId, entry);
  }
  let taxable = 0;
  let exempt = 0;
  let vatTotal = 0;
  for (const entry of byVat.values()) {
    entry.vatMinor = Number(divRound(BigInt(entry.taxableMinor) * BigInt(entry.rateBasisPoints), 10_000n));
    if (company.vat(entry.vatId)?.isExempt) exempt += entry.taxableMinor;
    else taxable += entry.taxableMinor;
    vatTotal += entry.vatMinor;
  }
  const detail = lines.reduce((sum, l) => sum + l.amountMinor, 0);
  return {
    taxDetails: [...byVat.values()],
    detailTotalMinor: detail,
    discountTotalMinor: 0,
    vatTaxableTotalMinor: taxable,
    vatExemptTotalMinor: exempt,
    vatTotalMinor: vatTotal,
    amountMinor: detail + vatTotal,
  };
}

/** A scaled integer as decimal text without trailing zeros: scaledText(1500000n, 6) → "1.5". */
export function scaledText(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
