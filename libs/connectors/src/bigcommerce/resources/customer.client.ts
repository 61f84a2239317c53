/**
 * Customers V3 (customers.v3.yml `GET /customers`): lookups with `id:in` and `email:in`, delta listing with
 * `date_modified:min` / `date_modified:max` (ISO-8601), `page`, `limit` and `sort=date_modified:asc`, paged by
 * `meta.pagination` (`current_page`, `total_pages`).
 */
import { ConnectorNotFoundError, type PageIterator } from '../../core';
import { BIGCOMMERCE_SYSTEM } from '../bigcommerce-errors';
import { BC_CUSTOMER_LIST, type BigCommerceCustomer } from '../schemas/customer.schema';
import { BigCommerceResource, isLastV3Page, toBigCommerceDate } from './bigcommerce-resource';

/** JSON cursor of a customer delta run; `until` is frozen when the run starts. */
export type BigCommerceCustomerCursor = { since: string | null; until: string; page: number; limit: number };
export type BigCommerceCustomerListStart = { since?: Date | undefined; limit?: number | undefined };

const DEFAULT_LIMIT = 50;

/** Customers V3 of one store. */
export class BigCommerceCustomerClient extends BigCommerceResource {
  /**
   * GET /v3/customers?id:in={id} (V3 has no GET /customers/{id}).
   * @throws ConnectorNotFoundError when no customer has this id
   */
  async get(customerId: number): Promise<BigCommerceCustomer> {
    const body = await this.read('/v3/customers', BC_CUSTOMER_LIST, { 'id:in': customerId, include: 'addresses' });
    const customer = body.data.find((c) => c.id === customerId);
    if (!customer) throw new ConnectorNotFoundError({ system: BIGCOMMERCE_SYSTEM, message: `customer ${customerId} not found` });
    return customer;
  }

  /** Customers with this email (`email:in`; BigCommerce matches emails case-insensitively). Usually zero or one. */
  async findByEmail(email: string): Promise<BigCommerceCustomer[]> {
    const body = await this.read('/v3/customers', BC_CUSTOMER_LIST, { 'email:in': email });
    return body.data;
  }

  /**
   * Pages of customers modified in [since, until] sorted by `date_modified:asc`, `until` frozen at the first call.
   * Resume from a saved cursor to continue after a crash. (V3 customers have no id keyset filter, so a customer
   * modified again during the run may shift the next page by one; the next run, starting at `until`, re-reads it.)
   */
  async *listModifiedSince(from: BigCommerceCustomerListStart | BigCommerceCustomerCursor = {}): PageIterator<BigCommerceCustomer, BigCommerceCustomerCursor> {
    let cursor: BigCommerceCustomerCursor | undefined =
      'until' in from ? from : { since: from.since ? toBigCommerceDate(from.since.getTime()) : null, until: toBigCommerceDate(this.clock.now()), page: 1, limit: from.limit ?? DEFAULT_LIMIT };
    while (cursor) {
      const query: Record<string, string | number> = { page: cursor.page, limit: cursor.limit, sort: 'date_modified:asc', 'date_modified:max': cursor.until };
      if (cursor.since !== null) query['date_modified:min'] = cursor.since;
      const body = await this.read('/v3/customers', BC_CUSTOMER_LIST, query);
      const next: BigCommerceCustomerCursor | undefined = isLastV3Page(body.meta?.pagination, body.data.length, cursor.limit) ? undefined : { ...cursor, page: cursor.page + 1 };
      yield { items: body.data, nextCursor: next };
      cursor = next;
    }
  }
}
