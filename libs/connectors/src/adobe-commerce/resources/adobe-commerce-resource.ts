/**
 * Shared plumbing of the Adobe Commerce resource clients: the store scope a call runs in, GET/search with zod
 * validation, and path segments.
 *
 * Scopes (AdobeDocs/commerce-webapi @ e2275b5):
 * - PaaS puts the store view code in the path: `https://<host>/rest/<store_code>/V1/…`; `all` is the global scope
 *   (`/rest/all/V1/…`, used by the webhooks docs `GET /rest/all/V1/webhooks/list` and for attribute writes).
 * - SaaS has no `/rest/<code>` segment (`https://<region>.api.commerce.adobe.com/<tenantId>/V1/…`); the scope is the
 *   `Store` header: `Store: all` for the global scope, `Store: <store_view_code>` otherwise
 *   (`src/pages/rest/index.md` "URL structure", Adobe Commerce as a Cloud Service).
 * A product PUT through a store-view scope copies the sent values to that store view (magento2 issue #9186: values
 * written as store-view overrides), so global attribute writes go through `all`.
 */
import type { ZodType, ZodTypeDef } from 'zod';
import type { HttpMethod, HttpTransport, QueryValue } from '../../core';
import { searchCriteriaQuery, type SearchCriteria } from '../search-criteria';

/** `store`: the configured store view; `all`: the global scope. */
export type AdobeCommerceScope = 'store' | 'all';

/** How one client reaches its store: one transport per scope (PaaS) or one transport plus a `Store` header (SaaS). */
export class AdobeCommerceHttp {
  constructor(
    private readonly transports: { store: HttpTransport; all: HttpTransport },
    /** SaaS: the `Store` header value per scope; PaaS: undefined (the scope is in the base URL). */
    private readonly storeHeader: { store: string; all: string } | undefined,
  ) {}

  /** The transport of the configured store view (diagnostics). */
  get store(): HttpTransport {
    return this.transports.store;
  }

  /**
   * One call in `scope`.
   * @throws the ConnectorError family of the core transport and `adobeCommerceErrorMapper`
   */
  async call<T>(scope: AdobeCommerceScope, req: { method: HttpMethod; path: string; schema: ZodType<T, ZodTypeDef, unknown>; query?: Readonly<Record<string, QueryValue>> | undefined; body?: unknown; idempotencyKey?: string | undefined }): Promise<T> {
    const headers = this.storeHeader ? { store: this.storeHeader[scope] } : undefined;
    return (await this.transports[scope].request({ ...req, headers })).body;
  }
}

/** Base class of the resource clients. */
export abstract class AdobeCommerceResource {
  constructor(protected readonly http: AdobeCommerceHttp) {}

  /** GET in the store scope and validate. */
  protected read<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, query?: Readonly<Record<string, QueryValue>>): Promise<T> {
    return this.http.call('store', { method: 'GET', path, schema, query });
  }

  /** GET a `searchCriteria` search in the store scope and validate. */
  protected runSearch<T>(path: string, schema: ZodType<T, ZodTypeDef, unknown>, criteria: SearchCriteria): Promise<T> {
    return this.http.call('store', { method: 'GET', path, schema, query: searchCriteriaQuery(criteria) });
  }
}

/** A path segment: an id, or an SKU/code percent-encoded (an SKU `ab/cd` becomes `ab%2Fcd`). */
export function acSegment(value: string | number): string {
  return encodeURIComponent(String(value));
}
