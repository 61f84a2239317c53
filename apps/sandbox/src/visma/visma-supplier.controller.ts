import type { SandboxHandler, SandboxRouter } from '../core';
import type { VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { requireObjectBody } from './visma-dto.util';
import { SUPPLIER_STATUSES } from './visma-order-records.types';
import { dateTimeCondition, deltaOrdered, equalsIgnoreCase, etagOf, pageMapped, readPaging, requireCurrentEtag } from './visma-query.util';
import { applySupplierUpdate, supplierClassToDto, supplierToDto } from './visma-supplier.mapper';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/**
 * Supplier endpoints (operations Supplier_GetAll, Supplier_GetBysupplierCd, Supplier_Post, Supplier_PutBysupplierCd,
 * Supplier_GetAllSupplierClasses and Supplier_GetSpecificSupplierClassBysupplierClassId of
 * visma-net-erp-api.v1_20250424.openapi.json):
 * - `GET /v1/supplier` — filters name (equal, case-insensitive), status (enum; other values 400), vatRegistrationId,
 *   corporateId, greaterThanValue (number greater than, as text), lastModifiedDateTime(+Condition), expandNote
 *   (notes only when true); paging with `metadata` on every item; each item carries `timeStamp` (its ETag value);
 *   ordered by internal id (by lastModifiedDateTime for a delta read, deltaOrdered). `attributes` is refused with 400 (its format is not documented, so it is not simulated);
 *   parameters the spec does not declare — `email` among them — are ignored, as ASP.NET does.
 * - `GET /v1/supplier/{supplierCd}` — SupplierDto plus `ETag`.
 * - `POST /v1/supplier` — SupplierUpdateDto; 201, empty body, `Location: …/v1/supplier/{number}`, `ETag` (the spec:
 *   "The response headers include an ETag after a successful POST operation").
 * - `PUT /v1/supplier/{supplierCd}` — the If-Match the spec declares: stale → 412 `preconditionFailed` (nothing
 *   written); no If-Match, `*` or the current ETag → 204 + the new `ETag`.
 * - `GET /v1/supplier/supplierClass[/{supplierClassId}]` — the seeded SupplierClassDto list / one class.
 */
export function registerSupplierRoutes(router: SandboxRouter, guard: Guard): void {
  router.add(
    'GET',
    '/v1/supplier/supplierClass',
    guard('vismanet_erp_service_api:read', (_req, ctx) => ({
      status: 200,
      body: ctx.company.seed.supplierClasses.map((c) => supplierClassToDto(c.id, ctx.company)),
    })),
  );
  router.add(
    'GET',
    '/v1/supplier/supplierClass/:supplierClassId',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const id = req.params['supplierClassId'] ?? '';
      const dto = supplierClassToDto(id, ctx.company);
      if (!dto) throw vismaNotFound(`Supplier class '${id}' was not found.`);
      return { status: 200, body: dto };
    }),
  );

  router.add(
    'GET',
    '/v1/supplier',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const q = req.query;
      const paging = readPaging(q, ctx.maxPageSize);
      const modified = dateTimeCondition(q, 'lastModifiedDateTime');
      const text = (name: string): string | undefined => {
        const v = q.get(name);
        return v === null || v === '' ? undefined : v;
      };
      const status = text('status');
      if (status && !(SUPPLIER_STATUSES as readonly string[]).includes(status)) throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
      if (text('attributes') !== undefined) throw vismaException(400, 'badFilter', "The 'attributes' filter is not simulated by the sandbox.");
      const name = text('name');
      const vatRegistrationId = text('vatRegistrationId');
      const corporateId = text('corporateId');
      const greaterThan = text('greaterThanValue');
      const withNote = text('expandNote') === 'true';
      const matches = [...ctx.company.suppliers.values()]
        .filter((s) => !modified || modified(s.lastModifiedMs))
        .filter((s) => status === undefined || s.status === status)
        .filter((s) => name === undefined || equalsIgnoreCase(s.name, name))
        .filter((s) => vatRegistrationId === undefined || s.vatRegistrationId === vatRegistrationId)
        .filter((s) => corporateId === undefined || s.corporateId === corporateId)
        .filter((s) => greaterThan === undefined || s.number > greaterThan);
      const ordered = deltaOrdered(matches, q, (a, b) => a.internalId - b.internalId);
      return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (s) => supplierToDto(s, ctx.company, { withNote })) };
    }),
  );

  router.add(
    'GET',
    '/v1/supplier/:supplierCd',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const record = ctx.company.suppliers.get(req.params['supplierCd'] ?? '');
      if (!record) throw vismaNotFound(`Supplier with number '${req.params['supplierCd'] ?? ''}' was not found.`);
      return { status: 200, headers: { etag: etagOf(record.rowVersion) }, body: supplierToDto(record, ctx.company) };
    }),
  );

  router.add(
    'POST',
    '/v1/supplier',
    guard('vismanet_erp_service_api:create', (req, ctx) => {
      const record = applySupplierUpdate(requireObjectBody(req.body), ctx.company, undefined);
      ctx.company.suppliers.set(record.number, record);
      return {
        status: 201,
        headers: { location: `${ctx.baseUrl}/v1/supplier/${encodeURIComponent(record.number)}`, etag: etagOf(record.rowVersion) },
      };
    }),
  );

  router.add(
    'PUT',
    '/v1/supplier/:supplierCd',
    guard('vismanet_erp_service_api:update', (req, ctx) => {
      const number = req.params['supplierCd'] ?? '';
      const current = ctx.company.suppliers.get(number);
      if (!current) throw vismaNotFound(`Supplier with number '${number}' was not found.`);
      requireCurrentEtag(req, current.rowVersion);
      const next = applySupplierUpdate(requireObjectBody(req.body), ctx.company, current);
      ctx.company.suppliers.set(number, next);
      return { status: 204, headers: { etag: etagOf(next.rowVersion) } };
    }),
  );
}
