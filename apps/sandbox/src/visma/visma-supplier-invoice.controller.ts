import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { dateTimeCondition, deltaOrdered, etagOf, pageMapped, readPaging } from './visma-query.util';
import { supplierInvoiceToDto } from './visma-supplier-invoice.mapper';
import { SUPPLIER_DOCUMENT_TYPE_FILTERS, SUPPLIER_INVOICE_STATUSES } from './visma-supplier-invoice.types';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** Statuses of a released supplier document (the `released` filter: 1 = these, 0 = the others). */
const RELEASED_STATUSES: ReadonlySet<string> = new Set(['Open', 'Closed', 'Voided', 'Reserved']);
/** Declared filters the sandbox does not simulate: refused with 400 rather than silently ignored. */
const NOT_SIMULATED = ['project', 'balance', 'balanceCondition'] as const;

/**
 * Supplier invoice reads (operations SupplierInvoice_GetAllInvoices, SupplierInvoice_GetByinvoiceNumber and
 * SupplierInvoice_GetByTypeBydocumentTypeinvoiceNumber of visma-net-erp-api.v1_20250424.openapi.json):
 * - `GET /v1/supplierInvoice` — filters supplier, documentType (spec enum; others 400), status (spec enum; others
 *   400), released (1/0), branch, financialPeriod, item (an inventory number on any line), greaterThanValue
 *   (reference number greater than, as text), lastModifiedDateTime / createdDateTime / docDate / dueDate, each with
 *   its `…Condition` (`>`, `<`, `>=`, `<=`, both or neither, else 400); the `expand…` flags are accepted and change
 *   nothing (no attachments, approvals or landed costs are simulated); project and balance(+Condition) are refused
 *   with 400. Paging pageNumber/pageSize with `metadata` on every item; ordered by creation (a modification does not
 *   move a record, so a paged run neither skips nor repeats because of it); a delta read (lastModifiedDateTime given)
 *   is ordered by lastModifiedDateTime, then creation (deltaOrdered). Each item carries `timeStamp`.
 * - `GET /v1/supplierInvoice/{invoiceNumber}` — the invoice with that number (Invoice first when several types share
 *   it) plus `ETag`; `GET /v1/supplierInvoice/{documentType}/{invoiceNumber}` — by type and number. Unknown → 404.
 * Rate limit, scopes and faults apply as on every ERP route (the guard and the sandbox server).
 */
export function registerSupplierInvoiceRoutes(router: SandboxRouter, guard: Guard): void {
  router.add('GET', '/v1/supplierInvoice', guard('vismanet_erp_service_api:read', (req, ctx) => listSupplierInvoices(req, ctx)));
  router.add(
    'GET',
    '/v1/supplierInvoice/:invoiceNumber',
    guard('vismanet_erp_service_api:read', (req, ctx) => one(ctx, req.params['invoiceNumber'] ?? '', undefined)),
  );
  router.add(
    'GET',
    '/v1/supplierInvoice/:documentType/:invoiceNumber',
    guard('vismanet_erp_service_api:read', (req, ctx) => one(ctx, req.params['invoiceNumber'] ?? '', req.params['documentType'] ?? '')),
  );
}

function one(ctx: VismaErpContext, number: string, documentType: string | undefined): SandboxResponse {
  const record = ctx.company.supplierInvoice(number, documentType);
  if (!record) throw vismaNotFound(`Supplier invoice '${documentType ? `${documentType} ` : ''}${number}' was not found.`);
  return { status: 200, headers: { etag: etagOf(record.rowVersion) }, body: supplierInvoiceToDto(record, ctx.company) };
}

function listSupplierInvoices(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const created = dateTimeCondition(q, 'createdDateTime');
  const docDate = dateTimeCondition(q, 'docDate');
  const dueDate = dateTimeCondition(q, 'dueDate');
  const text = (name: string): string | undefined => {
    const v = q.get(name);
    return v === null || v === '' ? undefined : v;
  };
  for (const name of NOT_SIMULATED) {
    if (text(name) !== undefined) throw vismaException(400, 'badFilter', `The '${name}' filter is not simulated by the sandbox.`);
  }
  const documentType = text('documentType');
  if (documentType && !(SUPPLIER_DOCUMENT_TYPE_FILTERS as readonly string[]).includes(documentType)) {
    throw vismaException(400, 'badFilter', `The value '${documentType}' is not valid for documentType.`);
  }
  const status = text('status');
  if (status && !(SUPPLIER_INVOICE_STATUSES as readonly string[]).includes(status)) throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
  const released = text('released');
  if (released !== undefined && released !== '0' && released !== '1') throw vismaException(400, 'badFilter', `The value '${released}' is not valid for released (0 or 1).`);
  const supplier = text('supplier');
  const branch = text('branch');
  const financialPeriod = text('financialPeriod');
  const item = text('item');
  const greaterThan = text('greaterThanValue');
  const items = [...ctx.company.supplierInvoices.values()]
    .filter((r) => documentType === undefined || r.documentType === documentType)
    .filter((r) => status === undefined || r.status === status)
    .filter((r) => released === undefined || RELEASED_STATUSES.has(r.status) === (released === '1'))
    .filter((r) => supplier === undefined || r.supplierNumber === supplier)
    .filter((r) => branch === undefined || r.branchNumber === branch)
    .filter((r) => financialPeriod === undefined || r.financialPeriod === financialPeriod)
    .filter((r) => item === undefined || r.lines.some((l) => l.inventoryNumber === item))
    .filter((r) => greaterThan === undefined || r.referenceNumber > greaterThan)
    .filter((r) => !modified || modified(r.lastModifiedMs))
    .filter((r) => !created || created(r.createdMs))
    .filter((r) => !docDate || docDate(r.dateMs))
    .filter((r) => !dueDate || dueDate(r.dueDateMs));
  const ordered = deltaOrdered(items, q, (a, b) => a.seq - b.seq);
  return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (r) => supplierInvoiceToDto(r, ctx.company)) };
}
