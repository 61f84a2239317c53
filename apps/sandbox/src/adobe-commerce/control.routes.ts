/**
 * The Adobe Commerce sandbox's own control routes (never faulted, never in the request log; shapes in
 * apps/sandbox/README.md § Adobe Commerce):
 * - `GET /_sandbox/webhook-deliveries?after=&limit=&webhookMethod=&outcome=` → `{deliveries, next, truncated?}`;
 * - `GET|PATCH /_sandbox/adobe-commerce/settings` `{isWebhookModuleEnabled?, isWebhookSignatureEnabled?,
 *   isIntegrationAsBearerEnabled?}` → the settings;
 * - `GET /_sandbox/adobe-commerce/webhook-public-key` → `{publicKey}` (PEM, as the Admin's webhook configuration
 *   page shows it); `POST /_sandbox/adobe-commerce/webhook-key-pair` → a new pair, `{publicKey}`;
 * - `GET /_sandbox/adobe-commerce/webhooks` → `{webhooks}` (the subscriptions);
 * - `POST /_sandbox/adobe-commerce/ims/expire-tokens` → 204: every issued IMS token is expired;
 * - `POST /_sandbox/adobe-commerce/orders` (PlaceOrderInput: `{customerId?|email, currency?, lines: [{sku, qty,
 *   price?, discountPercent?}], shippingAmount?, address?}`) → 201 the order; `POST
 *   /_sandbox/adobe-commerce/orders/:id/invoice` `{capture?, items?}` → 201 the invoice; `POST
 *   /_sandbox/adobe-commerce/orders/:id/refund` `{items?, arguments?}` → 201 the credit memo; `POST
 *   /_sandbox/adobe-commerce/customers` `{customer}` → 201 the customer. These run the same code as the REST routes
 *   and fire the same webhooks (a required hook's failure answers its 400), without credentials.
 */
import { controlBadRequest, readCursorQuery, type SandboxRouter, type SandboxResponse } from '../core';
import { saveCustomer } from './customers.routes';
import { placeOrder, type BuildContext, type PlaceOrderInput } from './order-builder';
import { phpJsonEncode, type SavedEvent } from './rest-server';
import { orderEvent, renderOrder } from './sales.routes';
import { invoiceOrder, refundOrder, type RefundArguments } from './sales-documents';
import { clone, num, snakeKeys, type AdobeCommerceSettings, type AdobeCommerceState, type Json } from './state';
import type { AdobeCommerceWebhookDeliveryOutcome, AdobeCommerceWebhookDispatcher } from './webhook-dispatcher.service';
import { SandboxHttpError } from '../core';

const OUTCOMES: readonly AdobeCommerceWebhookDeliveryOutcome[] = ['delivered', 'failed', 'dropped', 'delayed', 'skipped'];
const SETTINGS: ReadonlyArray<keyof AdobeCommerceSettings> = ['isWebhookModuleEnabled', 'isWebhookSignatureEnabled', 'isIntegrationAsBearerEnabled'];

export type ControlDeps = {
  state: AdobeCommerceState;
  dispatcher: AdobeCommerceWebhookDispatcher;
  build: () => BuildContext;
  nowMs: () => number;
  publicKey: () => string;
  regenerate: () => string;
  expireImsTokens: () => void;
};

function objectBody(body: unknown): Json {
  if (body === undefined) return {};
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw controlBadRequest('body', 'the body must be a JSON object');
  return body as Json;
}

function requested(body: Json): Array<{ order_item_id: number; qty: number }> | undefined {
  return Array.isArray(body['items']) ? (body['items'] as Json[]).map((i) => ({ order_item_id: num(i, 'order_item_id'), qty: num(i, 'qty') })) : undefined;
}

export function registerControlRoutes(router: SandboxRouter, deps: ControlDeps): void {
  const { state, dispatcher } = deps;
  /** Runs a write and its webhooks, answering like the REST route would (Magento errors keep their shape). */
  const write = async (run: (saved: (e: SavedEvent) => void) => unknown): Promise<SandboxResponse> => {
    const events: SavedEvent[] = [];
    let result: unknown;
    try {
      result = run((e) => events.push(e));
    } catch (err) {
      if (err instanceof SandboxHttpError) return { status: err.status, body: err.body };
      throw err;
    }
    const failure = await dispatcher.run(events);
    if (failure) return failure;
    return { status: 201, headers: { 'content-type': 'application/json; charset=utf-8' }, body: phpJsonEncode(result) };
  };
  router
    .add('GET', '/_sandbox/webhook-deliveries', (req) => {
      const cursor = readCursorQuery(req.query);
      const method = req.query.get('webhookMethod') ?? req.query.get('scope');
      const outcome = req.query.get('outcome');
      const wanted = OUTCOMES.find((o) => o === outcome);
      if (outcome && !wanted) throw controlBadRequest('outcome', `outcome must be one of ${OUTCOMES.join(', ')}`);
      const page = dispatcher.readDeliveries({ ...cursor, ...(method ? { webhookMethod: method } : {}), ...(wanted ? { outcome: wanted } : {}) });
      return { status: 200, body: { deliveries: page.deliveries, next: page.next, ...(page.truncated ? { truncated: true } : {}) } };
    })
    .add('GET', '/_sandbox/adobe-commerce/settings', () => ({ status: 200, body: { ...state.settings } }))
    .add('PATCH', '/_sandbox/adobe-commerce/settings', (req) => {
      const body = objectBody(req.body);
      for (const [name, value] of Object.entries(body)) {
        if (!SETTINGS.includes(name as keyof AdobeCommerceSettings)) throw controlBadRequest(name, `unknown setting ${name}; one of ${SETTINGS.join(', ')}`);
        if (typeof value !== 'boolean') throw controlBadRequest(name, `${name} must be a boolean`);
        state.settings = { ...state.settings, [name]: value };
      }
      return { status: 200, body: { ...state.settings } };
    })
    .add('GET', '/_sandbox/adobe-commerce/webhook-public-key', () => ({ status: 200, body: { publicKey: deps.publicKey() } }))
    .add('POST', '/_sandbox/adobe-commerce/webhook-key-pair', () => ({ status: 201, body: { publicKey: deps.regenerate() } }))
    .add('GET', '/_sandbox/adobe-commerce/webhooks', () => ({ status: 200, body: { webhooks: state.webhooks.map(clone) } }))
    .add('POST', '/_sandbox/adobe-commerce/ims/expire-tokens', () => {
      deps.expireImsTokens();
      return { status: 204 };
    })
    .add('POST', '/_sandbox/adobe-commerce/orders', (req) =>
      write((saved) => {
        const body = objectBody(req.body);
        if (!Array.isArray(body['lines'])) throw controlBadRequest('lines', 'lines must be an array of {sku, qty}');
        const order = placeOrder(deps.build(), body as unknown as PlaceOrderInput);
        saved(orderEvent(order));
        return renderOrder(order);
      }),
    )
    .add('POST', '/_sandbox/adobe-commerce/orders/:id/invoice', (req) =>
      write((saved) => {
        const body = snakeKeys(objectBody(req.body)) as Json;
        const items = requested(body);
        const invoice = invoiceOrder(state, Number(req.params['id']), { capture: body['capture'] === true, ...(items ? { items } : {}) }, deps.nowMs());
        saved({ eventName: 'sales_order_invoice_save_after', data: { data_object: clone(invoice), invoice: clone(invoice) } });
        const order = state.orders.get(num(invoice, 'order_id'));
        if (order) saved(orderEvent(order));
        return clone(invoice);
      }),
    )
    .add('POST', '/_sandbox/adobe-commerce/orders/:id/refund', (req) =>
      write((saved) => {
        const body = snakeKeys(objectBody(req.body)) as Json;
        const items = requested(body);
        const memo = refundOrder(state, Number(req.params['id']), { ...(items ? { items } : {}), arguments: ((body['arguments'] as RefundArguments | undefined) ?? {}) }, deps.nowMs());
        saved({ eventName: 'sales_order_creditmemo_save_after', data: { data_object: clone(memo), creditmemo: clone(memo) } });
        const order = state.orders.get(num(memo, 'order_id'));
        if (order) saved(orderEvent(order));
        return clone(memo);
      }),
    )
    .add('POST', '/_sandbox/adobe-commerce/customers', (req) =>
      write((saved) => {
        const input = snakeKeys(objectBody(req.body)['customer']) as Json | undefined;
        if (!input || typeof input !== 'object') throw controlBadRequest('customer', 'customer must be an object');
        const customer = saveCustomer(state, input, deps.nowMs());
        saved({ eventName: 'customer_save_after_data_object', data: { customer_data_object: clone(customer), orig_customer_data_object: null } });
        saved({ eventName: 'customer_save_after', data: { data_object: clone(customer), customer: clone(customer) } });
        return clone(customer);
      }),
    );
}
