/**
 * Invoices and offline credit memos of an order, as Commerce's `POST /V1/order/{orderId}/invoice`
 * (Magento\Sales\Model\InvoiceOrder) and `POST /V1/order/{orderId}/refund` (Magento\Sales\Model\RefundOrder) create
 * them, rendered as `sales-data-invoice-interface` / `sales-data-creditmemo-interface`:
 * - items default to everything still invoiceable / refundable; a configurable parent brings its child along (the
 *   child's row has zero amounts, as the order's child item has);
 * - a partial quantity takes its share of the line's discount and tax, the last share the remainder, so the
 *   documents of a line always add up to the line;
 * - the first invoice carries the shipping; a credit memo refunds `arguments.shipping_amount` (default: what is left)
 *   plus `adjustment_positive` minus `adjustment_negative`;
 * - invoice `state` 2 (paid) when `capture` is true, else 1 (open; `POST /V1/invoices/{id}/capture` pays it later);
 *   credit memo `state` 2 (refunded). The order's *_invoiced / total_paid / *_refunded totals and item counters move,
 *   its state becomes `processing`, and `closed` once everything paid is refunded.
 * Error phrases: Magento\Sales\Model\Order\Validation\CanInvoice / CanRefund and Order\Creditmemo\Total validators.
 */
import { magentoDate } from './dates';
import { entityNotFound, magentoError } from './errors';
import { fromMinor, roundRatio, toMinor } from './money';
import { itemsOf, num, withoutNulls, type AdobeCommerceState, type Json } from './state';

type Requested = ReadonlyArray<{ order_item_id: number; qty: number }> | undefined;

/** Share of `total` for `qty` of `ordered`, where `done` units already took `doneAmount`; the last share is exact. */
function share(totalMinor: number, ordered: number, done: number, doneAmount: number, qty: number): number {
  if (ordered <= 0) return 0;
  if (done + qty >= ordered) return totalMinor - doneAmount;
  return roundRatio(totalMinor, qty, ordered);
}

function pick(order: Json, requested: Requested, available: (item: Json) => number): Array<{ item: Json; qty: number }> {
  const items = itemsOf(order);
  const out: Array<{ item: Json; qty: number }> = [];
  const wanted = requested && requested.length > 0 ? requested : items.filter((i) => i['parent_item_id'] === undefined || i['parent_item_id'] === null).map((i) => ({ order_item_id: num(i, 'item_id'), qty: available(i) }));
  for (const w of wanted) {
    const item = items.find((i) => num(i, 'item_id') === w.order_item_id);
    if (!item) throw magentoError(400, 'The "%1" order item doesn\'t exist.', [String(w.order_item_id)]);
    const parentId = item['parent_item_id'];
    const main = typeof parentId === 'number' ? items.find((i) => num(i, 'item_id') === parentId) ?? item : item;
    const qty = Math.min(w.qty, available(main));
    if (qty <= 0 || out.some((o) => o.item === main)) continue;
    out.push({ item: main, qty });
    for (const child of items.filter((i) => i['parent_item_id'] === main['item_id'])) out.push({ item: child, qty });
  }
  return out;
}

type Money = { rowTotal: number; tax: number; discount: number; base: { rowTotal: number; tax: number; discount: number } };

function lineShare(item: Json, qty: number, doneQty: number, done: Money): Money {
  const ordered = num(item, 'qty_ordered');
  const f = (field: string, doneMinor: number): number => share(toMinor(num(item, field)), ordered, doneQty, doneMinor, qty);
  return {
    rowTotal: toMinor(num(item, 'price')) * qty,
    tax: f('tax_amount', done.tax),
    discount: f('discount_amount', done.discount),
    base: { rowTotal: toMinor(num(item, 'base_price')) * qty, tax: f('base_tax_amount', done.base.tax), discount: f('base_discount_amount', done.base.discount) },
  };
}

function documentItem(item: Json, qty: number, m: Money, entityId: number, parentId: number): Json {
  const rowIncl = m.rowTotal + roundRatio(toMinor(num(item, 'row_total_incl_tax')) - toMinor(num(item, 'row_total')), qty, Math.max(1, num(item, 'qty_ordered')));
  const baseRowIncl = m.base.rowTotal + roundRatio(toMinor(num(item, 'base_row_total_incl_tax')) - toMinor(num(item, 'base_row_total')), qty, Math.max(1, num(item, 'qty_ordered')));
  return {
    base_cost: item['base_cost'] ?? null, base_discount_amount: fromMinor(m.base.discount), base_discount_tax_compensation_amount: 0, base_price: item['base_price'], base_price_incl_tax: item['base_price_incl_tax'],
    base_row_total: fromMinor(m.base.rowTotal), base_row_total_incl_tax: fromMinor(baseRowIncl), base_tax_amount: fromMinor(m.base.tax), discount_amount: fromMinor(m.discount),
    discount_tax_compensation_amount: 0, entity_id: entityId, name: item['name'], order_item_id: item['item_id'], parent_id: parentId, price: item['price'], price_incl_tax: item['price_incl_tax'],
    product_id: item['product_id'], qty, row_total: fromMinor(m.rowTotal), row_total_incl_tax: fromMinor(rowIncl), sku: item['sku'], tax_amount: fromMinor(m.tax),
  };
}

function add(order: Json, field: string, minor: number): void {
  order[field] = fromMinor(toMinor(num(order, field)) + minor);
}

type Totals = { sub: number; tax: number; disc: number; subIncl: number; base: { sub: number; tax: number; disc: number; subIncl: number }; qty: number };

function sumItems(rows: Json[], qtyRows: Array<{ item: Json; qty: number }>): Totals {
  const t: Totals = { sub: 0, tax: 0, disc: 0, subIncl: 0, base: { sub: 0, tax: 0, disc: 0, subIncl: 0 }, qty: 0 };
  rows.forEach((r, i) => {
    t.sub += toMinor(num(r, 'row_total')); t.tax += toMinor(num(r, 'tax_amount')); t.disc += toMinor(num(r, 'discount_amount')); t.subIncl += toMinor(num(r, 'row_total_incl_tax'));
    t.base.sub += toMinor(num(r, 'base_row_total')); t.base.tax += toMinor(num(r, 'base_tax_amount')); t.base.disc += toMinor(num(r, 'base_discount_amount')); t.base.subIncl += toMinor(num(r, 'base_row_total_incl_tax'));
    if (qtyRows[i]?.item['parent_item_id'] === undefined || qtyRows[i]?.item['parent_item_id'] === null) t.qty += qtyRows[i]?.qty ?? 0;
  });
  return t;
}

function header(order: Json, id: number, nowMs: number): Json {
  const at = magentoDate(nowMs);
  const shippingAddress = ((order['extension_attributes'] as Json | undefined)?.['shipping_assignments'] as Json[] | undefined)?.[0]?.['shipping'] as Json | undefined;
  return {
    base_currency_code: order['base_currency_code'], base_to_global_rate: order['base_to_global_rate'], base_to_order_rate: order['base_to_order_rate'], billing_address_id: order['billing_address_id'],
    created_at: at, email_sent: 1, entity_id: id, global_currency_code: order['global_currency_code'], increment_id: String(id).padStart(9, '0'), order_currency_code: order['order_currency_code'],
    order_id: order['entity_id'], shipping_address_id: (shippingAddress?.['address'] as Json | undefined)?.['entity_id'] ?? null, store_currency_code: order['store_currency_code'],
    store_id: order['store_id'], store_to_base_rate: order['store_to_base_rate'], store_to_order_rate: order['store_to_order_rate'], updated_at: at, comments: [],
  };
}

/** InvoiceOrder::execute(): creates the invoice, updates the order; returns the invoice. */
export function invoiceOrder(state: AdobeCommerceState, orderId: number, options: { capture: boolean; items?: Requested }, nowMs: number): Json {
  const order = state.orders.get(orderId);
  if (!order) throw entityNotFound();
  const rows = pick(order, options.items, (i) => num(i, 'qty_ordered') - num(i, 'qty_invoiced') - num(i, 'qty_canceled'));
  if (rows.length === 0 || ['closed', 'canceled', 'holded'].includes(String(order['state']))) throw magentoError(400, 'The order does not allow an invoice to be created.');
  const id = state.next('invoice');
  const docItems = rows.map(({ item, qty }) => {
    const done: Money = { rowTotal: 0, tax: toMinor(num(item, 'tax_invoiced')), discount: toMinor(num(item, 'discount_invoiced')), base: { rowTotal: 0, tax: toMinor(num(item, 'base_tax_invoiced')), discount: toMinor(num(item, 'base_discount_invoiced')) } };
    const m = lineShare(item, qty, num(item, 'qty_invoiced'), done);
    item['qty_invoiced'] = num(item, 'qty_invoiced') + qty;
    add(item, 'row_invoiced', m.rowTotal); add(item, 'base_row_invoiced', m.base.rowTotal); add(item, 'tax_invoiced', m.tax); add(item, 'base_tax_invoiced', m.base.tax);
    add(item, 'discount_invoiced', m.discount); add(item, 'base_discount_invoiced', m.base.discount);
    item['updated_at'] = magentoDate(nowMs);
    return documentItem(item, qty, m, state.next('invoiceItem'), id);
  });
  const t = sumItems(docItems, rows);
  const isFirst = toMinor(num(order, 'shipping_invoiced')) === 0 && toMinor(num(order, 'total_invoiced')) === 0;
  const ship = isFirst ? toMinor(num(order, 'shipping_amount')) : 0;
  const shipTax = isFirst ? toMinor(num(order, 'shipping_tax_amount')) : 0;
  const baseShip = isFirst ? toMinor(num(order, 'base_shipping_amount')) : 0;
  const baseShipTax = isFirst ? toMinor(num(order, 'base_shipping_tax_amount')) : 0;
  const grand = t.sub - t.disc + ship + t.tax + shipTax;
  const baseGrand = t.base.sub - t.base.disc + baseShip + t.base.tax + baseShipTax;
  const invoice = withoutNulls({
    ...header(order, id, nowMs),
    base_discount_amount: fromMinor(-t.base.disc), base_grand_total: fromMinor(baseGrand), base_discount_tax_compensation_amount: 0, base_shipping_amount: fromMinor(baseShip),
    base_shipping_incl_tax: fromMinor(baseShip + baseShipTax), base_shipping_tax_amount: fromMinor(baseShipTax), base_subtotal: fromMinor(t.base.sub), base_subtotal_incl_tax: fromMinor(t.base.subIncl),
    base_tax_amount: fromMinor(t.base.tax + baseShipTax), can_void_flag: 0, discount_amount: fromMinor(-t.disc), grand_total: fromMinor(grand), discount_tax_compensation_amount: 0,
    shipping_amount: fromMinor(ship), shipping_discount_tax_compensation_amount: 0, shipping_incl_tax: fromMinor(ship + shipTax), shipping_tax_amount: fromMinor(shipTax),
    state: options.capture ? 2 : 1, subtotal: fromMinor(t.sub), subtotal_incl_tax: fromMinor(t.subIncl), tax_amount: fromMinor(t.tax + shipTax), total_qty: t.qty, items: docItems,
  }) as Json;
  state.invoices.set(id, invoice);
  add(order, 'subtotal_invoiced', t.sub); add(order, 'base_subtotal_invoiced', t.base.sub); add(order, 'tax_invoiced', t.tax + shipTax); add(order, 'base_tax_invoiced', t.base.tax + baseShipTax);
  add(order, 'discount_invoiced', -t.disc); add(order, 'base_discount_invoiced', -t.base.disc); add(order, 'shipping_invoiced', ship); add(order, 'base_shipping_invoiced', baseShip);
  add(order, 'total_invoiced', grand); add(order, 'base_total_invoiced', baseGrand);
  if (options.capture) payInvoice(order, invoice);
  order['state'] = 'processing';
  order['status'] = 'processing';
  order['updated_at'] = magentoDate(nowMs);
  return invoice;
}

/** Invoice::pay(): the invoice is paid, the order's total_paid grows and total_due shrinks. */
export function payInvoice(order: Json, invoice: Json): void {
  invoice['state'] = 2;
  add(order, 'total_paid', toMinor(num(invoice, 'grand_total')));
  add(order, 'base_total_paid', toMinor(num(invoice, 'base_grand_total')));
  order['total_due'] = fromMinor(toMinor(num(order, 'grand_total')) - toMinor(num(order, 'total_paid')));
  order['base_total_due'] = fromMinor(toMinor(num(order, 'base_grand_total')) - toMinor(num(order, 'base_total_paid')));
}

export type RefundArguments = { shipping_amount?: number; adjustment_positive?: number; adjustment_negative?: number };

/** RefundOrder::execute() (offline): creates the credit memo, updates the order and its paid invoices. */
export function refundOrder(state: AdobeCommerceState, orderId: number, options: { items?: Requested; arguments?: RefundArguments }, nowMs: number): Json {
  const order = state.orders.get(orderId);
  if (!order) throw entityNotFound();
  const paid = toMinor(num(order, 'total_paid'));
  const refunded = toMinor(num(order, 'total_refunded'));
  if (paid === 0 || paid <= refunded || ['closed', 'canceled', 'holded'].includes(String(order['state']))) throw magentoError(400, 'The order does not allow a creditmemo to be created.');
  const rows = pick(order, options.items, (i) => num(i, 'qty_invoiced') - num(i, 'qty_refunded'));
  const id = state.next('creditmemo');
  const docItems = rows.map(({ item, qty }) => {
    const done: Money = { rowTotal: 0, tax: toMinor(num(item, 'tax_refunded')), discount: toMinor(num(item, 'discount_refunded')), base: { rowTotal: 0, tax: toMinor(num(item, 'base_tax_refunded')), discount: toMinor(num(item, 'base_discount_refunded')) } };
    const m = lineShare(item, qty, num(item, 'qty_refunded'), done);
    return { item, qty, m, row: documentItem(item, qty, m, state.next('creditmemoItem'), id) };
  });
  const t = sumItems(docItems.map((d) => d.row), rows);
  const shipLeft = toMinor(num(order, 'shipping_invoiced')) - toMinor(num(order, 'shipping_refunded'));
  const ship = options.arguments?.shipping_amount !== undefined ? toMinor(options.arguments.shipping_amount) : shipLeft;
  if (ship > shipLeft) throw magentoError(400, 'Maximum shipping amount allowed to refund is: %1', [fromMinor(shipLeft).toFixed(2)]);
  const orderShip = toMinor(num(order, 'shipping_amount'));
  const rate = num(order, 'base_to_order_rate') || 1;
  const shipTax = orderShip === 0 ? 0 : roundRatio(toMinor(num(order, 'shipping_tax_amount')), ship, orderShip);
  const baseShip = roundRatio(ship, 1_000_000, Math.round(rate * 1_000_000));
  const baseShipTax = orderShip === 0 ? 0 : roundRatio(toMinor(num(order, 'base_shipping_tax_amount')), ship, orderShip);
  const adjPos = toMinor(options.arguments?.adjustment_positive ?? 0);
  const adjNeg = toMinor(options.arguments?.adjustment_negative ?? 0);
  const grand = t.sub - t.disc + ship + t.tax + shipTax + adjPos - adjNeg;
  const baseAdjPos = roundRatio(adjPos, 1_000_000, Math.round(rate * 1_000_000));
  const baseAdjNeg = roundRatio(adjNeg, 1_000_000, Math.round(rate * 1_000_000));
  const baseGrand = t.base.sub - t.base.disc + baseShip + t.base.tax + baseShipTax + baseAdjPos - baseAdjNeg;
  if (rows.length === 0 && ship === 0 && adjPos === 0) throw magentoError(400, "You can't create a creditmemo without products.");
  if (grand <= 0) throw magentoError(400, 'The credit memo\'s total must be positive.');
  if (grand > paid - refunded) throw magentoError(400, 'The most money available to refund is %1.', [fromMinor(paid - refunded).toFixed(2)]);
  for (const { item, qty, m } of docItems) {
    item['qty_refunded'] = num(item, 'qty_refunded') + qty;
    add(item, 'amount_refunded', m.rowTotal); add(item, 'base_amount_refunded', m.base.rowTotal); add(item, 'tax_refunded', m.tax); add(item, 'base_tax_refunded', m.base.tax);
    add(item, 'discount_refunded', m.discount); add(item, 'base_discount_refunded', m.base.discount);
    item['updated_at'] = magentoDate(nowMs);
  }
  const memo = withoutNulls({
    ...header(order, id, nowMs),
    adjustment: fromMinor(adjPos - adjNeg), adjustment_negative: fromMinor(adjNeg), adjustment_positive: fromMinor(adjPos), base_adjustment: fromMinor(baseAdjPos - baseAdjNeg),
    base_adjustment_negative: fromMinor(baseAdjNeg), base_adjustment_positive: fromMinor(baseAdjPos), base_discount_amount: fromMinor(-t.base.disc), base_discount_tax_compensation_amount: 0,
    base_grand_total: fromMinor(baseGrand), base_shipping_amount: fromMinor(baseShip), base_shipping_incl_tax: fromMinor(baseShip + baseShipTax), base_shipping_tax_amount: fromMinor(baseShipTax),
    base_subtotal: fromMinor(t.base.sub), base_subtotal_incl_tax: fromMinor(t.base.subIncl), base_tax_amount: fromMinor(t.base.tax + baseShipTax), creditmemo_status: null,
    discount_amount: fromMinor(-t.disc), discount_tax_compensation_amount: 0, grand_total: fromMinor(grand), shipping_amount: fromMinor(ship), shipping_discount_tax_compensation_amount: 0,
    shipping_incl_tax: fromMinor(ship + shipTax), shipping_tax_amount: fromMinor(shipTax), state: 2, subtotal: fromMinor(t.sub), subtotal_incl_tax: fromMinor(t.subIncl),
    tax_amount: fromMinor(t.tax + shipTax), items: docItems.map((d) => d.row),
  }) as Json;
  state.creditmemos.set(id, memo);
  add(order, 'subtotal_refunded', t.sub); add(order, 'base_subtotal_refunded', t.base.sub); add(order, 'tax_refunded', t.tax + shipTax); add(order, 'base_tax_refunded', t.base.tax + baseShipTax);
  add(order, 'discount_refunded', -t.disc); add(order, 'base_discount_refunded', -t.base.disc); add(order, 'shipping_refunded', ship); add(order, 'base_shipping_refunded', baseShip);
  add(order, 'shipping_tax_refunded', shipTax); add(order, 'base_shipping_tax_refunded', baseShipTax); add(order, 'adjustment_positive', adjPos); add(order, 'adjustment_negative', adjNeg);
  add(order, 'base_adjustment_positive', baseAdjPos); add(order, 'base_adjustment_negative', baseAdjNeg);
  add(order, 'total_refunded', grand); add(order, 'base_total_refunded', baseGrand); add(order, 'total_offline_refunded', grand); add(order, 'base_total_offline_refunded', baseGrand);
  for (const invoice of state.invoices.values()) {
    if (invoice['order_id'] === orderId && invoice['state'] === 2) {
      invoice['is_used_for_refund'] = 1;
      invoice['base_total_refunded'] = fromMinor(toMinor(num(invoice, 'base_total_refunded')) + baseGrand);
      break;
    }
  }
  const allRefunded = itemsOf(order).every((i) => num(i, 'qty_refunded') >= num(i, 'qty_invoiced'));
  if (allRefunded && toMinor(num(order, 'total_refunded')) >= paid) {
    order['state'] = 'closed';
    order['status'] = 'closed';
  }
  order['updated_at'] = magentoDate(nowMs);
  return memo;
}
