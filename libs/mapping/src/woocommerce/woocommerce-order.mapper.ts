import type { PostalAddress, SalesCustomer, SalesDocument, SalesLine } from '../canonical/sales-document';
import { ratePercentFromAmounts, splitGrossMinor, sumRatePercents } from '../canonical/tax-rate';
import { externalReference } from '../external-reference';
import { MappingError } from '../mapping.error';
import { type Decimal, formatDecimal, parseDecimal } from '../money/decimal';
import { allocateMinor, currencyExponent, decimalToMinor, sumMinor } from '../money/money';
import { balanceWooCommerceLines } from './woocommerce-balance';
import type { WcAddress, WcCustomer, WcLineTax, WcMappingOptions, WcMeta, WcOrder, WcRefund, WcRefundLine, WcTaxLine } from './woocommerce-order.types';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Meta keys EU VAT number plugins store the buyer's VAT number under (WooCommerce EU VAT Number, and the common forks). */
export const WOOCOMMERCE_VAT_NUMBER_META_KEYS = ['_billing_vat_number', '_vat_number', 'vat_number', '_billing_eu_vat_number', 'billing_vat'] as const;

/**
 * External reference of a WooCommerce order (or one of its refunds) in the ERP through the shared scheme
 * (external-reference.ts, ≤ 40 characters): `wc:<site>:<orderId>` / `wc:<site>:<orderId>:r<refundId>`, the site host
 * hashed when it is long. Searchable with `GET /v1/customerinvoice?externalReference=`.
 */
export function wooCommerceExternalReference(storeId: string, orderId: string, refundId?: string): string {
  return externalReference(refundId === undefined ? { system: 'woocommerce', storeId, id: orderId } : { system: 'woocommerce', storeId, id: orderId, kind: 'refund', subId: refundId });
}

/** A major-unit amount string (or missing → 0) in minor units of `currency`. @throws MappingError naming `field`. */
function minor(value: string | number | null | undefined, currency: string, field: string): number {
  if (value === undefined || value === null || value === '') return 0;
  if (typeof value !== 'string') throw new MappingError('invalid-field', field, 'expected an amount string (WooCommerce sends amounts as strings)');
  return decimalToMinor(parseDecimal(value.trim(), field), currency, field);
}

function decimalOf(value: string | null | undefined, field: string): Decimal {
  return parseDecimal(value === undefined || value === null || value === '' ? '0' : value.trim(), field);
}

/** Rate percent of each tax rate id, from the order's `tax_lines[].rate_percent` (WooCommerce ≥ 5.7) when present. */
function ratesById(taxLines: readonly WcTaxLine[]): Map<number, string> {
  const out = new Map<number, string>();
  taxLines.forEach((t, i) => {
    if (t.rate_percent === undefined || t.rate_percent === null || t.rate_percent === '') return;
    out.set(t.rate_id, formatDecimal(parseDecimal(String(t.rate_percent), `tax_lines[${i}].rate_percent`)));
  });
  return out;
}

/**
 * The tax rate of one line in percent: the sum of the rates of its `taxes[]` ids when the order names them (stacked
 * rates add up, as WooCommerce applies them to the same base unless compound), else derived from its amounts.
 */
function lineRate(taxes: readonly WcLineTax[] | null | undefined, rates: Map<number, string>, tax: Decimal, net: Decimal): string {
  const ids = (taxes ?? []).filter((t) => t.total !== '' || t.subtotal !== '').map((t) => t.id);
  const known = ids.map((id) => rates.get(id));
  if (ids.length > 0 && known.every((r): r is string => r !== undefined)) return sumRatePercents(known);
  if (net.units === 0n) return '0';
  return ratePercentFromAmounts(tax, net);
}

/** Billing/shipping address → postal address (`path` names the field in errors). */
function address(a: WcAddress | null | undefined, fallbackEmail: string): PostalAddress {
  const name = [a?.first_name, a?.last_name].filter((p) => p && p.trim()).join(' ').trim();
  return {
    name: name || a?.company || fallbackEmail,
    ...(a?.company ? { company: a.company } : {}),
    line1: a?.address_1 ?? '',
    ...(a?.address_2 ? { line2: a.address_2 } : {}),
    postalCode: a?.postcode ?? '',
    city: a?.city ?? '',
    ...(a?.state ? { region: a.state } : {}),
    countryCode: (a?.country ?? '').toUpperCase(),
    ...(a?.phone ? { phone: a.phone } : {}),
    ...(a?.email ? { email: a.email } : {}),
  };
}

function vatNumberOf(meta: readonly WcMeta[] | null | undefined): string | undefined {
  for (const key of WOOCOMMERCE_VAT_NUMBER_META_KEYS) {
    const value = meta?.find((m) => m.key === key)?.value;
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return undefined;
}

function hasAddress(a: WcAddress | null | undefined): boolean {
  return Boolean(a && (a.address_1 || a.city || a.postcode || a.country));
}

/**
 * WooCommerce customer (`GET /customers/{id}`) → canonical customer: name from first/last name (else billing name,
 * company, username), e-mail, billing and shipping addresses, VAT number from the EU VAT plugins' meta keys.
 * @throws MappingError `missing-field` `customer.email`.
 */
export function wooCommerceCustomerToSalesCustomer(customer: WcCustomer): SalesCustomer {
  const email = customer.email?.trim();
  if (!email) throw new MappingError('missing-field', 'customer.email', 'is required (customers are matched by e-mail)');
  const billing = address(customer.billing, email);
  const name = [customer.first_name, customer.last_name].filter((p) => p && p.trim()).join(' ').trim() || billing.name || customer.username || email;
  const vatNumber = vatNumberOf(customer.meta_data);
  return {
    email,
    name,
    ...(customer.billing?.company ? { company: customer.billing.company } : {}),
    ...(customer.billing?.phone ? { phone: customer.billing.phone } : {}),
    ...(vatNumber ? { vatNumber } : {}),
    shopCustomerId: String(customer.id),
    billingAddress: billing,
    ...(hasAddress(customer.shipping) ? { shippingAddress: address(customer.shipping, email) } : {}),
  };
}

/** The order's buyer: a registered customer or a guest (`customer_id` 0), both from the order's billing address. */
function orderCustomer(order: WcOrder): SalesCustomer {
  const email = order.billing?.email?.trim();
  if (!email) throw new MappingError('missing-field', 'billing.email', 'is required (the Visma customer is matched by e-mail)');
  const billing = address(order.billing, email);
  const vatNumber = vatNumberOf(order.meta_data);
  return {
    email,
    name: billing.name,
    ...(order.billing?.company ? { company: order.billing.company } : {}),
    ...(order.billing?.phone ? { phone: order.billing.phone } : {}),
    ...(vatNumber ? { vatNumber } : {}),
    shopCustomerId: String(order.customer_id ?? 0),
    billingAddress: billing,
    ...(hasAddress(order.shipping) ? { shippingAddress: address(order.shipping, email) } : {}),
  };
}

type Ctx = { currency: string; country: string; channelId: string; rates: Map<number, string> };

function line(ctx: Ctx, base: Omit<SalesLine, 'unitPriceExTaxMinor' | 'unitPriceIncTaxMinor' | 'grossMinor' | 'categoryIds' | 'channelId' | 'country' | 'taxClass'> & { taxClass?: string }, quantity: number): SalesLine {
  const gross = base.netMinor + base.taxMinor;
  const q = Math.max(1, Math.abs(quantity));
  return {
    ...base,
    taxClass: base.taxClass ?? '',
    unitPriceExTaxMinor: Math.round(base.netMinor / q),
    unitPriceIncTaxMinor: Math.round(gross / q),
    grossMinor: gross,
    categoryIds: [],
    channelId: ctx.channelId,
    country: ctx.country,
  };
}

/**
 * WooCommerce order → canonical invoice (amounts in minor units of `order.currency`).
 *
 * Rules (woocommerce-rest-api-docs `_orders.md` line item properties; WC_Order_Item_Product):
 * - Each line item becomes a product line at its `subtotal` (the price before coupons) with `subtotal_tax`:
 *   `subtotal`/`total` EXCLUDE tax even when `prices_include_tax` is true, the tax being in `subtotal_tax`/`total_tax`
 *   and per rate in `taxes[]`. `price` is a float and is never read.
 * - Coupons: WooCommerce already lowered each line's `total` below its `subtotal`; the difference (net and tax) becomes
 *   a negative discount line per product at the product's rate (`appliesToLineId`), so every line's VAT stays right.
 *   `coupon_lines` only give the codes.
 * - Each shipping line and fee line (`total`, `total_tax`, `taxes[]`) is its own line; a negative fee is a discount.
 * - The rate of a line: the sum of its `taxes[]` rate ids' `tax_lines[].rate_percent` when the order sends them,
 *   else derived from its amounts.
 * - Totals are the order's: gross = `total`, tax = `total_tax`. The lines are then reconciled with them to the cent
 *   (woocommerce-balance.ts: line taxes shown rounded one by one while the order rounds their unrounded sum, e.g. with
 *   "round tax at subtotal level"); only data that cannot be reconciled is left to the ERP writer's rounding line.
 * - The customer is the billing address (guests included, `customer_id` 0), matched by e-mail; the country is the
 *   shipping country, else billing.
 * @param options `storeId` (site host, for the external reference), `issueDate` (YYYY-MM-DD) and `decimals`, the
 *   store's price decimals (default 2) that its amounts were rounded to.
 * @returns a `SalesDocument` of kind 'invoice' whose lines add up to its totals whenever the order's data allow it.
 * @throws MappingError naming the field (e.g. `line_items[1].subtotal`, `decimals`) for input it cannot read.
 */
export function wooCommerceOrderToSalesDocument(order: WcOrder, options: WcMappingOptions): SalesDocument {
  if (!ISO_DATE.test(options.issueDate)) throw new MappingError('invalid-field', 'issueDate', 'expected YYYY-MM-DD');
  const decimals = options.decimals ?? 2;
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 8) throw new MappingError('invalid-field', 'decimals', 'expected the store\'s price decimals, an integer from 0 to 8');
  if (!Number.isSafeInteger(order.id)) throw new MappingError('invalid-field', 'id', 'expected an integer');
  const currency = (order.currency ?? '').toUpperCase();
  currencyExponent(currency, 'currency');
  const customer = orderCustomer(order);
  const ctx: Ctx = {
    currency,
    country: customer.shippingAddress?.countryCode || customer.billingAddress.countryCode,
    channelId: order.created_via || 'checkout',
    rates: ratesById(order.tax_lines ?? []),
  };
  const lines: SalesLine[] = [];
  (order.line_items ?? []).forEach((item, i) => {
    const path = `line_items[${i}]`;
    if (!Number.isFinite(item.quantity) || item.quantity <= 0) throw new MappingError('invalid-field', `${path}.quantity`, 'expected a positive quantity');
    const subtotal = decimalOf(item.subtotal, `${path}.subtotal`);
    const subtotalTax = decimalOf(item.subtotal_tax, `${path}.subtotal_tax`);
    const rate = lineRate(item.taxes, ctx.rates, subtotalTax, subtotal);
    const lineId = `product:${item.id}`;
    const net = minor(item.subtotal, currency, `${path}.subtotal`);
    const tax = minor(item.subtotal_tax, currency, `${path}.subtotal_tax`);
    lines.push(line(ctx, { lineId, type: 'product', ...(item.sku ? { sku: item.sku } : {}), name: item.name || `Product ${item.product_id ?? item.id}`, quantity: String(item.quantity), netMinor: net, taxMinor: tax, taxRatePercent: rate, taxClass: item.tax_class ?? '' }, item.quantity));
    const discountNet = net - minor(item.total, currency, `${path}.total`);
    const discountTax = tax - minor(item.total_tax, currency, `${path}.total_tax`);
    if (discountNet !== 0 || discountTax !== 0) {
      lines.push(line(ctx, { lineId: `discount:${item.id}`, type: 'discount', name: `Discount on ${item.name || `product ${item.product_id ?? item.id}`}`, quantity: '1', netMinor: -discountNet, taxMinor: -discountTax, taxRatePercent: rate, taxClass: item.tax_class ?? '', appliesToLineId: lineId }, 1));
    }
  });
  (order.shipping_lines ?? []).forEach((s, i) => {
    const path = `shipping_lines[${i}]`;
    const rate = lineRate(s.taxes, ctx.rates, decimalOf(s.total_tax, `${path}.total_tax`), decimalOf(s.total, `${path}.total`));
    lines.push(line(ctx, { lineId: `shipping:${s.id}`, type: 'shipping', name: s.method_title || 'Shipping', quantity: '1', netMinor: minor(s.total, currency, `${path}.total`), taxMinor: minor(s.total_tax, currency, `${path}.total_tax`), taxRatePercent: rate }, 1));
  });
  (order.fee_lines ?? []).forEach((f, i) => {
    const path = `fee_lines[${i}]`;
    const rate = lineRate(f.taxes, ctx.rates, decimalOf(f.total_tax, `${path}.total_tax`), decimalOf(f.total, `${path}.total`));
    const net = minor(f.total, currency, `${path}.total`);
    lines.push(line(ctx, { lineId: `fee:${f.id}`, type: net < 0 ? 'discount' : 'fee', name: f.name || 'Fee', quantity: '1', netMinor: net, taxMinor: minor(f.total_tax, currency, `${path}.total_tax`), taxRatePercent: rate, taxClass: f.tax_class ?? '' }, 1));
  });
  const grossMinor = minor(order.total, currency, 'total');
  const taxMinor = minor(order.total_tax, currency, 'total_tax');
  const orderId = String(order.id);
  return {
    kind: 'invoice',
    source: { system: 'woocommerce', storeId: options.storeId, orderId, externalReference: wooCommerceExternalReference(options.storeId, orderId) },
    orderNumber: order.number || orderId,
    currency,
    issueDate: options.issueDate,
    isTaxInclusivePricing: order.prices_include_tax === true,
    channelId: ctx.channelId,
    country: ctx.country,
    customer,
    lines: balanceWooCommerceLines(order, lines, decimals),
    totals: { netMinor: grossMinor - taxMinor, taxMinor, grossMinor },
    paymentMethod: order.payment_method_title || order.payment_method || '',
    couponCodes: (order.coupon_lines ?? []).map((c) => c.code),
    settlements: [],
    ...(order.customer_note ? { note: order.customer_note.slice(0, 500) } : {}),
  };
}

/** The credited lines of an itemised refund (negative in WooCommerce, positive on the credit note). */
function refundedLines(invoice: SalesDocument, refund: WcRefund, rates: Map<number, string>): SalesLine[] {
  const ctx: Ctx = { currency: invoice.currency, country: invoice.country, channelId: invoice.channelId, rates };
  const out: SalesLine[] = [];
  const groups: [string, readonly WcRefundLine[] | null | undefined, SalesLine['type']][] = [
    ['line_items', refund.line_items, 'product'],
    ['shipping_lines', refund.shipping_lines, 'shipping'],
    ['fee_lines', refund.fee_lines, 'fee'],
  ];
  for (const [key, items, type] of groups) {
    (items ?? []).forEach((r, i) => {
      const path = `refund.${key}[${i}]`;
      const net = -minor(r.total, invoice.currency, `${path}.total`);
      const tax = -minor(r.total_tax, invoice.currency, `${path}.total_tax`);
      if (net === 0 && tax === 0) return;
      const rate = lineRate(r.taxes, rates, decimalOf(String(tax), `${path}.total_tax`), decimalOf(String(net), `${path}.total`));
      const quantity = Math.abs(r.quantity ?? 1) || 1;
      out.push(line(ctx, { lineId: `refund-${type}:${r.id}`, type, ...(r.sku ? { sku: r.sku } : {}), name: r.name || `Refunded ${type}`, quantity: String(quantity), netMinor: net, taxMinor: tax, taxRatePercent: rate }, quantity));
    });
  }
  return out;
}

/**
 * An amount the refund does not itemise (a refund of just an amount, or the part beyond its lines), spread over the
 * invoice's VAT rates in proportion to their gross (largest remainder), each part split into net and VAT at its rate.
 */
function unitemisedLines(invoice: SalesDocument, grossMinor: number, refundId: string, reason: string): SalesLine[] {
  const byRate = new Map<string, number>();
  for (const l of invoice.lines) byRate.set(l.taxRatePercent, (byRate.get(l.taxRatePercent) ?? 0) + l.grossMinor);
  const rates = [...byRate.entries()].filter(([, gross]) => gross > 0);
  if (!rates.length) rates.push(['0', 1]);
  const parts = allocateMinor(grossMinor, rates.map(([, gross]) => gross), 'refund.amount');
  return rates.map(([rate], i) => {
    const { netMinor, taxMinor } = splitGrossMinor(parts[i] ?? 0, rate, 'refund.amount');
    const gross = netMinor + taxMinor;
    return {
      lineId: `refund:${refundId}:${rate}`, type: 'product' as const, name: reason ? `Refund: ${reason}` : `Refund ${refundId}`, quantity: '1',
      unitPriceExTaxMinor: netMinor, unitPriceIncTaxMinor: gross, netMinor, taxMinor, grossMinor: gross, taxRatePercent: rate, taxClass: '', categoryIds: [], channelId: invoice.channelId, country: invoice.country,
    };
  }).filter((l) => l.grossMinor !== 0);
}

/**
 * WooCommerce refund (`GET /orders/{id}/refunds/{refund_id}`) of an order → canonical credit note against the order's
 * invoice (woocommerce-rest-api-docs `_order-refunds.md`; WooCommerce stores a refund as an order of negative items).
 * - Itemised lines (line items, shipping, fees: negative quantities and totals) are credited as they are.
 * - Whatever `amount` (positive, tax included) the lines do not cover is spread over the invoice's VAT rates.
 * - Gross = `amount`; tax = the lines' tax. Refunds are never created in the shop, only read.
 * @throws MappingError naming the field.
 */
export function wooCommerceRefundToSalesDocument(order: WcOrder, refund: WcRefund, options: WcMappingOptions): SalesDocument {
  const invoice = wooCommerceOrderToSalesDocument(order, options);
  const refundId = String(refund.id);
  const grossMinor = minor(refund.amount, invoice.currency, 'refund.amount');
  if (grossMinor < 0) throw new MappingError('invalid-field', 'refund.amount', 'expected a positive amount');
  const itemised = refundedLines(invoice, refund, ratesById(order.tax_lines ?? []));
  const rest = grossMinor - sumMinor(itemised.map((l) => l.grossMinor), 'refund lines');
  const reason = (refund.reason ?? '').trim();
  const lines = [...itemised, ...(rest > 0 ? unitemisedLines(invoice, rest, refundId, reason) : [])];
  const taxMinor = sumMinor(lines.map((l) => l.taxMinor), 'refund tax');
  return {
    ...invoice,
    kind: 'credit-note',
    source: { ...invoice.source, refundId, externalReference: wooCommerceExternalReference(options.storeId, invoice.source.orderId, refundId) },
    originalExternalReference: invoice.source.externalReference,
    lines,
    totals: { netMinor: grossMinor - taxMinor, taxMinor, grossMinor },
    couponCodes: [],
    ...(reason ? { note: reason.slice(0, 500) } : {}),
  };
}
