import type { SalesDocument, SalesLine } from '../canonical/sales-document';
import { externalReference } from '../external-reference';
import { MappingError } from '../mapping.error';
import { sumMinor } from '../money/money';
import { commercetoolsOrderCustomer } from './commercetools-customer';
import { type CtLineCtx, customLineItemLines, lineItemLines, shippingLines, totalDiscountLines } from './commercetools-lines';
import { ctCurrency, ctDate, ctMinor, roundingModeOf, taxCalculationModeOf, taxModeOf } from './commercetools-money';
import type { CommercetoolsMappingOptions, CtOrder } from './commercetools.types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Array check without narrowing (the input types already say array; this guards untyped JSON). */
const isList = (value: unknown): boolean => Array.isArray(value);
const clean = (value: string | null | undefined): string => (typeof value === 'string' ? value.trim() : '');

/**
 * External reference of a commercetools order in the ERP, through the shared scheme (external-reference.ts):
 * `ct:<project key>:_<compact order UUID>` (27 characters for the id); the project key is hashed when it is longer
 * than 16 characters or not plain. With a sub-document: kind `payment` (a Charge), `refund` (a Refund or Chargeback)
 * with the transaction's payment id and transaction id, or `cancellation` without a sub id.
 * @throws MappingError for an empty project key or id.
 */
export function commercetoolsExternalReference(projectKey: string, orderId: string): string {
  return externalReference({ system: 'commercetools', storeId: projectKey, id: orderId });
}

/** Routing keys of an order, most specific first (see `commercetoolsRoutingKeys`). */
export type CommercetoolsRoutingKeys = {
  /** `store.key` ('' for an order outside any store). */
  storeKey: string;
  /** `country` (the price-selection country), else the shipping, then billing address country ('' when none). */
  country: string;
  /** `shippingAddress.country` (Multiple shipping mode: the first `shipping[]` address), else ''. */
  shippingCountry: string;
};

/**
 * The keys the company routing (`routeToCompany`, routing.ts) uses for a commercetools order, in priority order:
 * the store key (→ `channelId`: a store is commercetools' sales channel), then the order country, then the shipping
 * country. Upper-case ISO 3166-1 alpha-2 countries.
 */
export function commercetoolsRoutingKeys(order: CtOrder): CommercetoolsRoutingKeys {
  const shippingCountry = clean(order.shippingAddress?.country ?? order.shipping?.[0]?.shippingAddress?.country).toUpperCase();
  const country = clean(order.country).toUpperCase() || shippingCountry || clean(order.billingAddress?.country).toUpperCase();
  return { storeKey: clean(order.store?.key), country, shippingCountry };
}

/**
 * The part of a SalesDocument that `routeToCompany` reads, for routing a commercetools order before mapping it:
 * `source.storeId` = project key, `channelId` = store key, `country` and `currency` as on the mapped invoice.
 * @throws MappingError for an unreadable `totalPrice.currencyCode`, an empty project key or order id.
 */
export function commercetoolsRoutingInput(order: CtOrder, projectKey: string): Pick<SalesDocument, 'source' | 'channelId' | 'country' | 'currency'> {
  const keys = commercetoolsRoutingKeys(order);
  return {
    source: { system: 'commercetools', storeId: projectKey, orderId: order.id, externalReference: commercetoolsExternalReference(projectKey, order.id) },
    channelId: keys.storeKey,
    country: keys.country,
    currency: ctCurrency(order.totalPrice, 'totalPrice'),
  };
}

/** The per-order line context (currency, channel, modes, default VAT country: ship-to, else billing, else `country`). */
export function commercetoolsLineContext(order: CtOrder, options: Pick<CommercetoolsMappingOptions, 'locale'>): CtLineCtx {
  const keys = commercetoolsRoutingKeys(order);
  return {
    currency: ctCurrency(order.totalPrice, 'totalPrice'),
    channelId: keys.storeKey,
    country: keys.shippingCountry || clean(order.billingAddress?.country).toUpperCase() || keys.country,
    taxMode: taxModeOf(order.taxMode),
    taxRounding: roundingModeOf(order.taxRoundingMode, 'taxRoundingMode'),
    priceRounding: roundingModeOf(order.priceRoundingMode, 'priceRoundingMode'),
    calc: taxCalculationModeOf(order.taxCalculationMode),
    locales: [options.locale, order.locale ?? undefined].filter((l): l is string => typeof l === 'string' && l !== ''),
  };
}

/** All lines of an order: line items, custom line items, shipping (single or multiple mode), the total discount. */
function orderLines(ctx: CtLineCtx, order: CtOrder): { lines: SalesLine[]; pricesIncludeTax: boolean } {
  if (!isList(order.lineItems)) throw new MappingError('missing-field', 'lineItems', 'is required');
  const lines: SalesLine[] = [];
  order.lineItems.forEach((item, i) => lines.push(...lineItemLines(ctx, item, i)));
  (order.customLineItems ?? []).forEach((item, i) => lines.push(...customLineItemLines(ctx, item, i)));
  if (order.shippingMode === 'Multiple') {
    (order.shipping ?? []).forEach((s, i) => {
      if (!clean(s.shippingKey)) throw new MappingError('missing-field', `shipping[${i}].shippingKey`, 'is required');
      if (!s.shippingInfo) throw new MappingError('missing-field', `shipping[${i}].shippingInfo`, 'is required');
      const country = clean(s.shippingAddress?.country).toUpperCase() || ctx.country;
      lines.push(...shippingLines(ctx, s.shippingInfo, s.shippingKey, country, `shipping[${i}].shippingInfo`));
    });
  } else if (order.shippingInfo) {
    lines.push(...shippingLines(ctx, order.shippingInfo, undefined, ctx.country, 'shippingInfo'));
  }
  const rates = [...order.lineItems.map((l) => l.taxRate), ...(order.customLineItems ?? []).map((l) => l.taxRate), order.shippingInfo?.taxRate];
  const pricesIncludeTax = rates.some((r) => r?.includedInPrice === true);
  lines.push(...totalDiscountLines(ctx, order, lines, pricesIncludeTax));
  return { lines, pricesIncludeTax };
}

/**
 * The order's totals: its `taxedPrice` (tax = `totalGross` − `totalNet`) when commercetools computed one. Without it
 * (taxMode Disabled, or taxes not yet set): tax = Σ line taxes, and `totalPrice` (net, or gross when prices include
 * tax) gives the rest; an untaxed order is owed `totalPrice`.
 */
function orderTotals(ctx: CtLineCtx, order: CtOrder, lines: readonly SalesLine[], pricesIncludeTax: boolean): SalesDocument['totals'] {
  if (order.taxedPrice) {
    const netMinor = ctMinor(order.taxedPrice.totalNet, ctx.currency, 'taxedPrice.totalNet');
    const grossMinor = ctMinor(order.taxedPrice.totalGross, ctx.currency, 'taxedPrice.totalGross');
    return { netMinor, taxMinor: grossMinor - netMinor, grossMinor };
  }
  const total = ctMinor(order.totalPrice, ctx.currency, 'totalPrice');
  const taxMinor = sumMinor(lines.map((l) => l.taxMinor), 'lines.taxMinor');
  if (pricesIncludeTax) return { netMinor: total - taxMinor, taxMinor, grossMinor: total };
  return { netMinor: total, taxMinor, grossMinor: total + taxMinor };
}

/** Applied discount codes: the expanded `obj.code`, else the DiscountCode id; only codes in state MatchesCart (or no state). */
function couponCodes(order: CtOrder): string[] {
  return (order.discountCodes ?? [])
    .filter((d) => d.state === undefined || d.state === null || d.state === 'MatchesCart')
    .map((d) => clean(d.discountCode?.obj?.code) || clean(d.discountCode?.id))
    .filter(Boolean);
}

/**
 * commercetools `Order` (`GET /{projectKey}/orders/{id}`, schema `Order` of openapi.yaml) → canonical customer
 * invoice. Every amount is integer **minor units** of `totalPrice.currencyCode`; lines are at tax-exclusive amounts.
 * - **Lines** (commercetools-lines.ts): one `product` line per line item (`variant.sku`, name in the order's locale,
 *   `categoryIds` = [`productType.id`, its key when expanded], VAT rate from `taxRate.amount` as a percentage string,
 *   `country` from `taxRate.country`, `taxClassName` = `taxRate.name`), a `fee` line per custom line item (a negative
 *   one is a `discount`, `taxClass` = its `taxCategory.id`), a `shipping` line per shipping method (`shippingInfo`,
 *   or each `shipping[]` in Multiple mode), and **separate `discount` lines** for line discounts
 *   (`discountedPricePerQuantity`: cart discounts, discount codes, direct discounts; gift line items), shipping
 *   discounts and `discountOnTotalPrice` (one per VAT rate, from the order's `taxPortions`).
 * - **Totals** = `taxedPrice` (`totalGross` is what the customer owes), else recomputed (see `orderTotals`). The lines
 *   equal commercetools' item `taxedPrice` amounts, so they add up to the totals; any remaining cent (an order whose
 *   stated totals differ from its items) is left to the ERP writer's rounding line (visma-amounts.ts), which balances
 *   the document to `totals.grossMinor` or reports `rounding-too-large`.
 * - Header: reference `ct:<projectKey>:<order id>` (external-reference.ts), `orderNumber` (else the id), `issueDate`
 *   the UTC date of `createdAt` (or `options.issueDate`), `channelId` = `store.key`, `country` from
 *   `commercetoolsRoutingKeys`, customer from `customerEmail`/`customerId` and the addresses, `couponCodes` from
 *   `discountCodes`, `note` = `purchaseOrderNumber`.
 * @throws MappingError naming the field (`id`, `totalPrice.currencyCode`, `customerEmail`,
 *   `lineItems[2].taxedPrice.totalNet.currencyCode`, `lineItems[0].taxRate.amount`, `createdAt`, `issueDate`…).
 */
export function commercetoolsOrderToSalesDocument(order: CtOrder, options: CommercetoolsMappingOptions): SalesDocument {
  if (!order || typeof order !== 'object') throw new MappingError('invalid-field', 'order', 'expected an Order object');
  if (!clean(order.id)) throw new MappingError('missing-field', 'id', 'is required');
  if (!clean(options.projectKey)) throw new MappingError('missing-field', 'projectKey', 'is required');
  const ctx = commercetoolsLineContext(order, options);
  const issueDate = options.issueDate ?? ctDate(order.createdAt, 'createdAt');
  if (!ISO_DATE.test(issueDate)) throw new MappingError('invalid-field', 'issueDate', 'expected YYYY-MM-DD');
  const customer = commercetoolsOrderCustomer(order);
  const { lines, pricesIncludeTax } = orderLines(ctx, order);
  const note = clean(order.purchaseOrderNumber);
  return {
    kind: 'invoice',
    source: { system: 'commercetools', storeId: options.projectKey, orderId: order.id, externalReference: commercetoolsExternalReference(options.projectKey, order.id) },
    orderNumber: clean(order.orderNumber) || order.id,
    currency: ctx.currency,
    issueDate,
    isTaxInclusivePricing: false,
    channelId: ctx.channelId,
    country: commercetoolsRoutingKeys(order).country,
    customer,
    lines,
    totals: orderTotals(ctx, order, lines, pricesIncludeTax),
    paymentMethod: clean(options.paymentMethod),
    couponCodes: couponCodes(order),
    settlements: [],
    ...(note ? { note: `Purchase order ${note}`.slice(0, 500) } : {}),
  };
}
