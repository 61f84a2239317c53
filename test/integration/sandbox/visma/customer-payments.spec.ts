import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;

type Payment = { refNbr: string; status: string; paymentRef: string; paymentAmount: number; appliedToDocuments: number; availableBalance: number; paymentLines: Array<{ refNbr: string; amountPaid: number; balance: number }> };
type Invoice = { referenceNumber: string; status: string; balance: number; balanceInCurrency: number; amount: number };

const wrapPayment = (p: { customer?: string; cashAccount?: string; paymentRef?: string; amount?: number; currency?: string; paymentMethod?: string; hold?: boolean; lines: Array<{ refNbr: string; amountPaid?: number }> }): Record<string, unknown> => ({
  type: { value: 'Payment' },
  ...(p.customer !== undefined ? { customer: { value: p.customer } } : {}),
  ...(p.cashAccount !== undefined ? { cashAccount: { value: p.cashAccount } } : {}),
  ...(p.paymentRef !== undefined ? { paymentRef: { value: p.paymentRef } } : {}),
  ...(p.amount !== undefined ? { paymentAmount: { value: p.amount } } : {}),
  ...(p.currency !== undefined ? { currency: { value: p.currency } } : {}),
  ...(p.paymentMethod !== undefined ? { paymentMethod: { value: p.paymentMethod } } : {}),
  ...(p.hold !== undefined ? { hold: { value: p.hold } } : {}),
  applicationDate: { value: '2025-05-03T00:00:00Z' },
  paymentLines: p.lines.map((l) => ({ operation: 'Insert', documentType: { value: 'Invoice' }, refNbr: { value: l.refNbr }, ...(l.amountPaid !== undefined ? { amountPaid: { value: l.amountPaid } } : {}) })),
});

describe('Visma sandbox: customer payments', () => {
  const clock = fakeClock('2025-05-03T09:00:00.000Z');
  const validator = new VismaSchemaValidator();
  const schema = (name: string, data: unknown): string[] => validator.errors(name, data);
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: 2 });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
  });
  afterAll(async () => sandbox.close());

  const get = (path: string) => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const post = (path: string, json: unknown) => http('POST', `${sandbox.url}${path}`, { headers: auth, json });
  const pay = (body: Record<string, unknown>) => {
    expect(schema('PaymentUpdateDto', body)).toEqual([]);
    return post('/v1/customerPayment', body);
  };
  /** A released NOK invoice of 1 250.00 (1 000.00 + 25 % VAT) for customer 10000 (or `customer`, `release: false`). */
  const invoice = async (options: { customer?: string; release?: boolean } = {}): Promise<string> => {
    const created = await post('/v2/customerinvoice', {
      customerNumber: { value: options.customer ?? '10000' },
      externalReference: { value: `ORD-${Math.random()}` },
      invoiceLines: [{ operation: 'Insert', description: { value: 'Kaffe' }, quantity: { value: 4 }, unitPriceInCurrency: { value: 250 } }],
    });
    const number = created.headers['location']?.split('/').pop() ?? '';
    if (options.release !== false) expect((await post(`/v1/customerinvoice/${number}/action/release`, {})).status).toBe(200);
    return number;
  };
  const invoiceDto = async (number: string) => (await get(`/v1/customerinvoice/${number}`)).json as Invoice;

  it('should create a Balanced payment (201 + Location + ETag), list it by invoiceRefNbr, and release it so the invoice balance drops', async () => {
    const inv = await invoice();
    const created = await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'CAP-1', amount: 1000, paymentMethod: 'KORT', lines: [{ refNbr: inv, amountPaid: 1000 }] }));
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe(`${sandbox.url}/v1/customerPayment/000001`);
    expect(created.headers['etag']).toMatch(/^"[A-Za-z0-9+/=]+"$/);

    const one = await get('/v1/customerPayment/000001');
    expect(schema('PaymentDto', one.json)).toEqual([]);
    expect(one.headers['etag']).toBe(created.headers['etag']);
    expect(one.json).toMatchObject({ refNbr: '000001', type: 'Payment', status: 'Balanced', hold: false, paymentRef: 'CAP-1', cashAccount: '1920', currency: 'NOK', paymentAmount: 1000, appliedToDocuments: 1000, availableBalance: 0, customer: { number: '10000' }, paymentMethod: { id: 'KORT' } });
    expect((one.json as Payment).paymentLines).toEqual([expect.objectContaining({ documentType: 'Invoice', refNbr: inv, amountPaid: 1000, balance: 250, currency: 'NOK' })]);
    expect((await invoiceDto(inv)).balance).toBe(1250);

    const listed = await get(`/v1/customerPayment?invoiceRefNbr=${inv}&pageNumber=1&pageSize=10`);
    expect(schema('PaymentDto', (listed.json as unknown[])[0])).toEqual([]);
    expect((listed.json as Array<Payment & { metadata: unknown }>).map((p) => [p.refNbr, p.metadata])).toEqual([['000001', { totalCount: 1, maxPageSize: 2 }]]);
    expect((await get('/v1/customerPayment?invoiceRefNbr=999999')).json).toEqual([]);

    const released = await post('/v1/customerPayment/000001/action/release', { type: { value: 'Payment' } });
    expect(released.status).toBe(200);
    expect(schema('ReleasePaymentActionResultDto', released.json)).toEqual([]);
    expect(released.json).toMatchObject({ actionResult: 'Done' });
    expect((await invoiceDto(inv))).toMatchObject({ status: 'Open', balance: 250, balanceInCurrency: 250, amount: 1250 });
    expect(((await get('/v1/customerPayment/000001')).json as Payment).status).toBe('Closed');

    expect((await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'CAP-2', amount: 300, lines: [{ refNbr: inv }] }))).status).toBe(201);
    expect((await post('/v1/customerPayment/000002/action/release', {})).status).toBe(200);
    expect(await invoiceDto(inv)).toMatchObject({ status: 'Closed', balance: 0 });
    expect((await get('/v1/customerPayment/000002')).json).toMatchObject({ status: 'Open', appliedToDocuments: 250, availableBalance: 50 });
  });

  it.each<[string, (inv: string, other: string, draft: string) => Record<string, unknown>, string, string]>([
    ['no customer', (inv) => wrapPayment({ cashAccount: '1920', paymentRef: 'X', amount: 10, lines: [{ refNbr: inv }] }), VISMA_FAULT_CODES.validation, "'customer'"],
    ['an unknown cash account', (inv) => wrapPayment({ customer: '10000', cashAccount: '9999', paymentRef: 'X', amount: 10, lines: [{ refNbr: inv }] }), VISMA_FAULT_CODES.unknownReference, "'cashAccount'"],
    ['an inactive cash account', (inv) => wrapPayment({ customer: '10000', cashAccount: '1900', paymentRef: 'X', amount: 10, lines: [{ refNbr: inv }] }), VISMA_FAULT_CODES.validation, "'cashAccount'"],
    ['a currency other than the cash account\'s', (inv) => wrapPayment({ customer: '10000', cashAccount: '1920', currency: 'SEK', paymentRef: 'X', amount: 10, lines: [{ refNbr: inv }] }), VISMA_FAULT_CODES.validation, "'currency'"],
    ['a payment method not allowed on the cash account', (inv) => wrapPayment({ customer: '10000', cashAccount: '1920-SEK', paymentMethod: 'KORT', paymentRef: 'X', amount: 10, lines: [{ refNbr: inv }] }), VISMA_FAULT_CODES.validation, "'paymentMethod'"],
    ['no paymentRef', (inv) => wrapPayment({ customer: '10000', cashAccount: '1920', amount: 10, lines: [{ refNbr: inv }] }), VISMA_FAULT_CODES.validation, "'paymentRef'"],
    ['an unknown invoice', () => wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'X', amount: 10, lines: [{ refNbr: '777777' }] }), VISMA_FAULT_CODES.unknownReference, "'refNbr'"],
    ['another customer\'s invoice', (_inv, other) => wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'X', amount: 10, lines: [{ refNbr: other }] }), VISMA_FAULT_CODES.validation, "'refNbr'"],
    ['an invoice not released', (_inv, _other, draft) => wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'X', amount: 10, lines: [{ refNbr: draft }] }), VISMA_FAULT_CODES.validation, "'refNbr'"],
    ['amountPaid above the balance', (inv) => wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'X', amount: 2000, lines: [{ refNbr: inv, amountPaid: 1250.01 }] }), VISMA_FAULT_CODES.validation, "'amountPaid'"],
    ['paymentAmount below the amount applied', (inv) => wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'X', amount: 100, lines: [{ refNbr: inv, amountPaid: 200 }] }), VISMA_FAULT_CODES.validation, "'paymentAmount'"],
  ])('should refuse %s with a 400 naming the field', async (_name, body, faultCode, field) => {
    const [inv, other, draft] = [await invoice(), await invoice({ customer: '10001' }), await invoice({ release: false })];
    const answer = await post('/v1/customerPayment', body(inv, other, draft));
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(answer.json).toMatchObject({ ExceptionFaultCode: faultCode, ExceptionMessage: expect.stringContaining(field) as unknown });
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(0);
  });

  it('should refuse to release a payment on hold, twice, or after another payment took the balance, changing nothing', async () => {
    const inv = await invoice();
    await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'H', amount: 100, hold: true, lines: [{ refNbr: inv }] }));
    await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'A', amount: 1000, lines: [{ refNbr: inv, amountPaid: 1000 }] }));
    await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'B', amount: 1000, lines: [{ refNbr: inv, amountPaid: 1000 }] }));
    expect(((await get('/v1/customerPayment/000001')).json as Payment).status).toBe('Hold');
    const onHold = await post('/v1/customerPayment/000001/action/release', {});
    expect([onHold.status, (onHold.json as { ExceptionMessage: string }).ExceptionMessage]).toEqual([400, expect.stringContaining('status Hold') as unknown]);
    expect((await post('/v1/customerPayment/000002/action/release', {})).status).toBe(200);
    expect((await post('/v1/customerPayment/000002/action/release', {})).status).toBe(400);
    const late = await post('/v1/customerPayment/000003/action/release', {});
    expect(late.status).toBe(400);
    expect((late.json as { ExceptionMessage: string; ExceptionDetails: string })).toMatchObject({ ExceptionMessage: expect.stringContaining("'amountPaid'") as unknown, ExceptionDetails: "Field: 'paymentLines.0.amountPaid'" });
    expect(((await get('/v1/customerPayment/000003')).json as Payment).status).toBe('Balanced');
    expect((await invoiceDto(inv)).balance).toBe(250);
    expect((await post('/v1/customerPayment/424242/action/release', {})).status).toBe(404);
    expect((await get('/v1/customerPayment/424242')).status).toBe(404);
  });

  it('should filter by lastModifiedDateTime, status and customer, page with metadata, and apply the rate limit and faults', async () => {
    const inv = await invoice();
    await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'P1', amount: 100, lines: [{ refNbr: inv }] }));
    clock.advance(60_000);
    const cursor = new Date(clock.now()).toISOString().slice(0, 19);
    await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'P2', amount: 100, lines: [{ refNbr: inv }] }));
    await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'P3', amount: 100, lines: [] }));
    const refs = async (query: string) => ((await get(`/v1/customerPayment?${query}`)).json as Payment[]).map((p) => p.paymentRef);
    expect(await refs(`lastModifiedDateTime=${cursor}&lastModifiedDateTimeCondition=%3E%3D&pageSize=10`)).toEqual(['P2', 'P3']);
    expect(await refs('pageNumber=2&pageSize=2')).toEqual(['P3']);
    expect(await refs('status=Balanced&customer=10000&greaterThanValue=000001')).toEqual(['P2', 'P3']);
    expect((await get('/v1/customerPayment?lastModifiedDateTime=2025-01-01')).status).toBe(400);
    expect((await get('/v1/customerPayment?status=Released')).status).toBe(400);

    const listed = await get('/v1/customerPayment');
    expect(listed.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    sandbox.faults.arm({ kind: 'http-503', count: 1, method: 'POST', pathContains: '/v1/customerPayment' });
    const failed = await pay(wrapPayment({ customer: '10000', cashAccount: '1920', paymentRef: 'P4', amount: 100, lines: [] }));
    expect(failed.status).toBe(503);
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(3);
  });
});
