import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, VISMA_EXCEPTION_KEYS, VismaSchemaValidator } from './visma-sandbox.helpers';

const MAX_PAGE_SIZE = 2;
const NORWAY = VISMA_DEMO.companies.norway;

const supplierBody = (name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: { value: name },
  supplierClassId: { value: 'NO' },
  mainContact: { value: { email: { value: `${name.toLowerCase().replace(/\W+/g, '.')}@leverandor.example` } } },
  ...extra,
});

describe('Visma sandbox: suppliers', () => {
  const clock = fakeClock('2025-06-01T08:00:00.000Z');
  const schemas = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, maxPageSize: MAX_PAGE_SIZE });
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  beforeEach(() => sandbox.reset());
  afterAll(async () => sandbox.close());

  const post = (body: Record<string, unknown>) => {
    expect(schemas.errors('SupplierUpdateDto', body)).toEqual([]);
    return http('POST', `${sandbox.url}/v1/supplier`, { headers: auth, json: body });
  };
  const get = (path: string) => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const put = (path: string, ifMatch: string | undefined, json: Record<string, unknown>) =>
    http('PUT', `${sandbox.url}${path}`, { headers: { ...auth, ...(ifMatch !== undefined ? { 'if-match': ifMatch } : {}) }, json });

  it('should create with 201 + Location + ETag, read it with the same ETag, and apply class defaults', async () => {
    const created = await post(supplierBody('Fjellkaffe AS', {
      vatRegistrationId: { value: 'NO911222333MVA' },
      mainAddress: { value: { addressLine1: { value: 'Bryggen 1' }, postalCode: { value: '5003' }, city: { value: 'Bergen' }, countryId: { value: 'NO' } } },
    }));
    expect(created.status).toBe(201);
    expect(created.text).toBe('');
    expect(created.headers['location']).toBe(`${sandbox.url}/v1/supplier/50002`);
    const one = await get('/v1/supplier/50002');
    expect(one.status).toBe(200);
    expect(one.headers['etag']).toBe(created.headers['etag']);
    expect(schemas.errors('SupplierDto', one.json)).toEqual([]);
    const dto = one.json as Record<string, unknown>;
    expect([dto['status'], dto['supplierClass'], dto['creditTerms'], dto['currencyId'], dto['vatRegistrationId']]).toEqual([
      'Active', { id: 'NO', description: 'Norske leverandører' }, { id: '30', description: '30 dager netto' }, 'NOK', 'NO911222333MVA',
    ]);
    expect(one.headers['etag']).toBe(`"${String(dto['timeStamp'])}"`);
    expect((dto['mainAddress'] as { country: unknown }).country).toEqual({ id: 'NO', name: 'Norway' });
    expect((dto['remitContact'] as { email: string }).email).toBe('fjellkaffe.as@leverandor.example');
  });

  it('should refuse a stale If-Match with 412 and change nothing, and accept the current one (or none) with 204 + new ETag', async () => {
    const read = await get('/v1/supplier/50000');
    const etag = read.headers['etag'] ?? '';
    clock.advance(60_000);
    const fresh = await put('/v1/supplier/50000', etag, { name: { value: 'Bønnebrenneriet Oslo AS' } });
    expect([fresh.status, fresh.text]).toEqual([204, '']);
    const newEtag = fresh.headers['etag'] ?? '';
    expect(newEtag).not.toBe(etag);

    const stale = await put('/v1/supplier/50000', etag, { name: { value: 'Lost update AS' } });
    expect(stale.status).toBe(412);
    expect(Object.keys(stale.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect((stale.json as Record<string, string>)['ExceptionFaultCode']).toBe(VISMA_FAULT_CODES.preconditionFailed);
    const after = await get('/v1/supplier/50000');
    expect([after.headers['etag'], (after.json as { name: string }).name]).toEqual([newEtag, 'Bønnebrenneriet Oslo AS']);
    expect(Date.parse((after.json as { lastModifiedDateTime: string }).lastModifiedDateTime)).toBe(clock.now());

    expect((await put('/v1/supplier/50000', undefined, { status: { value: 'OnHold' } })).status).toBe(204);
    expect((await put('/v1/supplier/50000', '*', { note: { value: 'x' } })).status).toBe(204);
    expect((await put('/v1/supplier/99999', etag, { note: { value: 'x' } })).status).toBe(404);
  });

  it.each([
    ['no name', { name: undefined }, VISMA_FAULT_CODES.validation],
    ['no supplier class (SupplierDto: "Mandatory field: Supplier class")', { supplierClassId: undefined }, VISMA_FAULT_CODES.validation],
    ['an unknown supplier class', { supplierClassId: { value: 'NOPE' } }, VISMA_FAULT_CODES.unknownReference],
    ['a taken number', { number: { value: '50000' } }, VISMA_FAULT_CODES.duplicate],
    ['overrideNumberSeries without a number', { overrideNumberSeries: { value: true } }, VISMA_FAULT_CODES.validation],
    ['an unknown status', { status: { value: 'Sleeping' } }, VISMA_FAULT_CODES.validation],
    ['an unknown currency', { currencyId: { value: 'XYZ' } }, VISMA_FAULT_CODES.unknownReference],
  ] as const)('should answer 400 in the Visma error shape for %s', async (_name, patch, fault) => {
    const body: Record<string, unknown> = { ...supplierBody('Feil AS'), ...patch };
    for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
    const answer = await http('POST', `${sandbox.url}/v1/supplier`, { headers: auth, json: body });
    expect(answer.status).toBe(400);
    expect((answer.json as Record<string, string>)['ExceptionFaultCode']).toBe(fault);
    expect(sandbox.store(NORWAY.tenantId).suppliers.size).toBe(sandbox.store(NORWAY.tenantId).seed.suppliers.length);
  });

  it('should take our own number, and refuse changing the number on PUT', async () => {
    const own = await post(supplierBody('Eget Nummer AS', { number: { value: 'WEB11' }, overrideNumberSeries: { value: true } }));
    expect(own.headers['location']).toBe(`${sandbox.url}/v1/supplier/WEB11`);
    expect((await put('/v1/supplier/WEB11', undefined, { number: { value: 'WEB12' } })).status).toBe(400);
  });

  it('should filter on name, vatRegistrationId, corporateId, status and lastModifiedDateTime, ignore email, and page with metadata', async () => {
    const total = sandbox.store(NORWAY.tenantId).suppliers.size;
    const page1 = await get('/v1/supplier?pageNumber=1&pageSize=10');
    expect(schemas.listErrors('SupplierDto', page1.json)).toEqual([]);
    const items = page1.json as Array<{ number: string; metadata: unknown; timeStamp: string }>;
    expect(items).toHaveLength(Math.min(total, MAX_PAGE_SIZE));
    expect(items[0]?.metadata).toEqual({ totalCount: total, maxPageSize: MAX_PAGE_SIZE });
    expect(items.every((s) => /^[A-Za-z0-9+/]+=*$/.test(s.timeStamp))).toBe(true);

    const numbers = async (query: string): Promise<string[]> => ((await get(`/v1/supplier?${query}`)).json as Array<{ number: string }>).map((s) => s.number);
    expect(await numbers('name=b%C3%B8nnebrenneriet%20as')).toEqual(['50000']);
    expect(await numbers('vatRegistrationId=NO998877665MVA')).toEqual(['50000']);
    expect(await numbers('corporateId=998877665')).toEqual(['50000']);
    expect(await numbers('greaterThanValue=50000')).toEqual(['50001']);
    expect((await numbers('email=post%40emballasje.example&pageSize=10')).length).toBe(Math.min(total, MAX_PAGE_SIZE));
    const cursor = new Date(clock.now()).toISOString().replace('Z', '');
    clock.advance(1000);
    await post(supplierBody('Ny Leverandør AS'));
    expect(await numbers(`lastModifiedDateTime=${cursor}&lastModifiedDateTimeCondition=%3E`)).toEqual(['50002']);
    expect(await numbers('status=Inactive')).toEqual([]);
    for (const bad of ['status=Sleeping', 'attributes=X', 'lastModifiedDateTime=2025-01-01']) {
      const answer = await get(`/v1/supplier?${bad}`);
      expect([bad, answer.status, (answer.json as Record<string, string>)['ExceptionFaultCode']]).toEqual([bad, 400, VISMA_FAULT_CODES.badFilter]);
    }
  });

  it('should serve the supplier classes as SupplierClassDto', async () => {
    const list = await get('/v1/supplier/supplierClass');
    expect(schemas.listErrors('SupplierClassDto', list.json)).toEqual([]);
    expect((list.json as Array<{ id: string }>).map((c) => c.id)).toEqual(['NO', 'UTL']);
    const one = await get('/v1/supplier/supplierClass/NO');
    expect(one.json).toMatchObject({ id: 'NO', description: 'Norske leverandører', paymentMethodId: 'BANK' });
    expect((await get('/v1/supplier/supplierClass/NOPE')).status).toBe(404);
  });
});
