import { ConnectorNotFoundError, ConnectorValidationError } from '@mlc/connectors';
import type { ConnectionEntity } from '../../database/entities';
import { AppException } from '../../common/app-exception';
import type { CatalogProduct, CatalogProductChange, CatalogTargetCapability } from '../systems/capabilities';
import type { AdobeCommerceClients } from './adobe-commerce-clients.service';
import { adobeCommerceStoreIdOf } from './adobe-commerce-records.adapter';

function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * Adobe Commerce as the catalog Visma supplier invoices are written into (admin-schema-2.4.9.yaml):
 * - the base currency from `GET /V1/store/storeConfigs` (the store view's `base_currency_code`; product `cost` is in it);
 * - missing attributes created with `POST /V1/products/attributes` and added to the Default attribute set (Magento
 *   does not save values of attributes outside the product's set);
 * - `GET /V1/products/{sku}` and `PUT /V1/products/{sku}` in the global scope (`cost` and the attributes as
 *   `custom_attributes`).
 */
export class AdobeCommerceCatalog implements CatalogTargetCapability {
  private readonly currencies = new Map<string, string>();
  private readonly ensuring = new Map<string, Promise<string[]>>();

  constructor(private readonly clients: AdobeCommerceClients) {}

  /** @throws AppException `validation_failed` when the store view has no configuration (wrong store code). */
  async baseCurrency(conn: ConnectionEntity): Promise<string> {
    const cached = this.currencies.get(conn.id);
    if (cached) return cached;
    const code = adobeCommerceStoreIdOf(conn);
    const config = (await (await this.clients.forConnection(conn)).storeViews.configs()).find((c) => c.code === code);
    if (!config) throw AppException.validation([{ field: 'settings.storeCode', message: `store view "${code}" does not exist in ${conn.name}` }]);
    this.currencies.set(conn.id, config.base_currency_code);
    return config.base_currency_code;
  }

  /**
   * Single-flight per connection in this process; another process creating the same attribute at the same moment makes
   * Commerce answer 400 "An attribute with the same code … already exists", after which the attribute is read again
   * (and put in the attribute set) instead of failing the record.
   */
  ensureAttributes(conn: ConnectionEntity, attributes: readonly { code: string; label: string; type: 'text' | 'date' }[]): Promise<string[]> {
    const key = `${conn.id}:${attributes.map((a) => a.code).join(',')}`;
    let pending = this.ensuring.get(key);
    if (!pending) {
      pending = this.ensureNow(conn, attributes).finally(() => this.ensuring.delete(key));
      this.ensuring.set(key, pending);
    }
    return pending;
  }

  private async ensureNow(conn: ConnectionEntity, attributes: readonly { code: string; label: string; type: 'text' | 'date' }[]): Promise<string[]> {
    const client = await this.clients.forConnection(conn);
    const created: string[] = [];
    for (const a of attributes) {
      const spec = { code: a.code, input: a.type, label: a.label } as const;
      const result = await client.productAttributes.ensure(spec).catch(async (err: unknown) => {
        if (err instanceof ConnectorValidationError && /already exists/i.test(err.providerMessage ?? err.message)) return client.productAttributes.ensure(spec);
        throw err;
      });
      if (result.created) created.push(a.code);
    }
    return created;
  }

  async getProduct(conn: ConnectionEntity, sku: string): Promise<CatalogProduct | undefined> {
    const client = await this.clients.forConnection(conn);
    try {
      const product = await client.products.get(sku);
      const attributes: Record<string, string | null> = {};
      for (const a of product.custom_attributes ?? []) attributes[a.attribute_code] = textOf(a.value);
      return { sku: product.sku, cost: attributes['cost'] ?? null, attributes };
    } catch (err) {
      if (err instanceof ConnectorNotFoundError) return undefined;
      throw err;
    }
  }

  async updateProduct(conn: ConnectionEntity, sku: string, change: CatalogProductChange): Promise<void> {
    const client = await this.clients.forConnection(conn);
    await client.products.updateAttributes({ sku, cost: change.cost, attributes: change.attributes });
  }
}
