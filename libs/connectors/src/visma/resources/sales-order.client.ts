/**
 * Sales orders: POST /v1/salesorder (SalesOrder_Post), GET /v1/salesorder/{orderType}/{orderNbr}
 * (SalesOrder_GetOrderByTypeByorderTypeorderNbr) and GET /v1/salesorder (SalesOrder_GetAllOrders; filters orderType,
 * status, greaterThanValue, showNotes, lastModifiedDateTime + lastModifiedDateTimeCondition, pageNumber/pageSize) —
 * visma-net-erp-api.v1_20250424.openapi.json. A sales order is keyed by (orderType, orderNo).
 *
 * **Exactly-once key.** SalesOrderUpdateDto has no `externalReference`, and GET /v1/salesorder cannot filter on
 * `customerRefNo` or `customerOrder` (its only text filter is `greaterThanValue` on the order number). So the key is
 * the order number itself: the caller derives a deterministic `orderNumber` from the shop order (e.g. prefix + shop
 * order number) and posts it with `overrideNumberSeries: true`; the look-up is then one
 * `GET /v1/salesorder/{orderType}/{orderNbr}` (404 = not posted). `customerRefNo` ("External reference: the reference
 * number of the sales order in a third-party application") carries our external reference and is compared on every
 * hit, so a number already used by another document (a human, another shop, the number series) is reported instead of
 * adopted. Limits, none stated by the spec: the order number's maximum length (Acumatica's order numbers are 15
 * characters; treat longer keys as unsafe), whether the order type's numbering allows manual numbers (otherwise Visma
 * refuses or ignores `overrideNumberSeries`), and the 404 status for an unknown order (assumed, like the other GET-by-id
 * operations). Orders posted through the number series can only be found by `findByCustomerRefNo`, a scan.
 * The v1/v2 SalesOrder endpoints are end-of-life in the live docs (README §1 "Sales orders"; policy 8-fixed-window).
 */
import { ConnectorNotFoundError, ConnectorValidationError, type PageIterator, type QueryValue, type WriteFence } from '../../core';
import {
  VISMA_SALES_ORDER,
  VISMA_SALES_ORDER_DOCUMENT,
  VISMA_SALES_ORDER_LIST,
  type VismaSalesOrder,
  type VismaSalesOrderDocument,
  type VismaSalesOrderStatus,
} from '../schemas/sales-order.schema';
import { VISMA_SYSTEM } from '../visma-errors';
import { missingLocation, seg, VismaResource, type VismaDeltaCursor, type VismaDeltaStart, type VismaRecord } from './visma-resource';

/** The key of one sales order. */
export type VismaSalesOrderKey = { orderType: string; orderNumber: string };
/** What a create returns: the key (from `Location`, else the number we sent) and the ETag when Visma sent one. */
export type VismaSalesOrderCreated = VismaSalesOrderKey & { etag: string | undefined };
/** Extra filters of the delta list (query parameters of SalesOrder_GetAllOrders). */
export type VismaSalesOrderListFilter = { orderType?: string | undefined; status?: VismaSalesOrderStatus | undefined };

/** Sales order operations of one Visma company. */
export class VismaSalesOrderClient extends VismaResource {
  /**
   * POST /v1/salesorder with a value-wrapped `SalesOrderUpdateDto` (checked by VISMA_SALES_ORDER_DOCUMENT). The key
   * comes from `Location` (`…/v1/salesorder/{orderNbr}` or `…/v1/salesorder/{orderType}/{orderNbr}`; the spec declares
   * no header, as for every 201), else from the `orderNumber` sent with `overrideNumberSeries: true`.
   * Not retried (no idempotency key): after an unknown outcome call `findByKey` before posting again.
   * `options.fence` is checked right before the POST is sent (see WriteFence).
   * @throws ZodError when the document leaves the subset or lacks orderType/lines/customer; ConnectorValidationError
   *   when Visma rejects it (e.g. a duplicate order number); ConnectorError `unexpected_status` when the key is unknown
   */
  async create(document: VismaSalesOrderDocument, options: { fence?: WriteFence | undefined } = {}): Promise<VismaSalesOrderCreated> {
    const body = VISMA_SALES_ORDER_DOCUMENT.parse(document);
    const res = await this.postOnce('/v1/salesorder', body, options.fence);
    const orderType = body.orderType.value;
    const fromLocation = salesOrderKeyFromLocation(res.location);
    if (fromLocation) return { orderType: fromLocation.orderType ?? orderType, orderNumber: fromLocation.orderNumber, etag: res.etag };
    if (body.overrideNumberSeries?.value === true && body.orderNumber) return { orderType, orderNumber: body.orderNumber.value, etag: res.etag };
    throw missingLocation('/v1/salesorder', res);
  }

  /**
   * GET /v1/salesorder/{orderType}/{orderNbr}: the order and its ETag.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(key: VismaSalesOrderKey): Promise<VismaRecord<VismaSalesOrder>> {
    return this.getOne(`/v1/salesorder/${seg(key.orderType)}/${seg(key.orderNumber)}`, VISMA_SALES_ORDER);
  }

  /**
   * The exactly-once look-up (one GET, see the file header): the order posted under `key`, or undefined when there is
   * none. A hit whose `customerRefNo` is not `externalReference` is someone else's order.
   * @throws ConnectorValidationError (field `orderNumber`, not retryable) when the number is taken by another order
   */
  async findByKey(key: VismaSalesOrderKey & { externalReference: string }): Promise<VismaRecord<VismaSalesOrder> | undefined> {
    let found: VismaRecord<VismaSalesOrder>;
    try {
      found = await this.get(key);
    } catch (e: unknown) {
      if (e instanceof ConnectorNotFoundError) return undefined;
      throw e;
    }
    const ref = found.record.customerRefNo ?? undefined;
    if (ref !== key.externalReference) {
      const message = `Sales order ${key.orderType} ${key.orderNumber} exists with customerRefNo '${ref ?? ''}', not '${key.externalReference}': the order number is taken by another document`;
      throw new ConnectorValidationError({ system: VISMA_SYSTEM, message, fieldErrors: [{ field: 'orderNumber', message }] });
    }
    return found;
  }

  /**
   * Fallback look-up for orders posted through the number series: scans the orders modified at or after `since`
   * (optionally of one type) and keeps those whose `customerRefNo` equals `externalReference`. Costs
   * ceil(M / pageSize) GETs for the M orders modified since then; bound `since` to the first attempt's start.
   */
  async findByCustomerRefNo(externalReference: string, options: { since: Date; orderType?: string | undefined; pageSize?: number | undefined }): Promise<VismaSalesOrder[]> {
    const out: VismaSalesOrder[] = [];
    const pages = this.listModifiedSince({ since: options.since, pageSize: options.pageSize }, { orderType: options.orderType });
    for await (const page of pages) out.push(...page.items.filter((o) => o.customerRefNo === externalReference));
    return out;
  }

  /** Pages of orders modified since `from.since` (or resumed from a saved cursor); see VismaResource.deltaPages. */
  listModifiedSince(from: VismaDeltaStart | VismaDeltaCursor, filter: VismaSalesOrderListFilter = {}): PageIterator<VismaSalesOrder, VismaDeltaCursor> {
    const query: Record<string, QueryValue> = {};
    if (filter.orderType !== undefined) query['orderType'] = filter.orderType;
    if (filter.status !== undefined) query['status'] = filter.status;
    return this.deltaPages('/v1/salesorder', VISMA_SALES_ORDER_LIST, from, query);
  }
}

/**
 * The key named by a sales order `Location`: `…/salesorder/{orderNbr}` (orderType unknown) or
 * `…/salesorder/{orderType}/{orderNbr}`; undefined for any other shape.
 */
export function salesOrderKeyFromLocation(location: string | undefined): { orderType: string | undefined; orderNumber: string } | undefined {
  if (!location) return undefined;
  let segments: string[];
  try {
    segments = new URL(location, 'http://relative.invalid').pathname.split('/').filter((s) => s.length > 0).map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
  const at = segments.map((s) => s.toLowerCase()).lastIndexOf('salesorder');
  const rest = at < 0 ? [] : segments.slice(at + 1);
  if (rest.length === 1 && rest[0]) return { orderType: undefined, orderNumber: rest[0] };
  if (rest.length === 2 && rest[0] && rest[1]) return { orderType: rest[0], orderNumber: rest[1] };
  return undefined;
}
