/**
 * Places orders the way Commerce's default tax configuration totals them (Stores > Configuration > Sales > Tax:
 * catalog prices exclude tax, "Row Total" calculation, tax applied after discount, discount on prices excluding tax,
 * shipping taxed at the standard rate) and renders them as `sales-data-order-interface`:
 * - per line (order currency, minor units): row_total = price × qty; discount_amount = round(row_total × %);
 *   tax_amount = round((row_total − discount) × tax_percent); price_incl_tax and row_total_incl_tax before discount;
 *   every `base_*` is computed the same way from the base-currency price (price = base price × base_to_order_rate);
 * - order: subtotal = Σ row_total, discount_amount = −Σ discounts (Commerce stores the order discount negative),
 *   shipping_tax_amount = round(shipping × rate), tax_amount = Σ line tax + shipping tax,
 *   grand_total = subtotal + discount_amount + shipping_amount + tax_amount;
 * - a simple product that is a configurable product's child is ordered as Commerce does: a parent item
 *   (`product_type: configurable`, the child's SKU, the parent's name, all amounts) and a child item
 *   (`product_type: simple`, `parent_item_id`, price 0) — answers also nest the parent as the child's `parent_item`.
 * New orders are `state: new`, `status: pending`.
 */
import { configurableParentOf, customAttribute, TAX_CLASS_STANDARD, VAT_RATES } from './catalog';
import { magentoDate } from './dates';
import { magentoError } from './errors';
import { fromMinor, roundRatio, taxOf, toMinor, toOrderCurrency } from './money';
import { withoutNulls, type AdobeCommerceState, type Json, str } from './state';

export type OrderAddressInput = { firstname: string; lastname: string; street: string[]; city: string; postcode: string; country_id: string; telephone?: string; email?: string; company?: string };

export type PlaceOrderInput = {
  /** Registered customer (their name, email and default address are used), else a guest with `email`. */
  customerId?: number;
  email?: string;
  firstname?: string;
  lastname?: string;
  /** `NOK` (base, rate 1) or `SEK` (rate ADOBE_COMMERCE_DEMO.sekPerNok) or any code with `rate`. */
  currency?: string;
  /** base_to_order_rate for a currency other than NOK/SEK. */
  rate?: number;
  /** Billing/shipping address (default: the customer's default billing address, else a Norwegian one). */
  address?: OrderAddressInput;
  lines: Array<{ sku: string; qty: number; /** Unit price in the ORDER currency (default: catalog price × rate). */ price?: number; discountPercent?: number }>;
  /** Shipping excluding tax, in the order currency (default 49 × rate; 0 for virtual-only orders). */
  shippingAmount?: number;
  paymentMethod?: string;
  storeId?: number;
  /** created_at (default: the sandbox clock). */
  createdAtMs?: number;
};

export type BuildContext = { state: AdobeCommerceState; nowMs: number; baseCurrency: string; sekPerNok: number; random: () => number };

type Amounts = { price: number; rowTotal: number; discount: number; tax: number; priceIncl: number; rowIncl: number };

function lineAmounts(unitMinor: number, qty: number, discountPercent: number, taxPercent: number): Amounts {
  const rowTotal = unitMinor * qty;
  const discount = roundRatio(rowTotal, Math.round(discountPercent * 10_000), 1_000_000);
  return { price: unitMinor, rowTotal, discount, tax: taxOf(rowTotal - discount, taxPercent), priceIncl: unitMinor + taxOf(unitMinor, taxPercent), rowIncl: rowTotal + taxOf(rowTotal, taxPercent) };
}

function zeroItemCounters(): Json {
  return {
    amount_refunded: 0, base_amount_refunded: 0, base_discount_invoiced: 0, base_discount_tax_compensation_amount: 0, base_row_invoiced: 0, base_tax_invoiced: 0,
    discount_invoiced: 0, discount_tax_compensation_amount: 0, free_shipping: 0, is_qty_decimal: 0, no_discount: 0, qty_canceled: 0, qty_invoiced: 0, qty_refunded: 0,
    qty_shipped: 0, row_invoiced: 0, tax_invoiced: 0,
  };
}

/** Builds, stores and returns a new order. Throws Magento errors for unknown SKUs or customers. */
export function placeOrder(ctx: BuildContext, input: PlaceOrderInput): Json {
  const { state } = ctx;
  if (input.lines.length === 0) throw magentoError(400, 'The order does not contain any items.');
  const currency = input.currency ?? ctx.baseCurrency;
  const rate = currency === ctx.baseCurrency ? 1 : (input.rate ?? (currency === 'SEK' ? ctx.sekPerNok : undefined));
  if (rate === undefined) throw magentoError(400, 'The currency "%1" has no rate to the base currency.', [currency]);
  const customer = input.customerId !== undefined ? state.customers.get(input.customerId) : undefined;
  if (input.customerId !== undefined && !customer) throw magentoError(404, 'No such entity with %fieldName = %fieldValue', { fieldName: 'customerId', fieldValue: input.customerId });
  const email = str(customer?.['email'], input.email ?? 'guest@example.com');
  const defaultAddress = (Array.isArray(customer?.['addresses']) ? (customer['addresses'] as Json[]) : [])[0];
  const addr: OrderAddressInput = input.address ?? (defaultAddress
    ? { firstname: String(defaultAddress['firstname']), lastname: String(defaultAddress['lastname']), street: (defaultAddress['street'] as string[] | undefined) ?? [], city: String(defaultAddress['city']), postcode: String(defaultAddress['postcode']), country_id: String(defaultAddress['country_id']), telephone: str(defaultAddress['telephone'], '') }
    : { firstname: input.firstname ?? 'Guest', lastname: input.lastname ?? 'Shopper', street: ['Karl Johans gate 1'], city: 'Oslo', postcode: '0154', country_id: 'NO', telephone: '+47 22 00 00 00' });
  const rates = VAT_RATES[addr.country_id] ?? {};
  const orderId = state.next('order');
  const created = magentoDate(input.createdAtMs ?? ctx.nowMs);
  const storeId = input.storeId ?? 1;
  const items: Json[] = [];
  const sum = { sub: 0, baseSub: 0, disc: 0, baseDisc: 0, tax: 0, baseTax: 0, subIncl: 0, baseSubIncl: 0, qty: 0, weight: 0, visible: 0 };
  let isVirtualOnly = true;
  for (const line of input.lines) {
    const product = state.products.get(line.sku);
    if (!product || product['type_id'] === 'configurable') throw magentoError(404, "The product that was requested doesn't exist. Verify the product and try again.");
    if (!Number.isInteger(line.qty) || line.qty < 1) throw magentoError(400, 'The requested qty is not available');
    if (product['type_id'] !== 'virtual') isVirtualOnly = false;
    const parent = configurableParentOf(state, product);
    const taxPercent = rates[Number(customAttribute(product, 'tax_class_id') ?? TAX_CLASS_STANDARD)] ?? 0;
    const baseUnit = toMinor(Number(parent?.['price'] ?? product['price'] ?? 0));
    const unit = line.price !== undefined ? toMinor(line.price) : toOrderCurrency(baseUnit, rate);
    const baseUnitEff = line.price !== undefined ? roundRatio(unit, 1_000_000, Math.round(rate * 1_000_000)) : baseUnit;
    const discountPercent = line.discountPercent ?? 0;
    const a = lineAmounts(unit, line.qty, discountPercent, taxPercent);
    const b = lineAmounts(baseUnitEff, line.qty, discountPercent, taxPercent);
    const itemId = state.next('orderItem');
    const cost = customAttribute(product, 'cost');
    const weight = Number(product['weight'] ?? 0);
    const main: Json = {
      ...zeroItemCounters(),
      base_cost: cost === undefined ? null : Number(cost), base_discount_amount: fromMinor(b.discount), base_original_price: fromMinor(b.price), base_price: fromMinor(b.price),
      base_price_incl_tax: fromMinor(b.priceIncl), base_row_total: fromMinor(b.rowTotal), base_row_total_incl_tax: fromMinor(b.rowIncl), base_tax_amount: fromMinor(b.tax),
      created_at: created, discount_amount: fromMinor(a.discount), discount_percent: discountPercent, is_virtual: product['type_id'] === 'virtual' ? 1 : 0, item_id: itemId,
      name: str(parent?.['name'], str(product['name'])), order_id: orderId, original_price: fromMinor(a.price), price: fromMinor(a.price), price_incl_tax: fromMinor(a.priceIncl),
      product_id: Number(parent?.['id'] ?? product['id']), product_type: parent ? 'configurable' : String(product['type_id']), qty_ordered: line.qty, quote_item_id: itemId + 1000,
      row_total: fromMinor(a.rowTotal), row_total_incl_tax: fromMinor(a.rowIncl), row_weight: weight * line.qty, sku: String(product['sku']), store_id: storeId,
      tax_amount: fromMinor(a.tax), tax_percent: taxPercent, updated_at: created, weight,
      ...(parent ? { product_option: { extension_attributes: { configurable_item_options: [{ option_id: '93', option_value: 56 }] } } } : {}),
    };
    items.push(main);
    if (parent) {
      const childId = state.next('orderItem');
      items.push({
        ...zeroItemCounters(), base_cost: cost === undefined ? null : Number(cost), base_discount_amount: 0, base_original_price: 0, base_price: 0, base_price_incl_tax: 0, base_row_total: 0,
        base_row_total_incl_tax: 0, base_tax_amount: 0, created_at: created, discount_amount: 0, discount_percent: 0, is_virtual: 0, item_id: childId, name: String(product['name']),
        order_id: orderId, original_price: 0, parent_item_id: itemId, price: 0, price_incl_tax: 0, product_id: Number(product['id']), product_type: 'simple', qty_ordered: line.qty,
        quote_item_id: childId + 1000, row_total: 0, row_total_incl_tax: 0, row_weight: 0, sku: String(product['sku']), store_id: storeId, tax_amount: 0, tax_percent: 0,
        updated_at: created, weight,
      });
    }
    sum.sub += a.rowTotal; sum.baseSub += b.rowTotal; sum.disc += a.discount; sum.baseDisc += b.discount; sum.tax += a.tax; sum.baseTax += b.tax;
    sum.subIncl += a.rowIncl; sum.baseSubIncl += b.rowIncl; sum.qty += line.qty; sum.weight += weight * line.qty; sum.visible += 1;
  }
  const shipping = input.shippingAmount !== undefined ? toMinor(input.shippingAmount) : isVirtualOnly ? 0 : toOrderCurrency(4900, rate);
  const baseShipping = input.shippingAmount !== undefined ? roundRatio(shipping, 1_000_000, Math.round(rate * 1_000_000)) : isVirtualOnly ? 0 : 4900;
  const shippingRate = rates[TAX_CLASS_STANDARD] ?? 0;
  const shipTax = taxOf(shipping, shippingRate);
  const baseShipTax = taxOf(baseShipping, shippingRate);
  const tax = sum.tax + shipTax;
  const baseTax = sum.baseTax + baseShipTax;
  const grand = sum.sub - sum.disc + shipping + tax;
  const baseGrand = sum.baseSub - sum.baseDisc + baseShipping + baseTax;
  const address = (type: string, entityId: number): Json => ({ address_type: type, city: addr.city, country_id: addr.country_id, email, entity_id: entityId, firstname: addr.firstname, lastname: addr.lastname, parent_id: orderId, postcode: addr.postcode, street: addr.street, telephone: addr.telephone ?? '', ...(addr.company ? { company: addr.company } : {}) });
  const billingId = state.next('address');
  const shippingAddressId = state.next('address');
  const method = input.paymentMethod ?? 'banktransfer';
  const shippingTotal = {
    base_shipping_amount: fromMinor(baseShipping), base_shipping_discount_amount: 0, base_shipping_incl_tax: fromMinor(baseShipping + baseShipTax), base_shipping_tax_amount: fromMinor(baseShipTax),
    shipping_amount: fromMinor(shipping), shipping_discount_amount: 0, shipping_discount_tax_compensation_amount: 0, shipping_incl_tax: fromMinor(shipping + shipTax), shipping_tax_amount: fromMinor(shipTax),
  };
  const payment: Json = { account_status: null, additional_information: [method === 'banktransfer' ? 'Bank Transfer Payment' : method, ''], amount_ordered: fromMinor(grand), base_amount_ordered: fromMinor(baseGrand), base_shipping_amount: fromMinor(baseShipping), cc_last4: null, entity_id: state.next('payment'), method, parent_id: orderId, shipping_amount: fromMinor(shipping) };
  const order = withoutNulls({
    base_currency_code: ctx.baseCurrency, base_discount_amount: fromMinor(-sum.baseDisc), base_grand_total: fromMinor(baseGrand), base_discount_tax_compensation_amount: 0,
    base_shipping_amount: fromMinor(baseShipping), base_shipping_discount_amount: 0, base_shipping_incl_tax: fromMinor(baseShipping + baseShipTax), base_shipping_tax_amount: fromMinor(baseShipTax),
    base_subtotal: fromMinor(sum.baseSub), base_subtotal_incl_tax: fromMinor(sum.baseSubIncl), base_tax_amount: fromMinor(baseTax), base_total_due: fromMinor(baseGrand),
    base_to_global_rate: 1, base_to_order_rate: rate, billing_address_id: billingId, created_at: created, customer_email: email,
    customer_firstname: str(customer?.['firstname'], addr.firstname), customer_group_id: customer ? Number(customer['group_id'] ?? 1) : 0, customer_id: customer ? Number(customer['id']) : null,
    customer_is_guest: customer ? 0 : 1, customer_lastname: str(customer?.['lastname'], addr.lastname), customer_note_notify: 1, discount_amount: fromMinor(-sum.disc), email_sent: 1,
    entity_id: orderId, global_currency_code: ctx.baseCurrency, grand_total: fromMinor(grand), discount_tax_compensation_amount: 0, increment_id: String(orderId).padStart(9, '0'),
    is_virtual: isVirtualOnly ? 1 : 0, order_currency_code: currency, protect_code: Math.floor(ctx.random() * 0xffffff).toString(16).padStart(6, '0'), quote_id: state.next('quote'),
    shipping_amount: fromMinor(shipping), shipping_description: isVirtualOnly ? null : 'Flat Rate - Fixed', shipping_discount_amount: 0, shipping_discount_tax_compensation_amount: 0,
    shipping_incl_tax: fromMinor(shipping + shipTax), shipping_tax_amount: fromMinor(shipTax), state: 'new', status: 'pending', store_currency_code: ctx.baseCurrency, store_id: storeId,
    store_name: 'Main Website\nMain Website Store\nDefault Store View', store_to_base_rate: 0, store_to_order_rate: 0, subtotal: fromMinor(sum.sub), subtotal_incl_tax: fromMinor(sum.subIncl),
    tax_amount: fromMinor(tax), total_due: fromMinor(grand), total_item_count: sum.visible, total_qty_ordered: sum.qty, updated_at: created, weight: sum.weight,
    items, billing_address: address('billing', billingId),
    status_histories: [],
    extension_attributes: { shipping_assignments: isVirtualOnly ? [] : [{ shipping: { address: address('shipping', shippingAddressId), method: 'flatrate_flatrate', total: shippingTotal }, items }] },
  }) as Json;
  // As the tutorial's order shows: the payment keeps its null fields.
  order['payment'] = payment;
  const assignment = ((order['extension_attributes'] as Json)['shipping_assignments'] as Json[])[0];
  if (assignment) assignment['items'] = order['items'];
  state.orders.set(orderId, order);
  return order;
}
