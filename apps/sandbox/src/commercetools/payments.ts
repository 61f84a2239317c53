/**
 * Payments (openapi.yaml `Payment`, `PaymentDraft`, `Transaction`, `TransactionDraft`; examples/payment*.json and
 * examples/Payment/*Action.json). Transaction types Authorization, CancelAuthorization, Charge, Refund, Chargeback;
 * states Initial (the default), Pending, Success, Failure. Messages: PaymentCreated `{payment}`,
 * PaymentTransactionAdded `{transaction}` (with its amount), PaymentTransactionStateChanged `{transactionId, state}`
 * (no amount: consumers must read the Payment to learn it).
 */
import { requiredEnum, requiredString, type ActionHandlers } from './actions';
import { duplicateField, invalidJson, invalidOperation } from './errors';
import { clone, compact, isJson, listAt, objAt, strAt, type Json } from './json';
import { moneyFromDraft } from './money';
import type { CommercetoolsState } from './state';

export const TRANSACTION_TYPES = ['Authorization', 'CancelAuthorization', 'Charge', 'Refund', 'Chargeback'] as const;
export const TRANSACTION_STATES = ['Initial', 'Pending', 'Success', 'Failure'] as const;

/** A Transaction from a TransactionDraft (`state` defaults to Initial). */
export function buildTransaction(state: CommercetoolsState, draft: unknown, field: string): Json {
  if (!isJson(draft)) throw invalidJson(`${field}: Missing required value`);
  const type = requiredEnum(draft, 'type', TRANSACTION_TYPES);
  const txState = draft['state'] === undefined ? 'Initial' : requiredEnum(draft, 'state', TRANSACTION_STATES);
  return compact({ id: state.newId(), timestamp: strAt(draft, 'timestamp'), type, amount: moneyFromDraft(draft['amount'], `${field} -> amount`), interactionId: strAt(draft, 'interactionId'), state: txState, interfaceId: strAt(draft, 'interfaceId') });
}

/** A Payment from a PaymentDraft; the caller commits it with a PaymentCreated message. */
export function buildPayment(state: CommercetoolsState, draft: unknown): Json {
  if (!isJson(draft)) throw invalidJson('The request body must be a JSON object.');
  const key = strAt(draft, 'key');
  if (key !== undefined && [...state.data.payments.values()].some((p) => p['key'] === key)) throw duplicateField('key', key, `A duplicate value '"${key}"' exists for field 'key'.`);
  const methodInfo = objAt(draft, 'paymentMethodInfo') ?? {};
  return compact({
    id: state.newId(),
    key,
    customer: objAt(draft, 'customer') ? { typeId: 'customer', id: strAt(objAt(draft, 'customer') ?? {}, 'id') } : undefined,
    anonymousId: strAt(draft, 'anonymousId'),
    interfaceId: strAt(draft, 'interfaceId'),
    amountPlanned: moneyFromDraft(draft['amountPlanned'], 'amountPlanned'),
    paymentMethodInfo: compact({ paymentInterface: strAt(methodInfo, 'paymentInterface'), method: strAt(methodInfo, 'method'), name: objAt(methodInfo, 'name'), interfaceAccount: strAt(methodInfo, 'interfaceAccount') }),
    paymentStatus: clone(objAt(draft, 'paymentStatus') ?? {}),
    transactions: (Array.isArray(draft['transactions']) ? draft['transactions'] : []).map((t, i) => buildTransaction(state, t, `transactions[${i}]`)),
    interfaceInteractions: [],
  });
}

function transactionOf(payment: Json, id: string): Json {
  const tx = listAt(payment, 'transactions').find((t) => t['id'] === id);
  if (!tx) throw invalidOperation(`The transaction with ID '${id}' does not exist on the payment.`);
  return tx;
}

/** Payment update actions the sandbox implements. */
export const PAYMENT_ACTIONS: ActionHandlers = {
  addTransaction: (payment, action, { state, events }) => {
    const tx = buildTransaction(state, action['transaction'], 'actions -> transaction');
    payment['transactions'] = [...listAt(payment, 'transactions'), tx];
    events.push({ type: 'PaymentTransactionAdded', payload: { transaction: clone(tx) } });
  },
  changeTransactionState: (payment, action, { events }) => {
    const tx = transactionOf(payment, requiredString(action, 'transactionId'));
    const next = requiredEnum(action, 'state', TRANSACTION_STATES);
    if (tx['state'] === next) return;
    tx['state'] = next;
    events.push({ type: 'PaymentTransactionStateChanged', payload: { transactionId: tx['id'], state: next } });
  },
  changeTransactionTimestamp: (payment, action) => {
    transactionOf(payment, requiredString(action, 'transactionId'))['timestamp'] = requiredString(action, 'timestamp');
  },
  changeTransactionInteractionId: (payment, action) => {
    transactionOf(payment, requiredString(action, 'transactionId'))['interactionId'] = requiredString(action, 'interactionId');
  },
  changeAmountPlanned: (payment, action) => {
    payment['amountPlanned'] = moneyFromDraft(action['amount'], 'actions -> amount');
  },
  setKey: (payment, action) => {
    const key = strAt(action, 'key');
    if (key === undefined) delete payment['key'];
    else payment['key'] = key;
  },
  setMethodInfoMethod: (payment, action) => {
    const info = objAt(payment, 'paymentMethodInfo') ?? {};
    payment['paymentMethodInfo'] = compact({ ...info, method: strAt(action, 'method') });
  },
  setMethodInfoInterface: (payment, action) => {
    const info = objAt(payment, 'paymentMethodInfo') ?? {};
    payment['paymentMethodInfo'] = { ...info, paymentInterface: requiredString(action, 'interface') };
  },
  setInterfaceId: (payment, action, { events }) => {
    payment['interfaceId'] = requiredString(action, 'interfaceId');
    events.push({ type: 'PaymentInterfaceIdSet', payload: { interfaceId: payment['interfaceId'] } });
  },
};
