import type { SalesDocument, SalesLine } from '../canonical/sales-document';
import { externalReference } from '../external-reference';
import { MappingError } from '../mapping.error';
import { formatDecimal } from '../money/decimal';
import { sumMinor } from '../money/money';
import { orderCustomer } from './adobe-commerce-customer';
import {
  type AcLineCtx, type AcShipping, acCurrency, acDecimal, acMinor, acSettlements, balanceLines, isPresent, issueDateOf, itemLines, planItems,
  quantityOf, shippingLines, shippingRateOf, toleranceUnit,
} from './adobe-commerce-lines';
import type { AcAmount, AcMappingOptions, AcOrder } from './adobe-commerce.types';

/**
 * External reference of an Adobe Commerce order in the ERP, through the shared scheme (external-reference.ts):
 * `ac:<store code>:<order entity_id>`; with a sub-document, `…:c<invoice entity_id>` (a capture) or
 * `…:m<credit memo entity_id>`. The store code is hashed when it is not short and plain.
 * @throws MappingError for an empty store code or id.
 */
export function adobeCommerceExternalReference(storeId: string, orderId: string, sub?: { kind: 'capture' | 'credit-memo'; id: string }): string {
  return externalReference(sub === undefined
    ? { system: 'adobe-commerce', storeId, id: orderId }
    : { system: 'adobe-commerce', storeId, id: orderId, kind: sub.kind, subId: sub.id });
}

/** Whether an order should be invoiced now, and why (for the record's timeline). */
export type AdobeCommerceOrderReadiness = { isReady: boolean; reason: string };

const PAID_STATES = new Set(['processing', 'complete', 'closed']);

/**
 * Whether an Adobe Commerce order is ready to become an invoice, from its `state` (the fixed machine states behind
 * the configurable statuses, `Magento\Sales\Model\Order::STATE_*`; Adobe Commerce user guide, "Order Status"):
 * - `processing`, `complete`, `closed` → ready: Commerce enters `processing` when the order is invoiced (paid, captured)
 *   or shipped, `complete` when invoiced and shipped, `closed` when invoiced and then refunded in full (the credit
 *   memos credit the invoice);
 * - `canceled` → never; `pending_payment` (awaiting an off-site payment) and `payment_review` (payment held for
 *   review or fraud check) → not yet, even with an open invoice;
 * - `new` and `holded` (on hold) → ready only when something was invoiced: `total_invoiced` > 0, `hasInvoice` from the
 *   caller (it saw an invoice of the order), or a hold placed on a `processing`/`complete` order (`hold_before_state`).
 * The rule is about payment, not shipping: an unshipped paid order is ready.
 * @throws MappingError naming `total_invoiced` when it is not an amount.
 */
export function adobeCommerceOrderReadiness(order: AcOrder, options: { hasInvoice?: boolean | undefined } = {}): AdobeCommerceOrderReadiness {
  const state = (order.state ?? '').trim();
  if (PAID_STATES.has(state)) return { isReady: true, reason: `order state ${state}` };
  if (state === 'canceled') return { isReady: false, reason: 'order canceled' };
  if (state === 'pending_payment' || state === 'payment_review') return { isReady: false, reason: `order state ${state}: payment not settled` };
  const isInvoiced = acDecimal(order.total_invoiced, 'total_invoiced').units > 0n || options.hasInvoice === true;
  if (isInvoiced) return { isReady: true, reason: `order state ${state || 'unknown'} with an invoice` };
  if (state === 'holded' && PAID_STATES.has((order.hold_before_state ?? '').trim())) return { isReady: true, reason: `on hold after ${String(order.hold_before_state)}` };
  return { isReady: false, reason: `order state ${state || 'unknown'} without an invoice` };
}

/** `base_currency_code` and `base_to_order_rate` (order = base × rate), for audit. */
function fxOf(baseCurrency: string | null | undefined, rate: AcAmount, path = ''): SalesDocument['fx'] | undefined {
  const code = (baseCurrency ?? '').trim().toUpperCase();
  if (!code) return undefined;
  return { storeDefaultCurrency: code, storeToDocumentRate: formatDecimal(isPresent(rate) ? acDecimal(rate, `${path}base_to_order_rate`) : { units: 1n, scale: 0 }) };
}

/** Context shared by the order and its credit memos. */
export type AcOrderContext = { ctx: AcLineCtx; plans: ReturnType<typeof planItems>; shippingRate: string | undefined };

/**
 * Reads what an order and its credit memos share: the currency, country (shipping, else billing), channel (`store_id`),
 * the parent/child item plan and the shipping VAT rate (applied taxes, else derived from the order's shipping amounts).
 */
export function orderContext(order: AcOrder): AcOrderContext {
  const currency = acCurrency(order.order_currency_code, 'order_currency_code');
  const shippingCountry = order.extension_attributes?.shipping_assignments?.[0]?.shipping?.address?.country_id;
  const country = ((shippingCountry || order.billing_address?.country_id) ?? '').trim().toUpperCase();
  const ctx: AcLineCtx = { currency, country, channelId: order.store_id === undefined || order.store_id === null ? '' : String(order.store_id) };
  const shippingRate = shippingRateOf(order.extension_attributes?.item_applied_taxes) ?? shippingLines(ctx, orderShipping(order, currency, undefined), '')[0]?.taxRatePercent;
  return { ctx, plans: planItems(order.items ?? []), shippingRate };
}

/** The order's shipping amounts (the rate derived from the tax before discount when not given). */
function orderShipping(order: AcOrder, currency: string, ratePercent: string | undefined): AcShipping {
  return {
    amount: order.shipping_amount, taxAmount: order.shipping_tax_amount, inclTax: order.shipping_incl_tax,
    discount: acMinor(order.shipping_discount_amount, currency, 'shipping_discount_amount'),
    discountTaxCompensation: order.shipping_discount_tax_compensation_amount, name: order.shipping_description ?? '', ratePercent,
  };
}

/**
 * Adobe Commerce order (`GET /V1/orders/{id}`, `sales-data-order-interface`) → canonical invoice, every amount in
 * integer minor units of the **order currency** (`order_currency_code`; each float is converted once, here; `base_*`
 * fields are never read for the document, `base_currency_code` and `base_to_order_rate` are kept in `fx`).
 *
 * Rules (field meanings: admin-schema-2.4.9.yaml; arithmetic: Commerce's grand total = subtotal + shipping + tax −
 * discounts + discount tax compensation):
 * - Items: one line per product as `planItems` decides (configurable parent + child → one line with the child's sku;
 *   dynamic bundle → its children; fixed bundle → the parent; gift card products → `gift-card` lines). Lines are at
 *   tax-exclusive `row_total` with their tax before discount and `taxRatePercent` from `tax_percent`; a discounted item
 *   gets its own negative discount line at its rate (see `itemLines`).
 * - Shipping: `shipping_amount` with its tax, a shipping discount line for `shipping_discount_amount`; the rate from
 *   the applied shipping taxes, else derived from the amounts.
 * - Totals: tax = `tax_amount`, gross = `grand_total` + redeemed gift cards / store credit / reward points, which
 *   Commerce deducts from the grand total but which are payments (`settlements`), not discounts. The lines are then
 *   reconciled with these totals where only rounding separates them (`balanceLines`).
 * - `issueDate` = the UTC date of `created_at` (or `options.issueDate`); `orderNumber` = `increment_id`; the reference
 *   `ac:<store code>:<entity_id>`; payment method `payment.method`; coupon `coupon_code`.
 * - `isTaxInclusivePricing` is false: the lines are always at tax-exclusive amounts (the order does not say whether
 *   the catalogue prices included tax; discounts on tax-inclusive prices are handled through their compensation).
 * - The whole order is invoiced as ordered (`qty_canceled` is not deducted); use `adobeCommerceOrderReadiness` first.
 * @param options `storeId` (store code), `priceDecimals` (default 2), `issueDate` override (YYYY-MM-DD).
 * @returns a `SalesDocument` of kind 'invoice'.
 * @throws MappingError naming the field (`entity_id`, `order_currency_code`, `customer_email`, `items[2].row_total`,
 *   `created_at`, `priceDecimals`…) for input it cannot read.
 */
export function adobeCommerceOrderToSalesDocument(order: AcOrder, options: AcMappingOptions): SalesDocument {
  if (!Number.isSafeInteger(order.entity_id)) throw new MappingError('invalid-field', 'entity_id', 'expected an integer');
  const { ctx, plans, shippingRate } = orderContext(order);
  const { currency } = ctx;
  const unit = toleranceUnit(currency, options.priceDecimals);
  const issueDate = issueDateOf(options.issueDate, order.created_at, 'created_at');
  const customer = orderCustomer(order);
  const lines: SalesLine[] = [];
  (order.items ?? []).forEach((item, i) => {
    const plan = plans.get(item.item_id as number);
    if (plan?.role !== 'line') return;
    const path = `items[${i}]`;
    lines.push(...itemLines(ctx, plan, item, quantityOf(item.qty_ordered, `${path}.qty_ordered`), `product:${String(item.item_id)}`, path));
  });
  lines.push(...shippingLines(ctx, orderShipping(order, currency, shippingRate), ''));
  if (!isPresent(order.grand_total)) throw new MappingError('missing-field', 'grand_total', 'is required');
  const settlements = acSettlements(order.extension_attributes, currency);
  const grossMinor = acMinor(order.grand_total, currency, 'grand_total') + sumMinor(settlements.map((s) => s.amountMinor), 'settlements');
  const taxMinor = acMinor(order.tax_amount, currency, 'tax_amount');
  const orderId = String(order.entity_id);
  const fx = fxOf(order.base_currency_code, order.base_to_order_rate);
  const note = (order.customer_note ?? '').trim();
  return {
    kind: 'invoice',
    source: { system: 'adobe-commerce', storeId: options.storeId, orderId, externalReference: adobeCommerceExternalReference(options.storeId, orderId) },
    orderNumber: (order.increment_id ?? '').trim() || orderId,
    currency,
    issueDate,
    isTaxInclusivePricing: false,
    channelId: ctx.channelId,
    country: ctx.country,
    customer,
    lines: balanceLines(lines, { taxMinor, grossMinor }, unit),
    totals: { netMinor: grossMinor - taxMinor, taxMinor, grossMinor },
    paymentMethod: (order.payment?.method ?? '').trim(),
    couponCodes: (order.coupon_code ?? '').trim() ? [(order.coupon_code ?? '').trim()] : [],
    settlements,
    ...(fx ? { fx } : {}),
    ...(note ? { note: note.slice(0, 500) } : {}),
  };
}

export { fxOf };
