import { randomUUID } from 'node:crypto';
import type { SandboxHandler, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { createCustomerDocument } from './visma-customer-document.service';
import { documentToDto } from './visma-customer-document.mapper';
import { updateCustomerDocument } from './visma-customer-document.update';
import { requireObjectBody } from './visma-dto.util';
import { vismaException, vismaNotFound, vismaValidationError } from './visma.error';
import { DOCUMENT_STATUSES, type VismaDocumentKind } from './visma-records.types';
import { dateTimeCondition, deltaOrdered, etagOf, pageMapped, readPaging, requireCurrentEtag } from './visma-query.util';
import type { SandboxRequest, SandboxResponse } from '../core';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

const DOCUMENT_TYPES = [
  'Invoice',
  'DebitNote',
  'CreditNote',
  'Payment',
  'VoidPayment',
  'Prepayment',
  'Refund',
  'FinCharge',
  'SmallBalanceWo',
  'SmallCreditWo',
  'CashSale',
  'CashReturn',
  'Undefined',
  'NoUpdate',
] as const;

type Resource = { kind: VismaDocumentKind; v1: string; v2: string; label: string };

const RESOURCES: readonly Resource[] = [
  { kind: 'Invoice', v1: '/v1/customerinvoice', v2: '/v2/customerinvoice', label: 'Invoice' },
  { kind: 'CreditNote', v1: '/v1/customerCreditNote', v2: '/v2/customerCreditNote', label: 'Credit note' },
];

/**
 * Customer invoice and credit note endpoints (operations CustomerInvoice_GetAll/_GetByinvoiceNumber/_Create,
 * CustomerInvoiceV2_Create, CustomerInvoice_UpdateByinvoiceNumber, CustomerCreditNote_GetAll/_GetBycreditNoteNumber/
 * _Create, CustomerCreditNoteV2_Create, CustomerCreditNote_UpdateBycreditNoteNumber of visma-net-erp-api.v1_20250424.openapi.json). v2 POST is current; v1 POST is deprecated in the spec but takes
 * the same request DTO, so both are served.
 * - `POST /v2/customerinvoice` (and v1) — 201, empty body, `Location: …/v1/customerinvoice/{number}`, `ETag`.
 * - `GET /v1/customerinvoice` — filters externalReference, customerRefNumber, customer, documentType, status,
 *   branch, financialPeriod, lastModifiedDateTime(+Condition), createdDateTime(+Condition),
 *   documentDate(+Condition); paging; each item carries `metadata`; ordered by row version (last write), or by
 *   lastModifiedDateTime for a delta read (deltaOrdered).
 * - `GET /v1/customerinvoice/{invoiceNumber}` — the DTO plus `ETag`.
 * - `PUT /v1/customerinvoice/{invoiceNumber}` — header fields of the update DTO (visma-customer-document.update.ts);
 *   optional `If-Match` (stale → 412 `preconditionFailed`, nothing written); 204 + the new `ETag`.
 * - `POST /v1/customerinvoice/{invoiceNumber}/action/release` (CustomerInvoice_ReleaseInvoiceByinvoiceNumber) and
 *   `POST /v1/customerCreditNote/{creditNoteNumber}/action/release`: a Balanced document becomes Open (posted to the
 *   ledger; from then on it takes payments and no longer takes header updates); answers `ReleaseInvoiceActionResultDto`
 *   `{actionId, actionResult: 'Done'}`. A document on hold or already released is refused with a 400 (sandbox rule:
 *   the spec states only the result DTO).
 * The same for `customerCreditNote`.
 */
export function registerCustomerDocumentRoutes(router: SandboxRouter, guard: Guard): void {
  for (const resource of RESOURCES) {
    const create = guard('vismanet_erp_service_api:create', (req, ctx) => createDocument(resource, req, ctx));
    router.add('POST', resource.v2, create);
    router.add('POST', resource.v1, create);
    router.add(
      'GET',
      resource.v1,
      guard('vismanet_erp_service_api:read', (req, ctx) => listDocuments(resource, req, ctx)),
    );
    router.add(
      'GET',
      `${resource.v1}/:number`,
      guard('vismanet_erp_service_api:read', (req, ctx) => {
        const number = req.params['number'] ?? '';
        const doc = ctx.company.documents(resource.kind).get(number);
        if (!doc) throw vismaNotFound(`${resource.label} '${number}' was not found.`);
        return { status: 200, headers: { etag: etagOf(doc.rowVersion) }, body: documentToDto(doc, ctx.company) };
      }),
    );
    router.add(
      'PUT',
      `${resource.v1}/:number`,
      guard('vismanet_erp_service_api:update', (req, ctx) => {
        const number = req.params['number'] ?? '';
        const documents = ctx.company.documents(resource.kind);
        const current = documents.get(number);
        if (!current) throw vismaNotFound(`${resource.label} '${number}' was not found.`);
        requireCurrentEtag(req, current.rowVersion);
        const next = updateCustomerDocument(resource.kind, requireObjectBody(req.body), current, ctx.company);
        documents.set(number, next);
        return { status: 204, headers: { etag: etagOf(next.rowVersion) } };
      }),
    );
    router.add(
      'POST',
      `${resource.v1}/:number/action/release`,
      guard('vismanet_erp_service_api:update', (req, ctx) => {
        const number = req.params['number'] ?? '';
        const documents = ctx.company.documents(resource.kind);
        const current = documents.get(number);
        if (!current) throw vismaNotFound(`${resource.label} '${number}' was not found.`);
        if (current.status !== 'Balanced') {
          throw vismaValidationError(`Error: The document '${number}' has status ${current.status} and cannot be released.`);
        }
        documents.set(number, { ...current, status: 'Open', rowVersion: ctx.company.nextRowVersion(), lastModifiedMs: ctx.company.now() });
        return { status: 200, body: { actionId: randomUUID(), actionResult: 'Done' } };
      }),
    );
  }
}

function createDocument(resource: Resource, req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const doc = createCustomerDocument(resource.kind, requireObjectBody(req.body), ctx.company);
  ctx.company.documents(resource.kind).set(doc.referenceNumber, doc);
  return {
    status: 201,
    headers: { location: `${ctx.baseUrl}${resource.v1}/${encodeURIComponent(doc.referenceNumber)}`, etag: etagOf(doc.rowVersion) },
  };
}

function listDocuments(resource: Resource, req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const created = dateTimeCondition(q, 'createdDateTime');
  const documentDate = dateTimeCondition(q, 'documentDate');
  const text = (name: string): string | undefined => {
    const v = q.get(name);
    return v === null || v === '' ? undefined : v;
  };
  const documentType = text('documentType');
  if (documentType && !(DOCUMENT_TYPES as readonly string[]).includes(documentType)) {
    throw vismaException(400, 'badFilter', `The value '${documentType}' is not valid for documentType.`);
  }
  const status = text('status');
  if (status && !(DOCUMENT_STATUSES as readonly string[]).includes(status)) {
    throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
  }
  const externalReference = text('externalReference');
  const customerRefNumber = text('customerRefNumber');
  const paymentReference = text('paymentReference');
  const customer = text('customer');
  const branch = text('branch');
  const financialPeriod = text('financialPeriod');
  const items = [...ctx.company.documents(resource.kind).values()]
    .filter((d) => !documentType || d.kind === documentType)
    .filter((d) => !status || d.status === status)
    .filter((d) => externalReference === undefined || d.externalReference === externalReference)
    .filter((d) => customerRefNumber === undefined || d.customerRefNumber === customerRefNumber)
    .filter((d) => paymentReference === undefined || d.paymentReference === paymentReference)
    .filter((d) => customer === undefined || d.customerNumber === customer)
    .filter((d) => branch === undefined || d.branchNumber === branch)
    .filter((d) => financialPeriod === undefined || d.financialPeriod === financialPeriod)
    .filter((d) => !modified || modified(d.lastModifiedMs))
    .filter((d) => !created || created(d.createdMs))
    .filter((d) => !documentDate || documentDate(d.documentDateMs));
  const ordered = deltaOrdered(items, q, (a, b) => (a.rowVersion < b.rowVersion ? -1 : a.rowVersion > b.rowVersion ? 1 : 0));
  return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (d) => documentToDto(d, ctx.company)) };
}
