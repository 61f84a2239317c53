import { ConnectorNotFoundError, ConnectorValidationError, createVismaClient, type Clock, type VismaClient } from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';
import { ZodError } from 'zod';

const NORWAY = VISMA_DEMO.companies.norway;
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

describe('VismaCustomerPaymentClient against the Visma sandbox', () => {
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock: instantClock, retry: { baseDelayMs: 1 } },
    );
  const lease = () => Promise.resolve(Date.now() + 5_000);
  const posts = () => sandbox.log.list({ method: 'POST', pathContains: '/v1/customerPayment' }).filter((e) => !e.path.includes('/action/'));
  /** A released invoice of 1 250.00 NOK (1 000.00 + 25 % VAT) for customer 10000. */
  const releasedInvoice = async (client: VismaClient): Promise<string> => {
    const { id } = await client.customerInvoices.create({
      customerNumber: '10000', documentDate: '2025-05-02', externalReference: `ORD-${Math.random().toString(36).slice(2, 10)}`,
      invoiceLines: [{ description: 'Kaffe', quantity: '4', unitPriceInCurrency: '250.00' }],
    });
    await client.customerInvoices.release(id);
    return id;
  };
  const payment = (invoiceNumber: string, amountPaid: string, paymentRef?: string) => ({
    customer: '10000', cashAccount: '1920', paymentMethod: 'KORT', currency: 'NOK', paymentAmount: amountPaid, applicationDate: '2025-05-03',
    invoiceText: 'Adobe Commerce invoice 000000031', hold: false, ...(paymentRef !== undefined ? { paymentRef } : {}),
    paymentLines: [{ documentType: 'Invoice' as const, refNbr: invoiceNumber, amountPaid }],
  });

  beforeAll(async () => {
    sandbox = await startVismaSandbox();
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
    sandbox.log.clear();
  });
  afterAll(async () => sandbox.close());

  it('should create a payment under our key, find it by paymentRef, release it and see the invoice balance drop', async () => {
    const client = make();
    const invoice = await releasedInvoice(client);
    expect((await client.customerInvoices.get(invoice)).record).toMatchObject({ status: 'Open', balance: '1250', balanceInCurrency: '1250' });
    expect(await client.customerPayments.findByPaymentRef({ invoiceRefNbr: invoice, paymentRef: '000000031' })).toBeUndefined();

    const created = await client.customerPayments.create(payment(invoice, '1000.50'), { idempotencyKey: '000000031', fence: lease });
    expect(created).toMatchObject({ paymentNumber: '000001', id: '000001' });
    expect(created.etag).toBeDefined();
    const wire = sandbox.log.list({ method: 'POST', pathContains: '/v1/customerPayment' })[0];
    expect(wire?.headers['idempotency-key']).toBeUndefined();

    const found = await client.customerPayments.findByPaymentRef({ invoiceRefNbr: invoice, paymentRef: '000000031' });
    expect(found).toMatchObject({ refNbr: '000001', status: 'Balanced', paymentRef: '000000031', paymentAmount: '1000.5', appliedToDocuments: '1000.5', availableBalance: '0', cashAccount: '1920', currency: 'NOK', customer: { number: '10000' } });
    expect(found?.paymentLines).toEqual([expect.objectContaining({ documentType: 'Invoice', refNbr: invoice, amountPaid: '1000.5', balance: '249.5' })]);
    expect(await client.customerPayments.findByPaymentRef({ invoiceRefNbr: invoice, paymentRef: '000000032' })).toBeUndefined();
    expect((await client.customerPayments.listForInvoice(invoice)).map((p) => p.refNbr)).toEqual(['000001']);

    expect(await client.customerPayments.release(created.paymentNumber, { type: 'Payment' })).toEqual({ actionResult: 'Done' });
    const { record, etag } = await client.customerPayments.get('000001');
    expect([record.status, etag === created.etag]).toEqual(['Closed', false]);
    expect((await client.customerInvoices.get(invoice)).record).toMatchObject({ status: 'Open', balance: '249.5' });
    await expect(client.customerPayments.release('000001')).rejects.toBeInstanceOf(ConnectorValidationError);
    await expect(client.customerPayments.get('999999')).rejects.toBeInstanceOf(ConnectorNotFoundError);
  });

  it('should refuse a payment larger than the invoice balance with a validation error naming amountPaid, posting nothing', async () => {
    const client = make();
    const invoice = await releasedInvoice(client);
    const failure = await client.customerPayments.create(payment(invoice, '1250.01', 'CAP-9')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorValidationError);
    const error = failure as ConnectorValidationError;
    expect([error.status, error.retryable]).toEqual([400, false]);
    expect(error.fieldErrors.map((f) => f.field)).toEqual(['amountPaid', 'paymentLines.0.amountPaid']);
    expect(error.providerMessage).toContain('exceeds the balance 1250.00');
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(0);
    expect(posts()).toHaveLength(1);
  });

  it('should refuse bad input before sending: a paymentRef that is not the key, a text over 50 characters', async () => {
    const client = make();
    await expect(client.customerPayments.create(payment('000001', '10', 'OTHER'), { idempotencyKey: 'KEY-1' })).rejects.toMatchObject({ fieldErrors: [{ field: 'paymentRef' }] });
    await expect(client.customerPayments.create({ ...payment('000001', '10', 'K'), invoiceText: 'x'.repeat(51) })).rejects.toBeInstanceOf(ZodError);
    await expect(client.customerPayments.create({ ...payment('000001', '10,5', 'K') })).rejects.toBeInstanceOf(ZodError);
    expect(posts()).toHaveLength(0);
  });

  it('should not resend a POST whose reply was lost; the look-up by paymentRef then adopts the payment Visma booked', async () => {
    const client = make();
    const invoice = await releasedInvoice(client);
    sandbox.faults.arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/v1/customerPayment' });
    await expect(client.customerPayments.create(payment(invoice, '100', 'CAP-LOST'))).rejects.toMatchObject({ retryable: true });
    expect(posts()).toHaveLength(1);
    const adopted = await client.customerPayments.findByPaymentRef({ invoiceRefNbr: invoice, paymentRef: 'CAP-LOST' });
    expect(adopted?.refNbr).toBe('000001');
    await client.customerPayments.release(adopted?.refNbr ?? '');
    expect((await client.customerInvoices.get(invoice)).record.balance).toBe('1150');
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(1);
  });
});
