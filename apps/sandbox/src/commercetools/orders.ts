/**
 * Order update actions (openapi.yaml `OrderUpdateAction`; examples/Order/OrderChangeOrderStateAction.json,
 * OrderChangePaymentStateAction.json, OrderAddPaymentAction.json, …) and their Messages: OrderStateChanged
 * `{orderState, oldOrderState}`, OrderPaymentStateChanged `{paymentState, oldPaymentState}`,
 * OrderShipmentStateChanged `{shipmentState, oldShipmentState}`, OrderPaymentAdded `{paymentRef}`, … Orders
 * themselves are created through the control API (the API creates them from Carts, which the sandbox does not model).
 */
import { requiredEnum, requiredString, type ActionHandlers } from './actions';
import { invalidJson, invalidOperation } from './errors';
import { compact, isJson, listAt, objAt, strAt, type Json } from './json';
import type { CommercetoolsState } from './state';

export const ORDER_STATES = ['Open', 'Confirmed', 'Complete', 'Cancelled'] as const;
export const PAYMENT_STATES = ['BalanceDue', 'Failed', 'Pending', 'CreditOwed', 'Paid'] as const;
export const SHIPMENT_STATES = ['Shipped', 'Delivered', 'Ready', 'Pending', 'Delayed', 'Partial', 'Backorder', 'Canceled'] as const;

function paymentRef(state: CommercetoolsState, action: Json): Json {
  const ident = objAt(action, 'payment');
  const id = ident ? strAt(ident, 'id') : undefined;
  const key = ident ? strAt(ident, 'key') : undefined;
  const payment = id ? state.data.payments.get(id) : key ? [...state.data.payments.values()].find((p) => p['key'] === key) : undefined;
  if (!ident) throw invalidJson('actions -> payment: Missing required value');
  if (!payment) throw invalidOperation(`The referenced object of type 'payment' '${id ?? key ?? ''}' was not found. It either doesn't exist, or it can't be accessed from this endpoint.`);
  return { typeId: 'payment', id: payment['id'] };
}

/** Order update actions the sandbox implements. */
export const ORDER_ACTIONS: ActionHandlers = {
  changeOrderState: (order, action, { events }) => {
    const next = requiredEnum(action, 'orderState', ORDER_STATES);
    const old = strAt(order, 'orderState');
    if (old === next) return;
    order['orderState'] = next;
    events.push({ type: 'OrderStateChanged', payload: compact({ orderState: next, oldOrderState: old }) });
  },
  changePaymentState: (order, action, { events }) => {
    const next = requiredEnum(action, 'paymentState', PAYMENT_STATES);
    const old = strAt(order, 'paymentState');
    if (old === next) return;
    order['paymentState'] = next;
    events.push({ type: 'OrderPaymentStateChanged', payload: compact({ paymentState: next, oldPaymentState: old }) });
  },
  changeShipmentState: (order, action, { events }) => {
    const next = requiredEnum(action, 'shipmentState', SHIPMENT_STATES);
    const old = strAt(order, 'shipmentState');
    if (old === next) return;
    order['shipmentState'] = next;
    events.push({ type: 'OrderShipmentStateChanged', payload: compact({ shipmentState: next, oldShipmentState: old }) });
  },
  addPayment: (order, action, { state, events }) => {
    const ref = paymentRef(state, action);
    const payments = listAt(objAt(order, 'paymentInfo') ?? {}, 'payments');
    if (payments.some((p) => p['id'] === ref['id'])) throw invalidOperation(`The payment '${String(ref['id'])}' is already part of the order.`);
    order['paymentInfo'] = { payments: [...payments, ref] };
    events.push({ type: 'OrderPaymentAdded', payload: { paymentRef: ref } });
  },
  removePayment: (order, action, { state, events }) => {
    const ref = paymentRef(state, action);
    const payments = listAt(objAt(order, 'paymentInfo') ?? {}, 'payments').filter((p) => p['id'] !== ref['id']);
    order['paymentInfo'] = { payments };
    events.push({ type: 'OrderPaymentRemoved', payload: { payment: ref, removedPaymentInfo: true } });
  },
  setOrderNumber: (order, action) => {
    const orderNumber = strAt(action, 'orderNumber');
    if (order['orderNumber'] !== undefined) throw invalidOperation('The order number of an order can only be set once.');
    order['orderNumber'] = orderNumber;
  },
  setCustomerEmail: (order, action, { events }) => {
    const old = strAt(order, 'customerEmail');
    const email = strAt(action, 'email');
    order['customerEmail'] = email;
    events.push({ type: 'OrderCustomerEmailSet', payload: compact({ email, oldEmail: old }) });
  },
  setPurchaseOrderNumber: (order, action, { events }) => {
    const old = strAt(order, 'purchaseOrderNumber');
    const value = strAt(action, 'purchaseOrderNumber');
    order['purchaseOrderNumber'] = value;
    events.push({ type: 'OrderPurchaseOrderNumberSet', payload: compact({ purchaseOrderNumber: value, oldPurchaseOrderNumber: old }) });
  },
  updateSyncInfo: (order, action) => {
    const channel = objAt(action, 'channel');
    if (!channel || !isJson(channel)) throw invalidJson('actions -> channel: Missing required value');
    const entry = compact({ channel: { typeId: 'channel', id: strAt(channel, 'id') ?? strAt(channel, 'key') }, externalId: strAt(action, 'externalId'), syncedAt: strAt(action, 'syncedAt') ?? new Date().toISOString() });
    order['syncInfo'] = [...listAt(order, 'syncInfo'), entry];
  },
  setStore: (order, action) => {
    const store = objAt(action, 'store');
    order['store'] = store ? { typeId: 'store', key: requiredString(store, 'key') } : undefined;
  },
};
