/**
 * Catalog routes (Magento_Catalog etc/webapi.xml):
 * - `GET /V1/products` (searchCriteria over product fields and EAV attributes such as `cost`), `GET /V1/products/:sku`,
 *   `PUT /V1/products/:sku` `{product, saveOptions?}` (creates the product when the SKU is new, as
 *   ProductRepository::save() does), `POST /V1/products` `{product}` — Magento_Catalog::products. The SKU in the path
 *   arrives URL-encoded (`NL-WAX%2F50`) and is decoded once. Only the fields sent change; `custom_attributes` entries
 *   are merged by code, and an entry whose attribute does not exist is dropped without a word
 *   (Magento\Framework\Model\AbstractExtensibleModel::filterCustomAttributes() keeps only getCustomAttributesCodes()),
 *   so the attribute has to be created first. Decimal attributes are stored as Commerce returns them ("12.500000").
 *   Unknown SKU: 404 "The product that was requested doesn't exist. Verify the product and try again.".
 * - `GET /V1/products/attributes` (searchCriteria), `GET /V1/products/attributes/:attributeCode`,
 *   `POST /V1/products/attributes` `{attribute}` — Magento_Catalog::attributes_attributes;
 *   `POST /V1/products/attribute-sets/attributes` `{attributeSetId, attributeGroupId, attributeCode, sortOrder}` and
 *   `GET /V1/products/attribute-sets/:attributeSetId/attributes`, `GET /V1/products/attribute-sets/groups/list` —
 *   Magento_Catalog::sets.
 * Writes through `/rest/all/` are global-scope saves; through a store view code they are store-view saves in
 * Commerce — the sandbox keeps one value per attribute (no per-store values).
 */
import { attributeRecord, customAttribute, decimalAttributeValue } from './catalog';
import { magentoDate } from './dates';
import { magentoError, requiredField } from './errors';
import type { CommerceRestServer } from './rest-server';
import { reportId } from './rest-server';
import { applySearchCriteria, parseSearchCriteria, UNKNOWN_FIELD } from './search-criteria';
import { clone, snakeKeys, type AdobeCommerceState, type Json, str } from './state';

export type CatalogDeps = { state: AdobeCommerceState; nowMs: () => number };

const PRODUCT_FIELDS = new Set(['id', 'entity_id', 'sku', 'name', 'price', 'status', 'visibility', 'type_id', 'attribute_set_id', 'created_at', 'updated_at', 'weight']);
const BACKEND_TYPE: Readonly<Record<string, string>> = { text: 'varchar', textarea: 'text', texteditor: 'text', date: 'datetime', datetime: 'datetime', price: 'decimal', weight: 'decimal', boolean: 'int', select: 'int', multiselect: 'varchar' };

function productNotFound(): Error {
  return magentoError(404, "The product that was requested doesn't exist. Verify the product and try again.");
}

function productField(state: AdobeCommerceState): (item: unknown, field: string) => unknown {
  return (item, field) => {
    const p = item as Json;
    if (PRODUCT_FIELDS.has(field)) return field === 'entity_id' ? p['id'] : (p[field] ?? null);
    if (state.attributes.has(field)) return customAttribute(p, field) ?? null;
    return UNKNOWN_FIELD;
  };
}

/** Applies a `product` payload to a stored product (or a new one). */
function saveProduct(deps: CatalogDeps, sku: string, input: Json): Json {
  const { state } = deps;
  const at = magentoDate(deps.nowMs());
  let product = state.products.get(sku);
  if (!product) {
    const id = state.next('product');
    product = {
      id, sku, name: input['name'] ?? sku, attribute_set_id: 4, price: 0, status: 1, visibility: 4, type_id: 'simple', created_at: at, updated_at: at,
      extension_attributes: { website_ids: [1], category_links: [] }, product_links: [], options: [], media_gallery_entries: [], tier_prices: [], custom_attributes: [],
    };
    state.products.set(sku, product);
  }
  for (const field of ['name', 'price', 'status', 'visibility', 'type_id', 'attribute_set_id', 'weight']) if (input[field] !== undefined && input[field] !== null) product[field] = input[field];
  const custom = Array.isArray(product['custom_attributes']) ? (product['custom_attributes'] as Json[]) : [];
  if (Array.isArray(input['custom_attributes'])) {
    for (const entry of input['custom_attributes'] as Json[]) {
      const code = str(entry['attribute_code'], '');
      const attribute = state.attributes.get(code);
      if (!attribute) continue;
      const raw = entry['value'];
      const value = attribute['backend_type'] === 'decimal' && raw !== null && raw !== '' && Number.isFinite(Number(raw)) ? decimalAttributeValue(Number(raw)) : raw === null || raw === undefined ? null : str(raw, JSON.stringify(raw));
      const at2 = custom.findIndex((c) => c['attribute_code'] === code);
      if (value === null) {
        if (at2 >= 0) custom.splice(at2, 1);
      } else if (at2 >= 0) custom[at2] = { attribute_code: code, value };
      else custom.push({ attribute_code: code, value });
    }
  }
  product['custom_attributes'] = custom;
  product['updated_at'] = at;
  return product;
}

export function registerCatalogRoutes(rest: CommerceRestServer, deps: CatalogDeps): void {
  const { state } = deps;
  const PRODUCTS = ['Magento_Catalog::products'];
  const ATTRIBUTES = ['Magento_Catalog::attributes_attributes'];
  rest
    .add('GET', '/V1/products/attributes', ATTRIBUTES, (ctx) =>
      applySearchCriteria([...state.attributes.values()].map(clone), parseSearchCriteria(ctx.req.query), (item, field) => ((item as Json)[field] !== undefined ? (item as Json)[field] : UNKNOWN_FIELD), reportId),
    )
    .add('GET', '/V1/products/attributes/:attributeCode', ATTRIBUTES, (ctx) => {
      const code = ctx.params['attributeCode'] ?? '';
      const attribute = state.attributes.get(code);
      if (!attribute) throw magentoError(404, 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', [code]);
      return clone(attribute);
    })
    .add('POST', '/V1/products/attributes', ATTRIBUTES, (ctx) => {
      const input = snakeKeys((ctx.body as Json | undefined)?.['attribute']) as Json | undefined;
      if (!input || typeof input !== 'object') throw requiredField('attribute');
      const code = str(input['attribute_code'], '');
      if (code === '') throw requiredField('attribute_code');
      if (!/^[a-zA-Z][a-zA-Z_0-9]{0,59}$/.test(code)) {
        throw magentoError(400, 'Attribute code "%1" is invalid. Please use only letters (a-z or A-Z), numbers (0-9) or underscore (_) in this field, and the first character should be a letter.', [code]);
      }
      if (state.attributes.has(code)) throw magentoError(400, 'An attribute with the same code (%1) already exists.', [code]);
      const input_ = str(input['frontend_input'], 'text');
      const labels = Array.isArray(input['frontend_labels']) ? (input['frontend_labels'] as Json[]) : [];
      const label = input['default_frontend_label'] ?? labels[0]?.['label'];
      if (typeof label !== 'string' || label === '') throw requiredField('frontend_label');
      const id = state.next('attribute');
      const record = { ...attributeRecord(id, code, input_, str(input['backend_type'], BACKEND_TYPE[input_] ?? 'varchar'), str(input['scope'], 'store'), label, true), frontend_labels: labels, is_required: input['is_required'] === true };
      state.attributes.set(code, record);
      return clone(record);
    })
    .add('POST', '/V1/products/attribute-sets/attributes', ['Magento_Catalog::sets'], (ctx) => {
      const body = snakeKeys(ctx.body ?? {}) as Json;
      const code = str(body['attribute_code'], '');
      const setId = Number(body['attribute_set_id']);
      const attribute = state.attributes.get(code);
      if (!attribute) throw magentoError(404, 'The attribute with a "%1" attributeCode doesn\'t exist. Verify the attribute and try again.', [code]);
      const set = state.attributeSets.get(setId);
      if (!set) throw magentoError(404, 'No such entity with %fieldName = %fieldValue', { fieldName: 'id', fieldValue: setId });
      set.add(code);
      return state.next('entityAttribute');
    })
    // `GET /V1/products/attribute-sets/groups/list` (searchCriteria; eav-data-attribute-group-search-results-interface):
    // each set has the groups of Magento's Default set; the sandbox keeps one, General (id 7 in a clean install).
    .add('GET', '/V1/products/attribute-sets/groups/list', ['Magento_Catalog::sets'], (ctx) =>
      applySearchCriteria(
        [...state.attributeSets.keys()].map((setId) => ({ attribute_group_id: setId === 4 ? '7' : String(100 + setId), attribute_group_name: 'General', attribute_set_id: setId })),
        parseSearchCriteria(ctx.req.query),
        (item, field) => ((item as Json)[field] !== undefined ? (item as Json)[field] : UNKNOWN_FIELD),
        reportId,
      ),
    )
    .add('GET', '/V1/products/attribute-sets/:attributeSetId/attributes', ['Magento_Catalog::sets'], (ctx) => {
      const set = state.attributeSets.get(Number(ctx.params['attributeSetId']));
      if (!set) throw magentoError(404, 'No such entity with %fieldName = %fieldValue', { fieldName: 'id', fieldValue: ctx.params['attributeSetId'] ?? '' });
      return [...set].map((code) => state.attributes.get(code)).filter((a): a is Json => a !== undefined).map(clone);
    })
    .add('GET', '/V1/products', PRODUCTS, (ctx) => applySearchCriteria([...state.products.values()].map(clone), parseSearchCriteria(ctx.req.query), productField(state), reportId))
    .add('GET', '/V1/products/:sku', PRODUCTS, (ctx) => {
      const product = state.products.get(ctx.params['sku'] ?? '');
      if (!product) throw productNotFound();
      return clone(product);
    })
    .add('PUT', '/V1/products/:sku', PRODUCTS, (ctx) => {
      const input = snakeKeys((ctx.body as Json | undefined)?.['product']) as Json | undefined;
      if (!input || typeof input !== 'object') throw requiredField('product');
      return clone(saveProduct(deps, ctx.params['sku'] ?? '', input));
    })
    .add('POST', '/V1/products', PRODUCTS, (ctx) => {
      const input = snakeKeys((ctx.body as Json | undefined)?.['product']) as Json | undefined;
      if (!input || typeof input !== 'object') throw requiredField('product');
      if (typeof input['sku'] !== 'string' || input['sku'] === '') throw requiredField('sku');
      return clone(saveProduct(deps, input['sku'], input));
    });
}
