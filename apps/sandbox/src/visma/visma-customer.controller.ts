import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { applyCustomerUpdate, customerToDto } from './visma-customer.mapper';
import { requireObjectBody } from './visma-dto.util';
import { vismaException, vismaNotFound } from './visma.error';
import { CUSTOMER_STATUSES, type VismaCustomerRecord } from './visma-records.types';
import { dateTimeCondition, deltaOrdered, equalsIgnoreCase, etagOf, pageMapped, readPaging, requireCurrentEtag } from './visma-query.util';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/**
 * Customer endpoints (operations Customer_GetAll, Customer_GetBycustomerCd, Customer_Post,
 * Customer_PutBycustomerCd, Customer_PutByinternalID of visma-net-erp-api.v1_20250424.openapi.json):
 * - `GET /v1/customer` — filters name, status, corporateId, vatRegistrationId, email, phone,
 *   lastModifiedDateTime(+Condition), createdDateTime(+Condition); paging pageNumber/pageSize; every item
 *   carries `metadata {totalCount, maxPageSize}`; ordered by internal id, or by lastModifiedDateTime (then internal
 *   id) for a delta read (deltaOrdered).
 * - `GET /v1/customer/{customerCd}` — CustomerDto plus `ETag` header.
 * - `POST /v1/customer` — CustomerUpdateDto; 201, empty body, `Location: …/v1/customer/{number}`, `ETag`.
 * - `PUT /v1/customer/{customerCd}` and `PUT /v1/customer/internal/{internalID}` — CustomerUpdateDto; optional
 *   `If-Match` (stale → 412 `preconditionFailed`, nothing written); 204 + the new `ETag` (the spec's NoContent).
 */
export function registerCustomerRoutes(router: SandboxRouter, guard: Guard): void {
  router.add(
    'GET',
    '/v1/customer',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const q = req.query;
      const paging = readPaging(q, ctx.maxPageSize);
      const modified = dateTimeCondition(q, 'lastModifiedDateTime');
      const created = dateTimeCondition(q, 'createdDateTime');
      const status = q.get('status');
      if (status && !(CUSTOMER_STATUSES as readonly string[]).includes(status)) {
        throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
      }
      const text = (name: string): string | undefined => {
        const v = q.get(name);
        return v === null || v === '' ? undefined : v;
      };
      const name = text('name');
      const corporateId = text('corporateId');
      const vatRegistrationId = text('vatRegistrationId');
      const email = text('email');
      const phone = text('phone');
      const matches = [...ctx.company.customers.values()]
        .filter((c) => !modified || modified(c.lastModifiedMs))
        .filter((c) => !created || created(c.createdMs))
        .filter((c) => !status || c.status === status)
        .filter((c) => name === undefined || equalsIgnoreCase(c.name, name))
        .filter((c) => corporateId === undefined || c.corporateId === corporateId)
        .filter((c) => vatRegistrationId === undefined || c.vatRegistrationId === vatRegistrationId)
        .filter((c) => email === undefined || equalsIgnoreCase(c.mainContact.email, email))
        .filter((c) => phone === undefined || c.mainContact.phone1 === phone);
      const ordered = deltaOrdered(matches, q, (a, b) => a.internalId - b.internalId);
      return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (c) => customerToDto(c, ctx.company)) };
    }),
  );

  router.add(
    'GET',
    '/v1/customer/:customerCd',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const record = ctx.company.customers.get(req.params['customerCd'] ?? '');
      if (!record) throw vismaNotFound(`Customer with number '${req.params['customerCd'] ?? ''}' was not found.`);
      return { status: 200, headers: { etag: etagOf(record.rowVersion) }, body: customerToDto(record, ctx.company) };
    }),
  );

  router.add(
    'POST',
    '/v1/customer',
    guard('vismanet_erp_service_api:create', (req, ctx) => {
      const record = applyCustomerUpdate(requireObjectBody(req.body), ctx.company, undefined);
      ctx.company.customers.set(record.number, record);
      return {
        status: 201,
        headers: {
          location: `${ctx.baseUrl}/v1/customer/${encodeURIComponent(record.number)}`,
          etag: etagOf(record.rowVersion),
        },
      };
    }),
  );

  const update = (ctx: VismaErpContext, req: SandboxRequest, current: VismaCustomerRecord): SandboxResponse => {
    requireCurrentEtag(req, current.rowVersion);
    const next = applyCustomerUpdate(requireObjectBody(req.body), ctx.company, current);
    ctx.company.customers.set(current.number, next);
    return { status: 204, headers: { etag: etagOf(next.rowVersion) } };
  };

  router.add(
    'PUT',
    '/v1/customer/:customerCd',
    guard('vismanet_erp_service_api:update', (req, ctx) => {
      const number = req.params['customerCd'] ?? '';
      const current = ctx.company.customers.get(number);
      if (!current) throw vismaNotFound(`Customer with number '${number}' was not found.`);
      return update(ctx, req, current);
    }),
  );

  router.add(
    'PUT',
    '/v1/customer/internal/:internalID',
    guard('vismanet_erp_service_api:update', (req, ctx) => {
      const raw = req.params['internalID'] ?? '';
      const current = /^\d+$/.test(raw) ? [...ctx.company.customers.values()].find((c) => c.internalId === Number(raw)) : undefined;
      if (!current) throw vismaNotFound(`Customer with internal id '${raw}' was not found.`);
      return update(ctx, req, current);
    }),
  );
}
