/**
 * Coupons on orders: WC_Discounts (includes/class-wc-discounts.php) for the core coupon types `percent`,
 * `fixed_cart` and `fixed_product`, working in integer cents as WooCommerce does (wc_add_number_precision), and
 * the coupon checks the sandbox supports (the coupon exists, has not expired). Not simulated: usage limits,
 * product/category restrictions, minimum/maximum spend, individual use, free shipping and
 * `woocommerce_calc_discounts_sequentially` (always 'no', WooCommerce's default).
 */

export type DiscountType = 'percent' | 'fixed_cart' | 'fixed_product';

/** A coupon of the demo store (`shop_coupon`). */
export type Coupon = {
  id: number;
  code: string;
  discountType: DiscountType;
  /** The coupon amount: percent for `percent`, else money, in micro units (major × 1e6). */
  amountMicro: number;
  /** `date_expires` as epoch ms, or null. */
  expiresMs: number | null;
};

/** An order line as WC_Discounts::set_items_from_order() sees it: `price` is the LINE subtotal in cents. */
export type DiscountItem = { key: number; quantity: number; priceCents: number; hasPricedProduct: boolean };

/** WC_Discounts::get_discounts(): coupon code → item key → discount in cents. */
export type DiscountsByCoupon = Map<string, Map<number, number>>;

/**
 * Why a coupon cannot be applied (WC_Discounts::is_coupon_valid → WC_Coupon::get_coupon_error); the REST API answers
 * 400 `woocommerce_rest_invalid_coupon` with this message. Undefined when it can be applied.
 */
export function couponProblem(coupon: Coupon | undefined, code: string, nowMs: number): string | undefined {
  if (!coupon) return `Coupon &quot;${escapeHtml(code)}&quot; cannot be applied because it does not exist.`;
  if (coupon.expiresMs !== null && nowMs > coupon.expiresMs) return 'This coupon has expired.';
  return undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
}

/** wc_format_coupon_code(): codes are trimmed, tag-stripped and lower-cased. */
export function formatCouponCode(code: string): string {
  return code.replace(/<[^>]*>/g, '').trim().toLowerCase();
}

/**
 * Applies the coupons in order and returns each one's discount per item (cents). Items are taken most expensive first
 * (WC_Discounts::sort_by_price on price × quantity); each coupon only discounts what earlier coupons left.
 */
export function applyCoupons(coupons: readonly Coupon[], lines: readonly DiscountItem[]): DiscountsByCoupon {
  const items = [...lines].sort((a, b) => b.priceCents * b.quantity - a.priceCents * a.quantity);
  const discounts: DiscountsByCoupon = new Map();
  const discountedPrice = (item: DiscountItem): number => {
    let given = 0;
    for (const perItem of discounts.values()) given += perItem.get(item.key) ?? 0;
    return Math.abs(Math.round(item.priceCents - given));
  };
  for (const coupon of coupons) {
    const own = new Map<number, number>(items.map((i) => [i.key, 0]));
    discounts.set(coupon.code, own);
    const applicable = items.filter((i) => discountedPrice(i) !== 0 && i.quantity > 0);
    const ctx = { own, discountedPrice };
    if (coupon.discountType === 'percent') applyPercent(coupon, applicable, ctx);
    else if (coupon.discountType === 'fixed_product') applyFixedProduct(microToCents(coupon.amountMicro), applicable, ctx);
    else applyFixedCart(microToCents(coupon.amountMicro), applicable, ctx);
  }
  return discounts;
}

type Ctx = { own: Map<number, number>; discountedPrice: (item: DiscountItem) => number };

function give(ctx: Ctx, item: DiscountItem, cents: number): void {
  ctx.own.set(item.key, (ctx.own.get(item.key) ?? 0) + cents);
}

/** wc_add_number_precision() of the coupon amount, rounded to whole cents. */
function microToCents(micro: number): number {
  return Math.round(micro / 10_000);
}

/** apply_coupon_percent(): floor(price × amount %) per line, then the cart-level remainder cent by cent. */
function applyPercent(coupon: Coupon, items: readonly DiscountItem[], ctx: Ctx): number {
  let total = 0;
  let cartTotal = 0;
  for (const item of items) {
    const price = Math.round(item.priceCents);
    // floor(price × amount / 100) with the amount in micro units.
    const discount = Math.min(ctx.discountedPrice(item), Number((BigInt(price) * BigInt(coupon.amountMicro)) / 100_000_000n));
    cartTotal += price;
    total += discount;
    give(ctx, item, discount);
  }
  // wc_round_discount(…, 0) rounds half DOWN (WC_DISCOUNT_ROUNDING_MODE = PHP_ROUND_HALF_DOWN).
  const cartDiscount = roundHalfDown(BigInt(cartTotal) * BigInt(coupon.amountMicro), 100_000_000n);
  if (total < cartDiscount) {
    const adjustment = cartDiscount - total;
    applyRemainder(items, adjustment, ctx);
    total += adjustment;
  }
  return total;
}

/** apply_coupon_fixed_product(): the amount once per unit, never more than what is left of the line. */
function applyFixedProduct(amountCents: number, items: readonly DiscountItem[], ctx: Ctx): number {
  let total = 0;
  for (const item of items) {
    const discount = Math.min(ctx.discountedPrice(item), amountCents * item.quantity);
    total += discount;
    give(ctx, item, discount);
  }
  return total;
}

/**
 * apply_coupon_fixed_cart(): the amount spread evenly per unit over lines whose product has a price (rounded down to
 * the cent), repeated while something is left; a rest smaller than one cent per unit is handed out cent by cent.
 */
function applyFixedCart(amountCents: number, items: readonly DiscountItem[], ctx: Ctx): number {
  const priced = items.filter((i) => i.hasPricedProduct);
  const count = priced.reduce((a, i) => a + i.quantity, 0);
  if (count === 0 || amountCents <= 0) return 0;
  const perUnit = Math.floor(amountCents / count);
  if (perUnit > 0) {
    let total = applyFixedProduct(perUnit, priced, ctx);
    if (total > 0 && total < amountCents) total += applyFixedCart(amountCents - total, priced, ctx);
    return total;
  }
  return applyRemainder(priced, amountCents, ctx);
}

/** apply_coupon_remainder(): one cent per unit, line by line, until the amount is given. */
function applyRemainder(items: readonly DiscountItem[], amountCents: number, ctx: Ctx): number {
  let total = 0;
  for (const item of items) {
    for (let i = 0; i < item.quantity; i += 1) {
      const discount = Math.min(ctx.discountedPrice(item), 1);
      total += discount;
      give(ctx, item, discount);
      if (total >= amountCents) return total;
    }
  }
  return total;
}

function roundHalfDown(value: bigint, divisor: bigint): number {
  const q = value / divisor;
  const r = value % divisor;
  return Number(r * 2n > divisor ? q + 1n : q);
}
