/**
 * Control routes of the commercetools sandbox (paths under `/_sandbox/commercetools/`, never faulted or logged),
 * beside the core ones (`/_sandbox/faults`, `/_sandbox/requests`, `/_sandbox/reset`; core/control-api.ts).
 * Body shapes are documented in apps/sandbox/src/commercetools/README.md. Errors of the control API are
 * `{message, field?}`; writes go through CommercetoolsControl, so they produce Messages like API writes.
 */
import { controlBadRequest, readCursorQuery, type SandboxRouter } from '../core';
import { expireTokens } from './auth';
import type { CommercetoolsControl, PaymentInput, TransactionInput } from './control.service';
import type { CommercetoolsClient } from './demo.constants';
import { clone, isJson, type Json } from './json';
import type { OrderDraftInput } from './order-builder';
import type { CommercetoolsState } from './state';

export type ControlRouteDeps = { state: CommercetoolsState; control: CommercetoolsControl; reset: () => void };

function objectBody(body: unknown): Json {
  if (body === undefined) return {};
  if (!isJson(body)) throw controlBadRequest('body', 'the body must be a JSON object');
  return body;
}

function stringField(body: Json, name: string): string {
  const v = body[name];
  if (typeof v !== 'string' || v === '') throw controlBadRequest(name, `${name} must be a non-empty string`);
  return v;
}

function clientsOf(body: Json): CommercetoolsClient[] {
  const list = body['clients'];
  if (!Array.isArray(list)) throw controlBadRequest('clients', 'clients must be an array of {clientId, clientSecret, scopes}');
  return list.map((c, i) => {
    if (!isJson(c) || typeof c['clientId'] !== 'string' || typeof c['clientSecret'] !== 'string' || !Array.isArray(c['scopes']) || !c['scopes'].every((s) => typeof s === 'string')) {
      throw controlBadRequest(`clients[${i}]`, 'each client needs clientId, clientSecret and scopes (strings)');
    }
    return { clientId: c['clientId'], clientSecret: c['clientSecret'], scopes: [...c['scopes']] };
  });
}

const publicClient = (c: CommercetoolsClient): Json => ({ clientId: c.clientId, scopes: [...c.scopes] });

export function registerControlRoutes(router: SandboxRouter, { state, control, reset }: ControlRouteDeps): void {
  const base = '/_sandbox/commercetools';
  router
    .add('GET', `${base}/project`, () => ({ status: 200, body: clone(state.project) }))
    .add('PATCH', `${base}/project`, (req) => {
      const body = objectBody(req.body);
      const messages = body['messages'];
      if (messages !== undefined) {
        if (!isJson(messages) || typeof messages['enabled'] !== 'boolean') throw controlBadRequest('messages', 'messages must be {enabled: boolean, deleteDaysAfterCreation?: integer}');
        const days = messages['deleteDaysAfterCreation'];
        if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1)) throw controlBadRequest('messages.deleteDaysAfterCreation', 'deleteDaysAfterCreation must be an integer ≥ 1');
        state.project.messages = { enabled: messages['enabled'], ...(typeof days === 'number' ? { deleteDaysAfterCreation: days } : {}) };
      }
      const mode = body['messagesWhenDisabled'];
      if (mode !== undefined) {
        if (mode !== 'empty' && mode !== 'reject') throw controlBadRequest('messagesWhenDisabled', "messagesWhenDisabled must be 'empty' or 'reject'");
        state.project.messagesWhenDisabled = mode;
      }
      return { status: 200, body: clone(state.project) };
    })
    .add('GET', `${base}/clients`, () => ({ status: 200, body: { clients: [...state.clients.values()].map(publicClient) } }))
    .add('PUT', `${base}/clients`, (req) => {
      state.clients = new Map(clientsOf(objectBody(req.body)).map((c) => [c.clientId, c]));
      return { status: 200, body: { clients: [...state.clients.values()].map(publicClient) } };
    })
    .add('POST', `${base}/clients`, (req) => {
      const [client] = clientsOf({ clients: [objectBody(req.body)] });
      if (client) state.clients.set(client.clientId, client);
      return { status: 201, body: { clients: [...state.clients.values()].map(publicClient) } };
    })
    .add('POST', `${base}/tokens/expire`, () => {
      expireTokens(state);
      return { status: 204 };
    })
    .add('POST', `${base}/orders`, (req) => ({ status: 201, body: clone(control.createOrder(objectBody(req.body) as unknown as OrderDraftInput)) }))
    .add('POST', `${base}/orders/:order/payments`, (req) => ({ status: 201, body: clone(control.addPayment(req.params['order'] ?? '', objectBody(req.body) as unknown as PaymentInput)) }))
    .add('POST', `${base}/orders/:order/cancel`, (req) => ({ status: 200, body: clone(control.changeOrderState(req.params['order'] ?? '', 'Cancelled')) }))
    .add('POST', `${base}/orders/:order/state`, (req) => {
      const body = objectBody(req.body);
      const ref = req.params['order'] ?? '';
      let order = control.order(ref);
      if (typeof body['orderState'] === 'string') order = control.changeOrderState(ref, body['orderState']);
      if (typeof body['paymentState'] === 'string') order = control.changePaymentState(ref, body['paymentState']);
      if (typeof body['shipmentState'] === 'string') order = control.changeShipmentState(ref, body['shipmentState']);
      return { status: 200, body: clone(order) };
    })
    .add('POST', `${base}/payments/:payment/transactions`, (req) => ({ status: 201, body: clone(control.addTransaction(req.params['payment'] ?? '', objectBody(req.body) as unknown as TransactionInput)) }))
    .add('POST', `${base}/payments/:payment/transactions/:transaction/state`, (req) => {
      const body = objectBody(req.body);
      return { status: 200, body: clone(control.changeTransactionState(req.params['payment'] ?? '', req.params['transaction'] ?? '', stringField(body, 'state'))) };
    })
    .add('POST', `${base}/inventory/:sku`, (req) => {
      const body = objectBody(req.body);
      const pick = (name: string): { [k: string]: number } => (typeof body[name] === 'number' ? { [name]: body[name] } : {});
      return { status: 200, body: clone(control.changeStock(req.params['sku'] ?? '', { ...pick('quantity'), ...pick('delta') })) };
    })
    .add('POST', `${base}/customers`, (req) => ({ status: 201, body: clone(control.createCustomer(objectBody(req.body))) }))
    .add('GET', `${base}/messages`, (req) => {
      const { after, limit } = readCursorQuery(req.query);
      const type = req.query.get('type');
      const all = state.messages.map((m, i) => ({ seq: i + 1, message: m })).filter((e) => e.seq > after && (!type || e.message['type'] === type));
      const page = limit !== undefined ? all.slice(0, limit) : all;
      return { status: 200, body: { messages: page.map((e) => clone(e.message)), next: page[page.length - 1]?.seq ?? after } };
    })
    .add('POST', `${base}/reset`, () => {
      reset();
      return { status: 204 };
    });
}
