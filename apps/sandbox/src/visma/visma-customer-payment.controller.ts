import { randomUUID } from 'node:crypto';
import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import { paymentToDto } from './visma-customer-payment.mapper';
import { createCustomerPayment, PAYMENT_TYPES, releaseCustomerPayment } from './visma-customer-payment.service';
import type { VismaScope } from './visma-demo.constants';
import { requireObjectBody } from './visma-dto.util';
import { dateTimeCondition, deltaOrdered, etagOf, pageMapped, readPaging } from './visma-query.util';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/** PaymentDto.status (spec enum): the values the `status` filter accepts. */
const PAYMENT_STATUSES = ['Hold', 'Balanced', 'Voided', 'Scheduled', 'Open', 'Closed', 'PendingPrint', 'PendingEmail', 'CreditHold', 'CcHold', 'Reserved'];

/**
 * Customer payment endpoints (operations CustomerPayment_CreatePayment, CustomerPayment_GetAllPayments,
 * CustomerPayment_GetBypaymentNumber and CustomerPayment_ReleasePaymentBypaymentNumber of
 * visma-net-erp-api.v1_20250424.openapi.json):
 * - `POST /v1/customerPayment` — PaymentUpdateDto (checks: visma-customer-payment.service.ts); 201, empty body,
 *   `Location: …/v1/customerPayment/{refNbr}`, `ETag`. The payment is Balanced (or Hold) and not applied yet.
 * - `GET /v1/customerPayment` — filters paymentNbr, paymentType (spec enum), customer, invoiceRefNbr (payments with a
 *   line applied to a document with that refNbr: an invoice, or for a Refund a credit note — the spec has no
 *   credit-note filter and describes the parameter only as "Invoice Ref Nbr", so the sandbox matches any line's
 *   refNbr; invoices and credit notes have separate number series, so combine it with `paymentType=Refund` to get
 *   the refunds of a credit note), status (spec enum), greaterThanValue (refNbr greater than, as text), branch,
 *   financialPeriod (applicationPeriod), lastModifiedDateTime and docDate (applicationDate), each with its
 *   `…Condition`; `orderBy` is accepted and ignored (its values are not documented); paging with `metadata`;
 *   ordered by refNbr, or by lastModifiedDateTime for a delta read (deltaOrdered).
 * - `GET /v1/customerPayment/{paymentNumber}` — PaymentDto plus `ETag`; unknown → 404.
 * - `POST /v1/customerPayment/{paymentNumber}/action/release` — ReleasePaymentActionDto (optional `type`); applies the
 *   payment (each invoice's — for a Refund each credit note's — `balance` drops; Closed at 0) and answers ReleasePaymentActionResultDto
 *   `{actionId, actionResult: 'Done'}`; on hold / already released / balance too small → 400.
 * Rate limit, scopes and faults apply as on every ERP route.
 */
export function registerCustomerPaymentRoutes(router: SandboxRouter, guard: Guard): void {
  router.add(
    'POST',
    '/v1/customerPayment',
    guard('vismanet_erp_service_api:create', (req, ctx) => {
      const record = createCustomerPayment(requireObjectBody(req.body), ctx.company);
      ctx.company.customerPayments.set(record.refNbr, record);
      return {
        status: 201,
        headers: { location: `${ctx.baseUrl}/v1/customerPayment/${encodeURIComponent(record.refNbr)}`, etag: etagOf(record.rowVersion) },
      };
    }),
  );
  router.add('GET', '/v1/customerPayment', guard('vismanet_erp_service_api:read', (req, ctx) => listPayments(req, ctx)));
  router.add(
    'GET',
    '/v1/customerPayment/:paymentNumber',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const number = req.params['paymentNumber'] ?? '';
      const record = ctx.company.customerPayments.get(number);
      if (!record) throw vismaNotFound(`Payment '${number}' was not found.`);
      return { status: 200, headers: { etag: etagOf(record.rowVersion) }, body: paymentToDto(record, ctx.company) };
    }),
  );
  router.add(
    'POST',
    '/v1/customerPayment/:paymentNumber/action/release',
    guard('vismanet_erp_service_api:update', (req, ctx) => {
      releaseCustomerPayment(req.params['paymentNumber'] ?? '', req.body, ctx.company);
      return { status: 200, body: { actionId: randomUUID(), actionResult: 'Done' } };
    }),
  );
}

function listPayments(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const docDate = dateTimeCondition(q, 'docDate');
  const text = (name: string): string | undefined => {
    const v = q.get(name);
    return v === null || v === '' ? undefined : v;
  };
  const paymentType = text('paymentType');
  if (paymentType && !(PAYMENT_TYPES as readonly string[]).includes(paymentType)) throw vismaException(400, 'badFilter', `The value '${paymentType}' is not valid for paymentType.`);
  const status = text('status');
  if (status && !PAYMENT_STATUSES.includes(status)) throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
  const paymentNbr = text('paymentNbr');
  const customer = text('customer');
  const invoiceRefNbr = text('invoiceRefNbr');
  const greaterThan = text('greaterThanValue');
  const branch = text('branch');
  const financialPeriod = text('financialPeriod');
  const items = [...ctx.company.customerPayments.values()]
    .filter((p) => paymentNbr === undefined || p.refNbr === paymentNbr)
    .filter((p) => paymentType === undefined || p.type === paymentType)
    .filter((p) => status === undefined || p.status === status)
    .filter((p) => customer === undefined || p.customerNumber === customer)
    .filter((p) => invoiceRefNbr === undefined || p.lines.some((l) => l.refNbr === invoiceRefNbr))
    .filter((p) => greaterThan === undefined || p.refNbr > greaterThan)
    .filter((p) => branch === undefined || p.branchNumber === branch)
    .filter((p) => financialPeriod === undefined || p.applicationPeriod === financialPeriod)
    .filter((p) => !modified || modified(p.lastModifiedMs))
    .filter((p) => !docDate || docDate(p.applicationDateMs));
  const ordered = deltaOrdered(items, q, (a, b) => a.refNbr.localeCompare(b.refNbr));
  return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (p) => paymentToDto(p, ctx.company)) };
}
