import type { VismaCompanyState } from './visma-company.store';
import { unwrapBoolean, unwrapDateTime, unwrapString, type VismaJsonObject } from './visma-dto.util';
import type { VismaDocumentKind, VismaDocumentRecord } from './visma-records.types';
import { vismaValidationError } from './visma.error';

/** Header fields the sandbox updates in place (value-wrapped, like on create). */
const TEXT_FIELDS = ['externalReference', 'customerRefNumber', 'invoiceText', 'note'] as const;
const INVOICE_TEXT_FIELDS = ['paymentReference'] as const;
const FLAG_FIELDS = ['sendToAutoInvoice', 'dontPrint', 'dontEmail'] as const;
/** Fields the sandbox accepts only when they repeat the current value (changing them is not simulated). */
const FIXED_FIELDS: Partial<Record<string, (doc: VismaDocumentRecord) => string>> = {
  customerNumber: (doc) => doc.customerNumber,
  currencyId: (doc) => doc.currencyId,
  branchNumber: (doc) => doc.branchNumber,
  customerVatZoneId: (doc) => doc.vatZoneId,
  creditTermsId: (doc) => doc.creditTermsId,
  referenceNumber: (doc) => doc.referenceNumber,
};
/** Sandbox rule (the spec states none): only a document not yet released (Hold or Balanced) can be changed. */
const UPDATABLE_STATUSES: ReadonlySet<string> = new Set(['Hold', 'Balanced']);

/**
 * Applies a PUT body (CustomerInvoiceUpdateDto / CustomerCreditNoteUpdateDto of
 * visma-net-erp-api.v1_20250424.openapi.json, operations CustomerInvoice_UpdateByinvoiceNumber and
 * CustomerCreditNote_UpdateBycreditNoteNumber) to a stored document and returns the new record (not stored), with
 * a new rowVersion (so a new ETag) and lastModified.
 * Simulated: the text fields externalReference, customerRefNumber, invoiceText, note (and paymentReference on an
 * invoice), the flags hold, sendToAutoInvoice, dontPrint, dontEmail, the dates documentDueDate and cashDiscountDate
 * (invoice), and financialPeriod / postPeriod (YYYYMM). customerNumber, currencyId, branchNumber, customerVatZoneId,
 * creditTermsId and referenceNumber are accepted only when unchanged. Any other field that carries a value (lines,
 * addresses, …) is refused with a 400 validation error naming it, so a test never believes an unsimulated change
 * was made. A document whose status is not Hold or Balanced (released) is refused with a 400 too.
 */
export function updateCustomerDocument(kind: VismaDocumentKind, dto: VismaJsonObject, current: VismaDocumentRecord, company: VismaCompanyState): VismaDocumentRecord {
  if (!UPDATABLE_STATUSES.has(current.status)) {
    throw vismaValidationError(`Error: The document '${current.referenceNumber}' has status ${current.status} and cannot be updated.`);
  }
  const handled = new Set<string>([...TEXT_FIELDS, ...FLAG_FIELDS, 'hold', 'financialPeriod', 'postPeriod', ...Object.keys(FIXED_FIELDS)]);
  if (kind === 'Invoice') ['paymentReference', 'documentDueDate', 'cashDiscountDate'].forEach((f) => handled.add(f));
  for (const [field, value] of Object.entries(dto)) {
    if (value === undefined || value === null || handled.has(field)) continue;
    throw vismaValidationError(`Error: Updating '${field}' is not supported by the sandbox.`, `Unsupported field: ${field}`);
  }
  for (const [field, currentValue] of Object.entries(FIXED_FIELDS)) {
    const wanted = unwrapString(dto, field);
    if (wanted !== undefined && currentValue && wanted !== currentValue(current)) {
      throw vismaValidationError(`Error: Changing '${field}' of an existing document is not supported by the sandbox.`, `Unsupported field: ${field}`);
    }
  }

  const next: VismaDocumentRecord = { ...current };
  const texts: readonly string[] = kind === 'Invoice' ? [...TEXT_FIELDS, ...INVOICE_TEXT_FIELDS] : TEXT_FIELDS;
  for (const field of texts) {
    const v = unwrapString(dto, field);
    if (v !== undefined) Object.assign(next, { [field]: v });
  }
  for (const field of FLAG_FIELDS) {
    const v = unwrapBoolean(dto, field);
    if (v !== undefined) next[field] = v;
  }
  const hold = unwrapBoolean(dto, 'hold');
  if (hold !== undefined) {
    next.hold = hold;
    next.status = hold ? 'Hold' : 'Balanced';
  }
  for (const field of ['financialPeriod', 'postPeriod'] as const) {
    const v = unwrapString(dto, field);
    if (v === undefined) continue;
    if (!/^\d{6}$/.test(v)) throw vismaValidationError(`The value '${v}' of '${field}' must be in the format YYYYMM.`);
    next[field] = v;
  }
  if (kind === 'Invoice') {
    next.dueDateMs = unwrapDateTime(dto, 'documentDueDate') ?? next.dueDateMs;
    next.cashDiscountDateMs = unwrapDateTime(dto, 'cashDiscountDate') ?? next.cashDiscountDateMs;
  }
  next.rowVersion = company.nextRowVersion();
  next.lastModifiedMs = company.now();
  return next;
}
