/**
 * Base class of the queryable commercetools resources: get by id (with `expand`), one query page, the delta listing
 * (commercetools-query.ts), and versioned create/update helpers for the writable ones.
 *
 * Store routing (orders and customers, `storeScoped`): when the connection is limited to store keys every call goes
 * through `in-store/key={storeKey}`; `get` tries the configured stores in order (a 404 moves to the next store), and
 * `query`/`listModified` run in `options.storeKey`, or the only configured store (a connection with several stores
 * must name one). Without store keys the project paths are used, and `storeKey` may still pick an `in-store` path.
 */
import type { ZodType, ZodTypeDef } from 'zod';
import { ConnectorError, ConnectorNotFoundError } from '../../core';
import {
  commercetoolsListPages,
  commercetoolsListQuery,
  commercetoolsQueryParams,
  isCommercetoolsListCursor,
  startCommercetoolsCursor,
  type CommercetoolsListCursor,
  type CommercetoolsListWindow,
  type CommercetoolsPage,
  type CommercetoolsQuery,
} from '../commercetools-query';
import { COMMERCETOOLS_SYSTEM } from '../commercetools-errors';
import type { CommercetoolsPagedResponse } from '../schemas/common.schema';
import { ctRequestBody, ctSegment, type CommercetoolsHttp } from './commercetools-http';

/** Options of a read. */
export type CommercetoolsReadOptions = {
  /** Reference expansions, e.g. `['paymentInfo.payments[*]']` (raml/traits/expandable.raml). */
  expand?: readonly string[] | undefined;
};
/** Options of a read of a store-scoped resource (orders, customers). */
export type CommercetoolsStoreReadOptions = CommercetoolsReadOptions & {
  /** Read in this store (`in-store/key=…`); must be one of the connection's store keys when it has any. */
  storeKey?: string | undefined;
};

/** `{version, actions}` of an update; `version` is the one last read (raml/traits/versioned.raml). */
export type CommercetoolsUpdate<A> = { version: number; actions: readonly A[] };

/** What a resource client is made of. */
export type CommercetoolsResourceSpec<T> = {
  /** Path segment below the project, e.g. `/orders`. */
  segment: string;
  /** Entity name for messages, e.g. `order`. */
  entity: string;
  record: ZodType<T, ZodTypeDef, unknown>;
  page: ZodType<CommercetoolsPagedResponse<T>, ZodTypeDef, unknown>;
  /** Orders and customers: routed through `in-store/key=…` for store-limited connections. */
  isStoreScoped: boolean;
};

type Keyed = { id: string; lastModifiedAt: string };

/** Get, query and delta listing of one resource; see the file header. */
export abstract class CommercetoolsQueryableClient<T extends Keyed, O extends CommercetoolsReadOptions = CommercetoolsReadOptions> {
  protected constructor(
    protected readonly http: CommercetoolsHttp,
    protected readonly spec: CommercetoolsResourceSpec<T>,
    protected readonly storeKeys: readonly string[],
  ) {}

  /**
   * `GET /{projectKey}{segment}/{id}` (or the `in-store` path).
   * @throws ConnectorNotFoundError (404 `ResourceNotFound`) when no (configured) store has it
   * @throws ConnectorAuthError `forbidden` (403 `insufficient_scope`) when the API client lacks the view scope
   */
  async get(id: string, options: O = {} as O): Promise<T> {
    return this.getAt(`${this.spec.segment}/${ctSegment(id)}`, options);
  }

  /**
   * One page of a query (`where`, `var.*`, `sort`, `limit`, `offset`, `withTotal`, `expand`).
   * @throws ConnectorError `configuration` for limits outside the spec's ranges; the transport's errors otherwise
   */
  async query(query: CommercetoolsQuery, options: Omit<O, 'expand'> = {} as O): Promise<CommercetoolsPagedResponse<T>> {
    return this.http.call({ method: 'GET', path: this.spec.segment, storeKey: this.listStore(options), query: commercetoolsQueryParams(query), schema: this.spec.page });
  }

  /**
   * Pages of records changed in the window, `lastModifiedAt` then `id` ascending, by key cursor (never offset; see
   * commercetools-query.ts), or resumed from a saved cursor. Save `nextCursor` after each page to resume this run, and
   * `checkpoint` to start the next run (`{ after: checkpoint, until: now }`).
   * @throws ConnectorError `configuration` for a bad window or a store that is not configured
   */
  async *listModified(from: CommercetoolsListWindow | CommercetoolsListCursor, options: CommercetoolsReadOptions = {}): AsyncGenerator<CommercetoolsPage<T>, void, undefined> {
    const start = isCommercetoolsListCursor(from) ? from : startCommercetoolsCursor(from, this.spec.isStoreScoped || from.storeKey !== undefined ? this.listStore({ storeKey: from.storeKey }) : null);
    if (start.storeKey !== null) this.checkStore(start.storeKey);
    yield* commercetoolsListPages(start, (c) =>
      this.http.call({ method: 'GET', path: this.spec.segment, storeKey: c.storeKey, query: commercetoolsQueryParams(commercetoolsListQuery(c, options.expand)), schema: this.spec.page }),
    );
  }

  /** GET of `path` in the stores of the file header's rule (404 on one store moves to the next). */
  protected async getAt(path: string, options: O): Promise<T> {
    const query = options.expand && options.expand.length > 0 ? options.expand.map((e): [string, string] => ['expand', e]) : undefined;
    const stores = this.readStores(options);
    let notFound: ConnectorNotFoundError | undefined;
    for (const storeKey of stores) {
      try {
        return await this.http.call({ method: 'GET', path, storeKey, query, schema: this.spec.record });
      } catch (e: unknown) {
        if (!(e instanceof ConnectorNotFoundError)) throw e;
        notFound = e;
      }
    }
    throw notFound ?? new ConnectorNotFoundError({ system: COMMERCETOOLS_SYSTEM, message: `${this.spec.entity} not found` });
  }

  /** POST a validated draft to `{segment}` (not retried once it may have reached the API). */
  protected async createFrom(draftSchema: ZodType<unknown, ZodTypeDef, unknown>, draft: unknown): Promise<T> {
    const body = ctRequestBody(draftSchema, draft, `${this.spec.entity} draft`);
    return this.http.call({ method: 'POST', path: this.spec.segment, body, schema: this.spec.record });
  }

  /**
   * POST a validated `{version, actions}` to `{segment}/{id}`; retry-safe because the version guards it (see
   * commercetools-http.ts).
   * @throws CommercetoolsConcurrentModificationError (409) with `currentVersion`; never resent with that version
   */
  protected async updateAt(updateSchema: ZodType<unknown, ZodTypeDef, unknown>, id: string, update: CommercetoolsUpdate<unknown>): Promise<T> {
    const body = ctRequestBody(updateSchema, { version: update.version, actions: update.actions }, `${this.spec.entity} update`);
    return this.http.call({ method: 'POST', path: `${this.spec.segment}/${ctSegment(id)}`, body, schema: this.spec.record, retryKey: `update:${this.spec.entity}:${id}:v${update.version}` });
  }

  private readStores(options: CommercetoolsReadOptions & { storeKey?: string | undefined }): (string | null)[] {
    if (options.storeKey !== undefined) return [this.checkStore(options.storeKey)];
    if (!this.spec.isStoreScoped) return [null];
    return this.storeKeys.length > 0 ? [...this.storeKeys] : [null];
  }

  private listStore(options: { storeKey?: string | undefined }): string | null {
    if (options.storeKey !== undefined) return this.checkStore(options.storeKey);
    if (!this.spec.isStoreScoped) return null;
    if (this.storeKeys.length === 0) return null;
    if (this.storeKeys.length === 1) return this.storeKeys[0] ?? null;
    throw new ConnectorError({ system: COMMERCETOOLS_SYSTEM, code: 'configuration', retryable: false, message: `the connection has ${this.storeKeys.length} stores: name the store to list ${this.spec.entity}s of (${this.storeKeys.join(', ')})` });
  }

  private checkStore(storeKey: string): string {
    if (!this.spec.isStoreScoped) throw new ConnectorError({ system: COMMERCETOOLS_SYSTEM, code: 'configuration', retryable: false, message: `${this.spec.entity}s are not read per store` });
    if (this.storeKeys.length > 0 && !this.storeKeys.includes(storeKey)) {
      throw new ConnectorError({ system: COMMERCETOOLS_SYSTEM, code: 'configuration', retryable: false, message: `store "${storeKey}" is not one of the connection's stores (${this.storeKeys.join(', ')})` });
    }
    return storeKey;
  }
}
