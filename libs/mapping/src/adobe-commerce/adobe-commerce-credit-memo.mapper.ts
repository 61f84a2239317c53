import type { SalesDocument, SalesLine } from '../canonical/sales-document';
import { MappingError } from '../mapping.error';
import { sumMinor } from '../money/money';
import { orderCustomer } from './adobe-commerce-customer';
import { acCurrency, acMinor, acSettlements, adjustmentLine, balanceLines, isPresent, issueDateOf, itemLines, quantityOf, shippingLines, toleranceUnit } from './adobe-commerce-lines';
import { adobeCommerceExternalReference, fxOf, orderContext } from './adobe-commerce-order.mapper';
import type { AcCreditMemo, AcMappingOptions, AcOrder } from './adobe-commerce.types';

/** Whether a credit memo should become a credit note now. */
export type AdobeCommerceCreditMemoReadiness = { isReady: boolean; reason: string };

/**
 * Credit memo `state` (`Magento\Sales\Model\Order\Creditmemo::STATE_*`): 2 refunded → ready; 1 open (an online refund
 * the payment gateway has not confirmed) → not yet; 3 canceled → never. A memo without a state is treated as refunded
 * (offline refunds, `POST /V1/order/{id}/refund`, are refunded at once).
 */
export function adobeCommerceCreditMemoReadiness(creditMemo: AcCreditMemo): AdobeCommerceCreditMemoReadiness {
  if (creditMemo.state === 3) return { isReady: false, reason: 'credit memo canceled' };
  if (creditMemo.state === 1) return { isReady: false, reason: 'credit memo open: refund not confirmed' };
  return { isReady: true, reason: 'credit memo refunded' };
}

/**
 * Adobe Commerce credit memo (`GET /V1/creditmemo/{id}`, `sales-data-creditmemo-interface`) of `order` → canonical
 * credit note applied to the order's invoice. Amounts are integer minor units of the order currency, positive (the
 * kind makes it a credit).
 * - References: `originalExternalReference` = the order's `ac:<store>:<order id>`; its own
 *   `ac:<store>:<order id>:m<credit memo entity_id>` (`source.refundId` = the memo's `entity_id`).
 * - Lines from the memo's items, matched to the order's items by `order_item_id` for the sku, name and `tax_percent`,
 *   with the order's parent/child plan: a configurable's child item and a dynamic bundle's parent are skipped exactly
 *   as on the invoice (`planItems`). Items with quantity 0 and no amounts are left out. Each keeps its discount line.
 * - Shipping refunded (`shipping_amount`, its tax, the order's shipping rate); the shipping part of the memo's discount
 *   (`|discount_amount|` − the items' discounts) becomes a shipping discount line.
 * - **Adjustments.** `adjustment_positive` ("Adjustment Refund") is a positive `fee` line `adjustment-refund`,
 *   `adjustment_negative` ("Adjustment Fee") a negative `fee` line `adjustment-fee`. Both carry **no VAT, rate 0**:
 *   Commerce adds them to the grand total untaxed (`Magento\Sales\Model\Order\Creditmemo\Total\Grand::collect`) and
 *   its `tax_amount` never includes tax on them, so any other split would not match the shop's totals. The VAT code
 *   for rate 0 on fee lines (exempt / outside scope) is the mapping rules' choice; a merchant who treats a goodwill
 *   refund as a price reduction with VAT should refund it as an item or shipping amount instead.
 * - Totals: tax = `tax_amount`, gross = `grand_total` + amounts returned to gift cards / store credit
 *   (`settlements`); the lines are reconciled with them where only rounding separates them.
 * @param options as for the order (`storeId`, `priceDecimals`, `issueDate` override of the memo's `created_at`).
 * @throws MappingError `invalid-field` `order_id` when the memo is not of `order`, `currency-mismatch`
 *   `order_currency_code`, `invalid-field` `items[i].order_item_id` for an item the order does not have, and the
 *   fields it cannot read.
 */
export function adobeCommerceCreditMemoToSalesDocument(creditMemo: AcCreditMemo, order: AcOrder, options: AcMappingOptions): SalesDocument {
  if (!Number.isSafeInteger(creditMemo.entity_id)) throw new MappingError('invalid-field', 'entity_id', 'expected an integer');
  if (creditMemo.order_id !== order.entity_id) throw new MappingError('invalid-field', 'order_id', `credit memo of order ${String(creditMemo.order_id)}, not of order ${String(order.entity_id)}`);
  const { ctx, plans, shippingRate } = orderContext(order);
  const { currency } = ctx;
  const memoCurrency = isPresent(creditMemo.order_currency_code) ? acCurrency(creditMemo.order_currency_code, 'order_currency_code') : currency;
  if (memoCurrency !== currency) throw new MappingError('currency-mismatch', 'order_currency_code', `credit memo in ${memoCurrency}, order in ${currency}`);
  const unit = toleranceUnit(currency, options.priceDecimals);
  const orderItems = new Map((order.items ?? []).map((item) => [item.item_id, item]));
  const lines: SalesLine[] = [];
  let itemDiscounts = 0;
  (creditMemo.items ?? []).forEach((memoItem, i) => {
    const path = `items[${i}]`;
    if (!orderItems.has(memoItem.order_item_id)) throw new MappingError('invalid-field', `${path}.order_item_id`, `order ${String(order.entity_id)} has no item ${String(memoItem.order_item_id)}`);
    const plan = plans.get(memoItem.order_item_id);
    if (plan?.role !== 'line') return;
    const quantity = quantityOf(isPresent(memoItem.qty) ? memoItem.qty : 0, `${path}.qty`);
    const built = quantity.units > 0n ? itemLines(ctx, plan, memoItem, quantity, `product:${String(memoItem.order_item_id)}`, path) : [];
    if (quantity.units <= 0n && acMinor(memoItem.row_total, currency, `${path}.row_total`) !== 0) throw new MappingError('invalid-field', `${path}.qty`, 'expected a positive quantity for a refunded amount');
    itemDiscounts += acMinor(memoItem.discount_amount, currency, `${path}.discount_amount`);
    lines.push(...built);
  });
  const memoDiscount = Math.abs(acMinor(creditMemo.discount_amount, currency, 'discount_amount'));
  const shippingDiscount = Math.max(0, memoDiscount - itemDiscounts);
  lines.push(...shippingLines(ctx, {
    amount: creditMemo.shipping_amount, taxAmount: creditMemo.shipping_tax_amount, inclTax: creditMemo.shipping_incl_tax,
    discount: acMinor(creditMemo.shipping_amount, currency, 'shipping_amount') === 0 ? 0 : shippingDiscount,
    discountTaxCompensation: creditMemo.shipping_discount_tax_compensation_amount, name: order.shipping_description ?? '', ratePercent: shippingRate,
  }, ''));
  const positive = acMinor(creditMemo.adjustment_positive, currency, 'adjustment_positive');
  const negative = acMinor(creditMemo.adjustment_negative, currency, 'adjustment_negative');
  if (positive < 0) throw new MappingError('invalid-field', 'adjustment_positive', 'expected a positive amount');
  if (negative < 0) throw new MappingError('invalid-field', 'adjustment_negative', 'expected a positive amount');
  if (positive !== 0) lines.push(adjustmentLine(ctx, 'adjustment-refund', 'Adjustment refund', positive));
  if (negative !== 0) lines.push(adjustmentLine(ctx, 'adjustment-fee', 'Adjustment fee', -negative));
  if (!isPresent(creditMemo.grand_total)) throw new MappingError('missing-field', 'grand_total', 'is required');
  const settlements = acSettlements(creditMemo.extension_attributes, currency);
  const grossMinor = acMinor(creditMemo.grand_total, currency, 'grand_total') + sumMinor(settlements.map((s) => s.amountMinor), 'settlements');
  const taxMinor = acMinor(creditMemo.tax_amount, currency, 'tax_amount');
  const orderId = String(order.entity_id);
  const memoId = String(creditMemo.entity_id);
  const fx = fxOf(creditMemo.base_currency_code ?? order.base_currency_code, isPresent(creditMemo.base_to_order_rate) ? creditMemo.base_to_order_rate : order.base_to_order_rate);
  const memoNumber = (creditMemo.increment_id ?? '').trim();
  return {
    kind: 'credit-note',
    source: {
      system: 'adobe-commerce', storeId: options.storeId, orderId, refundId: memoId,
      externalReference: adobeCommerceExternalReference(options.storeId, orderId, { kind: 'credit-memo', id: memoId }),
    },
    orderNumber: (order.increment_id ?? '').trim() || orderId,
    originalExternalReference: adobeCommerceExternalReference(options.storeId, orderId),
    currency,
    issueDate: issueDateOf(options.issueDate, creditMemo.created_at, 'created_at'),
    isTaxInclusivePricing: false,
    channelId: ctx.channelId,
    country: ctx.country,
    customer: orderCustomer(order),
    lines: balanceLines(lines, { taxMinor, grossMinor }, unit),
    totals: { netMinor: grossMinor - taxMinor, taxMinor, grossMinor },
    paymentMethod: (order.payment?.method ?? '').trim(),
    couponCodes: [],
    settlements,
    ...(fx ? { fx } : {}),
    ...(memoNumber ? { note: `Credit memo ${memoNumber}` } : {}),
  };
}
