import { adobeCommerceInvoiceOrder, adobeCommercePlaceOrder, adobeCommerceRefundOrder, type PlaceOrderInput } from '@mlc/sandbox';

/** A Norwegian order in NOK at the demo Adobe Commerce store: a configurable tee (parent and child item) and a mug. */
export function norwegianAdobeCommerceOrder(email: string, firstname: string, lastname: string): PlaceOrderInput {
  return {
    email,
    firstname,
    lastname,
    currency: 'NOK',
    address: { street: ['Storgata 1'], city: 'Oslo', postcode: '0155', country_id: 'NO', telephone: '+4722000000' },
    lines: [
      { sku: 'WS12-M-Orange', qty: 2 },
      { sku: 'NL-MUG-01', qty: 1 },
    ],
  } as PlaceOrderInput;
}

/**
 * Live activity at the demo Adobe Commerce store (through its control API, which runs the same code as the REST API and
 * fires the same webhooks): two orders, each invoiced and captured (Commerce invoice state 2, a paid capture), and a
 * credit memo of the first once its Visma invoice exists. Returns the order ids.
 */
export async function playAdobeCommerceOrders(storeUrl: string, waitForInvoice: (orderId: string) => Promise<void>): Promise<string[]> {
  const ids: string[] = [];
  for (const [email, first, last] of [['astrid.lie@example.no', 'Astrid', 'Lie'], ['ola.dahl@example.no', 'Ola', 'Dahl']] as const) {
    const order = (await adobeCommercePlaceOrder(storeUrl, norwegianAdobeCommerceOrder(email, first, last))) as { entity_id?: number };
    if (typeof order.entity_id !== 'number') throw new Error(`demo Adobe Commerce order could not be placed: ${JSON.stringify(order)}`);
    await adobeCommerceInvoiceOrder(storeUrl, order.entity_id, { capture: true });
    ids.push(String(order.entity_id));
  }
  const firstId = ids[0];
  if (firstId) {
    await waitForInvoice(firstId);
    await adobeCommerceRefundOrder(storeUrl, Number(firstId), { arguments: { shipping_amount: 0 } });
  }
  return ids;
}
