import { ConnectorNotFoundError, ConnectorValidationError, createVismaClient, type Clock, type VismaClient } from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';

const NORWAY = VISMA_DEMO.companies.norway;
const instantClock: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };

describe('Visma connector: credit note release and customer refunds against the Visma sandbox', () => {
  let sandbox: RunningVismaSandbox;
  const make = (): VismaClient =>
    createVismaClient(
      { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: NORWAY.tenantId },
      { companyId: NORWAY.companyId, apiBaseUrl: sandbox.url, tokenUrl: `${sandbox.url}/connect/token`, clock: instantClock, retry: { baseDelayMs: 1 } },
    );
  const posts = () => sandbox.log.list({ method: 'POST', pathContains: '/v1/customerPayment' }).filter((e) => !e.path.includes('/action/'));
  /** A credit note of 1 250.00 NOK (1 000.00 + 25 % VAT) for customer 10000, not released. */
  const creditNote = async (client: VismaClient): Promise<string> => {
    const { id } = await client.customerCreditNotes.create({
      customerNumber: '10000', documentDate: '2025-05-02', externalReference: `RMA-${Math.random().toString(36).slice(2, 10)}`,
      lines: [{ description: 'Kaffe', quantity: '4', unitPriceInCurrency: '250.00' }],
    });
    return id;
  };
  const refund = (creditNoteNumber: string, amountPaid: string) => ({
    type: 'Refund' as const, customer: '10000', cashAccount: '1920', currency: 'NOK', paymentAmount: amountPaid, applicationDate: '2025-05-03',
    invoiceText: 'Refund of Adobe Commerce credit memo 31', paymentLines: [{ refNbr: creditNoteNumber, amountPaid }],
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

  it('should release a credit note, refund part of it, find the refund by paymentRef, and close the credit note on a second refund', async () => {
    const client = make();
    const cn = await creditNote(client);
    expect((await client.customerCreditNotes.get(cn)).record).toMatchObject({ status: 'Balanced', balance: '1250' });
    expect(await client.customerCreditNotes.release(cn)).toEqual({ actionResult: 'Done' });
    expect((await client.customerCreditNotes.get(cn)).record).toMatchObject({ status: 'Open', balance: '1250' });
    await expect(client.customerCreditNotes.release(cn)).rejects.toBeInstanceOf(ConnectorValidationError);
    await expect(client.customerCreditNotes.release('424242')).rejects.toBeInstanceOf(ConnectorNotFoundError);
    expect(await client.customerPayments.findRefundByPaymentRef({ creditNoteRefNbr: cn, paymentRef: 'CM-31' })).toBeUndefined();

    const created = await client.customerPayments.create(refund(cn, '1000.50'), { idempotencyKey: 'CM-31' });
    expect(created).toMatchObject({ paymentNumber: '000001', id: '000001' });
    const stored = sandbox.store(NORWAY.tenantId).customerPayments.get('000001');
    expect(stored).toMatchObject({ type: 'Refund', paymentRef: 'CM-31', paymentAmountMinor: 100050, lines: [{ documentType: 'CreditNote', refNbr: cn, amountPaidMinor: 100050 }] });

    const found = await client.customerPayments.findRefundByPaymentRef({ creditNoteRefNbr: cn, paymentRef: 'CM-31' });
    expect(found).toMatchObject({ refNbr: '000001', type: 'Refund', status: 'Balanced', paymentRef: 'CM-31', paymentAmount: '1000.5' });
    expect(found?.paymentLines).toEqual([expect.objectContaining({ documentType: 'CreditNote', refNbr: cn, amountPaid: '1000.5', balance: '249.5' })]);
    expect(await client.customerPayments.findRefundByPaymentRef({ creditNoteRefNbr: cn, paymentRef: 'CM-32' })).toBeUndefined();
    const lookUp = sandbox.log.list({ method: 'GET', pathContains: '/v1/customerPayment' }).at(-1);
    expect(lookUp?.query).toContain('paymentType=Refund');

    expect(await client.customerPayments.release(created.paymentNumber, { type: 'Refund' })).toEqual({ actionResult: 'Done' });
    expect((await client.customerPayments.get('000001')).record.status).toBe('Closed');
    expect((await client.customerCreditNotes.get(cn)).record).toMatchObject({ status: 'Open', balance: '249.5' });

    const rest = await client.customerPayments.create(refund(cn, '249.50'), { idempotencyKey: 'CM-31-B' });
    await client.customerPayments.release(rest.paymentNumber);
    expect((await client.customerCreditNotes.get(cn)).record).toMatchObject({ status: 'Closed', balance: '0' });
    expect((await client.customerPayments.listRefundsForCreditNote(cn)).map((p) => [p.refNbr, p.paymentRef])).toEqual([['000001', 'CM-31'], ['000002', 'CM-31-B']]);
  });

  it('should not mistake an invoice payment for a refund when the invoice and the credit note share a number', async () => {
    const client = make();
    const cn = await creditNote(client);
    await client.customerCreditNotes.release(cn);
    const { id: invoice } = await client.customerInvoices.create({ customerNumber: '10000', documentDate: '2025-05-02', externalReference: 'ORD-1', invoiceLines: [{ description: 'Kaffe', quantity: '1', unitPriceInCurrency: '100.00' }] });
    await client.customerInvoices.release(invoice);
    expect(invoice).toBe(cn);
    await client.customerPayments.create({ customer: '10000', cashAccount: '1920', paymentAmount: '125', applicationDate: '2025-05-03', paymentLines: [{ refNbr: invoice }] }, { idempotencyKey: 'SAME' });
    expect(await client.customerPayments.findRefundByPaymentRef({ creditNoteRefNbr: cn, paymentRef: 'SAME' })).toBeUndefined();
    expect((await client.customerPayments.findByPaymentRef({ invoiceRefNbr: invoice, paymentRef: 'SAME' }))?.type).toBe('Payment');
  });

  it('should refuse a refund on a credit note not released with a validation error naming refNbr, posting nothing', async () => {
    const client = make();
    const cn = await creditNote(client);
    const failure = await client.customerPayments.create(refund(cn, '100'), { idempotencyKey: 'CM-1' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorValidationError);
    const error = failure as ConnectorValidationError;
    expect([error.status, error.retryable]).toEqual([400, false]);
    expect(error.fieldErrors.map((f) => f.field)).toContain('refNbr');
    expect(error.providerMessage).toContain('is not released');
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(0);
    expect(posts()).toHaveLength(1);
  });

  it('should refuse a refund above the credit note balance with a validation error naming amountPaid', async () => {
    const client = make();
    const cn = await creditNote(client);
    await client.customerCreditNotes.release(cn);
    const failure = await client.customerPayments.create(refund(cn, '1250.01'), { idempotencyKey: 'CM-2' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ConnectorValidationError);
    expect((failure as ConnectorValidationError).fieldErrors.map((f) => f.field)).toEqual(['amountPaid', 'paymentLines.0.amountPaid']);
    expect((failure as ConnectorValidationError).providerMessage).toContain('exceeds the balance 1250.00 of credit note');
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(0);
  });
});
