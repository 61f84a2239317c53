import type { Message, Payment } from '@commercetools/platform-sdk';
import { startCommercetoolsSandbox, type RunningCommercetoolsSandbox } from '../../../../apps/sandbox/src/commercetools';
import paymentExample from '../../../../apps/sandbox/src/commercetools/seed/payment.example.json';
import { control, sdk, sdkError } from './support';

describe('commercetools sandbox payments, locking and messages', () => {
  let sandbox: RunningCommercetoolsSandbox;

  beforeAll(async () => {
    sandbox = await startCommercetoolsSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  const messagesOf = async (resourceId: string): Promise<Message[]> =>
    (await sdk(sandbox).messages().get({ queryArgs: { where: 'resource(id = :id)', 'var.id': resourceId, sort: 'sequenceNumber asc' } }).execute()).body.results;

  it('should read the seeded demo payments by key with their transactions', async () => {
    const client = sdk(sandbox);
    const refunded = (await client.payments().withKey({ key: 'pay-NO-1002' }).get().execute()).body;
    expect(refunded.transactions.map((t) => [t.type, t.state])).toEqual([['Charge', 'Success'], ['Refund', 'Success']]);
    expect(refunded.transactions[1]?.amount).toEqual({ type: 'centPrecision', currencyCode: 'NOK', centAmount: 10_000, fractionDigits: 2 });
    const cancelled = (await client.payments().withKey({ key: 'pay-NO-1004' }).get().execute()).body;
    expect(cancelled.transactions.map((t) => t.type)).toEqual(['Authorization', 'CancelAuthorization']);
    const order = (await client.orders().withOrderNumber({ orderNumber: 'NO-1004' }).get().execute()).body;
    expect(order.orderState).toBe('Cancelled');
    const example = (await client.payments().withId({ ID: paymentExample.id }).get().execute()).body;
    expect(example).toEqual(paymentExample);
  });

  it('should add a transaction, change its state and emit the two messages (the state change without amount)', async () => {
    const client = sdk(sandbox);
    const payment: Payment = (await client.payments().withKey({ key: 'pay-SE-2002' }).get().execute()).body;
    const added = await client.payments().withId({ ID: payment.id }).post({ body: { version: payment.version, actions: [{ action: 'addTransaction', transaction: { type: 'Refund', amount: { currencyCode: 'SEK', centAmount: 1_500 }, state: 'Pending' } }] } }).execute();
    expect(added.body.version).toBe(payment.version + 1);
    const refund = added.body.transactions.find((t) => t.type === 'Refund');
    if (!refund) throw new Error('refund transaction missing');
    expect(refund.amount).toEqual({ type: 'centPrecision', currencyCode: 'SEK', centAmount: 1_500, fractionDigits: 2 });
    const changed = await client.payments().withId({ ID: payment.id }).post({ body: { version: added.body.version, actions: [{ action: 'changeTransactionState', transactionId: refund.id, state: 'Success' }] } }).execute();
    expect(changed.body.transactions.find((t) => t.id === refund.id)?.state).toBe('Success');

    const messages = await messagesOf(payment.id);
    const types = messages.map((m) => m.type);
    expect(types.slice(-2)).toEqual(['PaymentTransactionAdded', 'PaymentTransactionStateChanged']);
    expect(messages.map((m) => m.sequenceNumber)).toEqual(messages.map((_, i) => i + 1));
    const [addedMessage, stateMessage] = messages.slice(-2) as [Message & Record<string, unknown>, Message & Record<string, unknown>];
    expect(addedMessage).toMatchObject({ resource: { typeId: 'payment', id: payment.id }, resourceVersion: added.body.version, transaction: { id: refund.id, amount: { centAmount: 1_500 } } });
    expect(stateMessage).toMatchObject({ resourceVersion: changed.body.version, transactionId: refund.id, state: 'Success' });
    expect(stateMessage).not.toHaveProperty('amount');
    expect(stateMessage).not.toHaveProperty('transaction');
    expect(stateMessage).toMatchObject({ id: expect.any(String), version: 1, createdAt: changed.body.lastModifiedAt, lastModifiedAt: changed.body.lastModifiedAt, resourceUserProvidedIdentifiers: { key: 'pay-SE-2002' } });
  });

  it('should answer 409 ConcurrentModification with currentVersion for a stale version and change nothing', async () => {
    const client = sdk(sandbox);
    const order = (await client.orders().withOrderNumber({ orderNumber: 'SE-2001' }).get().execute()).body;
    const err = await sdkError(client.orders().withId({ ID: order.id }).post({ body: { version: order.version - 1, actions: [{ action: 'changeOrderState', orderState: 'Complete' }] } }).execute());
    expect(err.statusCode).toBe(409);
    expect(err.body).toMatchObject({ statusCode: 409, errors: [{ code: 'ConcurrentModification', currentVersion: order.version }] });
    const after = (await client.orders().withId({ ID: order.id }).get().execute()).body;
    expect(after.version).toBe(order.version);
    expect(after.orderState).toBe(order.orderState);
    const ok = await client.orders().withId({ ID: order.id }).post({ body: { version: order.version, actions: [{ action: 'changeOrderState', orderState: 'Complete' }, { action: 'changePaymentState', paymentState: 'CreditOwed' }] } }).execute();
    expect(ok.body).toMatchObject({ version: order.version + 1, orderState: 'Complete', paymentState: 'CreditOwed' });
    expect(Date.parse(ok.body.lastModifiedAt)).toBeGreaterThanOrEqual(Date.parse(order.lastModifiedAt));
    const last = (await messagesOf(order.id)).slice(-2);
    expect(last).toMatchObject([{ type: 'OrderStateChanged', orderState: 'Complete', oldOrderState: 'Open', resourceVersion: order.version + 1 }, { type: 'OrderPaymentStateChanged', paymentState: 'CreditOwed', oldPaymentState: 'Paid' }]);
  });

  it('should reject an unknown update action as InvalidJsonInput and keep the version', async () => {
    const client = sdk(sandbox);
    const payment = (await client.payments().withKey({ key: 'pay-SE-2001' }).get().execute()).body;
    const err = await sdkError(client.payments().withId({ ID: payment.id }).post({ body: { version: payment.version, actions: [{ action: 'setAmountPaid' } as never] } }).execute());
    expect(err.body.errors[0]).toMatchObject({ code: 'InvalidJsonInput' });
  });

  it('should create orders and payments through the control API and record their messages', async () => {
    const created = await control(sandbox, 'POST', '/commercetools/orders', { storeKey: 'no', country: 'NO', currency: 'NOK', orderNumber: 'NO-9001', customerEmail: 'test@example.no', lines: [{ sku: 'CT-MUG-01', quantity: 1 }, { sku: 'X-CUSTOM', quantity: 3, unitCentAmount: 1_001, taxRate: 0.15 }], shipping: { name: 'Posten', centAmount: 4_900, taxRate: 0.25 } });
    expect(created.status).toBe(201);
    expect(created.json.totalPrice.centAmount).toBe(19_900 + 3_003 + 4_900);
    const pay = await control(sandbox, 'POST', `/commercetools/orders/NO-9001/payments`, { method: 'giftcard', amountPlannedCentAmount: 5_000, transactions: [{ type: 'Authorization', state: 'Pending' }] });
    expect(pay.status).toBe(201);
    const paymentId = String(pay.json.payment.id);
    const txId = String(pay.json.payment.transactions[0].id);
    const state = await control(sandbox, 'POST', `/commercetools/payments/${paymentId}/transactions/${txId}/state`, { state: 'Success' });
    expect(state.json.transactions[0].state).toBe('Success');
    const cancel = await control(sandbox, 'POST', '/commercetools/orders/NO-9001/cancel');
    expect(cancel.json.orderState).toBe('Cancelled');
    const feed = await control(sandbox, 'GET', '/commercetools/messages?type=PaymentCreated');
    expect(feed.json.messages.map((m: { resource: { id: string } }) => m.resource.id)).toContain(paymentId);
    const orderMessages = await messagesOf(String(created.json.id));
    expect(orderMessages.map((m) => m.type)).toEqual(['OrderCreated', 'OrderPaymentAdded', 'OrderStateChanged']);
  });

  it('should store no messages while messages are disabled, and refuse the query in reject mode', async () => {
    expect((await control(sandbox, 'PATCH', '/commercetools/project', { messages: { enabled: false } })).status).toBe(200);
    const client = sdk(sandbox);
    const before = (await client.messages().get({ queryArgs: { limit: 1 } }).execute()).body.total ?? 0;
    await control(sandbox, 'POST', '/commercetools/inventory/CT-MUG-01', { delta: -1 });
    expect((await client.messages().get({ queryArgs: { limit: 1 } }).execute()).body.total).toBe(before);
    const project = (await client.get().execute()).body;
    expect(project.messages).toEqual({ enabled: false });
    await control(sandbox, 'PATCH', '/commercetools/project', { messagesWhenDisabled: 'reject' });
    const err = await sdkError(client.messages().get().execute());
    expect(err.statusCode).toBe(400);
  });
});
