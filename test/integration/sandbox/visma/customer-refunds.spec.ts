import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;

type Payment = { refNbr: string; type: string; status: string; paymentRef: string; paymentLines: Array<{ documentType: string; refNbr: string; amountPaid: number; balance: number }> };
type Document = { referenceNumber: string; status: string; balance: number; amount: number };
type Line = { refNbr: string; amountPaid?: number; documentType?: string };

const wrap = (p: { type?: string; customer?: string; paymentRef: string; amount: number; lines: Line[] }): Record<string, unknown> => ({
  type: { value: p.type ?? 'Refund' },
  customer: { value: p.customer ?? '10000' },
  cashAccount: { value: '1920' },
  paymentRef: { value: p.paymentRef },
  paymentAmount: { value: p.amount },
  applicationDate: { value: '2025-05-03T00:00:00Z' },
  paymentLines: p.lines.map((l) => ({
    operation: 'Insert',
    documentType: { value: l.documentType ?? 'CreditNote' },
    refNbr: { value: l.refNbr },
    ...(l.amountPaid !== undefined ? { amountPaid: { value: l.amountPaid } } : {}),
  })),
});

describe('Visma sandbox: credit note release and customer refunds', () => {
  const clock = fakeClock('2025-05-03T09:00:00.000Z');
  const validator = new VismaSchemaValidator();
  const schema = (name: string, data: unknown): string[] => validator.errors(name, data);
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => {
    sandbox.reset();
    sandbox.faults.clear();
  });
  afterAll(async () => sandbox.close());

  const get = (path: string) => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const post = (path: string, json: unknown) => http('POST', `${sandbox.url}${path}`, { headers: auth, json });
  const refund = (body: Record<string, unknown>) => {
    expect(schema('PaymentUpdateDto', body)).toEqual([]);
    return post('/v1/customerPayment', body);
  };
  const message = (answer: { json: unknown }): string => (answer.json as { ExceptionMessage: string }).ExceptionMessage;
  /** A NOK document of 1 250.00 (1 000.00 + 25 % VAT) for customer 10000 (or `customer`), released unless `release: false`. */
  const document = async (kind: 'customerCreditNote' | 'customerinvoice', options: { customer?: string; release?: boolean; hold?: boolean } = {}): Promise<string> => {
    const created = await post(`/v2/${kind}`, {
      customerNumber: { value: options.customer ?? '10000' },
      externalReference: { value: `RMA-${Math.random()}` },
      ...(options.hold === true ? { hold: { value: true } } : {}),
      [kind === 'customerinvoice' ? 'invoiceLines' : 'lines']: [{ operation: 'Insert', description: { value: 'Kaffe' }, quantity: { value: 4 }, unitPriceInCurrency: { value: 250 } }],
    });
    expect(created.status).toBe(201);
    const number = created.headers['location']?.split('/').pop() ?? '';
    if (options.release !== false && options.hold !== true) expect((await post(`/v1/${kind}/${number}/action/release`, {})).status).toBe(200);
    return number;
  };
  const creditNote = (options: { customer?: string; release?: boolean; hold?: boolean } = {}) => document('customerCreditNote', options);
  const creditNoteDto = async (number: string) => (await get(`/v1/customerCreditNote/${number}`)).json as Document;

  it('should release a Balanced credit note (Open, ReleaseCustomerCreditNoteActionResultDto) and refuse one already released or on hold', async () => {
    const cn = await creditNote({ release: false });
    expect((await creditNoteDto(cn)).status).toBe('Balanced');
    const released = await post(`/v1/customerCreditNote/${cn}/action/release`, {});
    expect(released.status).toBe(200);
    expect(schema('ReleaseCustomerCreditNoteActionResultDto', released.json)).toEqual([]);
    expect(released.json).toMatchObject({ actionResult: 'Done' });
    expect(await creditNoteDto(cn)).toMatchObject({ status: 'Open', balance: 1250, amount: 1250 });

    const again = await post(`/v1/customerCreditNote/${cn}/action/release`, {});
    expect([again.status, message(again)]).toEqual([400, expect.stringContaining('status Open') as unknown]);
    expect(Object.keys(again.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    const held = await creditNote({ hold: true });
    const onHold = await post(`/v1/customerCreditNote/${held}/action/release`, {});
    expect([onHold.status, message(onHold)]).toEqual([400, expect.stringContaining('status Hold') as unknown]);
    expect((await creditNoteDto(held)).status).toBe('Hold');
    expect((await post('/v1/customerCreditNote/424242/action/release', {})).status).toBe(404);
  });

  it('should create a Refund on a released credit note, find it by invoiceRefNbr + paymentType, and lower the balance on release (Closed at 0)', async () => {
    const cn = await creditNote();
    const inv = await document('customerinvoice');
    expect([cn, inv]).toEqual(['000001', '000001']);

    const created = await refund(wrap({ paymentRef: 'RF-1', amount: 1000, lines: [{ refNbr: cn, amountPaid: 1000 }] }));
    expect(created.status).toBe(201);
    expect(created.headers['location']).toBe(`${sandbox.url}/v1/customerPayment/000001`);
    const one = await get('/v1/customerPayment/000001');
    expect(schema('PaymentDto', one.json)).toEqual([]);
    expect(one.json).toMatchObject({ refNbr: '000001', type: 'Refund', status: 'Balanced', paymentRef: 'RF-1', paymentAmount: 1000, appliedToDocuments: 1000, availableBalance: 0 });
    expect((one.json as Payment).paymentLines).toEqual([expect.objectContaining({ documentType: 'CreditNote', refNbr: cn, amountPaid: 1000, balance: 250, currency: 'NOK' })]);
    expect((await creditNoteDto(cn)).balance).toBe(1250);

    // An invoice payment on invoice 000001: the same number as the credit note (separate series).
    await post('/v1/customerPayment', { ...wrap({ type: 'Payment', paymentRef: 'CAP-1', amount: 100, lines: [{ refNbr: inv, documentType: 'Invoice' }] }) });
    const refs = async (query: string) => ((await get(`/v1/customerPayment?${query}`)).json as Payment[]).map((p) => `${p.type}:${p.paymentRef}`);
    expect(await refs(`invoiceRefNbr=${cn}`)).toEqual(['Refund:RF-1', 'Payment:CAP-1']);
    expect(await refs(`invoiceRefNbr=${cn}&paymentType=Refund`)).toEqual(['Refund:RF-1']);

    expect((await post('/v1/customerPayment/000001/action/release', { type: { value: 'Refund' } })).status).toBe(200);
    expect(await creditNoteDto(cn)).toMatchObject({ status: 'Open', balance: 250, amount: 1250 });
    expect(((await get('/v1/customerPayment/000001')).json as Payment).status).toBe('Closed');
    expect(((await get(`/v1/customerinvoice/${inv}`)).json as Document).balance).toBe(1250);

    expect((await refund(wrap({ paymentRef: 'RF-2', amount: 250, lines: [{ refNbr: cn }] }))).status).toBe(201);
    expect((await get('/v1/customerPayment/000003')).json).toMatchObject({ type: 'Refund', paymentLines: [expect.objectContaining({ amountPaid: 250, balance: 0 })] });
    expect((await post('/v1/customerPayment/000003/action/release', {})).status).toBe(200);
    expect(await creditNoteDto(cn)).toMatchObject({ status: 'Closed', balance: 0 });
    const closed = await refund(wrap({ paymentRef: 'RF-3', amount: 1, lines: [{ refNbr: cn }] }));
    expect([closed.status, message(closed)]).toEqual([400, expect.stringContaining("'refNbr'") as unknown]);
  });

  it.each<[string, (cn: { released: string; draft: string; other: string; invoice: string }) => Record<string, unknown>, string, string]>([
    ['a credit note not released', ({ draft }) => wrap({ paymentRef: 'X', amount: 10, lines: [{ refNbr: draft }] }), VISMA_FAULT_CODES.validation, "'refNbr'"],
    ['an unknown credit note', () => wrap({ paymentRef: 'X', amount: 10, lines: [{ refNbr: '777777' }] }), VISMA_FAULT_CODES.unknownReference, "'refNbr'"],
    ['another customer\'s credit note', ({ other }) => wrap({ paymentRef: 'X', amount: 10, lines: [{ refNbr: other }] }), VISMA_FAULT_CODES.validation, "'refNbr'"],
    ['amountPaid above the credit note balance', ({ released }) => wrap({ paymentRef: 'X', amount: 2000, lines: [{ refNbr: released, amountPaid: 1250.01 }] }), VISMA_FAULT_CODES.validation, "'amountPaid'"],
    ['amountPaid of 0', ({ released }) => wrap({ paymentRef: 'X', amount: 10, lines: [{ refNbr: released, amountPaid: 0 }] }), VISMA_FAULT_CODES.validation, "'amountPaid'"],
    ['a Refund line on an invoice', ({ invoice }) => wrap({ paymentRef: 'X', amount: 10, lines: [{ refNbr: invoice, documentType: 'Invoice' }] }), VISMA_FAULT_CODES.validation, "'documentType'"],
    ['a Payment line on a credit note', ({ released }) => wrap({ type: 'Payment', paymentRef: 'X', amount: 10, lines: [{ refNbr: released }] }), VISMA_FAULT_CODES.validation, "'documentType'"],
    ['a VoidRefund (not simulated)', ({ released }) => wrap({ type: 'VoidRefund', paymentRef: 'X', amount: 10, lines: [{ refNbr: released }] }), VISMA_FAULT_CODES.validation, "'type'"],
  ])('should refuse %s with a 400 naming the field, storing nothing', async (_name, body, faultCode, field) => {
    const docs = { released: await creditNote(), draft: await creditNote({ release: false }), other: await creditNote({ customer: '10001' }), invoice: await document('customerinvoice') };
    const answer = await post('/v1/customerPayment', body(docs));
    expect(answer.status).toBe(400);
    expect(Object.keys(answer.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(answer.json).toMatchObject({ ExceptionFaultCode: faultCode, ExceptionMessage: expect.stringContaining(field) as unknown });
    expect(sandbox.store(NORWAY.tenantId).customerPayments.size).toBe(0);
  });

  it('should refuse to release a refund after another refund took the credit note balance, changing nothing', async () => {
    const cn = await creditNote();
    await refund(wrap({ paymentRef: 'A', amount: 1000, lines: [{ refNbr: cn, amountPaid: 1000 }] }));
    await refund(wrap({ paymentRef: 'B', amount: 1000, lines: [{ refNbr: cn, amountPaid: 1000 }] }));
    expect((await post('/v1/customerPayment/000001/action/release', {})).status).toBe(200);
    const late = await post('/v1/customerPayment/000002/action/release', {});
    expect(late.status).toBe(400);
    expect(late.json).toMatchObject({ ExceptionMessage: expect.stringContaining('credit note') as unknown, ExceptionDetails: "Field: 'paymentLines.0.amountPaid'" });
    expect(((await get('/v1/customerPayment/000002')).json as Payment).status).toBe('Balanced');
    expect((await creditNoteDto(cn)).balance).toBe(250);
  });
});
