/**
 * Products and inventory entries of the stock flow (shared/specs/commercetools/openapi.yaml):
 * - products: `GET /{projectKey}/products/{ID}`, `/products/key={key}`, `GET /{projectKey}/products` — view_products;
 *   `POST /{projectKey}/products` (ProductDraft → 201 Product), `POST /{projectKey}/products/{ID}` (ProductUpdate →
 *   200, 409 ConcurrentModification) — manage_products
 * - inventory: `GET /{projectKey}/inventory/{ID}`, `/inventory/key={key}`, `GET /{projectKey}/inventory` —
 *   view_products; `POST /{projectKey}/inventory` (InventoryEntryDraft → 201), `POST /{projectKey}/inventory/{ID}`
 *   (InventoryEntryUpdate → 200, 409) — manage_products. One entry per SKU and supply channel.
 * Updates send the version last read and are never resent with the server's version (see commercetools-errors.ts).
 */
import {
  CT_INVENTORY_DRAFT,
  CT_INVENTORY_ENTRY,
  CT_INVENTORY_PAGE,
  CT_INVENTORY_UPDATE,
  CT_PRODUCT,
  CT_PRODUCT_DRAFT,
  CT_PRODUCT_PAGE,
  CT_PRODUCT_UPDATE,
  type CommercetoolsInventoryDraft,
  type CommercetoolsInventoryEntry,
  type CommercetoolsInventoryUpdateAction,
  type CommercetoolsProduct,
  type CommercetoolsProductDraft,
  type CommercetoolsProductUpdateAction,
} from '../schemas/catalog.schema';
import { ctSegment, type CommercetoolsHttp } from './commercetools-http';
import { CommercetoolsQueryableClient, type CommercetoolsReadOptions, type CommercetoolsUpdate } from './commercetools-resource';

/** Products. */
export class CommercetoolsProductClient extends CommercetoolsQueryableClient<CommercetoolsProduct> {
  constructor(http: CommercetoolsHttp) {
    super(http, { segment: '/products', entity: 'product', record: CT_PRODUCT, page: CT_PRODUCT_PAGE, isStoreScoped: false }, []);
  }

  /** `GET /{projectKey}/products/key={key}`. @throws ConnectorNotFoundError */
  async getByKey(key: string, options: CommercetoolsReadOptions = {}): Promise<CommercetoolsProduct> {
    return this.getAt(`/products/key=${ctSegment(key)}`, options);
  }

  /**
   * `POST /{projectKey}/products` with a validated `ProductDraft`; returns the created product (version 1).
   * @throws ConnectorValidationError before sending when the draft does not match, or on 400 (e.g. `DuplicateField`)
   */
  async create(draft: CommercetoolsProductDraft): Promise<CommercetoolsProduct> {
    return this.createFrom(CT_PRODUCT_DRAFT, draft);
  }

  /**
   * `POST /{projectKey}/products/{id}` with `{version, actions}`; returns the updated product.
   * @throws CommercetoolsConcurrentModificationError (409) carrying `currentVersion`: re-read and re-apply
   */
  async update(id: string, update: CommercetoolsUpdate<CommercetoolsProductUpdateAction>): Promise<CommercetoolsProduct> {
    return this.updateAt(CT_PRODUCT_UPDATE, id, update);
  }
}

/** Inventory entries. */
export class CommercetoolsInventoryClient extends CommercetoolsQueryableClient<CommercetoolsInventoryEntry> {
  constructor(http: CommercetoolsHttp) {
    super(http, { segment: '/inventory', entity: 'inventory entry', record: CT_INVENTORY_ENTRY, page: CT_INVENTORY_PAGE, isStoreScoped: false }, []);
  }

  /** `GET /{projectKey}/inventory/key={key}`. @throws ConnectorNotFoundError */
  async getByKey(key: string, options: CommercetoolsReadOptions = {}): Promise<CommercetoolsInventoryEntry> {
    return this.getAt(`/inventory/key=${ctSegment(key)}`, options);
  }

  /**
   * The entry of `sku` in `supplyChannelId` (absent: the entry without a supply channel), or undefined.
   * Query `where=sku = :sku` and `supplyChannel(id = :channel)` / `supplyChannel is not defined`, limit 1.
   */
  async findBySku(sku: string, supplyChannelId?: string): Promise<CommercetoolsInventoryEntry | undefined> {
    const where = ['sku = :sku', supplyChannelId === undefined ? 'supplyChannel is not defined' : 'supplyChannel(id = :channel)'];
    const vars: Record<string, string> = { sku };
    if (supplyChannelId !== undefined) vars['channel'] = supplyChannelId;
    return (await this.query({ where, vars, limit: 1 })).results[0];
  }

  /**
   * `POST /{projectKey}/inventory` with a validated `InventoryEntryDraft`.
   * @throws ConnectorValidationError before sending when the draft does not match, or on 400 (an entry for this SKU and
   *   channel exists already)
   */
  async create(draft: CommercetoolsInventoryDraft): Promise<CommercetoolsInventoryEntry> {
    return this.createFrom(CT_INVENTORY_DRAFT, draft);
  }

  /**
   * `POST /{projectKey}/inventory/{id}` with `{version, actions}` (e.g. `{action: 'changeQuantity', quantity: 12}`).
   * @throws CommercetoolsConcurrentModificationError (409) carrying `currentVersion`: re-read and re-apply
   */
  async update(id: string, update: CommercetoolsUpdate<CommercetoolsInventoryUpdateAction>): Promise<CommercetoolsInventoryEntry> {
    return this.updateAt(CT_INVENTORY_UPDATE, id, update);
  }
}
