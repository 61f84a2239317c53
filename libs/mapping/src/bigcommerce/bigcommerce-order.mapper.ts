import type { SalesDocument, SalesLine, SalesSettlement } from '../canonical/sales-document';
import { splitGrossMinor, taxOfNetMinor } from '../canonical/tax-rate';
import { externalReference } from '../external-reference';
import { MappingError } from '../mapping.error';
import { type Decimal, formatDecimal, subtractDecimal } from '../money/decimal';
import { allocateMinor, currencyExponent, decimalToMinor } from '../money/money';
import { readBcAddress, readBcCustomer } from './bigcommerce-customer';
import {
  type Json, asArray, asObject, readDecimal, readInteger, readOptionalDecimal, readOptionalInteger,
  readOptionalString, readString,
} from './bigcommerce-fields';
import type { BcMappingOptions, BcOrderBundle } from './bigcommerce-order.types';
import { type BcTaxInfo, indexBcTaxes, readTaxClassId, taxInfoFor } from './bigcommerce-taxes';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * External reference of a BigCommerce order (or one of its refunds) in the ERP, through the shared scheme of
 * `externalReference` (external-reference.ts, ≤ 40 characters): `bc:<storeId>:<orderId>` /
 * `bc:<storeId>:<orderId>:r<refundId>` for a plain store hash and numeric ids, exactly the strings of the
 * invoices already in Visma. Searchable through `GET /v1/customerinvoice?externalReference=`.
 */
export function bigCommerceExternalReference(storeId: string, orderId: string, refundId?: string): string {
  return externalReference(
    refundId === undefined
      ? { system: 'bigcommerce', storeId, id: orderId }
      : { system: 'bigcommerce', storeId, id: orderId, kind: 'refund', subId: refundId },
  );
}

type Ctx = { currency: string; channelId: string; country: string; isInclusive: boolean; options: BcMappingOptions };

/**
 * BigCommerce v2 order (+ products, shipping addresses, coupons, taxes, fees) → canonical invoice.
 *
 * Decisions (source: orders.v2.oas2.yml field descriptions):
 * - **Currency**: the document is in the *transactional* currency `default_currency_code` ("the
 *   currency the shopper pays in"; order amounts are in it), falling back to `currency_code`. The
 *   display currency is ignored. The invoice is therefore in the customer's currency; the ERP converts
 *   to the company's base currency. The store-default rate is kept in `fx` for audit only.
 * - **Lines**: one per product (bundle children with `is_bundled_product` are skipped — the parent
 *   carries the price), shipping, handling, wrapping (order-level `*_cost_*`) and each fee.
 *   Gift-certificate products become `gift-card` lines (a liability, not revenue).
 * - **Discounts**: per product, from `total_inc_tax − discounted_total_inc_tax` when that field is
 *   present, else the sum of `applied_discounts` read in the order's pricing basis (gross when
 *   `is_tax_inclusive_pricing`, else net). Only if no product carries a discount are
 *   `discount_amount + coupon_discount` spread over product lines by largest remainder.
 *   Each discount is its own negative line with the product's VAT rate.
 * - **Gift certificates / store credit redeemed** (`gift_certificate_amount`,
 *   `store_credit_amount`) are payments: they go to `settlements`, never reduce the invoice.
 * - Tax rate per line from the tax rows when given, else derived from amounts (0.01 % precision).
 *
 * @param bundle order and sub-resources as fetched (JSON).
 * @param options store id, issue date (YYYY-MM-DD), category ids per product, VAT number.
 * @returns a `SalesDocument` of kind 'invoice'; amounts in minor units of the document currency.
 * @throws MappingError with the field path (e.g. `products[2].price_ex_tax`) for bad input.
 */
export function bigCommerceOrderToSalesDocument(bundle: BcOrderBundle, options: BcMappingOptions): SalesDocument {
  if (!ISO_DATE.test(options.issueDate)) throw new MappingError('invalid-field', 'issueDate', 'expected YYYY-MM-DD');
  const order = asObject(bundle.order, 'order');
  const orderId = String(readInteger(order, 'id', ''));
  const currency = readCurrency(order);
  const shippingAddresses = asArray(bundle.shippingAddresses, 'shipping_addresses');
  const billing = readBcAddress(order['billing_address'], 'billing_address');
  const firstShip = shippingAddresses[0] === undefined ? undefined : readBcAddress(shippingAddresses[0], 'shipping_addresses[0]');
  const ctx: Ctx = {
    currency,
    channelId: String(readOptionalInteger(order, 'channel_id', '') ?? 1),
    country: firstShip?.countryCode || billing.countryCode,
    isInclusive: order['is_tax_inclusive_pricing'] === true,
    options,
  };
  const taxIndex = indexBcTaxes(asArray(bundle.taxes, 'taxes'));
  const { lines: productLines, discountLines } = readProductLines(bundle.products, taxIndex, ctx);
  const lines: SalesLine[] = [...productLines];
  if (discountLines.length > 0) lines.push(...discountLines);
  else lines.push(...orderLevelDiscountLines(order, productLines, ctx));
  for (const [prefix, type, key, name] of COST_LINES) {
    const line = costLine(order, prefix, type, key, name, taxIndex, ctx);
    if (line) lines.push(line);
  }
  lines.push(...feeLines(Array.isArray(order['fees']) ? order['fees'] : asArray(bundle.fees, 'fees'), ctx));

  const netMinor = decimalToMinor(readDecimal(order, 'total_ex_tax', ''), currency, 'total_ex_tax');
  const grossMinor = decimalToMinor(readDecimal(order, 'total_inc_tax', ''), currency, 'total_inc_tax');
  const taxMinor = order['total_tax'] === undefined ? grossMinor - netMinor : minor(order, 'total_tax', '', ctx);
  const document: SalesDocument = {
    kind: 'invoice',
    source: {
      system: 'bigcommerce',
      storeId: options.storeId,
      orderId,
      externalReference: bigCommerceExternalReference(options.storeId, orderId),
    },
    orderNumber: orderId,
    currency,
    issueDate: options.issueDate,
    isTaxInclusivePricing: ctx.isInclusive,
    channelId: ctx.channelId,
    country: ctx.country,
    customer: readBcCustomer(order, shippingAddresses, options.customerVatNumber),
    lines,
    totals: { netMinor, taxMinor, grossMinor },
    paymentMethod: readOptionalString(order, 'payment_method', '') ?? '',
    couponCodes: readCouponCodes(bundle.coupons),
    settlements: readSettlements(order, ctx),
  };
  const storeDefault = readOptionalString(order, 'store_default_currency_code', '');
  if (storeDefault) {
    document.fx = {
      storeDefaultCurrency: storeDefault,
      storeToDocumentRate: formatDecimal(readOptionalDecimal(order, 'store_default_to_transactional_exchange_rate', '', '1')),
    };
  }
  return document;
}

const COST_LINES = [
  ['shipping_cost', 'shipping', 'shipping', 'Shipping'],
  ['handling_cost', 'handling', 'handling', 'Handling'],
  ['wrapping_cost', 'wrapping', 'gift-wrapping', 'Gift wrapping'],
] as const;

function readCurrency(order: Json): string {
  const transactional = readOptionalString(order, 'default_currency_code', '')?.trim();
  const display = readOptionalString(order, 'currency_code', '')?.trim();
  const currency = transactional || display;
  if (!currency) throw new MappingError('missing-field', 'default_currency_code', 'is required');
  currencyExponent(currency, transactional ? 'default_currency_code' : 'currency_code');
  return currency;
}

function minor(obj: Json, key: string, path: string, ctx: Ctx): number {
  return decimalToMinor(readDecimal(obj, key, path), ctx.currency, path ? `${path}.${key}` : key);
}

function toMinor(d: Decimal, field: string, ctx: Ctx): number {
  return decimalToMinor(d, ctx.currency, field);
}

function baseLine(ctx: Ctx, tax: BcTaxInfo): Pick<SalesLine, 'taxRatePercent' | 'taxClass' | 'channelId' | 'country'> & { taxClassName?: string } {
  const base = { taxRatePercent: tax.ratePercent, taxClass: tax.taxClass, channelId: ctx.channelId, country: ctx.country };
  return tax.taxClassName === undefined ? base : { ...base, taxClassName: tax.taxClassName };
}

function readProductLines(
  products: unknown,
  taxIndex: ReadonlyMap<string, BcTaxInfo>,
  ctx: Ctx,
): { lines: SalesLine[]; discountLines: SalesLine[] } {
  const lines: SalesLine[] = [];
  const discountLines: SalesLine[] = [];
  const rows = asArray(products, 'products');
  if (rows.length === 0) throw new MappingError('missing-field', 'products', 'an order needs at least one product');
  rows.forEach((raw, index) => {
    const path = `products[${index}]`;
    const p = asObject(raw, path);
    if (p['is_bundled_product'] === true) return;
    const id = String(readInteger(p, 'id', path));
    const quantity = readInteger(p, 'quantity', path);
    if (quantity <= 0) throw new MappingError('invalid-field', `${path}.quantity`, 'must be a positive integer');
    const totalEx = readDecimal(p, 'total_ex_tax', path);
    const totalInc = readDecimal(p, 'total_inc_tax', path);
    const totalTax = p['total_tax'] === undefined ? subtractDecimal(totalInc, totalEx) : readDecimal(p, 'total_tax', path);
    const productId = readOptionalString(p, 'product_id', path);
    const sku = readOptionalString(p, 'sku', path);
    const line: SalesLine = {
      lineId: `product:${id}`,
      type: readOptionalString(p, 'type', path) === 'giftcertificate' ? 'gift-card' : 'product',
      name: readString(p, 'name', path),
      quantity: String(quantity),
      unitPriceExTaxMinor: minor(p, 'price_ex_tax', path, ctx),
      unitPriceIncTaxMinor: minor(p, 'price_inc_tax', path, ctx),
      netMinor: toMinor(totalEx, `${path}.total_ex_tax`, ctx),
      taxMinor: toMinor(totalTax, `${path}.total_tax`, ctx),
      grossMinor: toMinor(totalInc, `${path}.total_inc_tax`, ctx),
      ...baseLine(ctx, taxInfoFor(taxIndex, `item:${id}`, totalTax, totalEx, '')),
      categoryIds: [...(productId === undefined ? [] : ctx.options.productCategoryIds?.[productId] ?? [])],
    };
    if (sku !== undefined && sku !== '') line.sku = sku;
    lines.push(line);
    const discount = productDiscount(p, path, line, ctx);
    if (discount) discountLines.push(discount);
  });
  return { lines, discountLines };
}

function productDiscount(p: Json, path: string, line: SalesLine, ctx: Ctx): SalesLine | undefined {
  const applied = asArray(p['applied_discounts'], `${path}.applied_discounts`);
  if (p['discounted_total_inc_tax'] !== undefined && p['discounted_total_inc_tax'] !== null) {
    const discountedGross = minor(p, 'discounted_total_inc_tax', path, ctx);
    const amount = line.grossMinor - discountedGross;
    if (amount > 0) return discountLine(line, amount, 'gross', discountName(applied, path), ctx);
    if (amount === 0) return undefined;
  }
  let sum = 0;
  applied.forEach((raw, j) => {
    sum += minor(asObject(raw, `${path}.applied_discounts[${j}]`), 'amount', `${path}.applied_discounts[${j}]`, ctx);
  });
  if (sum === 0) return undefined;
  return discountLine(line, sum, ctx.isInclusive ? 'gross' : 'net', discountName(applied, path), ctx);
}

function discountName(applied: readonly unknown[], path: string): string {
  const names = applied.map((raw, j) => {
    const d = asObject(raw, `${path}.applied_discounts[${j}]`);
    return readOptionalString(d, 'code', `${path}.applied_discounts[${j}]`) || readOptionalString(d, 'name', `${path}.applied_discounts[${j}]`);
  });
  return names.filter((n): n is string => !!n).join(', ') || 'Discount';
}

/** A negative discount line for `target`, `amountMinor` > 0 read as gross or net. */
function discountLine(target: SalesLine, amountMinor: number, basis: 'gross' | 'net', name: string, ctx: Ctx): SalesLine {
  const { netMinor, taxMinor } =
    basis === 'gross'
      ? splitGrossMinor(amountMinor, target.taxRatePercent)
      : { netMinor: amountMinor, taxMinor: taxOfNetMinor(amountMinor, target.taxRatePercent) };
  const line: SalesLine = {
    lineId: `discount:${target.lineId}`,
    type: 'discount',
    name: `${name} (${target.name})`,
    quantity: '1',
    unitPriceExTaxMinor: -netMinor,
    unitPriceIncTaxMinor: -(netMinor + taxMinor),
    netMinor: -netMinor,
    taxMinor: -taxMinor,
    grossMinor: -(netMinor + taxMinor),
    taxRatePercent: target.taxRatePercent,
    taxClass: target.taxClass,
    categoryIds: [...target.categoryIds],
    channelId: ctx.channelId,
    country: target.country,
    appliesToLineId: target.lineId,
  };
  if (target.sku !== undefined) line.sku = target.sku;
  if (target.taxClassName !== undefined) line.taxClassName = target.taxClassName;
  return line;
}

function orderLevelDiscountLines(order: Json, productLines: readonly SalesLine[], ctx: Ctx): SalesLine[] {
  const total =
    toMinor(readOptionalDecimal(order, 'discount_amount', ''), 'discount_amount', ctx) +
    toMinor(readOptionalDecimal(order, 'coupon_discount', ''), 'coupon_discount', ctx);
  if (total <= 0) return [];
  const targets = productLines.filter((l) => l.type === 'product');
  if (targets.length === 0) throw new MappingError('invalid-field', 'discount_amount', 'a discount needs a product line to apply to');
  const basis = ctx.isInclusive ? 'gross' : 'net';
  const weights = targets.map((l) => Math.max(0, basis === 'gross' ? l.grossMinor : l.netMinor));
  const parts = allocateMinor(total, weights, 'discount_amount');
  return targets.flatMap((line, i) => {
    const part = parts[i] ?? 0;
    return part === 0 ? [] : [discountLine(line, part, basis, 'Order discount', ctx)];
  });
}

function costLine(
  order: Json, prefix: string, type: SalesLine['type'], taxKey: string, name: string,
  taxIndex: ReadonlyMap<string, BcTaxInfo>, ctx: Ctx,
): SalesLine | undefined {
  const ex = readOptionalDecimal(order, `${prefix}_ex_tax`, '');
  const inc = readOptionalDecimal(order, `${prefix}_inc_tax`, '');
  if (ex.units === 0n && inc.units === 0n) return undefined;
  const tax = order[`${prefix}_tax`] === undefined ? subtractDecimal(inc, ex) : readDecimal(order, `${prefix}_tax`, '');
  const info = taxInfoFor(taxIndex, taxKey, tax, ex, readTaxClassId(order, `${prefix}_tax_class_id`, ''));
  const netMinor = toMinor(ex, `${prefix}_ex_tax`, ctx);
  const grossMinor = toMinor(inc, `${prefix}_inc_tax`, ctx);
  return {
    lineId: type,
    type,
    name,
    quantity: '1',
    unitPriceExTaxMinor: netMinor,
    unitPriceIncTaxMinor: grossMinor,
    netMinor,
    taxMinor: toMinor(tax, `${prefix}_tax`, ctx),
    grossMinor,
    ...baseLine(ctx, info),
    categoryIds: [],
  };
}

function feeLines(rows: readonly unknown[], ctx: Ctx): SalesLine[] {
  return rows.map((raw, index) => {
    const path = `fees[${index}]`;
    const fee = asObject(raw, path);
    const inc = readDecimal(fee, 'cost_inc_tax', path);
    const exKey = fee['cost_ex_tax'] !== undefined ? 'cost_ex_tax' : 'cost_exc_tax';
    const hasEx = fee[exKey] !== undefined && fee[exKey] !== null;
    const tax = fee['cost_tax'] !== undefined ? readDecimal(fee, 'cost_tax', path) : undefined;
    if (!hasEx && tax === undefined) throw new MappingError('missing-field', `${path}.cost_ex_tax`, 'is required');
    const ex = hasEx ? readDecimal(fee, exKey, path) : subtractDecimal(inc, tax ?? inc);
    const feeTax = tax ?? subtractDecimal(inc, ex);
    const netMinor = toMinor(ex, `${path}.${exKey}`, ctx);
    const grossMinor = toMinor(inc, `${path}.cost_inc_tax`, ctx);
    const info = taxInfoFor(new Map(), '', feeTax, ex, readTaxClassId(fee, 'tax_class_id', path));
    return {
      lineId: `fee:${readInteger(fee, 'id', path)}`,
      type: 'fee' as const,
      name: readOptionalString(fee, 'display_name_merchant', path) || readOptionalString(fee, 'display_name_customer', path) || 'Fee',
      quantity: '1',
      unitPriceExTaxMinor: netMinor,
      unitPriceIncTaxMinor: grossMinor,
      netMinor,
      taxMinor: toMinor(feeTax, `${path}.cost_tax`, ctx),
      grossMinor,
      ...baseLine(ctx, info),
      categoryIds: [],
    };
  });
}

function readCouponCodes(coupons: unknown): string[] {
  const codes = asArray(coupons, 'coupons').map((raw, i) => readOptionalString(asObject(raw, `coupons[${i}]`), 'code', `coupons[${i}]`));
  return [...new Set(codes.filter((c): c is string => !!c))];
}

function readSettlements(order: Json, ctx: Ctx): SalesSettlement[] {
  const settlements: SalesSettlement[] = [];
  const giftCertificate = toMinor(readOptionalDecimal(order, 'gift_certificate_amount', ''), 'gift_certificate_amount', ctx);
  if (giftCertificate > 0) settlements.push({ method: 'gift-certificate', amountMinor: giftCertificate });
  const storeCredit = toMinor(readOptionalDecimal(order, 'store_credit_amount', ''), 'store_credit_amount', ctx);
  if (storeCredit > 0) settlements.push({ method: 'store-credit', amountMinor: storeCredit });
  return settlements;
}
