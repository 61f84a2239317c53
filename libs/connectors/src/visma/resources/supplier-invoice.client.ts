/**
 * Supplier invoices (polled; lines tied to purchase orders, inventory numbers = shop SKUs): GET /v1/supplierInvoice
 * (SupplierInvoice_GetAllInvoices: filters documentType, status, supplier, lastModifiedDateTime +
 * lastModifiedDateTimeCondition, pageNumber/pageSize), GET /v1/supplierInvoice/{invoiceNumber} and
 * GET /v1/supplierInvoice/{documentType}/{invoiceNumber} — visma-net-erp-api.v1_20250424.openapi.json.
 *
 * **Delta listing.** Like VismaResource.deltaPages: `lastModifiedDateTime >= since`, pageNumber/pageSize (both sent,
 * README §1 "Paging"), the upper bound `until` frozen when the run starts (items modified later are dropped from this
 * run and come with the next, which starts at this run's `until`, inclusive, so nothing falls between runs). Stops
 * after a short page or when `metadata.totalCount` is read. On top of that:
 * - boundary de-duplication: the cursor keeps the keys (`documentType/referenceNumber`) of the page just read, and
 *   items of the next page that carry one of them are dropped (a record inserted before the read position shifts the
 *   window forward by one; without this it would be yielded twice);
 * - loop guard: a full page made only of the previous page's keys means the server ignores `pageNumber`; that raises
 *   ConnectorError `unexpected_status` instead of paging forever.
 * Assumed, not stated by the spec: the list is ordered by a key that does not change when a record is modified (the
 * sandbox orders by creation), so a modification mid-run moves nothing; a record *deleted* mid-run still shifts the
 * window back by one, which page numbers cannot detect (the next full run from an older `since` recovers it).
 *
 * Money: decimal strings in major units (see supplier-invoice.schema.ts for base vs document currency).
 */
import { ConnectorError, type PageIterator, type QueryValue } from '../../core';
import { parseVismaTimestamp, toVismaDateTime } from '../schemas/common.schema';
import {
  VISMA_SUPPLIER_INVOICE,
  VISMA_SUPPLIER_INVOICE_LIST,
  type VismaSupplierDocumentTypeFilter,
  type VismaSupplierInvoice,
  type VismaSupplierInvoiceStatus,
} from '../schemas/supplier-invoice.schema';
import { VISMA_SYSTEM } from '../visma-errors';
import { seg, VismaResource, type VismaRecord } from './visma-resource';

const DEFAULT_PAGE_SIZE = 100;
const PATH = '/v1/supplierInvoice';

/** Filter state of a run, saved in the cursor; `since`/`until` as sent (`yyyy-MM-dd HH:mm:ss.fff`, UTC). */
export type VismaSupplierInvoiceFilter = {
  since: string | null;
  until: string;
  documentType: VismaSupplierDocumentTypeFilter | null;
  status: VismaSupplierInvoiceStatus | null;
  supplier: string | null;
};

/** JSON-serialisable cursor; save it after each page and pass it back as `resume`. */
export type VismaSupplierInvoiceCursor = {
  pageNumber: number;
  pageSize: number;
  filter: VismaSupplierInvoiceFilter;
  /** Keys (`documentType/referenceNumber`) of the page before `pageNumber`, for boundary de-duplication. */
  previousKeys: string[];
};

/**
 * How to run `listModified`: everything modified in [`since`, `until`] (all records when `since` is absent; `until`
 * defaults to now and is frozen in the cursor), `pageSize` per GET (capped by Visma's maxPageSize), optional filters;
 * or `resume` with a saved cursor (the other fields are then ignored).
 */
export type VismaSupplierInvoiceListOptions = {
  since?: Date | undefined;
  until?: Date | undefined;
  pageSize?: number | undefined;
  documentType?: VismaSupplierDocumentTypeFilter | undefined;
  status?: VismaSupplierInvoiceStatus | undefined;
  supplier?: string | undefined;
  resume?: VismaSupplierInvoiceCursor | undefined;
};

/** The key of a supplier invoice as the cursor stores it. */
export function supplierInvoiceKey(invoice: Pick<VismaSupplierInvoice, 'documentType' | 'referenceNumber'>): string {
  return `${invoice.documentType ?? ''}/${invoice.referenceNumber}`;
}

/** Supplier invoice operations of one Visma company. */
export class VismaSupplierInvoiceClient extends VismaResource {
  /**
   * Pages `{ items, nextCursor }` of supplier invoices modified in the window (see the file header). `nextCursor` is
   * undefined on the last page.
   * @throws ConnectorError `unexpected_status` when the server repeats a page (loop guard); transport errors as usual
   */
  async *listModified(options: VismaSupplierInvoiceListOptions = {}): PageIterator<VismaSupplierInvoice, VismaSupplierInvoiceCursor> {
    let cursor: VismaSupplierInvoiceCursor | undefined = options.resume ?? this.startCursor(options);
    const untilMs = parseVismaTimestamp(cursor.filter.until) ?? Number.POSITIVE_INFINITY;
    while (cursor) {
      const res: { body: VismaSupplierInvoice[] } = await this.http.request({ method: 'GET', path: PATH, query: queryOf(cursor), schema: VISMA_SUPPLIER_INVOICE_LIST });
      const body: VismaSupplierInvoice[] = res.body;
      const meta = body[0]?.metadata;
      const size: number = Math.min(cursor.pageSize, meta?.maxPageSize ?? cursor.pageSize);
      const previous = new Set(cursor.previousKeys);
      const keys: string[] = body.map(supplierInvoiceKey);
      const fresh: VismaSupplierInvoice[] = body.filter((_, i) => !previous.has(keys[i] ?? ''));
      const readSoFar: number = (cursor.pageNumber - 1) * size + body.length;
      const totalCount = meta?.totalCount ?? undefined;
      const isLast: boolean = body.length === 0 || body.length < size || (totalCount !== undefined && readSoFar >= totalCount);
      if (!isLast && fresh.length === 0) {
        throw new ConnectorError({ system: VISMA_SYSTEM, code: 'unexpected_status', retryable: false, message: `GET ${PATH} page ${cursor.pageNumber} repeated the previous page; the server seems to ignore pageNumber, stopping instead of looping` });
      }
      const items: VismaSupplierInvoice[] = fresh.filter((item) => (parseVismaTimestamp(item.lastModifiedDateTime) ?? 0) <= untilMs);
      const next: VismaSupplierInvoiceCursor | undefined = isLast ? undefined : { ...cursor, pageSize: size, pageNumber: cursor.pageNumber + 1, previousKeys: keys };
      yield { items, nextCursor: next };
      cursor = next;
    }
  }

  /**
   * GET /v1/supplierInvoice/{documentType}/{invoiceNumber}: the invoice and its ETag.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(documentType: string, invoiceNumber: string): Promise<VismaRecord<VismaSupplierInvoice>> {
    return this.getOne(`${PATH}/${seg(documentType)}/${seg(invoiceNumber)}`, VISMA_SUPPLIER_INVOICE);
  }

  /**
   * GET /v1/supplierInvoice/{invoiceNumber} (no document type: Visma picks the document with that number).
   * @throws ConnectorNotFoundError when it does not exist
   */
  async getByNumber(invoiceNumber: string): Promise<VismaRecord<VismaSupplierInvoice>> {
    return this.getOne(`${PATH}/${seg(invoiceNumber)}`, VISMA_SUPPLIER_INVOICE);
  }

  private startCursor(options: VismaSupplierInvoiceListOptions): VismaSupplierInvoiceCursor {
    return {
      pageNumber: 1,
      pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
      filter: {
        since: options.since ? toVismaDateTime(options.since.getTime()) : null,
        until: toVismaDateTime(options.until ? options.until.getTime() : this.clock.now()),
        documentType: options.documentType ?? null,
        status: options.status ?? null,
        supplier: options.supplier ?? null,
      },
      previousKeys: [],
    };
  }
}

function queryOf(cursor: VismaSupplierInvoiceCursor): Record<string, QueryValue> {
  const { filter } = cursor;
  const query: Record<string, QueryValue> = { pageNumber: cursor.pageNumber, pageSize: cursor.pageSize };
  if (filter.since !== null) {
    query['lastModifiedDateTime'] = filter.since;
    query['lastModifiedDateTimeCondition'] = '>=';
  }
  if (filter.documentType !== null) query['documentType'] = filter.documentType;
  if (filter.status !== null) query['status'] = filter.status;
  if (filter.supplier !== null) query['supplier'] = filter.supplier;
  return query;
}
