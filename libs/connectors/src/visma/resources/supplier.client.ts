/**
 * Suppliers: GET/POST /v1/supplier (Supplier_GetAll, Supplier_Post), GET/PUT /v1/supplier/{supplierCd}
 * (Supplier_GetBysupplierCd, Supplier_PutBysupplierCd) and GET /v1/supplier/supplierClass
 * (Supplier_GetAllSupplierClasses) — visma-net-erp-api.v1_20250424.openapi.json. The id is `number` (supplierCd).
 * Supplier_PutBysupplierCd is one of the few operations that declare `If-Match`: "If the ETag on the server does not
 * match … the server responds with 412 Precondition Failed"; GET, POST and PUT "include an ETag" in their headers.
 *
 * **Matching by e-mail.** GET /v1/supplier filters on name, status, vatRegistrationId, corporateId, attributes,
 * greaterThanValue and lastModifiedDateTime — not on e-mail (an unknown `email=` parameter is ignored, so it would
 * return every supplier). `findByEmail` therefore narrows with a filter it can send and compares
 * `mainContact.email` itself, case-insensitively, in this order: vatRegistrationId, corporateId, name (each 1 GET per
 * ceil(k / pageSize) matches, k ≈ 1), then — only with `allowFullScan` — every supplier (ceil(N / pageSize) GETs for N
 * suppliers). It stops at the first stage with an e-mail match. Callers cache e-mail → supplier number once matched
 * (style.md "Cache what rarely changes") and use `get` (1 GET) afterwards.
 */
import { ConnectorNotFoundError, pageNumberPages, updateWithEtagRetry, type EtagRetryResult, type PageIterator, type QueryValue, type WriteFence } from '../../core';
import {
  VISMA_SUPPLIER,
  VISMA_SUPPLIER_CLASS,
  VISMA_SUPPLIER_CLASS_LIST,
  VISMA_SUPPLIER_CREATE_DOCUMENT,
  VISMA_SUPPLIER_DOCUMENT,
  VISMA_SUPPLIER_LIST,
  type VismaSupplier,
  type VismaSupplierClass,
  type VismaSupplierDocument,
  type VismaSupplierFilter,
} from '../schemas/supplier.schema';
import { seg, VismaResource, type VismaCreated, type VismaDeltaCursor, type VismaDeltaStart, type VismaRecord } from './visma-resource';

/** Narrowing hints for `findByEmail`, taken from the shop customer. */
export type VismaSupplierEmailHints = {
  vatRegistrationId?: string | undefined;
  corporateId?: string | undefined;
  name?: string | undefined;
  /** Scan every supplier when no hint matched (ceil(N / pageSize) GETs). Default false. */
  allowFullScan?: boolean | undefined;
};

/** Which filter found the match. */
export type VismaSupplierMatchStage = 'vatRegistrationId' | 'corporateId' | 'name' | 'full-scan';

/**
 * Result of `findByEmail`: every supplier whose main contact has the e-mail (with the ETag from its `timeStamp`),
 * the stage that found them (undefined when none did) and the GETs it took.
 */
export type VismaSupplierMatch = { matches: VismaRecord<VismaSupplier>[]; stage: VismaSupplierMatchStage | undefined; requests: number };

const PAGE_SIZE = 100;

/** Supplier operations of one Visma company. */
export class VismaSupplierClient extends VismaResource {
  /**
   * GET /v1/supplier/{supplierCd}: the supplier and its ETag.
   * @throws ConnectorNotFoundError when it does not exist
   */
  async get(supplierNumber: string): Promise<VismaRecord<VismaSupplier>> {
    return this.getOne(`/v1/supplier/${seg(supplierNumber)}`, VISMA_SUPPLIER);
  }

  /** Like `get` but undefined instead of ConnectorNotFoundError. */
  async tryGet(supplierNumber: string): Promise<VismaRecord<VismaSupplier> | undefined> {
    try {
      return await this.get(supplierNumber);
    } catch (e: unknown) {
      if (e instanceof ConnectorNotFoundError) return undefined;
      throw e;
    }
  }

  /**
   * Every supplier matching `filter` (GET /v1/supplier with pageNumber/pageSize), at most `maxItems`; with no filter
   * this is the whole supplier list. Each item comes with its ETag from `timeStamp`.
   */
  async list(filter: VismaSupplierFilter = {}, maxItems = 1000): Promise<VismaRecord<VismaSupplier>[]> {
    return (await this.scan(filter, maxItems)).items;
  }

  /**
   * Suppliers whose `mainContact.email` equals `email` (case-insensitive), found as the file header describes.
   * @returns the matches (0, 1 or several: the caller decides what several means), the stage and the GETs spent
   */
  async findByEmail(email: string, hints: VismaSupplierEmailHints = {}): Promise<VismaSupplierMatch> {
    const wanted = email.trim().toLowerCase();
    const stages: Array<[VismaSupplierMatchStage, VismaSupplierFilter | undefined]> = [
      ['vatRegistrationId', nonEmpty(hints.vatRegistrationId) ? { vatRegistrationId: hints.vatRegistrationId } : undefined],
      ['corporateId', nonEmpty(hints.corporateId) ? { corporateId: hints.corporateId } : undefined],
      ['name', nonEmpty(hints.name) ? { name: hints.name } : undefined],
      ['full-scan', hints.allowFullScan === true ? {} : undefined],
    ];
    let requests = 0;
    for (const [stage, filter] of stages) {
      if (filter === undefined) continue;
      const found = await this.scan(filter, Number.POSITIVE_INFINITY);
      requests += found.requests;
      const matches = found.items.filter((s) => (s.record.mainContact?.email ?? '').trim().toLowerCase() === wanted);
      if (matches.length > 0) return { matches, stage, requests };
    }
    return { matches: [], stage: undefined, requests };
  }

  /** Pages of suppliers modified since `from.since` (or resumed from a saved cursor); see VismaResource.deltaPages. */
  listModifiedSince(from: VismaDeltaStart | VismaDeltaCursor): PageIterator<VismaSupplier, VismaDeltaCursor> {
    return this.deltaPages('/v1/supplier', VISMA_SUPPLIER_LIST, from);
  }

  /** GET /v1/supplier/supplierClass: the supplier classes (a create needs one; SupplierDto "Mandatory field"). */
  async listClasses(): Promise<VismaSupplierClass[]> {
    const { body } = await this.http.request({ method: 'GET', path: '/v1/supplier/supplierClass', schema: VISMA_SUPPLIER_CLASS_LIST });
    return body;
  }

  /**
   * GET /v1/supplier/supplierClass/{supplierClassId}.
   * @throws ConnectorNotFoundError when the class does not exist
   */
  async getClass(supplierClassId: string): Promise<VismaSupplierClass> {
    const { body } = await this.http.request({ method: 'GET', path: `/v1/supplier/supplierClass/${seg(supplierClassId)}`, schema: VISMA_SUPPLIER_CLASS });
    return body;
  }

  /**
   * POST /v1/supplier with a value-wrapped `SupplierUpdateDto` (name and supplierClassId required); the new number comes
   * from `Location`. Not retried (no idempotency key): look the supplier up (`findByEmail`, or `get` when the caller set
   * `number` itself) before posting again. `options.fence` is checked right before the POST is sent (see WriteFence).
   * @throws ZodError when the document leaves the subset or lacks a mandatory field; ConnectorValidationError when
   *   Visma rejects it (unknown class, duplicate number…)
   */
  async create(document: VismaSupplierDocument, options: { fence?: WriteFence | undefined } = {}): Promise<VismaCreated> {
    return this.createAt('/v1/supplier', VISMA_SUPPLIER_CREATE_DOCUMENT.parse(document), 'supplier', options.fence);
  }

  /**
   * PUT /v1/supplier/{supplierCd} with the fields to change and `If-Match: etag` when given (204 + new ETag).
   * @throws ConnectorConflictError on 409/412 (the supplier changed since `etag` was read); ConnectorNotFoundError
   */
  async update(supplierNumber: string, document: VismaSupplierDocument, etag: string | undefined): Promise<{ etag: string | undefined }> {
    return this.putWithEtag(`/v1/supplier/${seg(supplierNumber)}`, VISMA_SUPPLIER_DOCUMENT.parse(document), etag);
  }

  /**
   * Re-reads the supplier, re-applies `applyChange` to the fresh copy and PUTs with its ETag, retrying on 409/412 up to
   * `maxAttempts` in total (a stale or server-supplied copy is never resent). `applyChange` returns the fields to
   * change, or undefined when the supplier is already as wanted (no PUT).
   * @throws ConnectorConflictError after `maxAttempts` conflicts; ConnectorNotFoundError when the supplier is gone
   */
  async updateWithRetry(
    supplierNumber: string,
    applyChange: (current: VismaSupplier) => VismaSupplierDocument | undefined,
    maxAttempts = 3,
  ): Promise<EtagRetryResult<{ etag: string | undefined }>> {
    return updateWithEtagRetry({
      read: () => this.get(supplierNumber),
      applyChange,
      write: (change, etag) => this.update(supplierNumber, change, etag),
      maxAttempts,
    });
  }

  private async scan(filter: VismaSupplierFilter, maxItems: number): Promise<{ items: VismaRecord<VismaSupplier>[]; requests: number }> {
    const query: Record<string, QueryValue> = { ...filter };
    const items: VismaRecord<VismaSupplier>[] = [];
    let requests = 0;
    const pages = pageNumberPages<VismaSupplier, Record<string, never>>({ pageNumber: 1, pageSize: PAGE_SIZE, filter: {} }, async (cursor) => {
      requests += 1;
      const { body } = await this.http.request({ method: 'GET', path: '/v1/supplier', query: { ...query, pageNumber: cursor.pageNumber, pageSize: cursor.pageSize }, schema: VISMA_SUPPLIER_LIST });
      const meta = body[0]?.metadata;
      return { items: body, totalCount: meta?.totalCount ?? undefined, effectivePageSize: meta?.maxPageSize ?? undefined };
    });
    for await (const page of pages) {
      items.push(...page.items.map((record) => ({ record, etag: supplierEtagFromTimestamp(record.timeStamp) })));
      if (items.length >= maxItems) break;
    }
    return { items: items.slice(0, maxItems), requests };
  }
}

/**
 * The ETag of a supplier read from a list: `"<timeStamp>"`. README §1 "Optimistic locking": "For paginated lists the
 * value is not in the header but in the DTO field Timestamp"; that the header is exactly the quoted timeStamp is an
 * assumption (it holds in the sandbox). Undefined when the DTO has none.
 */
export function supplierEtagFromTimestamp(timeStamp: string | null | undefined): string | undefined {
  return timeStamp ? `"${timeStamp}"` : undefined;
}

function nonEmpty(v: string | undefined): v is string {
  return v !== undefined && v.trim().length > 0;
}
