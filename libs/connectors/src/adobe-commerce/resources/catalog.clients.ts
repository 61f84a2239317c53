/**
 * Products, product attributes, store views, modules and webhook subscriptions (admin-schema-2.4.9.yaml paths;
 * webhooks: AdobeDocs/commerce-extensibility `src/pages/webhooks/api.md`).
 * ACL resources: products `Magento_Catalog::products`; attributes `Magento_Catalog::attributes_attributes`
 * (attribute sets `Magento_Catalog::sets`); store views `Magento_Backend::store`; modules `Magento_Backend::admin`;
 * webhooks list `Magento_AdobeCommerceWebhooks::webhooks_list` (subscribe needs module
 * `Magento_AdobeCommerceWebhooksSubscriber`).
 */
import { z } from 'zod';
import { ConnectorNotFoundError } from '../../core';
import {
  ADOBE_COMMERCE_ATTRIBUTE_GROUP_SEARCH,
  ADOBE_COMMERCE_ATTRIBUTE_SET_ASSIGN,
  ADOBE_COMMERCE_MODULES,
  ADOBE_COMMERCE_PRODUCT,
  ADOBE_COMMERCE_PRODUCT_ATTRIBUTE,
  ADOBE_COMMERCE_PRODUCT_ATTRIBUTE_CREATE,
  ADOBE_COMMERCE_PRODUCT_UPDATE,
  ADOBE_COMMERCE_STORE_CONFIGS,
  ADOBE_COMMERCE_STORE_VIEWS,
  ADOBE_COMMERCE_WEBHOOK_KEY,
  ADOBE_COMMERCE_WEBHOOK_LIST,
  ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION,
  type AdobeCommerceAttributeGroup,
  type AdobeCommerceProduct,
  type AdobeCommerceProductAttribute,
  type AdobeCommerceProductAttributeCreate,
  type AdobeCommerceStoreConfig,
  type AdobeCommerceStoreView,
  type AdobeCommerceWebhook,
  type AdobeCommerceWebhookKey,
  type AdobeCommerceWebhookSubscription,
} from '../schemas/catalog.schema';
import { acSegment, AdobeCommerceResource } from './adobe-commerce-resource';

/** The `Default` product attribute set of every Commerce install (`eav_attribute_set` id 4, entity type 4). */
export const ADOBE_COMMERCE_DEFAULT_ATTRIBUTE_SET_ID = 4;

/** The product attributes this connector writes (global, text or date, created on first use by `ensure`). */
export const VISMA_PRODUCT_ATTRIBUTES = [
  { code: 'visma_last_supplier_invoice', input: 'text', label: 'Visma last supplier invoice' },
  { code: 'visma_last_purchase_order', input: 'text', label: 'Visma last purchase order' },
  { code: 'visma_last_supplier_invoice_date', input: 'date', label: 'Visma last supplier invoice date' },
] as const satisfies readonly AdobeCommerceAttributeSpec[];

/** What `ensure` creates: a global, optional, user-defined text (`varchar`) or date (`datetime`) attribute. */
export type AdobeCommerceAttributeSpec = { code: string; input: 'text' | 'date'; label: string };

/** Products. */
export class AdobeCommerceProductClient extends AdobeCommerceResource {
  /**
   * `GET /V1/products/{sku}` in the store scope; the SKU is percent-encoded (`ab/cd` → `ab%2Fcd`; some web servers
   * reject encoded slashes in paths, e.g. Apache without `AllowEncodedSlashes NoDecode`, answering 404).
   * @throws ConnectorNotFoundError when no product has that SKU
   */
  async get(sku: string): Promise<AdobeCommerceProduct> {
    return this.read(`/V1/products/${acSegment(sku)}`, ADOBE_COMMERCE_PRODUCT);
  }

  /**
   * `PUT /V1/products/{sku}` in the **global** scope (`/rest/all/V1/…` on PaaS, `Store: all` on SaaS), so values
   * land on the default (store 0) row instead of becoming store-view overrides (magento2 issue #9186). Body
   * `{product: {sku, custom_attributes: [{attribute_code, value}]}}`; `cost` (an EAV attribute, not a field of
   * `catalog-data-product-interface`, which Magento's ServiceInputProcessor would reject) is sent as a custom
   * attribute. Values are strings as Magento stores them (`cost` a decimal string in major units, dates
   * `YYYY-MM-DD HH:MM:SS`). PUT is idempotent, so the transport may retry it on 5xx/429.
   * An attribute that is not in the product's attribute set is silently not saved: see `AdobeCommerceProductAttributeClient.ensure`.
   * @throws ConnectorNotFoundError when no product has that SKU; ConnectorValidationError on a rejected value
   */
  async updateAttributes(input: { sku: string; cost?: string | undefined; attributes: Readonly<Record<string, string>> }): Promise<AdobeCommerceProduct> {
    const customAttributes = Object.entries(input.attributes).map(([attribute_code, value]) => ({ attribute_code, value }));
    if (input.cost !== undefined) customAttributes.push({ attribute_code: 'cost', value: input.cost });
    const body = ADOBE_COMMERCE_PRODUCT_UPDATE.parse({ product: { sku: input.sku, custom_attributes: customAttributes } });
    return this.http.call('all', { method: 'PUT', path: `/V1/products/${acSegment(input.sku)}`, schema: ADOBE_COMMERCE_PRODUCT, body });
  }
}

/** Product (EAV) attributes and their attribute-set membership. */
export class AdobeCommerceProductAttributeClient extends AdobeCommerceResource {
  /**
   * `GET /V1/products/attributes/{attributeCode}`.
   * @throws ConnectorNotFoundError when the attribute does not exist
   */
  async get(code: string): Promise<AdobeCommerceProductAttribute> {
    return this.read(`/V1/products/attributes/${acSegment(code)}`, ADOBE_COMMERCE_PRODUCT_ATTRIBUTE);
  }

  /** The body `create` sends for a spec (global scope, optional, not shown on the storefront). */
  static createBody(spec: AdobeCommerceAttributeSpec): AdobeCommerceProductAttributeCreate {
    return ADOBE_COMMERCE_PRODUCT_ATTRIBUTE_CREATE.parse({
      attribute: {
        attribute_code: spec.code,
        frontend_input: spec.input,
        backend_type: spec.input === 'date' ? 'datetime' : 'varchar',
        entity_type_id: '4',
        is_required: false,
        is_user_defined: true,
        scope: 'global',
        default_frontend_label: spec.label,
        frontend_labels: [{ store_id: 0, label: spec.label }],
        is_visible: true,
        is_visible_on_front: '0',
        is_searchable: '0',
        is_filterable: false,
        is_comparable: '0',
        is_used_in_grid: false,
      },
    });
  }

  /** `POST /V1/products/attributes` in the global scope (not retried: POST without idempotency key). */
  async create(spec: AdobeCommerceAttributeSpec): Promise<AdobeCommerceProductAttribute> {
    return this.http.call('all', { method: 'POST', path: '/V1/products/attributes', schema: ADOBE_COMMERCE_PRODUCT_ATTRIBUTE, body: AdobeCommerceProductAttributeClient.createBody(spec) });
  }

  /** `GET /V1/products/attribute-sets/groups/list` filtered on `attribute_set_id` (one page of 100). */
  async listGroups(attributeSetId: number): Promise<AdobeCommerceAttributeGroup[]> {
    const r = await this.runSearch('/V1/products/attribute-sets/groups/list', ADOBE_COMMERCE_ATTRIBUTE_GROUP_SEARCH, {
      filterGroups: [[{ field: 'attribute_set_id', value: String(attributeSetId), conditionType: 'eq' }]],
      pageSize: 100,
      currentPage: 1,
    });
    return r.items;
  }

  /** `POST /V1/products/attribute-sets/attributes`: adds the attribute to a set's group; returns the entity-attribute id. */
  async assignToSet(input: { attributeSetId: number; attributeGroupId: number; attributeCode: string; sortOrder: number }): Promise<number> {
    const body = ADOBE_COMMERCE_ATTRIBUTE_SET_ASSIGN.parse(input);
    return this.http.call('all', { method: 'POST', path: '/V1/products/attribute-sets/attributes', schema: z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]), body });
  }

  /**
   * Makes sure an attribute exists and is in the attribute set (default: `Default`, id 4): Magento saves a
   * product's EAV value only for attributes of its attribute set, so a created attribute is also assigned (to the
   * set's `General` group, else its first group). Existing attributes are left as they are.
   * @returns the attribute and whether it was created now
   */
  async ensure(spec: AdobeCommerceAttributeSpec, attributeSetId = ADOBE_COMMERCE_DEFAULT_ATTRIBUTE_SET_ID): Promise<{ attribute: AdobeCommerceProductAttribute; created: boolean }> {
    try {
      return { attribute: await this.get(spec.code), created: false };
    } catch (e: unknown) {
      if (!(e instanceof ConnectorNotFoundError)) throw e;
    }
    const attribute = await this.create(spec);
    const groups = await this.listGroups(attributeSetId);
    const group = groups.find((g) => g.attribute_group_name === 'General') ?? groups[0];
    if (group?.attribute_group_id !== undefined && group.attribute_group_id !== null) {
      await this.assignToSet({ attributeSetId, attributeGroupId: group.attribute_group_id, attributeCode: spec.code, sortOrder: 900 });
    }
    return { attribute, created: true };
  }
}

/** Store views. */
export class AdobeCommerceStoreViewClient extends AdobeCommerceResource {
  /** `GET /V1/store/storeViews`: every store view (`code` is what PaaS puts in `/rest/<code>`). */
  async list(): Promise<AdobeCommerceStoreView[]> {
    return this.read('/V1/store/storeViews', ADOBE_COMMERCE_STORE_VIEWS);
  }

  /**
   * `GET /V1/store/storeConfigs`: each store view's configuration, among it `base_currency_code` (the currency product
   * `cost` and the `base_*` order amounts are in). ACL `Magento_Backend::store`.
   */
  async configs(): Promise<AdobeCommerceStoreConfig[]> {
    return this.read('/V1/store/storeConfigs', ADOBE_COMMERCE_STORE_CONFIGS);
  }
}

/** Installed modules. */
export class AdobeCommerceModuleClient extends AdobeCommerceResource {
  /** `GET /V1/modules`: enabled module names (e.g. `Magento_AdobeCommerceWebhooks`). */
  async list(): Promise<string[]> {
    return this.read('/V1/modules', ADOBE_COMMERCE_MODULES);
  }
}

/** Webhook subscriptions (Adobe Commerce Webhooks module; global scope as in api.md). */
export class AdobeCommerceWebhookClient extends AdobeCommerceResource {
  /** `GET /V1/webhooks/list`. */
  async list(): Promise<AdobeCommerceWebhook[]> {
    return this.http.call('all', { method: 'GET', path: '/V1/webhooks/list', schema: ADOBE_COMMERCE_WEBHOOK_LIST });
  }

  /** `POST /V1/webhooks/subscribe` with `{webhook}` (see webhooks.ts `adobeCommerceWebhookSubscriptions`). */
  async subscribe(webhook: AdobeCommerceWebhookSubscription): Promise<void> {
    const body = { webhook: ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION.parse(webhook) };
    await this.http.call('all', { method: 'POST', path: '/V1/webhooks/subscribe', schema: z.unknown(), body });
  }

  /** `POST /V1/webhooks/unsubscribe` with the four identifying fields. */
  async unsubscribe(key: AdobeCommerceWebhookKey): Promise<void> {
    const body = { webhook: ADOBE_COMMERCE_WEBHOOK_KEY.parse(key) };
    await this.http.call('all', { method: 'POST', path: '/V1/webhooks/unsubscribe', schema: z.unknown(), body });
  }
}
