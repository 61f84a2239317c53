import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const NORWAY = VISMA_DEMO.companies.norway;

type Line = { accountNumber?: string; vatCodeId?: string; quantity: number; unitPrice: number; discountPercent?: number; description: string };

/** A value-wrapped CustomerInvoiceLinesUpdateDto. */
const wrapLine = (l: Line): Record<string, unknown> => ({
  operation: 'Insert',
  description: { value: l.description },
  quantity: { value: l.quantity },
  unitPriceInCurrency: { value: l.unitPrice },
  ...(l.accountNumber ? { accountNumber: { value: l.accountNumber } } : {}),
  ...(l.vatCodeId ? { vatCodeId: { value: l.vatCodeId } } : {}),
  ...(l.discountPercent !== undefined ? { discountPercent: { value: l.discountPercent } } : {}),
});

const invoiceBody = (customer: string | undefined, externalReference: string, lines: Line[]): Record<string, unknown> => ({
  ...(customer ? { customerNumber: { value: customer } } : {}),
  externalReference: { value: externalReference },
  documentDate: { value: '2025-05-02T00:00:00Z' },
  invoiceText: { value: `Webshop order ${externalReference}` },
  invoiceLines: lines.map(wrapLine),
});

describe('Visma sandbox: customer invoices and credit notes', () => {
  const clock = fakeClock('2025-05-02T12:00:00.000Z');
  const schemas = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => sandbox.close());

  const post = (path: string, body: Record<string, unknown>) => http('POST', `${sandbox.url}${path}`, { headers: auth, json: body });

  it('should create a v2 invoice with 201 + Location and compute totals in minor units per VAT rate', async () => {
    const lines: Line[] = [
      { description: 'Ullgenser', quantity: 2, unitPrice: 499.9, accountNumber: '3000', vatCodeId: '3' },
      { description: 'Kaffe 500 g', quantity: 3, unitPrice: 89.95, discountPercent: 10, accountNumber: '3020', vatCodeId: '31' },
      { description: 'Frakt', quantity: 1, unitPrice: 79, accountNumber: '3700' },
    ];
    const body = invoiceBody('10000', 'WEB-1001', lines);
    expect(schemas.errors('CustomerInvoiceUpdateDto', body)).toEqual([]);
    const created = await post('/v2/customerinvoice', body);
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    const location = created.headers['location'] ?? '';
    expect(location).toMatch(new RegExp(`^${sandbox.url}/v1/customerinvoice/\\d{6}$`));

    const answer = await http('GET', location, { headers: auth });
    expect(answer.status).toBe(200);
    expect(answer.headers['etag']).toMatch(/^".+"$/);
    expect(schemas.errors('CustomerInvoiceDto', answer.json)).toEqual([]);
    const dto = answer.json as Record<string, unknown>;

    // Expected figures from the inputs, in øre: gross = qty × price, discount = round(gross × pct), VAT per rate.
    const minor = (l: Line): number => {
      const gross = Math.round(l.quantity * Math.round(l.unitPrice * 100));
      return gross - Math.round((gross * (l.discountPercent ?? 0)) / 100);
    };
    const high = minor(lines[0] as Line) + minor(lines[2] as Line);
    const medium = minor(lines[1] as Line);
    const vat = Math.round(high * 0.25) + Math.round(medium * 0.15);
    expect(dto['detailTotal']).toBe((high + medium) / 100);
    expect(dto['vatTotal']).toBe(vat / 100);
    expect(dto['amount']).toBe((high + medium + vat) / 100);
    expect(dto['balance']).toBe(dto['amount']);
    expect(dto['documentType']).toBe('Invoice');
    expect(dto['status']).toBe('Balanced');
    expect(dto['currencyId']).toBe('NOK');
    expect(dto['externalReference']).toBe('WEB-1001');
    expect(dto['financialPeriod']).toBe('202505');
    expect(dto['customer']).toEqual({ number: '10000', name: 'Fjordkaffe AS' });
    const taxes = (dto['taxDetails'] as Array<{ taxId: string; taxableAmount: number }>).map((t) => [t.taxId, t.taxableAmount]).sort();
    expect(taxes).toEqual([['3', high / 100], ['31', medium / 100]]);
    const shipping = (dto['invoiceLines'] as Array<Record<string, unknown>>)[2] ?? {};
    expect(shipping['vatCode']).toEqual({ id: '3', description: expect.any(String) });
    expect(shipping['account']).toEqual(expect.objectContaining({ number: '3700', type: 'Income' }));

    const stored = sandbox.store(NORWAY.tenantId).invoices.get(location.split('/').pop() ?? '');
    expect(stored?.amountMinor).toBe(high + medium + vat);
  });

  it('should find invoices by externalReference, customer and documentType and page them with metadata', async () => {
    for (const ref of ['WEB-2001', 'WEB-2002', 'WEB-2003']) {
      expect((await post('/v2/customerinvoice', invoiceBody('10001', ref, [{ description: 'Vare', quantity: 1, unitPrice: 100 }]))).status).toBe(201);
    }
    expect((await post('/v1/customerinvoice', invoiceBody('10000', 'WEB-2004', [{ description: 'Vare', quantity: 1, unitPrice: 100 }]))).status).toBe(201);
    const byRef = await http('GET', `${sandbox.url}/v1/customerinvoice?externalReference=WEB-2002`, { headers: auth });
    expect(schemas.listErrors('CustomerInvoiceDto', byRef.json)).toEqual([]);
    expect((byRef.json as Array<{ externalReference: string }>).map((d) => d.externalReference)).toEqual(['WEB-2002']);
    const byCustomer = await http('GET', `${sandbox.url}/v1/customerinvoice?customer=10001&pageNumber=2&pageSize=2`, { headers: auth });
    const page = byCustomer.json as Array<{ externalReference: string; metadata: { totalCount: number } }>;
    expect(page.map((d) => d.externalReference)).toEqual(['WEB-2003']);
    expect(page[0]?.metadata.totalCount).toBe(3);
    const creditNotesOnly = await http('GET', `${sandbox.url}/v1/customerinvoice?documentType=CreditNote`, { headers: auth });
    expect(creditNotesOnly.json).toEqual([]);
    const delta = await http('GET', `${sandbox.url}/v1/customerinvoice?lastModifiedDateTime=2025-05-02&lastModifiedDateTimeCondition=%3E%3D`, { headers: auth });
    expect((delta.json as unknown[]).length).toBe(4);
    const half = await http('GET', `${sandbox.url}/v1/customerinvoice?lastModifiedDateTime=2025-05-02`, { headers: auth });
    expect(half.status).toBe(400);
  });

  it.each([
    ['an unknown customer', invoiceBody('77777', 'E-1', [{ description: 'x', quantity: 1, unitPrice: 1 }]), VISMA_FAULT_CODES.unknownReference],
    ['an inactive customer', invoiceBody('10003', 'E-2', [{ description: 'x', quantity: 1, unitPrice: 1 }]), VISMA_FAULT_CODES.validation],
    ['an unknown ledger account', invoiceBody('10000', 'E-3', [{ description: 'x', quantity: 1, unitPrice: 1, accountNumber: '3999' }]), VISMA_FAULT_CODES.unknownReference],
    ['an inactive ledger account', invoiceBody('10000', 'E-4', [{ description: 'x', quantity: 1, unitPrice: 1, accountNumber: '3099' }]), VISMA_FAULT_CODES.validation],
    ['an unknown VAT code', invoiceBody('10000', 'E-5', [{ description: 'x', quantity: 1, unitPrice: 1, vatCodeId: '99' }]), VISMA_FAULT_CODES.unknownReference],
    ['a missing customerNumber (mandatory)', invoiceBody(undefined, 'E-6', [{ description: 'x', quantity: 1, unitPrice: 1 }]), VISMA_FAULT_CODES.validation],
  ])('should answer 400 in Visma error shape and store nothing when the invoice has %s', async (_case, body, faultCode) => {
    const answer = await post('/v2/customerinvoice', body);
    expect(answer.status).toBe(400);
    const error = answer.json as Record<string, string>;
    expect(Object.keys(error).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(error['ExceptionFaultCode']).toBe(faultCode);
    expect(error['ExceptionMessageID']).toMatch(new RegExp(`^${faultCode}_`));
    expect(sandbox.store(NORWAY.tenantId).invoices.size).toBe(0);
  });

  it('should answer 400 when a subaccount segment value does not exist and accept a valid department', async () => {
    const line = (value: string): Record<string, unknown> => ({
      customerNumber: { value: '10000' },
      invoiceLines: [{ ...wrapLine({ description: 'x', quantity: 1, unitPrice: 10 }), subaccount: [{ segmentId: 1, segmentValue: value }] }],
    });
    expect((await post('/v2/customerinvoice', line('NOPE'))).status).toBe(400);
    const ok = await post('/v2/customerinvoice', line('WEB'));
    expect(ok.status).toBe(201);
    const dto = (await http('GET', ok.headers['location'] ?? '', { headers: auth })).json as { invoiceLines: Array<{ subaccount: { subaccountNumber: string } }> };
    expect(dto.invoiceLines[0]?.subaccount.subaccountNumber).toBe('WEB-0000');
  });

  it('should create credit notes on v2 and v1 and list them with the same filters', async () => {
    const body = {
      customerNumber: { value: '10001' },
      externalReference: { value: 'RMA-1' },
      lines: [wrapLine({ description: 'Retur genser', quantity: 1, unitPrice: 499.9, accountNumber: '3000' })],
    };
    expect(schemas.errors('CustomerCreditNoteUpdateDto', body)).toEqual([]);
    const v2 = await post('/v2/customerCreditNote', body);
    expect(v2.status).toBe(201);
    expect(v2.headers['location']).toMatch(/\/v1\/customerCreditNote\/\d{6}$/);
    expect((await post('/v1/customerCreditNote', { ...body, externalReference: { value: 'RMA-2' } })).status).toBe(201);
    const one = await http('GET', v2.headers['location'] ?? '', { headers: auth });
    expect(schemas.errors('CustomerCreditNoteDto', one.json)).toEqual([]);
    const dto = one.json as Record<string, unknown>;
    expect(dto['documentType']).toBe('CreditNote');
    const net = Math.round(499.9 * 100);
    expect(dto['amount']).toBe((net + Math.round(net * 0.25)) / 100);
    const list = await http('GET', `${sandbox.url}/v1/customerCreditNote?externalReference=RMA-2&customer=10001`, { headers: auth });
    expect(schemas.listErrors('CustomerCreditNoteDto', list.json)).toEqual([]);
    expect((list.json as Array<{ externalReference: string }>).map((d) => d.externalReference)).toEqual(['RMA-2']);
    const invoices = await http('GET', `${sandbox.url}/v1/customerinvoice`, { headers: auth });
    expect(invoices.json).toEqual([]);
  });

  it('should use the Swedish chart of accounts and SEK when the token selects the Swedish tenant', async () => {
    const se = { authorization: `Bearer ${await accessToken(sandbox.url, { tenantId: VISMA_DEMO.companies.sweden.tenantId })}` };
    const body = invoiceBody('20000', 'SE-1', [{ description: 'Bok', quantity: 1, unitPrice: 200, accountNumber: '3002' }]);
    const created = await http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: se, json: body });
    expect(created.status).toBe(201);
    const dto = (await http('GET', created.headers['location'] ?? '', { headers: se })).json as Record<string, unknown>;
    expect(dto['currencyId']).toBe('SEK');
    expect(dto['vatTotal']).toBe(Math.round(20000 * 0.12) / 100);
    const inNorway = await http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: body });
    expect(inNorway.status).toBe(400);
  });
});
