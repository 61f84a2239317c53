import { MappingError, commercetoolsProductToCatalogItems } from '@mlc/mapping';

const product = (over: Partial<{ published: boolean; name: Record<string, string>; variants: { id: number; sku?: string; key?: string }[]; masterSku: string | undefined }> = {}) => ({
  id: 'p1',
  masterData: {
    published: over.published ?? true,
    current: {
      name: over.name ?? { en: 'Ceramic mug', nb: 'Keramikkopp' },
      masterVariant: { id: 1, ...(over.masterSku === undefined && 'masterSku' in over ? {} : { sku: over.masterSku ?? 'CT-MUG-01' }) },
      variants: over.variants ?? [{ id: 2, sku: 'CT-MUG-02', key: 'blue' }, { id: 3 }],
    },
  },
});

describe('commercetoolsProductToCatalogItems', () => {
  it('should give one item per variant with a SKU, named in the chosen language', () => {
    expect(commercetoolsProductToCatalogItems(product(), { locale: 'nb' })).toEqual([
      { sku: 'CT-MUG-01', description: 'Keramikkopp', isPublished: true },
      { sku: 'CT-MUG-02', description: 'Keramikkopp (blue)', isPublished: true },
    ]);
  });

  it('should fall back to English, then to the first language, and name an unkeyed variant by its id', () => {
    expect(commercetoolsProductToCatalogItems(product({ variants: [{ id: 7, sku: 'CT-MUG-07' }] }), { locale: 'sv' })[1]).toEqual({ sku: 'CT-MUG-07', description: 'Ceramic mug (variant 7)', isPublished: true });
    expect(commercetoolsProductToCatalogItems(product({ name: { de: 'Becher' }, variants: [] }))).toEqual([{ sku: 'CT-MUG-01', description: 'Becher', isPublished: true }]);
  });

  it('should leave out variants without a SKU and carry the published flag', () => {
    expect(commercetoolsProductToCatalogItems(product({ masterSku: undefined, published: false, variants: [{ id: 3 }] }))).toEqual([]);
  });

  it('should name the field when the product has no name or a SKU is too long for an item number', () => {
    expect(() => commercetoolsProductToCatalogItems(product({ name: {} }))).toThrow(MappingError);
    try {
      commercetoolsProductToCatalogItems(product({ variants: [{ id: 2, sku: 'X'.repeat(31) }] }));
      throw new Error('no error');
    } catch (err) {
      expect((err as MappingError).field).toBe('masterData.current.variants[0].sku');
    }
  });
});
