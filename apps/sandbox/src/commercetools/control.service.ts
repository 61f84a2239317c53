/**
 * The writes behind the control API (`/_sandbox/commercetools/...`) and the demo seed: what a storefront, a PSP
 * integration or a merchant would do in a real project, applied through the same action handlers and commit path as
 * API calls, so versions, dates and Messages come out exactly as they would. Writes are recorded as made by the demo
 * storefront client (`COMMERCETOOLS_DEMO.storefrontClientId`).
 */
import { controlBadRequest, SandboxHttpError } from '../core';
import { applyActions, type ActionHandlers } from './actions';
import { INVENTORY_ACTIONS } from './catalog';
import { buildCustomer } from './customers';
import { COMMERCETOOLS_DEMO } from './demo.constants';
import { isJson, numAt, strAt, type Json } from './json';
import { buildOrder, type OrderDraftInput } from './order-builder';
import { ORDER_ACTIONS } from './orders';
import { buildPayment, PAYMENT_ACTIONS, TRANSACTION_STATES, TRANSACTION_TYPES } from './payments';
import type { Collection, CommercetoolsState, ModifiedBy } from './state';

export type TransactionInput = { type: (typeof TRANSACTION_TYPES)[number]; centAmount?: number; state?: (typeof TRANSACTION_STATES)[number]; timestamp?: string; interactionId?: string };

export type PaymentInput = {
  /** `paymentMethodInfo.method`, e.g. `creditCard` or `giftcard`. */
  method: string;
  paymentInterface?: string;
  /** Default: the order's total price. */
  amountPlannedCentAmount?: number;
  key?: string;
  interfaceId?: string;
  transactions?: TransactionInput[];
};

export class CommercetoolsControl {
  private readonly by: ModifiedBy = { clientId: COMMERCETOOLS_DEMO.storefrontClientId, isPlatformClient: false };

  constructor(private readonly state: CommercetoolsState) {}

  /** Finds an order by id or order number (404 `{message}` of the control API when unknown). */
  order(ref: string): Json {
    const found = this.state.data.orders.get(ref) ?? [...this.state.data.orders.values()].find((o) => o['orderNumber'] === ref);
    if (!found) throw new SandboxHttpError(404, { message: `no order with id or orderNumber '${ref}'` });
    return found;
  }

  payment(ref: string): Json {
    const found = this.state.data.payments.get(ref) ?? [...this.state.data.payments.values()].find((p) => p['key'] === ref);
    if (!found) throw new SandboxHttpError(404, { message: `no payment with id or key '${ref}'` });
    return found;
  }

  /** Runs update actions as the storefront (version taken from the record: control writes never conflict). */
  private update(collection: Collection, current: Json, actions: Json[], handlers: ActionHandlers): Json {
    const changed = applyActions(this.state, current, { version: current['version'], actions }, handlers);
    return changed ? this.state.commit(collection, changed.resource, changed.events, this.by, false) : current;
  }

  /** Creates an order (OrderCreated). */
  createOrder(draft: OrderDraftInput): Json {
    if (draft.storeKey !== undefined && ![...this.state.data.stores.values()].some((s) => s['key'] === draft.storeKey)) throw controlBadRequest('storeKey', `no store with key '${draft.storeKey}'`);
    const order = buildOrder(this.state, draft);
    return this.state.commit('orders', order, [{ type: 'OrderCreated', payload: (saved) => ({ order: saved }) }], this.by, true);
  }

  /** Creates a payment (PaymentCreated, then PaymentTransactionAdded per transaction) and adds it to the order (OrderPaymentAdded). */
  addPayment(orderRef: string, input: PaymentInput): { payment: Json; order: Json } {
    const order = this.order(orderRef);
    if (typeof input.method !== 'string' || input.method === '') throw controlBadRequest('method', 'method (paymentMethodInfo.method) is required, e.g. creditCard or giftcard');
    const total = order['totalPrice'] as Json;
    const currencyCode = String(total['currencyCode']);
    const draft: Json = { amountPlanned: { currencyCode, centAmount: input.amountPlannedCentAmount ?? numAt(total, 'centAmount') }, paymentMethodInfo: { method: input.method, paymentInterface: input.paymentInterface ?? 'sandbox-psp', name: { en: input.method } } };
    if (input.key !== undefined) draft['key'] = input.key;
    if (input.interfaceId !== undefined) draft['interfaceId'] = input.interfaceId;
    if (typeof order['customerId'] === 'string') draft['customer'] = { typeId: 'customer', id: order['customerId'] };
    let payment = this.state.commit('payments', buildPayment(this.state, draft), [{ type: 'PaymentCreated', payload: (saved) => ({ payment: saved }) }], this.by, true);
    for (const tx of input.transactions ?? []) payment = this.addTransaction(String(payment['id']), tx);
    const updated = this.update('orders', order, [{ action: 'addPayment', payment: { typeId: 'payment', id: payment['id'] } }], ORDER_ACTIONS);
    return { payment, order: updated };
  }

  /** Adds a transaction (PaymentTransactionAdded); the amount defaults to the payment's amountPlanned. */
  addTransaction(paymentRef: string, input: TransactionInput): Json {
    const payment = this.payment(paymentRef);
    if (!isJson(input)) throw controlBadRequest('body', 'the body must be a transaction {type, centAmount?, state?}');
    const planned = payment['amountPlanned'] as Json;
    const transaction: Json = { type: input.type, amount: { currencyCode: planned['currencyCode'], centAmount: input.centAmount ?? planned['centAmount'] }, state: input.state ?? 'Success' };
    if (input.timestamp !== undefined) transaction['timestamp'] = input.timestamp;
    else transaction['timestamp'] = this.state.nowIso();
    if (input.interactionId !== undefined) transaction['interactionId'] = input.interactionId;
    return this.update('payments', payment, [{ action: 'addTransaction', transaction }], PAYMENT_ACTIONS);
  }

  /** Changes a transaction's state (PaymentTransactionStateChanged: transactionId and state, no amount). */
  changeTransactionState(paymentRef: string, transactionId: string, state: string): Json {
    return this.update('payments', this.payment(paymentRef), [{ action: 'changeTransactionState', transactionId, state }], PAYMENT_ACTIONS);
  }

  changeOrderState(orderRef: string, orderState: string): Json {
    return this.update('orders', this.order(orderRef), [{ action: 'changeOrderState', orderState }], ORDER_ACTIONS);
  }

  changePaymentState(orderRef: string, paymentState: string): Json {
    return this.update('orders', this.order(orderRef), [{ action: 'changePaymentState', paymentState }], ORDER_ACTIONS);
  }

  changeShipmentState(orderRef: string, shipmentState: string): Json {
    return this.update('orders', this.order(orderRef), [{ action: 'changeShipmentState', shipmentState }], ORDER_ACTIONS);
  }

  /** Sets (`quantity`) or shifts (`delta`) the stock of the SKU's entry without supply channel (InventoryEntryQuantitySet). */
  changeStock(sku: string, change: { quantity?: number; delta?: number }): Json {
    const entry = [...this.state.data.inventory.values()].find((e) => e['sku'] === sku && e['supplyChannel'] === undefined);
    if (!entry) throw new SandboxHttpError(404, { message: `no inventory entry for SKU '${sku}'` });
    if (change.quantity !== undefined && Number.isSafeInteger(change.quantity)) return this.update('inventory', entry, [{ action: 'changeQuantity', quantity: change.quantity }], INVENTORY_ACTIONS);
    if (change.delta !== undefined && Number.isSafeInteger(change.delta)) {
      const action = change.delta >= 0 ? { action: 'addQuantity', quantity: change.delta } : { action: 'removeQuantity', quantity: -change.delta };
      return this.update('inventory', entry, [action], INVENTORY_ACTIONS);
    }
    throw controlBadRequest('quantity', 'give an integer quantity (absolute) or delta (relative)');
  }

  /** Creates a customer (CustomerCreated); `storeKeys` assigns it to stores. */
  createCustomer(draft: Json & { storeKeys?: string[] }): Json {
    const body: Json = { ...draft, stores: (draft.storeKeys ?? []).map((key) => ({ typeId: 'store', key })) };
    delete body['storeKeys'];
    return this.state.commit('customers', buildCustomer(this.state, body), [{ type: 'CustomerCreated', payload: (saved) => ({ customer: saved }) }], this.by, true);
  }

  /** Finds a transaction id of a payment by type (the newest of that type). */
  transactionId(paymentRef: string, type: string): string {
    const txs = (this.payment(paymentRef)['transactions'] as Json[]).filter((t) => t['type'] === type);
    const tx = txs[txs.length - 1];
    if (!tx) throw new SandboxHttpError(404, { message: `no ${type} transaction on payment '${paymentRef}'` });
    return String(strAt(tx, 'id'));
  }
}
