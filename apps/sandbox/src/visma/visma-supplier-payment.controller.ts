import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { periodOf } from './visma-dto.util';
import { ledgerOf } from './visma-ledger.store';
import { SUPPLIER_PAYMENT_STATUSES, SUPPLIER_PAYMENT_TYPES } from './visma-ledger.types';
import { byText, dateTimeCondition, deltaOrdered, enumFilter, etagOf, pageMapped, queryText, readPaging } from './visma-query.util';
import { supplierPaymentToDto } from './visma-supplier-payment.mapper';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** Declared filters the sandbox does not simulate: refused with 400 rather than silently ignored. */
const NOT_SIMULATED = ['balance', 'balanceCondition', 'dueDate', 'dueDateCondition'] as const;

/**
 * Supplier payment reads (operations SupplierPayment_GetAllPayments, SupplierPayment_GetBypaymentNumber and
 * SupplierPayment_GetBypaymentTypepaymentNumber of visma-net-erp-api.v1_20250424.openapi.json):
 * - `GET /v1/supplierPayment` — filters paymentType and status (spec enums; others 400), supplier, branch,
 *   invoiceRefNbr (a line applied to that document), financialPeriod (applicationPeriod, YYYYMM), greaterThanValue
 *   (refNbr greater than), lastModifiedDateTime and docDate (applicationDate), each with its `…Condition`; balance and
 *   dueDate (+Condition) are refused with 400 (not simulated). Paging with `metadata` on every item; ordered by refNbr, or
 *   by lastModifiedDateTime for a delta read (deltaOrdered).
 * - `GET /v1/supplierPayment/{paymentNumber}` and `GET /v1/supplierPayment/{paymentType}/{paymentNumber}` — the DTO plus
 *   `ETag`; unknown → 404.
 * Written by the ledger history and the control routes (visma-ledger.control.ts); the spec's POST/PUT/release are not
 * simulated.
 */
export function registerSupplierPaymentRoutes(router: SandboxRouter, guard: Guard): void {
  const read = (handler: VismaErpHandler): SandboxHandler => guard('vismanet_erp_service_api:read', handler);
  router.add('GET', '/v1/supplierPayment', read(listSupplierPayments));
  const one = (ctx: VismaErpContext, number: string, type: string | undefined): SandboxResponse => {
    const p = ledgerOf(ctx.company).supplierPayments.get(number);
    if (!p || (type !== undefined && p.type !== type)) throw vismaNotFound(`Supplier payment '${type ? `${type} ` : ''}${number}' was not found.`);
    return { status: 200, headers: { etag: etagOf(p.rowVersion) }, body: supplierPaymentToDto(p, ctx.company) };
  };
  router.add('GET', '/v1/supplierPayment/:paymentNumber', read((req, ctx) => one(ctx, req.params['paymentNumber'] ?? '', undefined)));
  router.add('GET', '/v1/supplierPayment/:paymentType/:paymentNumber', read((req, ctx) => one(ctx, req.params['paymentNumber'] ?? '', req.params['paymentType'] ?? '')));
}

function listSupplierPayments(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const docDate = dateTimeCondition(q, 'docDate');
  for (const name of NOT_SIMULATED) {
    if (queryText(q, name) !== undefined) throw vismaException(400, 'badFilter', `The '${name}' filter is not simulated by the sandbox.`);
  }
  const paymentType = enumFilter(q, 'paymentType', SUPPLIER_PAYMENT_TYPES);
  const status = enumFilter(q, 'status', SUPPLIER_PAYMENT_STATUSES);
  const supplier = queryText(q, 'supplier');
  const branch = queryText(q, 'branch');
  const invoiceRefNbr = queryText(q, 'invoiceRefNbr');
  const financialPeriod = queryText(q, 'financialPeriod');
  const greaterThan = queryText(q, 'greaterThanValue');
  const matches = [...ledgerOf(ctx.company).supplierPayments.values()]
    .filter((p) => paymentType === undefined || p.type === paymentType)
    .filter((p) => status === undefined || p.status === status)
    .filter((p) => supplier === undefined || p.supplierNumber === supplier)
    .filter((p) => branch === undefined || p.branchNumber === branch)
    .filter((p) => invoiceRefNbr === undefined || p.lines.some((l) => l.invoiceRefNbr === invoiceRefNbr))
    .filter((p) => financialPeriod === undefined || periodOf(p.applicationDateMs) === financialPeriod)
    .filter((p) => greaterThan === undefined || p.refNbr > greaterThan)
    .filter((p) => !modified || modified(p.lastModifiedMs))
    .filter((p) => !docDate || docDate(p.applicationDateMs));
  const ordered = deltaOrdered(matches, q, (a, b) => byText(a.refNbr, b.refNbr));
  return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (p) => supplierPaymentToDto(p, ctx.company)) };
}
