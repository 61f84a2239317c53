/**
 * Orders, invoices, credit memos and customers: fetch by id, `searchCriteria` search, and the delta listing
 * (search-criteria.ts). Paths and ACL resources (admin-schema-2.4.9.yaml; Magento_Sales/Magento_Customer webapi.xml):
 * - orders: `GET /V1/orders/{id}`, `GET /V1/orders` — `Magento_Sales::actions_view`
 * - invoices: `GET /V1/invoices/{id}`, `GET /V1/invoices` — `Magento_Sales::sales_invoice`
 * - credit memos: `GET /V1/creditmemo/{id}`, `GET /V1/creditmemos` — `Magento_Sales::sales_creditmemo`
 * - customers: `GET /V1/customers/{customerId}`, `GET /V1/customers/search` — `Magento_Customer::customer`
 * Amounts stay as parsed (JSON floats in major units); conversion to minor units happens in libs/mapping.
 */
import type { z } from 'zod';
import type { PageIterator } from '../../core';
import { ADOBE_COMMERCE_CUSTOMER, ADOBE_COMMERCE_CUSTOMER_SEARCH, type AdobeCommerceCustomer } from '../schemas/catalog.schema';
import type { AdobeCommerceSearchResult } from '../schemas/common.schema';
import {
  ADOBE_COMMERCE_CREDIT_MEMO,
  ADOBE_COMMERCE_CREDIT_MEMO_SEARCH,
  ADOBE_COMMERCE_INVOICE,
  ADOBE_COMMERCE_INVOICE_SEARCH,
  ADOBE_COMMERCE_ORDER,
  ADOBE_COMMERCE_ORDER_SEARCH,
  type AdobeCommerceCreditMemo,
  type AdobeCommerceInvoice,
  type AdobeCommerceOrder,
} from '../schemas/sales.schema';
import { listModifiedPages, startListCursor, type AdobeCommerceListCursor, type AdobeCommerceListWindow, type SearchCriteria } from '../search-criteria';
import { acSegment, AdobeCommerceResource, type AdobeCommerceHttp } from './adobe-commerce-resource';

type EntitySpec<T> = {
  getPath: (id: number) => string;
  searchPath: string;
  record: z.ZodType<T, z.ZodTypeDef, unknown>;
  results: z.ZodType<AdobeCommerceSearchResult<T>, z.ZodTypeDef, unknown>;
  key: (item: T) => { id: number; updatedAt: string | null | undefined };
};

/** Fetch, search and delta listing of one entity type. */
abstract class AdobeCommerceEntityClient<T> extends AdobeCommerceResource {
  protected constructor(
    http: AdobeCommerceHttp,
    private readonly spec: EntitySpec<T>,
  ) {
    super(http);
  }

  /**
   * The full record.
   * @throws ConnectorNotFoundError (404) when it does not exist
   * @throws AdobeCommerceAclError (401 naming the ACL resource) when the integration may not read it
   */
  async get(id: number): Promise<T> {
    return this.read(this.spec.getPath(id), this.spec.record);
  }

  /** One page of a `searchCriteria` search (`pageSize` is always sent: omitted, Magento returns every match). */
  async search(criteria: SearchCriteria): Promise<AdobeCommerceSearchResult<T>> {
    return this.runSearch(this.spec.searchPath, this.spec.results, criteria);
  }

  /**
   * Pages of records changed in the window, oldest `updated_at` first (then `entity_id`), or resumed from a saved
   * cursor: `updated_at gteq since − overlap` AND `updated_at lteq until`, keyset-paged (search-criteria.ts
   * `listModifiedPages`). Each page's `nextCursor` is JSON; save it after the page is handled.
   * @throws ConnectorError family from the transport (auth, ACL, rate-limited, transient, schema mismatch)
   */
  listModified(window: AdobeCommerceListWindow): PageIterator<T, AdobeCommerceListCursor> {
    return listModifiedPages(
      startListCursor(window),
      async (criteria) => {
        const r = await this.search(criteria);
        return { items: r.items, totalCount: r.total_count };
      },
      this.spec.key,
    );
  }
}

/** Sales orders (`sales-data-order-interface`). */
export class AdobeCommerceOrderClient extends AdobeCommerceEntityClient<AdobeCommerceOrder> {
  constructor(http: AdobeCommerceHttp) {
    super(http, { getPath: (id) => `/V1/orders/${acSegment(id)}`, searchPath: '/V1/orders', record: ADOBE_COMMERCE_ORDER, results: ADOBE_COMMERCE_ORDER_SEARCH, key: (o) => ({ id: o.entity_id, updatedAt: o.updated_at }) });
  }
}

/** Invoices (`sales-data-invoice-interface`). */
export class AdobeCommerceInvoiceClient extends AdobeCommerceEntityClient<AdobeCommerceInvoice> {
  constructor(http: AdobeCommerceHttp) {
    super(http, { getPath: (id) => `/V1/invoices/${acSegment(id)}`, searchPath: '/V1/invoices', record: ADOBE_COMMERCE_INVOICE, results: ADOBE_COMMERCE_INVOICE_SEARCH, key: (i) => ({ id: i.entity_id, updatedAt: i.updated_at }) });
  }
}

/** Credit memos (`sales-data-creditmemo-interface`); note the singular `creditmemo` of the fetch path. */
export class AdobeCommerceCreditMemoClient extends AdobeCommerceEntityClient<AdobeCommerceCreditMemo> {
  constructor(http: AdobeCommerceHttp) {
    super(http, {
      getPath: (id) => `/V1/creditmemo/${acSegment(id)}`,
      searchPath: '/V1/creditmemos',
      record: ADOBE_COMMERCE_CREDIT_MEMO,
      results: ADOBE_COMMERCE_CREDIT_MEMO_SEARCH,
      key: (c) => ({ id: c.entity_id, updatedAt: c.updated_at }),
    });
  }
}

/** Customers (`customer-data-customer-interface`); the record id is `id`, the sort/filter column `entity_id`. */
export class AdobeCommerceCustomerClient extends AdobeCommerceEntityClient<AdobeCommerceCustomer> {
  constructor(http: AdobeCommerceHttp) {
    super(http, {
      getPath: (id) => `/V1/customers/${acSegment(id)}`,
      searchPath: '/V1/customers/search',
      record: ADOBE_COMMERCE_CUSTOMER,
      results: ADOBE_COMMERCE_CUSTOMER_SEARCH,
      key: (c) => ({ id: c.id, updatedAt: c.updated_at }),
    });
  }
}
