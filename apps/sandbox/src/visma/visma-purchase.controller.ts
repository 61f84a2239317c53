import type { SandboxHandler, SandboxRequest, SandboxResponse, SandboxRouter } from '../core';
import type { VismaErpContext, VismaErpHandler } from './visma-auth.guard';
import type { VismaScope } from './visma-demo.constants';
import { periodOf } from './visma-dto.util';
import { ledgerOf } from './visma-ledger.store';
import { PURCHASE_RECEIPT_STATUSES, PURCHASE_RECEIPT_TYPES } from './visma-ledger.types';
import { purchaseOrderToDto, purchaseReceiptToDto } from './visma-purchase.mapper';
import { byText, dateTimeCondition, deltaOrdered, enumFilter, etagOf, pageMapped, queryText, readPaging } from './visma-query.util';
import { vismaNotFound } from './visma.error';

type Guard = (scope: VismaScope, handler: VismaErpHandler) => SandboxHandler;

const DAY_MS = 86_400_000;
/** PurchaseOrderDto.orderType / status (spec enums of the `orderType` / `orderStatus` filters). */
const ORDER_TYPES = ['RegularOrder', 'DropShip', 'Blanket', 'StandardBlanket'] as const;
const ORDER_STATUSES = ['Balanced', 'Cancelled', 'Closed', 'Hold', 'Open', 'PendingEmail', 'PendingPrint', 'Printed', 'Voided'] as const;

/**
 * Purchase order and purchase receipt reads (operations PurchaseOrder_GetAllOrder, PurchaseOrder_GetBypurchaseOrderNumber,
 * PurchaseReceipt_GetAllReceiptBasic, PurchaseReceipt_GetByreceiptNumber, PurchaseReceiptV2_GetAllReceipts and
 * PurchaseReceiptV2_GetByreceiptNumber of visma-net-erp-api.v1_20250424.openapi.json; note the spec's casing
 * `/v1/purchaseorder` but `/v1/PurchaseReceipt`, and paths are case-sensitive here):
 * - `GET /v1/purchaseorder` — filters orderType, orderStatus (spec enums; others 400), supplier, branch,
 *   greaterThanValue (order number greater than), lastModifiedDateTime / orderDate / deliveryDate (promisedOn), each with
 *   its `…Condition` (both or neither); includeCustomFreeFields accepted (no custom fields are simulated); paging with
 *   `metadata {totalCount, maxPageSize}` on every item. Order: by creation, or by lastModifiedDateTime for a delta read
 *   (deltaOrdered). `GET /v1/purchaseorder/{purchaseOrderNumber}` — the DTO plus `ETag`; unknown → 404.
 * - `GET /v1/PurchaseReceipt` and `GET /v2/PurchaseReceipt` — filters receiptType, status (spec enums), supplier,
 *   poOrderNbr (a line's order), branch, finPeriod (YYYYPP), greaterThanValue (receipt number), lastModifiedDateTime /
 *   receiptDate / dueDate with their conditions; paging and order as above. `GET /v{1,2}/PurchaseReceipt/{receiptNumber}`.
 * The rate limit, scopes and faults apply as on every ERP route.
 */
export function registerPurchaseRoutes(router: SandboxRouter, guard: Guard): void {
  const read = (handler: VismaErpHandler): SandboxHandler => guard('vismanet_erp_service_api:read', handler);
  router.add('GET', '/v1/purchaseorder', read(listPurchaseOrders));
  router.add('GET', '/v1/purchaseorder/:purchaseOrderNumber', read((req, ctx) => {
    const number = req.params['purchaseOrderNumber'] ?? '';
    const po = ctx.company.purchaseOrders.get(number);
    const meta = ledgerOf(ctx.company).purchaseOrderMetaOf(number);
    if (!po || !meta) throw vismaNotFound(`Purchase order '${number}' was not found.`);
    return { status: 200, headers: { etag: etagOf(meta.rowVersion) }, body: purchaseOrderToDto(po, ctx.company) };
  }));
  for (const version of ['v1', 'v2']) {
    router.add('GET', `/${version}/PurchaseReceipt`, read(listPurchaseReceipts));
    router.add('GET', `/${version}/PurchaseReceipt/:receiptNumber`, read((req, ctx) => {
      const number = req.params['receiptNumber'] ?? '';
      const r = ledgerOf(ctx.company).purchaseReceipts.get(number);
      if (!r) throw vismaNotFound(`Purchase receipt '${number}' was not found.`);
      return { status: 200, headers: { etag: etagOf(r.rowVersion) }, body: purchaseReceiptToDto(r, ctx.company) };
    }));
  }
}

function listPurchaseOrders(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const orderDate = dateTimeCondition(q, 'orderDate');
  const deliveryDate = dateTimeCondition(q, 'deliveryDate');
  const orderType = enumFilter(q, 'orderType', ORDER_TYPES);
  const orderStatus = enumFilter(q, 'orderStatus', ORDER_STATUSES);
  const supplier = queryText(q, 'supplier');
  const branch = queryText(q, 'branch');
  const greaterThan = queryText(q, 'greaterThanValue');
  const ledger = ledgerOf(ctx.company);
  const rows = [...ctx.company.purchaseOrders.values()].flatMap((po) => {
    const meta = ledger.purchaseOrderMetaOf(po.orderNbr);
    return meta ? [{ po, seq: meta.seq, lastModifiedMs: meta.lastModifiedMs }] : [];
  });
  const matches = rows
    .filter(({ po }) => orderType === undefined || po.orderType === orderType)
    .filter(({ po }) => orderStatus === undefined || po.status === orderStatus)
    .filter(({ po }) => supplier === undefined || po.supplierNumber === supplier)
    .filter(() => branch === undefined || branch === ctx.company.seed.defaults.branchNumber)
    .filter(({ po }) => greaterThan === undefined || po.orderNbr > greaterThan)
    .filter((r) => !modified || modified(r.lastModifiedMs))
    .filter(({ po }) => !orderDate || orderDate(po.dateMs))
    .filter(({ po }) => !deliveryDate || deliveryDate(po.dateMs + 7 * DAY_MS));
  const ordered = deltaOrdered(matches, q, (a, b) => a.seq - b.seq);
  return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (r) => purchaseOrderToDto(r.po, ctx.company)) };
}

function listPurchaseReceipts(req: SandboxRequest, ctx: VismaErpContext): SandboxResponse {
  const q = req.query;
  const paging = readPaging(q, ctx.maxPageSize);
  const modified = dateTimeCondition(q, 'lastModifiedDateTime');
  const receiptDate = dateTimeCondition(q, 'receiptDate');
  const dueDate = dateTimeCondition(q, 'dueDate');
  const receiptType = enumFilter(q, 'receiptType', PURCHASE_RECEIPT_TYPES);
  const status = enumFilter(q, 'status', PURCHASE_RECEIPT_STATUSES);
  const supplier = queryText(q, 'supplier');
  const poOrderNbr = queryText(q, 'poOrderNbr');
  const branch = queryText(q, 'branch');
  const finPeriod = queryText(q, 'finPeriod');
  const greaterThan = queryText(q, 'greaterThanValue');
  const dueOf = (supplierNumber: string, dateMs: number): number => {
    const s = ctx.company.suppliers.get(supplierNumber);
    return dateMs + (s ? (ctx.company.creditTerms(s.creditTermsId)?.dueDays ?? 30) : 30) * DAY_MS;
  };
  const matches = [...ledgerOf(ctx.company).purchaseReceipts.values()]
    .filter((r) => receiptType === undefined || r.receiptType === receiptType)
    .filter((r) => status === undefined || r.status === status)
    .filter((r) => supplier === undefined || r.supplierNumber === supplier)
    .filter((r) => poOrderNbr === undefined || r.lines.some((l) => l.poOrderNbr === poOrderNbr))
    .filter((r) => branch === undefined || r.branchNumber === branch)
    .filter((r) => finPeriod === undefined || periodOf(r.dateMs) === finPeriod)
    .filter((r) => greaterThan === undefined || r.receiptNbr > greaterThan)
    .filter((r) => !modified || modified(r.lastModifiedMs))
    .filter((r) => !receiptDate || receiptDate(r.dateMs))
    .filter((r) => !dueDate || dueDate(dueOf(r.supplierNumber, r.dateMs)));
  const ordered = deltaOrdered(matches, q, (a, b) => a.seq - b.seq || byText(a.receiptNbr, b.receiptNbr));
  return { status: 200, body: pageMapped(ordered, paging, ctx.maxPageSize, (r) => purchaseReceiptToDto(r, ctx.company)) };
}
