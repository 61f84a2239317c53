/**
 * Customers, products, product attributes, attribute groups, store views, modules and webhooks, from the official
 * definitions (admin-schema-2.4.9.yaml; accs-schema.saas.yaml has the same ones): `customer-data-customer-interface`,
 * `catalog-data-product-interface`, `catalog-data-product-attribute-interface`, `eav-data-attribute-group-interface`,
 * `store-data-store-interface`, `GET /V1/modules` (array of module names) and
 * `adobe-commerce-webhooks-data-webhook-data-interface`. Unknown fields pass through.
 */
import { z } from 'zod';
import { CUSTOM_ATTRIBUTE, ID, OPT_ID, OPT_STR, MAGENTO_DATETIME, MONEY, searchResult } from './common.schema';


/** `customer-data-address-interface`. */
export const ADOBE_COMMERCE_CUSTOMER_ADDRESS = z
  .object({
    id: OPT_ID,
    customer_id: OPT_ID,
    firstname: OPT_STR,
    lastname: OPT_STR,
    company: OPT_STR,
    street: z.array(z.string()).optional().nullable(),
    city: OPT_STR,
    postcode: OPT_STR,
    country_id: OPT_STR,
    telephone: OPT_STR,
    vat_id: OPT_STR,
    default_billing: z.boolean().optional().nullable(),
    default_shipping: z.boolean().optional().nullable(),
  })
  .passthrough();

/** `customer-data-customer-interface` (required by the schema: email, firstname, lastname; `id` is always sent on reads). */
export const ADOBE_COMMERCE_CUSTOMER = z
  .object({
    id: ID,
    group_id: OPT_ID,
    email: z.string(),
    firstname: z.string(),
    lastname: z.string(),
    middlename: OPT_STR,
    taxvat: OPT_STR,
    store_id: OPT_ID,
    website_id: OPT_ID,
    default_billing: OPT_STR,
    default_shipping: OPT_STR,
    created_at: MAGENTO_DATETIME.optional().nullable(),
    updated_at: MAGENTO_DATETIME.optional().nullable(),
    addresses: z.array(ADOBE_COMMERCE_CUSTOMER_ADDRESS).optional().nullable(),
    custom_attributes: z.array(CUSTOM_ATTRIBUTE).optional().nullable(),
  })
  .passthrough();
export type AdobeCommerceCustomer = z.infer<typeof ADOBE_COMMERCE_CUSTOMER>;
export const ADOBE_COMMERCE_CUSTOMER_SEARCH = searchResult(ADOBE_COMMERCE_CUSTOMER);

/** `catalog-data-product-interface` (only `sku` is required). `cost` is a custom attribute on reads. */
export const ADOBE_COMMERCE_PRODUCT = z
  .object({
    id: OPT_ID,
    sku: z.string(),
    name: OPT_STR,
    attribute_set_id: OPT_ID,
    price: MONEY.optional().nullable(),
    status: z.number().int().optional().nullable(),
    type_id: OPT_STR,
    created_at: MAGENTO_DATETIME.optional().nullable(),
    updated_at: MAGENTO_DATETIME.optional().nullable(),
    custom_attributes: z.array(CUSTOM_ATTRIBUTE).optional().nullable(),
  })
  .passthrough();
export type AdobeCommerceProduct = z.infer<typeof ADOBE_COMMERCE_PRODUCT>;

/**
 * Body of `PUT /V1/products/{sku}`: `{product: {sku, custom_attributes, cost?}}` (PutV1ProductsSkuBody →
 * `catalog-data-product-interface`; `cost` is an EAV attribute, so it travels as a custom attribute too).
 */
export const ADOBE_COMMERCE_PRODUCT_UPDATE = z.object({
  product: z.object({ sku: z.string().min(1), custom_attributes: z.array(z.object({ attribute_code: z.string().min(1), value: z.string() })) }),
});
export type AdobeCommerceProductUpdate = z.infer<typeof ADOBE_COMMERCE_PRODUCT_UPDATE>;

/** `eav-data-attribute-frontend-label-interface`. */
const FRONTEND_LABEL = z.object({ store_id: ID.optional().nullable(), label: OPT_STR }).passthrough();

/** `catalog-data-product-attribute-interface` (required: attribute_code, frontend_input, entity_type_id, is_required, frontend_labels). */
export const ADOBE_COMMERCE_PRODUCT_ATTRIBUTE = z
  .object({
    attribute_id: OPT_ID,
    attribute_code: z.string(),
    frontend_input: OPT_STR,
    entity_type_id: z.union([z.string(), z.number()]).optional().nullable(),
    is_required: z.boolean().optional().nullable(),
    is_user_defined: z.boolean().optional().nullable(),
    scope: OPT_STR,
    backend_type: OPT_STR,
    default_frontend_label: OPT_STR,
    frontend_labels: z.array(FRONTEND_LABEL).optional().nullable(),
  })
  .passthrough();
export type AdobeCommerceProductAttribute = z.infer<typeof ADOBE_COMMERCE_PRODUCT_ATTRIBUTE>;

/** Body of `POST /V1/products/attributes` (PostV1ProductsAttributesBody) for a text or date attribute. */
export const ADOBE_COMMERCE_PRODUCT_ATTRIBUTE_CREATE = z.object({
  attribute: z.object({
    attribute_code: z.string().regex(/^[a-z][a-z0-9_]{0,59}$/),
    frontend_input: z.enum(['text', 'date']),
    backend_type: z.enum(['varchar', 'datetime']),
    entity_type_id: z.literal('4'),
    is_required: z.literal(false),
    is_user_defined: z.literal(true),
    scope: z.literal('global'),
    default_frontend_label: z.string(),
    frontend_labels: z.array(z.object({ store_id: z.number().int(), label: z.string() })),
    is_visible: z.boolean(),
    is_visible_on_front: z.string(),
    is_searchable: z.string(),
    is_filterable: z.boolean(),
    is_comparable: z.string(),
    is_used_in_grid: z.boolean(),
  }),
});
export type AdobeCommerceProductAttributeCreate = z.infer<typeof ADOBE_COMMERCE_PRODUCT_ATTRIBUTE_CREATE>;

/** Body of `POST /V1/products/attribute-sets/attributes` (all four required); the answer is the entity attribute id. */
export const ADOBE_COMMERCE_ATTRIBUTE_SET_ASSIGN = z.object({ attributeSetId: z.number().int(), attributeGroupId: z.number().int(), attributeCode: z.string(), sortOrder: z.number().int() });
export type AdobeCommerceAttributeSetAssign = z.infer<typeof ADOBE_COMMERCE_ATTRIBUTE_SET_ASSIGN>;

/** `eav-data-attribute-group-interface` (`attribute_group_id` is a string in the schema). */
export const ADOBE_COMMERCE_ATTRIBUTE_GROUP = z.object({ attribute_group_id: ID.optional().nullable(), attribute_group_name: OPT_STR, attribute_set_id: OPT_ID }).passthrough();
export type AdobeCommerceAttributeGroup = z.infer<typeof ADOBE_COMMERCE_ATTRIBUTE_GROUP>;
export const ADOBE_COMMERCE_ATTRIBUTE_GROUP_SEARCH = searchResult(ADOBE_COMMERCE_ATTRIBUTE_GROUP);

/** `store-data-store-interface` (all six fields required). */
export const ADOBE_COMMERCE_STORE_VIEW = z.object({ id: ID, code: z.string(), name: z.string(), website_id: ID, store_group_id: ID, is_active: z.number().int() }).passthrough();
export type AdobeCommerceStoreView = z.infer<typeof ADOBE_COMMERCE_STORE_VIEW>;
export const ADOBE_COMMERCE_STORE_VIEWS = z.array(ADOBE_COMMERCE_STORE_VIEW);

/** `store-data-store-config-interface` as `GET /V1/store/storeConfigs` returns it (one per store view). */
export const ADOBE_COMMERCE_STORE_CONFIG = z
  .object({ id: ID, code: z.string(), website_id: ID.optional(), base_currency_code: z.string(), default_display_currency_code: z.string().optional(), timezone: z.string().optional() })
  .passthrough();
export type AdobeCommerceStoreConfig = z.infer<typeof ADOBE_COMMERCE_STORE_CONFIG>;
export const ADOBE_COMMERCE_STORE_CONFIGS = z.array(ADOBE_COMMERCE_STORE_CONFIG);

/** `GET /V1/modules`: the enabled module names, e.g. `Magento_AdobeCommerceWebhooks`. */
export const ADOBE_COMMERCE_MODULES = z.array(z.string());

const HOOK_FIELD = z.object({ name: z.string(), source: z.string().optional().nullable() }).passthrough();
const HOOK_RULE = z.object({ field: z.string(), operator: z.string(), value: z.string().optional().nullable() }).passthrough();
const HOOK_HEADER = z.object({ name: z.string(), value: z.string() }).passthrough();

/** `adobe-commerce-webhooks-data-webhook-data-interface` as `GET /V1/webhooks/list` returns it. */
export const ADOBE_COMMERCE_WEBHOOK = z
  .object({
    webhook_method: z.string(),
    webhook_type: z.string(),
    batch_name: z.string(),
    batch_order: z.number().int().optional().nullable(),
    hook_name: z.string(),
    url: z.string(),
    priority: z.number().int().optional().nullable(),
    required: z.boolean().optional().nullable(),
    soft_timeout: z.number().int().optional().nullable(),
    timeout: z.number().int().optional().nullable(),
    method: OPT_STR,
    fallback_error_message: OPT_STR,
    ttl: z.number().int().optional().nullable(),
    fields: z.array(HOOK_FIELD).optional().nullable(),
    rules: z.array(HOOK_RULE).optional().nullable(),
    headers: z.array(HOOK_HEADER).optional().nullable(),
  })
  .passthrough();
export type AdobeCommerceWebhook = z.infer<typeof ADOBE_COMMERCE_WEBHOOK>;
export const ADOBE_COMMERCE_WEBHOOK_LIST = z.array(ADOBE_COMMERCE_WEBHOOK);

/**
 * Body of `POST /V1/webhooks/subscribe` (`{webhook: …}`; the schema lists every field as required, so all are sent).
 * Durations in milliseconds.
 */
export const ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION = z.object({
  webhook_method: z.string().regex(/^(observer|plugin)\.[a-z0-9_.]+$/),
  webhook_type: z.enum(['before', 'after']),
  batch_name: z.string().regex(/^\w+$/),
  batch_order: z.number().int().nonnegative(),
  hook_name: z.string().regex(/^\w+$/),
  url: z.string().url(),
  priority: z.number().int(),
  required: z.boolean(),
  soft_timeout: z.number().int().nonnegative(),
  timeout: z.number().int().nonnegative(),
  method: z.string(),
  fallback_error_message: z.string(),
  ttl: z.number().int().nonnegative(),
  fields: z.array(z.object({ name: z.string().min(1), source: z.string() })),
  rules: z.array(z.object({ field: z.string(), operator: z.string(), value: z.string() })),
  headers: z.array(z.object({ name: z.string().min(1), value: z.string() })),
});
export type AdobeCommerceWebhookSubscription = z.infer<typeof ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION>;
/** Body of `POST /V1/webhooks/unsubscribe`: the four identifying fields of an existing hook. */
export const ADOBE_COMMERCE_WEBHOOK_KEY = ADOBE_COMMERCE_WEBHOOK_SUBSCRIPTION.pick({ webhook_method: true, webhook_type: true, batch_name: true, hook_name: true });
export type AdobeCommerceWebhookKey = z.infer<typeof ADOBE_COMMERCE_WEBHOOK_KEY>;
