import type { SandboxRouter } from '../core';
import type { VismaCompanyState } from './visma-company.store';
import { isObject, type VismaJsonObject } from './visma-dto.util';
import { supplierInvoiceToDto } from './visma-supplier-invoice.mapper';
import { buildSupplierInvoice, supplierInvoiceToSeed } from './visma-supplier-invoice.service';
import { supplierInvoiceKey, type VismaSupplierInvoiceLineSeed, type VismaSupplierInvoiceSeed } from './visma-supplier-invoice.types';
import { vismaException, vismaValidationError } from './visma.error';

const STRING_FIELDS = ['documentType', 'referenceNumber', 'supplierNumber', 'supplierReference', 'description', 'currencyId', 'exchangeRate', 'date', 'status', 'note'] as const;
const LINE_STRING_FIELDS = ['inventoryNumber', 'transactionDescription', 'quantity', 'unitCost', 'vatCodeId', 'accountNumber', 'poNumber', 'poReceiptNbr', 'note'] as const;
const LINE_INTEGER_FIELDS = ['poLineNr', 'poReceiptLineNbr'] as const;

/**
 * Sandbox control routes for supplier invoices (someone enters or corrects an invoice in Visma's UI), so tests can
 * create records and bump `lastModifiedDateTime` for delta runs. Bodies are plain JSON in the seed shape
 * (VismaSupplierInvoiceSeed: decimals as text in the document currency, e.g. `{"quantity": "2", "unitCost": "89.00"}`),
 * checked as the ERP would check them (buildSupplierInvoice: 400 with the Visma Exception body naming the field).
 * - `POST /_sandbox/visma/companies/:companyId/supplier-invoices` — creates one (number from the series unless given;
 *   a taken key is 400 `duplicate`); 201 with the SupplierInvoiceDto.
 * - `PATCH /_sandbox/visma/companies/:companyId/supplier-invoices/:documentType/:number` — merges the given fields
 *   (`lines` replaces all lines) into the invoice and stores it with a new row version and `lastModifiedDateTime` = the
 *   sandbox clock; `{}` only touches it. 200 with the DTO; 404 when unknown.
 * `:companyId` is the tenant id or the legacy company id; unknown → 404 `{message}`.
 */
export function registerSupplierInvoiceControlRoutes(routes: SandboxRouter, companyOf: (id: string) => VismaCompanyState | undefined): void {
  const base = '/_sandbox/visma/companies/:companyId/supplier-invoices';
  routes.add('POST', base, (req) => {
    const company = companyOf(req.params['companyId'] ?? '');
    if (!company) return { status: 404, body: { message: `unknown company ${req.params['companyId'] ?? ''}` } };
    const seed = readSeed(req.body, true) as VismaSupplierInvoiceSeed;
    const type = seed.documentType ?? 'Invoice';
    if (seed.referenceNumber !== undefined && company.supplierInvoices.has(supplierInvoiceKey(type, seed.referenceNumber))) {
      throw vismaException(400, 'duplicate', `Supplier invoice '${type} ${seed.referenceNumber}' already exists.`);
    }
    const record = buildSupplierInvoice(seed, company, { seq: company.nextSupplierInvoiceSeq(), nowMs: company.now(), rowVersion: company.nextRowVersion() });
    company.supplierInvoices.set(supplierInvoiceKey(record.documentType, record.referenceNumber), record);
    return { status: 201, body: supplierInvoiceToDto(record, company) };
  });
  routes.add('PATCH', `${base}/:documentType/:number`, (req) => {
    const company = companyOf(req.params['companyId'] ?? '');
    if (!company) return { status: 404, body: { message: `unknown company ${req.params['companyId'] ?? ''}` } };
    const key = supplierInvoiceKey(req.params['documentType'] ?? '', req.params['number'] ?? '');
    const current = company.supplierInvoices.get(key);
    if (!current) return { status: 404, body: { message: `unknown supplier invoice ${key}` } };
    const patch = readSeed(req.body ?? {}, false);
    if (patch.documentType !== undefined || patch.referenceNumber !== undefined) throw vismaValidationError("Error: 'documentType' and 'referenceNumber' cannot be changed.");
    const merged: VismaSupplierInvoiceSeed = { ...supplierInvoiceToSeed(current), ...patch };
    const record = buildSupplierInvoice(merged, company, { seq: current.seq, nowMs: company.now(), rowVersion: company.nextRowVersion(), current });
    company.supplierInvoices.set(key, record);
    return { status: 200, body: supplierInvoiceToDto(record, company) };
  });
}

/** Reads the plain seed shape; with `isComplete`, supplierNumber, date and lines are required. */
function readSeed(body: unknown, isComplete: boolean): Partial<VismaSupplierInvoiceSeed> {
  if (!isObject(body)) throw vismaValidationError('The request body must be a JSON object.');
  const out: Record<string, unknown> = {};
  for (const field of STRING_FIELDS) copyString(body, field, out);
  if (body['lines'] !== undefined) {
    if (!Array.isArray(body['lines'])) throw vismaValidationError("'lines' must be an array.");
    out['lines'] = body['lines'].map((line, i) => readLineSeed(line, i));
  }
  if (isComplete) {
    for (const field of ['supplierNumber', 'date', 'lines'] as const) {
      if (out[field] === undefined) throw vismaValidationError(`Error: '${field}' cannot be empty.`, `Mandatory field: ${field}`);
    }
  }
  return out;
}

function readLineSeed(raw: unknown, index: number): VismaSupplierInvoiceLineSeed {
  if (!isObject(raw)) throw vismaValidationError(`Line ${index + 1} must be an object.`);
  const out: Record<string, unknown> = {};
  for (const field of LINE_STRING_FIELDS) copyString(raw, field, out);
  for (const field of LINE_INTEGER_FIELDS) {
    const v = raw[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v)) throw vismaValidationError(`The value of '${field}' must be an integer (line ${index + 1}).`);
    out[field] = v;
  }
  for (const field of ['quantity', 'unitCost'] as const) {
    if (out[field] === undefined) throw vismaValidationError(`Error: '${field}' cannot be empty (line ${index + 1}).`, `Mandatory field: ${field}`);
  }
  return out as VismaSupplierInvoiceLineSeed;
}

function copyString(from: VismaJsonObject, field: string, to: Record<string, unknown>): void {
  const v = from[field];
  if (v === undefined || v === null) return;
  if (typeof v === 'number' && (field === 'quantity' || field === 'unitCost' || field === 'exchangeRate')) {
    to[field] = String(v);
    return;
  }
  if (typeof v !== 'string') throw vismaValidationError(`The value of '${field}' must be a string.`);
  to[field] = v;
}
