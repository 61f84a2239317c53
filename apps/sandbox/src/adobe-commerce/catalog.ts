/**
 * The demo catalog (ours, not Adobe's, except the SKUs and names the tutorial examples use: WS12-M-Orange "Radiant
 * Tee-M-Orange" product 1553 and 240-LV08 from order/invoice 3, MH01-S-Gray "Chaz Kangeroo Hoodie-S-Gray" from the
 * tutorial's order-create pages) and the product EAV attributes. Prices and `cost` are in the store's base currency
 * (NOK). Products render as `catalog-data-product-interface`; `cost`, `tax_class_id` and user-defined attributes are
 * `custom_attributes` entries `{attribute_code, value}` with decimals as Magento returns them (`"95.500000"`).
 */
import { magentoDate } from './dates';
import type { AdobeCommerceState, Json } from './state';

/** Tax classes (tax_class_id): 2 Taxable Goods (25 %), 9 Food (reduced rate). */
export const TAX_CLASS_STANDARD = 2;
export const TAX_CLASS_FOOD = 9;

/** VAT percent by country and product tax class (Norway: 25 / 15 food; Sweden: 25 / 12 food). Shipping: standard. */
export const VAT_RATES: Readonly<Record<string, Readonly<Record<number, number>>>> = {
  NO: { [TAX_CLASS_STANDARD]: 25, [TAX_CLASS_FOOD]: 15 },
  SE: { [TAX_CLASS_STANDARD]: 25, [TAX_CLASS_FOOD]: 12 },
};

type DemoProduct = { id: number; sku: string; name: string; price: number; cost?: number; type: 'simple' | 'configurable' | 'virtual'; weight?: number; taxClass?: number; children?: string[]; parent?: string };

export const DEMO_PRODUCTS: readonly DemoProduct[] = [
  { id: 1553, sku: 'WS12-M-Orange', name: 'Radiant Tee-M-Orange', price: 249, cost: 95.5, type: 'simple', weight: 1, parent: 'WS12' },
  { id: 1550, sku: 'WS12', name: 'Radiant Tee', price: 249, type: 'configurable', weight: 1, children: ['WS12-M-Orange'] },
  { id: 67, sku: 'MH01-S-Gray', name: 'Chaz Kangeroo Hoodie-S-Gray', price: 599, cost: 230, type: 'simple', weight: 1, parent: 'MH01' },
  { id: 66, sku: 'MH01', name: 'Chaz Kangeroo Hoodie', price: 599, type: 'configurable', weight: 1, children: ['MH01-S-Gray'] },
  { id: 49, sku: '240-LV08', name: 'Advanced Pilates & Yoga (Strength)', price: 199, cost: 40, type: 'virtual' },
  { id: 2001, sku: 'NL-MUG-01', name: 'Nordlys Mug', price: 149, cost: 48.25, type: 'simple', weight: 0.4 },
  { id: 2002, sku: 'NL-WAX/50', name: 'Ski Wax 50/50', price: 89.9, cost: 31.1, type: 'simple', weight: 0.1 },
  { id: 2003, sku: 'NL-COFFEE-500', name: 'Coffee Beans 500 g', price: 129, cost: 52, type: 'simple', weight: 0.5, taxClass: TAX_CLASS_FOOD },
];

/** System attributes (attribute_id, code, frontend_input, backend_type, scope). */
const SYSTEM_ATTRIBUTES: ReadonlyArray<[number, string, string, string, string, string]> = [
  [73, 'name', 'text', 'varchar', 'store', 'Product Name'],
  [74, 'sku', 'text', 'static', 'global', 'SKU'],
  [75, 'description', 'textarea', 'text', 'store', 'Description'],
  [77, 'price', 'price', 'decimal', 'global', 'Price'],
  [81, 'cost', 'price', 'decimal', 'global', 'Cost'],
  [82, 'weight', 'weight', 'decimal', 'global', 'Weight'],
  [97, 'status', 'boolean', 'int', 'website', 'Enable Product'],
  [99, 'visibility', 'select', 'int', 'store', 'Visibility'],
  [121, 'url_key', 'text', 'varchar', 'store', 'URL Key'],
  [136, 'tax_class_id', 'select', 'int', 'website', 'Tax Class'],
];

/** The attribute as `catalog-data-product-attribute-interface` renders it. */
export function attributeRecord(id: number, code: string, input: string, backendType: string, scope: string, label: string, isUserDefined: boolean): Json {
  return {
    is_wysiwyg_enabled: false,
    is_html_allowed_on_front: false,
    used_for_sort_by: false,
    is_filterable: false,
    is_filterable_in_search: false,
    is_used_in_grid: true,
    is_visible_in_grid: false,
    is_filterable_in_grid: true,
    position: 0,
    apply_to: [],
    is_searchable: '0',
    is_visible_in_advanced_search: '0',
    is_comparable: '0',
    is_used_for_promo_rules: '0',
    is_visible_on_front: '0',
    used_in_product_listing: '0',
    is_visible: true,
    scope,
    attribute_id: id,
    attribute_code: code,
    frontend_input: input,
    entity_type_id: '4',
    is_required: false,
    options: [],
    is_user_defined: isUserDefined,
    default_frontend_label: label,
    frontend_labels: [],
    backend_type: backendType,
    is_unique: '0',
    validation_rules: [],
  };
}

/** A decimal EAV value as Magento returns it (DECIMAL(20,6) → "95.500000"). */
export function decimalAttributeValue(value: number): string {
  return value.toFixed(6);
}

/** Adds the system attributes (Default attribute set 4) and the demo products. */
export function seedCatalog(state: AdobeCommerceState, nowMs: number): void {
  const defaultSet = new Set<string>();
  for (const [id, code, input, backendType, scope, label] of SYSTEM_ATTRIBUTES) {
    state.attributes.set(code, attributeRecord(id, code, input, backendType, scope, label, false));
    state.observe('attribute', id);
    defaultSet.add(code);
  }
  state.attributeSets.set(4, defaultSet);
  const at = magentoDate(nowMs);
  for (const p of DEMO_PRODUCTS) {
    const custom: Json[] = [
      { attribute_code: 'url_key', value: p.sku.toLowerCase().replace(/[^a-z0-9]+/g, '-') },
      { attribute_code: 'tax_class_id', value: String(p.taxClass ?? TAX_CLASS_STANDARD) },
    ];
    if (p.cost !== undefined) custom.push({ attribute_code: 'cost', value: decimalAttributeValue(p.cost) });
    const extension: Json = { website_ids: [1], category_links: [] };
    if (p.children) {
      extension['configurable_product_links'] = p.children.map((sku) => DEMO_PRODUCTS.find((c) => c.sku === sku)?.id ?? 0);
      extension['configurable_product_options'] = [{ id: p.id, attribute_id: '93', label: 'Color', position: 0, values: [{ value_index: 56 }], product_id: p.id }];
    }
    state.products.set(p.sku, {
      id: p.id,
      sku: p.sku,
      name: p.name,
      attribute_set_id: 4,
      price: p.price,
      status: 1,
      visibility: p.parent ? 1 : 4,
      type_id: p.type,
      created_at: at,
      updated_at: at,
      ...(p.weight !== undefined ? { weight: p.weight } : {}),
      extension_attributes: extension,
      product_links: [],
      options: [],
      media_gallery_entries: [],
      tier_prices: [],
      custom_attributes: custom,
    });
    state.observe('product', p.id);
  }
}

/** The value of a product's custom attribute (undefined when not set). */
export function customAttribute(product: Json, code: string): unknown {
  const list = product['custom_attributes'];
  if (!Array.isArray(list)) return undefined;
  const entry = (list as Json[]).find((a) => a['attribute_code'] === code);
  return entry?.['value'];
}

/** The configurable parent of a simple product (by `configurable_product_links`), if any. */
export function configurableParentOf(state: AdobeCommerceState, product: Json): Json | undefined {
  for (const p of state.products.values()) {
    const links = (p['extension_attributes'] as Json | undefined)?.['configurable_product_links'];
    if (p['type_id'] === 'configurable' && Array.isArray(links) && links.includes(product['id'])) return p;
  }
  return undefined;
}
