import type { SalesDocument, SalesLine, SalesSettlement } from '../canonical/sales-document';
import { ratePercentFromAmounts, splitGrossMinor } from '../canonical/tax-rate';
import { MappingError } from '../mapping.error';
import { allocateMinor, decimalToMinor } from '../money/money';
import { type Json, asArray, asObject, readDecimal, readInteger, readOptionalString } from './bigcommerce-fields';
import { bigCommerceExternalReference, bigCommerceOrderToSalesDocument } from './bigcommerce-order.mapper';
import type { BcMappingOptions, BcOrderBundle, BcRefund } from './bigcommerce-order.types';

const ITEM_LINE_TYPE = { SHIPPING: 'shipping', HANDLING: 'handling', GIFT_WRAPPING: 'wrapping', FEE: 'fee' } as const;

/**
 * BigCommerce v3 refund (orders.v3.yml `Refund` / `RefundID_Get.data`) of an order → canonical
 * credit note referencing the original order's external reference.
 *
 * Rules (source: orders.v3.yml `RefundItem`, `Refund.total_tax`):
 * - `PRODUCT` items credit `quantity` of the original product line and the same share of its
 *   discount line, split by largest remainder (`requested_amount` is ignored for products, as the
 *   spec says).
 * - `SHIPPING`, `HANDLING`, `GIFT_WRAPPING`, `FEE` credit `requested_amount` (gross) at the original
 *   line's VAT rate.
 * - `ORDER` credits `requested_amount` as a `discount`-type line **without VAT** ("order_level_amount
 *   does not affect tax liability").
 * - No items (a `tax_refund_adjustment` refund): one `discount` line of `total_amount`/`total_tax`.
 * - Totals are the refund's: gross = `total_amount`, tax = `total_tax`. Refund payments become
 *   settlements (store credit, provider).
 *
 * @param bundle the original order bundle (needed for line rates and quantities).
 * @param refund the refund object (JSON numbers allowed, read exactly).
 * @param options store id and credit-note issue date.
 * @returns a `SalesDocument` of kind 'credit-note' with positive amounts (minor units).
 * @throws MappingError naming e.g. `refund.items[1].item_id` for items not found in the order.
 */
export function bigCommerceRefundToSalesDocument(
  bundle: BcOrderBundle,
  refund: BcRefund,
  options: BcMappingOptions,
): SalesDocument {
  const invoice = bigCommerceOrderToSalesDocument(bundle, options);
  const r = asObject(refund, 'refund');
  const refundId = String(readInteger(r, 'id', 'refund'));
  const refundOrderId = String(readInteger(r, 'order_id', 'refund'));
  if (refundOrderId !== invoice.source.orderId) {
    throw new MappingError('invalid-field', 'refund.order_id', `refund belongs to order ${refundOrderId}, not ${invoice.source.orderId}`);
  }
  const currency = invoice.currency;
  const grossMinor = decimalToMinor(readDecimal(r, 'total_amount', 'refund'), currency, 'refund.total_amount');
  const taxMinor = r['total_tax'] === undefined || r['total_tax'] === null
    ? 0
    : decimalToMinor(readDecimal(r, 'total_tax', 'refund'), currency, 'refund.total_tax');
  const items = asArray(r['items'], 'refund.items');
  const lines = items.length === 0
    ? [adjustmentLine(invoice, grossMinor, taxMinor)]
    : items.flatMap((raw, i) => refundItemLines(invoice, asObject(raw, `refund.items[${i}]`), `refund.items[${i}]`));
  const reason = readOptionalString(r, 'reason', 'refund');
  const document: SalesDocument = {
    ...invoice,
    kind: 'credit-note',
    source: {
      ...invoice.source,
      refundId,
      externalReference: bigCommerceExternalReference(options.storeId, invoice.source.orderId, refundId),
    },
    originalExternalReference: invoice.source.externalReference,
    lines,
    totals: { netMinor: grossMinor - taxMinor, taxMinor, grossMinor },
    settlements: readRefundPayments(r, currency),
    couponCodes: [],
  };
  if (reason !== undefined && reason !== '') document.note = reason;
  return document;
}

function refundItemLines(invoice: SalesDocument, item: Json, path: string): SalesLine[] {
  const type = readOptionalString(item, 'item_type', path);
  const itemId = String(readInteger(item, 'item_id', path));
  if (type === 'PRODUCT') return productRefundLines(invoice, itemId, readInteger(item, 'quantity', path), path);
  const amountMinor = decimalToMinor(readDecimal(item, 'requested_amount', path), invoice.currency, `${path}.requested_amount`);
  if (type === 'ORDER') {
    return [refundLine(invoice, { lineId: `refund:order:${itemId}`, type: 'discount', name: 'Order-level refund' }, amountMinor, '0', '')];
  }
  if (type === 'SHIPPING' || type === 'HANDLING' || type === 'GIFT_WRAPPING' || type === 'FEE') {
    const lineType = ITEM_LINE_TYPE[type];
    const originalId = type === 'FEE' ? `fee:${itemId}` : lineType;
    const original = invoice.lines.find((l) => l.lineId === originalId);
    if (!original) throw new MappingError('invalid-field', `${path}.item_id`, `the order has no ${lineType} line ${itemId}`);
    return [refundLine(invoice, { lineId: `refund:${original.lineId}`, type: lineType, name: original.name }, amountMinor, original.taxRatePercent, original.taxClass)];
  }
  throw new MappingError('invalid-field', `${path}.item_type`, `unsupported refund item type "${type ?? ''}"`);
}

function productRefundLines(invoice: SalesDocument, itemId: string, quantity: number, path: string): SalesLine[] {
  const original = invoice.lines.find((l) => l.lineId === `product:${itemId}`);
  if (!original) throw new MappingError('invalid-field', `${path}.item_id`, `order product ${itemId} is not in the order`);
  const ordered = Number(original.quantity);
  if (quantity <= 0 || quantity > ordered) {
    throw new MappingError('invalid-field', `${path}.quantity`, `must be between 1 and the ordered quantity ${original.quantity}`);
  }
  const share = (amount: number, field: string): number => allocateMinor(amount, [quantity, ordered - quantity], field)[0] ?? 0;
  const credited = (line: SalesLine, qty: string): SalesLine => ({
    ...line,
    lineId: `refund:${line.lineId}`,
    quantity: qty,
    netMinor: share(line.netMinor, `${path}.net`),
    taxMinor: share(line.taxMinor, `${path}.tax`),
    grossMinor: share(line.grossMinor, `${path}.gross`),
  });
  const lines = [credited(original, String(quantity))];
  const discount = invoice.lines.find((l) => l.type === 'discount' && l.appliesToLineId === original.lineId);
  if (discount) {
    const part = credited(discount, '1');
    lines.push({ ...part, unitPriceExTaxMinor: part.netMinor, unitPriceIncTaxMinor: part.grossMinor });
  }
  return lines;
}

function refundLine(
  invoice: SalesDocument,
  id: Pick<SalesLine, 'lineId' | 'type' | 'name'>,
  grossMinor: number,
  ratePercent: string,
  taxClass: string,
): SalesLine {
  const { netMinor, taxMinor } = splitGrossMinor(grossMinor, ratePercent);
  return {
    ...id,
    quantity: '1',
    unitPriceExTaxMinor: netMinor,
    unitPriceIncTaxMinor: grossMinor,
    netMinor,
    taxMinor,
    grossMinor,
    taxRatePercent: ratePercent,
    taxClass,
    categoryIds: [],
    channelId: invoice.channelId,
    country: invoice.country,
  };
}

function adjustmentLine(invoice: SalesDocument, grossMinor: number, taxMinor: number): SalesLine {
  const net = grossMinor - taxMinor;
  const rate = ratePercentFromAmounts({ units: BigInt(taxMinor), scale: 0 }, { units: BigInt(net), scale: 0 });
  return refundLine(invoice, { lineId: 'refund:adjustment', type: 'discount', name: 'Refund adjustment' }, grossMinor, rate, '');
}

function readRefundPayments(r: Json, currency: string): SalesSettlement[] {
  return asArray(r['payments'], 'refund.payments').map((raw, i) => {
    const path = `refund.payments[${i}]`;
    const payment = asObject(raw, path);
    const provider = readOptionalString(payment, 'provider_id', path) ?? '';
    const settlement: SalesSettlement = {
      method: provider === 'storecredit' ? 'store-credit' : provider === 'giftcertificate' ? 'gift-certificate' : 'payment-provider',
      amountMinor: decimalToMinor(readDecimal(payment, 'amount', path), currency, `${path}.amount`),
    };
    if (provider !== '') settlement.reference = provider;
    return settlement;
  });
}
