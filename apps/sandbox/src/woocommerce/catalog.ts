/**
 * The demo store's catalog: the products order lines refer to, and coupons. Products 22 (variable, variations 23/24),
 * 34, 79, 87 and 93 are the ones the official order examples use (docs @ 13d6196: names, SKUs, prices and variation
 * attributes as the examples' line items show them; 87 and 93 are WooCommerce's virtual+downloadable dummy-data music
 * products, which is why the examples carry `_download_permissions_granted`). Products 501-505 and every coupon are
 * OURS (demo data). The catalog is not served over REST (`/products` answers rest_no_route).
 */
import type { Coupon } from './discounts';
import type { TaxClass } from './tax-rates';

export type Product = {
  id: number;
  /** The parent of a variation (0 otherwise). */
  parentId: number;
  type: 'simple' | 'variable' | 'variation';
  name: string;
  sku: string;
  /** Regular price in micro units (store prices exclude tax). */
  priceMicro: number;
  taxClass: TaxClass;
  taxStatus: 'taxable' | 'shipping' | 'none';
  virtual: boolean;
  downloadable: boolean;
  /** A variation's attributes, added to the line as item meta (`pa_color` → `black`). */
  attributes: ReadonlyArray<{ key: string; value: string }>;
};

const product = (p: Partial<Product> & Pick<Product, 'id' | 'name' | 'priceMicro'>): Product => ({
  parentId: 0,
  type: 'simple',
  sku: '',
  taxClass: '',
  taxStatus: 'taxable',
  virtual: false,
  downloadable: false,
  attributes: [],
  ...p,
});

export const WOOCOMMERCE_PRODUCTS: readonly Product[] = [
  product({ id: 22, type: 'variable', name: 'Ship Your Idea', priceMicro: 0 }),
  product({ id: 23, parentId: 22, type: 'variation', name: 'Ship Your Idea &ndash; Color: Black, Size: M Test', sku: 'Bar3', priceMicro: 12_000_000, attributes: [{ key: 'pa_color', value: 'black' }, { key: 'size', value: 'M Test' }] }),
  product({ id: 24, parentId: 22, type: 'variation', name: 'Ship Your Idea &ndash; Color: Green, Size: S Test', priceMicro: 20_000_000, attributes: [{ key: 'pa_color', value: 'green' }, { key: 'size', value: 'S Test' }] }),
  product({ id: 34, name: 'Woo Ninja', priceMicro: 20_000_000 }),
  product({ id: 79, name: 'Woo Logo', priceMicro: 15_000_000 }),
  product({ id: 87, name: 'Woo Album #2', priceMicro: 9_000_000, virtual: true, downloadable: true }),
  product({ id: 93, name: 'Woo Single #1', priceMicro: 3_000_000, virtual: true, downloadable: true }),
  // Ours (demo data): a Nordic shop's goods, several VAT classes.
  product({ id: 501, name: 'Merino Wool Sweater', sku: 'MWS-GRY-M', priceMicro: 800_000_000 }),
  product({ id: 502, name: 'Organic Coffee Beans 1 kg', sku: 'COF-ORG-1KG', priceMicro: 159_000_000, taxClass: 'reduced-rate' }),
  product({ id: 503, name: 'Nordic Cookbook', sku: 'BOOK-NORD', priceMicro: 349_000_000, taxClass: 'zero-rate' }),
  product({ id: 504, name: 'Ski Wax Kit', sku: 'SKI-WAX', priceMicro: 499_000_000 }),
  product({ id: 505, name: 'E-book: Bookkeeping Basics', sku: 'EBOOK-BB', priceMicro: 99_000_000, virtual: true, downloadable: true }),
];

/** OURS (demo data): coupons for the three core discount types, and one that has expired. */
export const WOOCOMMERCE_COUPONS: readonly Coupon[] = [
  { id: 601, code: 'spring10', discountType: 'percent', amountMicro: 10_000_000, expiresMs: null },
  { id: 602, code: 'welcome50', discountType: 'fixed_cart', amountMicro: 50_000_000, expiresMs: null },
  { id: 603, code: 'wax20', discountType: 'fixed_product', amountMicro: 20_000_000, expiresMs: null },
  { id: 604, code: 'expired2024', discountType: 'percent', amountMicro: 15_000_000, expiresMs: Date.UTC(2024, 11, 31, 23, 59, 59) },
];

/** wc_get_product(): a product or variation by id. */
export function findProduct(id: number): Product | undefined {
  return WOOCOMMERCE_PRODUCTS.find((p) => p.id === id);
}

/** wc_get_product_id_by_sku(): the id of the product or variation with this SKU (0 when none). */
export function productIdBySku(sku: string): number {
  return WOOCOMMERCE_PRODUCTS.find((p) => p.sku !== '' && p.sku === sku)?.id ?? 0;
}

/** A coupon by its (formatted) code. */
export function findCoupon(code: string): Coupon | undefined {
  return WOOCOMMERCE_COUPONS.find((c) => c.code === code);
}
