import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import { salesOrderKey } from './visma-company.store';
import type { VismaScope } from './visma-demo.constants';
import { requireObjectBody } from './visma-dto.util';
import { SALES_ORDER_STATUSES, type VismaSalesOrderRecord } from './visma-order-records.types';
import { dateTimeCondition, etagOf, pageWithMetadata, readPaging } from './visma-query.util';
import { salesOrderToDto } from './visma-sales-order.mapper';
import { createSalesOrder } from './visma-sales-order.service';
import { vismaException, vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

/**
 * Sales order endpoints (operations SalesOrder_Post, SalesOrder_GetOrderByTypeByorderTypeorderNbr,
 * SalesOrder_GetByorderNbr and SalesOrder_GetAllOrders of visma-net-erp-api.v1_20250424.openapi.json):
 * - `POST /v1/salesorder` — SalesOrderUpdateDto (visma-sales-order.service.ts); 201, empty body,
 *   `Location: …/v1/salesorder/{orderType}/{orderNbr}`, `ETag` (the spec declares no header; the sandbox answers like
 *   its other creates).
 * - `GET /v1/salesorder/{orderType}/{orderNbr}` — SalesOrderDto plus `ETag`; 404 `notFound` when unknown.
 * - `GET /v1/salesorder/{orderNbr}` — the same, by number only (the first order type in seed order that has it).
 * - `GET /v1/salesorder` — filters orderType, status (enum; other values 400), greaterThanValue (order number greater
 *   than, compared as text), showNotes (notes are left out unless true), lastModifiedDateTime(+Condition); paging
 *   pageNumber/pageSize with `metadata` on every item; ordered by order type, then order number. The deprecated
 *   numberToRead/skipRecords and the no-op orderBy are ignored; so is any parameter the spec does not declare.
 */
export function registerSalesOrderRoutes(router: SandboxRouter, guard: Guard): void {
  router.add(
    'POST',
    '/v1/salesorder',
    guard('vismanet_erp_service_api:create', (req, ctx) => {
      const order = createSalesOrder(requireObjectBody(req.body), ctx.company);
      ctx.company.salesOrders.set(salesOrderKey(order.orderType, order.orderNo), order);
      return {
        status: 201,
        headers: {
          location: `${ctx.baseUrl}/v1/salesorder/${encodeURIComponent(order.orderType)}/${encodeURIComponent(order.orderNo)}`,
          etag: etagOf(order.rowVersion),
        },
      };
    }),
  );
  router.add('GET', '/v1/salesorder', guard('vismanet_erp_service_api:read', (req, ctx) => listSalesOrders(req, ctx)));
  router.add(
    'GET',
    '/v1/salesorder/:orderType/:orderNbr',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const orderType = req.params['orderType'] ?? '';
      const orderNbr = req.params['orderNbr'] ?? '';
      return one(ctx, ctx.company.salesOrders.get(salesOrderKey(orderType, orderNbr)), `${orderType} ${orderNbr}`);
    }),
  );
  router.add(
    'GET',
    '/v1/salesorder/:orderNbr',
    guard('vismanet_erp_service_api:read', (req, ctx) => {
      const orderNbr = req.params['orderNbr'] ?? '';
      const found = ctx.company.seed.orderTypes.map((t) => ctx.company.salesOrders.get(salesOrderKey(t.orderType, orderNbr))).find((o) => o !== undefined);
      return one(ctx, found, orderNbr);
    }),
  );
}

function one(ctx: VismaErpContext, order: VismaSalesOrderRecord | undefined, label: string): SandboxResponse {
  if (!order) throw vismaNotFound(`Sales order '${label}' was not found.`);
  return { status: 200, headers: { etag: etagOf(order.rowVersion) }, body: salesOrderToDto(order, ctx.company) };
}

function listSalesOrders(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const text = (name: string): string | undefined => {
    const v = q.get(name);
    return v === null || v === '' ? undefined : v;
  };
  const status = text('status');
  if (status && !(SALES_ORDER_STATUSES as readonly string[]).includes(status)) throw vismaException(400, 'badFilter', `The value '${status}' is not valid for status.`);
  const showNotes = text('showNotes');
  if (showNotes !== undefined && showNotes !== 'true' && showNotes !== 'false') throw vismaException(400, 'badFilter', `The value '${showNotes}' is not valid for showNotes.`);
  const orderType = text('orderType');
  const greaterThan = text('greaterThanValue');
  const items = [...ctx.company.salesOrders.values()]
    .filter((o) => orderType === undefined || o.orderType === orderType)
    .filter((o) => status === undefined || o.status === status)
    .filter((o) => greaterThan === undefined || o.orderNo > greaterThan)
    .filter((o) => !modified || modified(o.lastModifiedMs))
    .sort((a, b) => (a.orderType === b.orderType ? compare(a.orderNo, b.orderNo) : compare(a.orderType, b.orderType)))
    .map((o) => salesOrderToDto(o, ctx.company, { showNotes: showNotes === 'true' }));
  return { status: 200, body: pageWithMetadata(items, paging, ctx.maxPageSize) };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
