/**
 * Fills the sandbox (see seed/README.md for the files and their source):
 * - always: the catalog's system attributes and the demo products (catalog.ts);
 * - with `seed`: the tutorial's records kept byte-for-byte — order 3 (`tutorial.GET-v1-orders-3.response.elided.json`,
 *   USD, one item shown), invoice 3 (`tutorial.GET-v1-invoices-3.response.json`, paid), customer 2
 *   (`tutorial.POST-v1-customers.response.json`) — then OUR demo records, computed by the same code as API calls:
 *   customers 10 (Norway) and 11 (Sweden); order 4 (NOK, 25 % and 15 % lines, a SKU with `/`, invoiced and paid,
 *   one mug refunded by credit memo 4), order 5 (SEK, a configurable hoodie as parent + child with 10 % off, invoiced
 *   but not captured: invoice state 1), order 6 (NOK guest, virtual product, new).
 */
import { seedCatalog } from './catalog';
import { placeOrder, type BuildContext } from './order-builder';
import { invoiceOrder, refundOrder } from './sales-documents';
import { saveCustomer } from './customers.routes';
import { itemsOf, num, type AdobeCommerceState, type Json } from './state';
import order3 from './seed/tutorial.GET-v1-orders-3.response.elided.json';
import invoice3 from './seed/tutorial.GET-v1-invoices-3.response.json';
import customer2 from './seed/tutorial.POST-v1-customers.response.json';

const DAY = 86_400_000;
/** Demo records are dated from this instant on (2025-11-03 08:00:00 UTC). */
const DEMO_START_MS = Date.UTC(2025, 10, 3, 8, 0, 0);

function observeOrder(state: AdobeCommerceState, order: Json): void {
  state.observe('order', num(order, 'entity_id'));
  state.observe('quote', num(order, 'quote_id'));
  for (const item of itemsOf(order)) state.observe('orderItem', num(item, 'item_id'));
  state.observe('address', num(order['billing_address'] as Json, 'entity_id'));
  state.observe('payment', num(order['payment'] as Json, 'entity_id'));
  const assignments = (order['extension_attributes'] as Json | undefined)?.['shipping_assignments'];
  for (const a of Array.isArray(assignments) ? (assignments as Json[]) : []) state.observe('address', num((a['shipping'] as Json)['address'] as Json, 'entity_id'));
}

/** Loads the examples and the demo records into a freshly reset state. */
export function loadSeed(state: AdobeCommerceState, build: () => BuildContext, nowMs: number, seed: boolean): void {
  seedCatalog(state, seed ? DEMO_START_MS - 30 * DAY : nowMs);
  if (!seed) return;
  const order = structuredClone(order3) as unknown as Json;
  state.orders.set(3, order);
  observeOrder(state, order);
  const invoice = structuredClone(invoice3) as unknown as Json;
  state.invoices.set(3, invoice);
  state.observe('invoice', 3);
  for (const item of itemsOf(invoice)) state.observe('invoiceItem', num(item, 'entity_id'));
  const customer = structuredClone(customer2) as unknown as Json;
  state.customers.set(2, customer);
  state.observe('customer', 9);
  state.observe('customerAddress', 9);
  state.observe('order', 3);
  state.observe('creditmemo', 3);
  state.observe('invoice', 3);

  const kari = saveCustomer(state, {
    email: 'kari.nordmann@example.no', firstname: 'Kari', lastname: 'Nordmann', taxvat: 'NO999888777MVA',
    addresses: [{ firstname: 'Kari', lastname: 'Nordmann', street: ['Storgata 12'], city: 'Oslo', postcode: '0155', country_id: 'NO', telephone: '+47 912 34 567', default_billing: true, default_shipping: true, region: {} }],
  }, DEMO_START_MS);
  const sven = saveCustomer(state, {
    email: 'sven.svensson@example.se', firstname: 'Sven', lastname: 'Svensson',
    addresses: [{ firstname: 'Sven', lastname: 'Svensson', street: ['Drottninggatan 5'], city: 'Stockholm', postcode: '111 51', country_id: 'SE', telephone: '+46 8 123 456', default_billing: true, default_shipping: true, region: {} }],
  }, DEMO_START_MS + 1000);

  const ctx = build();
  const at = (days: number, hours = 0): number => DEMO_START_MS + days * DAY + hours * 3_600_000;
  const norwegian = placeOrder({ ...ctx, nowMs: at(1) }, {
    customerId: Number(kari['id']), currency: 'NOK',
    lines: [{ sku: 'NL-MUG-01', qty: 2 }, { sku: 'NL-COFFEE-500', qty: 1 }, { sku: 'NL-WAX/50', qty: 1 }],
    shippingAmount: 49, createdAtMs: at(1),
  });
  const norwegianId = num(norwegian, 'entity_id');
  invoiceOrder(state, norwegianId, { capture: true }, at(1, 2));
  const mug = itemsOf(norwegian).find((i) => i['sku'] === 'NL-MUG-01');
  refundOrder(state, norwegianId, { items: [{ order_item_id: num(mug ?? {}, 'item_id'), qty: 1 }], arguments: { shipping_amount: 0 } }, at(3));

  const swedish = placeOrder({ ...ctx, nowMs: at(2) }, {
    customerId: Number(sven['id']), currency: 'SEK',
    lines: [{ sku: 'MH01-S-Gray', qty: 1, discountPercent: 10 }, { sku: 'WS12-M-Orange', qty: 2 }],
    createdAtMs: at(2),
  });
  invoiceOrder(state, num(swedish, 'entity_id'), { capture: false }, at(2, 1));

  placeOrder({ ...ctx, nowMs: at(4) }, { email: 'ola.guest@example.no', firstname: 'Ola', lastname: 'Gjest', currency: 'NOK', lines: [{ sku: '240-LV08', qty: 1 }], createdAtMs: at(4) });
}
