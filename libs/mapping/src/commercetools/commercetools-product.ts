import type { CatalogItem } from '../canonical/stock';
import { MappingError } from '../mapping.error';

/** What the item-master rule reads of a commercetools Product (openapi.yaml `Product`, `ProductData`, `ProductVariant`). */
export type CtProductInput = {
  id: string;
  key?: string | null | undefined;
  masterData: {
    published: boolean;
    current: CtProductDataInput;
    staged?: CtProductDataInput | undefined;
  };
};
type CtVariantInput = { id: number; sku?: string | null | undefined; key?: string | null | undefined };
type CtProductDataInput = { name: Readonly<Record<string, string>>; masterVariant: CtVariantInput; variants: readonly CtVariantInput[] };

/**
 * The item-number length this project keeps to. visma-net-erp-api.v1_20250424.openapi.json states none for
 * `InventoryUpdateDto.inventoryNumber` ("The unique alphanumeric identifier of the item that is used in UI"); 30 is
 * our cap until a live company confirms the column's width (a SKU longer than it fails visibly instead of being cut).
 */
export const CATALOG_SKU_MAX_LENGTH = 30;

/**
 * A commercetools product → one catalog item per variant with a SKU (the published projection, `masterData.current`;
 * variants without a SKU have no item number and are left out). The description is the product's name in `locale`
 * (else `en`, else its first language), with the variant's key or id for every variant but the master.
 * @throws MappingError naming `masterData.current.name` when the product has no name, or `…variants[i].sku` when a SKU
 *   is longer than CATALOG_SKU_MAX_LENGTH.
 */
export function commercetoolsProductToCatalogItems(product: CtProductInput, options: { locale?: string | undefined } = {}): CatalogItem[] {
  const data = product.masterData.current;
  const names = data.name ?? {};
  const locale = options.locale && names[options.locale] ? options.locale : names['en'] ? 'en' : Object.keys(names)[0];
  const name = locale ? names[locale]?.trim() : undefined;
  if (!name) throw new MappingError('missing-field', 'masterData.current.name', 'the product has no name');
  const variants = [{ v: data.masterVariant, path: 'masterData.current.masterVariant', isMaster: true }, ...data.variants.map((v, i) => ({ v, path: `masterData.current.variants[${i}]`, isMaster: false }))];
  const items: CatalogItem[] = [];
  for (const { v, path, isMaster } of variants) {
    const sku = v.sku?.trim();
    if (!sku) continue;
    if (sku.length > CATALOG_SKU_MAX_LENGTH) throw new MappingError('invalid-field', `${path}.sku`, `"${sku}" is longer than the ${CATALOG_SKU_MAX_LENGTH} characters of an ERP item number`);
    items.push({ sku, description: isMaster ? name : `${name} (${v.key?.trim() || `variant ${v.id}`})`, isPublished: product.masterData.published });
  }
  return items;
}
