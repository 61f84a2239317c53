/**
 * Applying REST parameters to an order the way WC_REST_Orders_Controller (v3) and WC_REST_Orders_V2_Controller do
 * (woocommerce/woocommerce includes/rest-api/Controllers/Version2/class-wc-rest-orders-v2-controller.php @ 01ddd4f3
 * prepare_object_for_database(), set_item(), prepare_line_items(), prepare_shipping_lines(), prepare_fee_lines(),
 * get_product_id(), item_is_null(); Version3/class-wc-rest-orders-controller.php @ 0379e4ee calculate_coupons()):
 * - writable props only (`prices_include_tax`, totals, taxes, dates, `number`… are read-only and ignored);
 *   addresses are merged key by key; `meta_data` entries update by id, then by key, else are added;
 * - a line item names its product by `sku`, else `product_id` (without `variation_id`), else `variation_id`;
 *   on create it needs one of them (400 `woocommerce_rest_required_product_reference`). A known product sets the
 *   name, tax class, ids and variation attributes (as item meta) and, on create, subtotal = total = price × quantity;
 *   an unknown product id is silently ignored (the line keeps product_id 0). Then the posted name, quantity, total,
 *   subtotal and tax_class win (a total above the subtotal raises the subtotal). A line with `quantity: 0` or a null
 *   `product_id`/`method_id`/`method_title`/`name`/`code` is removed; an `id` not in the order is 400
 *   `woocommerce_rest_invalid_item_id`; shipping lines need `method_id` and fees a `name` on create;
 * - coupons (calculate_coupons + WC_Abstract_Order::recalculate_coupons): every coupon is validated first, then all
 *   are removed and re-applied: line totals are reset to their subtotals and discounted by WC_Discounts;
 * - totals and taxes through order-totals.ts; tax lines keep their ids per rate.
 */
import { findCoupon, findProduct, productIdBySku, type Product } from './catalog';
import { applyCoupons, couponProblem, formatCouponCode, type Coupon } from './discounts';
import { parseAmountMicro, roundMicro, sumMicro } from './money';
import { calculateOrderTotals } from './order-totals';
import type { Address, CouponLine, FeeLine, Json, LineItem, Meta, OrderRecord, ShippingLine, WooCommerceState } from './state';
import { calcExclusiveTax, findRates, rateCode, type TaxLocation, type TaxRate } from './tax-rates';
import { wpError } from './wp-json';
import { phpString } from './wp-schema';

/** The store options the order arithmetic reads. */
export type StoreSettings = {
  currency: string;
  decimals: number;
  pricesIncludeTax: boolean;
  roundAtSubtotal: boolean;
  taxBasedOn: 'shipping' | 'billing' | 'base';
  shippingTaxClass: string;
  base: TaxLocation;
  timeZone: string;
  version: string;
  rates: readonly TaxRate[];
};

export const BILLING_KEYS = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country', 'email', 'phone'] as const;
export const SHIPPING_KEYS = ['first_name', 'last_name', 'company', 'address_1', 'address_2', 'city', 'state', 'postcode', 'country'] as const;

/** A blank address with the keys (and key order) of the official examples. */
export function blankAddress(keys: readonly string[]): Address {
  return Object.fromEntries(keys.map((k) => [k, '']));
}

/** update_address(): sets the known keys present in the posted object. */
export function mergeAddress(target: Address, posted: unknown, keys: readonly string[]): void {
  if (typeof posted !== 'object' || posted === null) return;
  for (const [k, v] of Object.entries(posted as Json)) if (keys.includes(k) && v !== undefined && v !== null) target[k] = phpString(v);
}

/** WC_Data::update_meta_data() for a list of posted `{id?, key, value}`. `nextId` gives new meta ids. */
export function updateMeta(meta: Meta[], posted: unknown, nextId: () => number): void {
  if (!Array.isArray(posted)) return;
  for (const entry of posted as Json[]) {
    if (typeof entry !== 'object' || entry === null || entry['key'] === undefined) continue;
    const key = phpString(entry['key']);
    const value = entry['value'] ?? null;
    const byId = entry['id'] !== undefined ? meta.find((m) => m.id === Number(entry['id'])) : undefined;
    const byKey = meta.find((m) => m.key === key);
    const found = byId ?? byKey;
    if (found) {
      found.key = key;
      found.value = value;
    } else meta.push({ id: nextId(), key, value });
  }
}

const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function itemIsNull(item: Json): boolean {
  return ['product_id', 'method_id', 'method_title', 'name', 'code'].some((k) => Object.prototype.hasOwnProperty.call(item, k) && item[k] === null);
}

/** get_product_id(): by SKU, product id (no variation), or variation id. */
function productIdOf(posted: Json, action: 'create' | 'update'): number {
  if (posted['sku']) return productIdBySku(phpString(posted['sku']));
  if (posted['product_id'] && !posted['variation_id']) return Math.trunc(Number(posted['product_id'])) || 0;
  if (posted['variation_id']) return Math.trunc(Number(posted['variation_id'])) || 0;
  if (action === 'update') return 0;
  throw wpError('woocommerce_rest_required_product_reference', 'Product ID or SKU is required.', 400);
}

/** wc_stock_amount(): quantities are integers (intval). */
function quantityOf(value: unknown): number {
  return Math.trunc(Number(value)) || 0;
}

/** Applies one request's `line_items` / `shipping_lines` / `fee_lines` to the order (set_item for each). */
export function applyItems(order: OrderRecord, kind: 'line_items' | 'shipping_lines' | 'fee_lines', value: unknown, state: WooCommerceState): void {
  if (!Array.isArray(value)) return;
  for (const raw of value as unknown[]) {
    if (!isJson(raw)) continue;
    const id = raw['id'] ? Math.trunc(Number(raw['id'])) : 0;
    if (itemIsNull(raw) || raw['quantity'] === 0) {
      removeItem(order, id);
      continue;
    }
    const action = id ? 'update' : 'create';
    if (kind === 'line_items') setLineItem(order, raw, action, id, state);
    else if (kind === 'shipping_lines') setShippingLine(order, raw, action, id, state);
    else setFeeLine(order, raw, action, id, state);
  }
}

function removeItem(order: OrderRecord, id: number): void {
  order.lineItems = order.lineItems.filter((i) => i.id !== id);
  order.shippingLines = order.shippingLines.filter((i) => i.id !== id);
  order.feeLines = order.feeLines.filter((i) => i.id !== id);
  order.couponLines = order.couponLines.filter((i) => i.id !== id);
}

function notInOrder(): never {
  throw wpError('woocommerce_rest_invalid_item_id', 'Order item ID provided is not associated with order.', 400);
}

function setLineItem(order: OrderRecord, posted: Json, action: 'create' | 'update', id: number, state: WooCommerceState): void {
  const existing = action === 'update' ? (order.lineItems.find((i) => i.id === id) ?? notInOrder()) : undefined;
  const item: LineItem = existing ?? { id: 0, name: '', productId: 0, variationId: 0, quantity: 1, taxClass: '', subtotal: 0, total: 0, taxes: new Map(), subtotalTaxes: new Map(), subtotalTax: 0, totalTax: 0, metaData: [] };
  let subtotalSet = existing !== undefined;
  const product = findProduct(productIdOf(posted, action));
  const current = findProduct(item.variationId || item.productId);
  if (product && product !== current) {
    setProduct(item, product, state);
    if (action === 'create') {
      const quantity = posted['quantity'] !== undefined ? quantityOf(posted['quantity']) : 1;
      item.total = product.priceMicro * quantity;
      item.subtotal = item.total;
      subtotalSet = true;
    }
  }
  if (posted['name'] !== undefined) item.name = phpString(posted['name']);
  if (posted['quantity'] !== undefined) item.quantity = quantityOf(posted['quantity']);
  if (posted['total'] !== undefined) {
    item.total = parseAmountMicro(posted['total']);
    if (!subtotalSet || item.subtotal < item.total) item.subtotal = item.total;
  }
  if (posted['subtotal'] !== undefined) item.subtotal = parseAmountMicro(posted['subtotal']);
  if (posted['tax_class'] !== undefined) item.taxClass = phpString(posted['tax_class']);
  updateMeta(item.metaData, posted['meta_data'], () => state.nextId('itemMeta'));
  if (!existing) {
    item.id = state.nextId('orderItem');
    order.lineItems.push(item);
  }
}

/** WC_Order_Item_Product::set_product(): ids, name, tax class, and a variation's attributes as meta. */
function setProduct(item: LineItem, product: Product, state: WooCommerceState): void {
  item.productId = product.type === 'variation' ? product.parentId : product.id;
  item.variationId = product.type === 'variation' ? product.id : 0;
  item.name = product.name;
  item.taxClass = product.taxClass;
  for (const attribute of product.attributes) {
    if (!item.metaData.some((m) => m.key === attribute.key)) item.metaData.push({ id: state.nextId('itemMeta'), key: attribute.key, value: attribute.value });
  }
}

function setShippingLine(order: OrderRecord, posted: Json, action: 'create' | 'update', id: number, state: WooCommerceState): void {
  if (action === 'create' && !posted['method_id']) throw wpError('woocommerce_rest_invalid_shipping_item', 'Shipping method ID is required.', 400);
  const existing = action === 'update' ? (order.shippingLines.find((i) => i.id === id) ?? notInOrder()) : undefined;
  const line: ShippingLine = existing ?? { id: 0, methodTitle: '', methodId: '', instanceId: '', total: 0, taxes: new Map(), totalTax: 0, metaData: [] };
  if (posted['method_id'] !== undefined) line.methodId = phpString(posted['method_id']);
  if (posted['method_title'] !== undefined) line.methodTitle = phpString(posted['method_title']);
  if (posted['total'] !== undefined) line.total = parseAmountMicro(posted['total']);
  if (posted['instance_id'] !== undefined) line.instanceId = phpString(posted['instance_id']);
  updateMeta(line.metaData, posted['meta_data'], () => state.nextId('itemMeta'));
  if (!existing) {
    line.id = state.nextId('orderItem');
    order.shippingLines.push(line);
  }
}

function setFeeLine(order: OrderRecord, posted: Json, action: 'create' | 'update', id: number, state: WooCommerceState): void {
  if (action === 'create' && !posted['name']) throw wpError('woocommerce_rest_invalid_fee_item', 'Fee name is required.', 400);
  const existing = action === 'update' ? (order.feeLines.find((i) => i.id === id) ?? notInOrder()) : undefined;
  const line: FeeLine = existing ?? { id: 0, name: '', taxClass: '', taxStatus: 'taxable', total: 0, taxes: new Map(), totalTax: 0, metaData: [] };
  if (posted['name'] !== undefined) line.name = phpString(posted['name']);
  if (posted['tax_class'] !== undefined) line.taxClass = phpString(posted['tax_class']);
  if (posted['tax_status'] !== undefined) line.taxStatus = phpString(posted['tax_status']);
  if (posted['total'] !== undefined) line.total = parseAmountMicro(posted['total']);
  updateMeta(line.metaData, posted['meta_data'], () => state.nextId('itemMeta'));
  if (!existing) {
    line.id = state.nextId('orderItem');
    order.feeLines.push(line);
  }
}

/**
 * WC_Abstract_Order::get_tax_location(): the shipping address (billing when it has no country, as
 * `woocommerce_tax_based_on` is 'shipping'), the store base when that has no country or a shipping line is local
 * pickup.
 */
export function taxLocation(order: OrderRecord, settings: StoreSettings): TaxLocation {
  let basedOn = settings.taxBasedOn;
  if (basedOn === 'shipping' && !order.shipping['country']) basedOn = 'billing';
  const address = basedOn === 'billing' ? order.billing : order.shipping;
  const location = { country: address['country'] ?? '', state: address['state'] ?? '', postcode: address['postcode'] ?? '', city: address['city'] ?? '' };
  const pickup = order.shippingLines.some((s) => s.methodId === 'local_pickup' || s.methodId === 'legacy_local_pickup');
  return basedOn === 'base' || pickup || !location.country ? { ...settings.base } : location;
}

/** calculate_totals(true): taxes, tax lines (ids kept per rate) and order totals. */
export function calculateTotals(order: OrderRecord, settings: StoreSettings, state: WooCommerceState): void {
  const taxStatus = (item: LineItem): string => findProduct(item.variationId || item.productId)?.taxStatus ?? 'taxable';
  const result = calculateOrderTotals({
    items: order.lineItems.map((i) => ({ id: i.id, subtotal: i.subtotal, total: i.total, taxClass: i.taxClass, taxStatus: taxStatus(i) })),
    shipping: order.shippingLines.map((s) => ({ id: s.id, total: s.total })),
    fees: order.feeLines.map((f) => ({ id: f.id, total: f.total, taxClass: f.taxClass, taxStatus: f.taxStatus })),
    location: taxLocation(order, settings),
    rates: settings.rates,
    roundAtSubtotal: settings.roundAtSubtotal,
    shippingTaxClass: settings.shippingTaxClass,
    decimals: settings.decimals,
    taxEnabled: true,
  });
  for (const item of order.lineItems) {
    const t = result.items.get(item.id);
    if (t) Object.assign(item, { taxes: t.taxes, subtotalTaxes: t.subtotalTaxes, totalTax: t.totalTax, subtotalTax: t.subtotalTax });
  }
  for (const line of order.shippingLines) {
    const t = result.shipping.get(line.id);
    if (t) Object.assign(line, { taxes: t.taxes, totalTax: t.totalTax });
  }
  for (const line of order.feeLines) {
    const t = result.fees.get(line.id);
    if (t) Object.assign(line, { total: t.total, taxes: t.taxes, totalTax: t.totalTax });
  }
  const byRate = new Map(result.taxLines.map((l) => [l.rateId, l]));
  const kept = order.taxLines.filter((l, i, all) => byRate.has(l.rateId) && all.findIndex((x) => x.rateId === l.rateId) === i);
  const known = new Set(kept.map((l) => l.rateId));
  const added = result.taxLines.filter((l) => !known.has(l.rateId)).map((l) => ({ id: state.nextId('orderItem'), rateId: l.rateId, rateCode: '', label: '', compound: false, taxTotal: 0, shippingTaxTotal: 0, metaData: [] }));
  order.taxLines = [...kept, ...added].map((line) => {
    const rate = settings.rates.find((r) => r.id === line.rateId);
    const totals = byRate.get(line.rateId);
    return { ...line, rateCode: rate ? rateCode(rate) : '', label: rate?.name ?? '', compound: rate?.compound ?? false, taxTotal: totals?.taxTotal ?? 0, shippingTaxTotal: totals?.shippingTaxTotal ?? 0 };
  });
  Object.assign(order, {
    shippingTotal: result.shippingTotal,
    cartTax: result.cartTax,
    shippingTax: result.shippingTax,
    totalTax: result.totalTax,
    discountTotal: result.discountTotal,
    discountTax: result.discountTax,
    total: result.total,
  });
}

/**
 * calculate_coupons() (v3): checks every posted coupon line (no `id`, a `code`, a coupon that can be applied unless
 * the order already has it), then removes all coupons and applies the posted ones (recalculate_coupons).
 */
export function applyCouponLines(order: OrderRecord, posted: unknown, settings: StoreSettings, state: WooCommerceState, nowMs: number): void {
  if (!Array.isArray(posted)) return;
  const current = new Set(order.couponLines.map((c) => c.code));
  const coupons: Coupon[] = [];
  for (const item of posted as unknown[]) {
    if (!isJson(item)) continue;
    if (item['id']) throw wpError('woocommerce_rest_coupon_item_id_readonly', 'Coupon item ID is readonly.', 400);
    if (!item['code']) throw wpError('woocommerce_rest_invalid_coupon', 'Coupon code is required.', 400);
    const code = formatCouponCode(phpString(item['code']));
    const coupon = findCoupon(code);
    const problem = current.has(code) ? undefined : couponProblem(coupon, code, nowMs);
    if (problem || !coupon) throw wpError('woocommerce_rest_invalid_coupon', problem ?? 'Invalid coupon', 400);
    if (!coupons.includes(coupon)) coupons.push(coupon);
  }
  recalculateCoupons(order, coupons, settings, state);
}

function recalculateCoupons(order: OrderRecord, coupons: readonly Coupon[], settings: StoreSettings, state: WooCommerceState): void {
  for (const item of order.lineItems) item.total = item.subtotal;
  const withProduct = order.lineItems.filter((i) => findProduct(i.variationId || i.productId));
  const discounts = applyCoupons(
    coupons,
    withProduct.map((i) => ({ key: i.id, quantity: i.quantity, priceCents: Math.round(i.subtotal / 10_000), hasPricedProduct: (findProduct(i.variationId || i.productId)?.priceMicro ?? 0) > 0 })),
  );
  const location = taxLocation(order, settings);
  const lines: CouponLine[] = [];
  for (const coupon of coupons) {
    const perItem = discounts.get(coupon.code) ?? new Map<number, number>();
    let discountTax = 0;
    for (const [itemId, cents] of perItem) {
      const item = order.lineItems.find((i) => i.id === itemId);
      if (!item || (findProduct(item.variationId || item.productId)?.taxStatus ?? 'taxable') !== 'taxable') continue;
      const tax = sumMicro(calcExclusiveTax(cents * 10_000, findRates(settings.rates, location, item.taxClass)).values());
      discountTax += settings.roundAtSubtotal ? tax : roundMicro(tax, settings.decimals);
    }
    lines.push({ id: state.nextId('orderItem'), code: coupon.code, discount: sumMicro(perItem.values()) * 10_000, discountTax, metaData: [] });
  }
  for (const item of order.lineItems) {
    let cents = 0;
    for (const perItem of discounts.values()) cents += perItem.get(item.id) ?? 0;
    item.total = Math.max(0, item.total - cents * 10_000);
  }
  order.couponLines = lines;
  calculateTotals(order, settings, state);
}

/** needs_processing(): some line's product is not both virtual and downloadable (lines without product don't count). */
export function needsProcessing(order: OrderRecord): boolean {
  return order.lineItems.some((i) => {
    const product = findProduct(i.variationId || i.productId);
    return product !== undefined && !(product.virtual && product.downloadable);
  });
}

/** needs_payment(): pending or failed with a total above zero. */
export function needsPayment(order: OrderRecord): boolean {
  return (order.status === 'pending' || order.status === 'failed') && order.total > 0;
}
