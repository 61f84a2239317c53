import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, http, VismaSchemaValidator } from './visma-sandbox.helpers';

describe('Visma sandbox: reference data', () => {
  const schemas = new VismaSchemaValidator();
  let sandbox: RunningVismaSandbox;
  let no: Record<string, string>;
  let se: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startVismaSandbox();
    no = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
    se = { authorization: `Bearer ${await accessToken(sandbox.url, { tenantId: VISMA_DEMO.companies.sweden.tenantId })}` };
  });
  afterAll(async () => sandbox.close());

  const get = (path: string, headers: Record<string, string>) => http('GET', `${sandbox.url}${path}`, { headers });

  it('should list each company its own chart of accounts as AccountDto keyed by accountCD', async () => {
    const norway = await get('/v1/account', no);
    expect(norway.status).toBe(200);
    expect(schemas.listErrors('AccountDto', norway.json)).toEqual([]);
    const noIds = (norway.json as Array<{ accountCD: string }>).map((a) => a.accountCD);
    expect(noIds).toEqual(expect.arrayContaining(['1500', '2700', '2701', '3000', '3100', '3200', '3700', '3800', '7770']));
    const sweden = await get('/v1/account', se);
    const seIds = (sweden.json as Array<{ accountCD: string }>).map((a) => a.accountCD);
    expect(seIds).toEqual(expect.arrayContaining(['1510', '2611', '3001', '3002', '3003', '3105', '3740']));
    expect(seIds).not.toContain('3000');
    const active = await get('/v1/account?active=false', no);
    expect((active.json as Array<{ accountCD: string; active: boolean }>).every((a) => !a.active)).toBe(true);
  });

  it('should return a single account with an ETag and 404 for an unknown one', async () => {
    const one = await get('/v1/account/3000', no);
    expect(one.status).toBe(200);
    expect(one.headers['etag']).toMatch(/^".+"$/);
    expect(schemas.errors('AccountDto', one.json)).toEqual([]);
    expect((await get('/v1/account/9999', no)).status).toBe(404);
  });

  it('should expose VAT codes and VAT categories with the Nordic rates', async () => {
    const vats = await get('/v1/vat', no);
    expect(schemas.listErrors('VatInformationDto', vats.json)).toEqual([]);
    const rates = Object.fromEntries((vats.json as Array<{ vatId: string; schedules: Array<{ vatRate: number }> }>).map((v) => [v.vatId, v.schedules[0]?.vatRate]));
    expect([rates['3'], rates['31'], rates['33'], rates['5']]).toEqual([25, 15, 12, 0]);
    const seVats = await get('/v1/vat', se);
    const seRates = (seVats.json as Array<{ schedules: Array<{ vatRate: number }> }>).map((v) => v.schedules[0]?.vatRate);
    expect(seRates).toEqual(expect.arrayContaining([25, 12, 6, 0]));
    const categories = await get('/v1/vatCategory', no);
    expect(schemas.listErrors('VatCategoryDto', categories.json)).toEqual([]);
    const single = await get('/v1/vatCategory/31', no);
    expect(schemas.errors('VatCategoryDto', single.json)).toEqual([]);
    expect(single.headers['etag']).toBeDefined();
  });

  it('should list dimension ids and return SUBACCOUNT with its department values', async () => {
    const ids = await get('/v1/dimension', no);
    expect(ids.json).toEqual(expect.arrayContaining(['SUBACCOUNT', 'PROJECT']));
    expect((ids.json as unknown[]).every((id) => typeof id === 'string')).toBe(true);
    const sub = await get('/v1/dimension/SUBACCOUNT', no);
    expect(schemas.errors('DtoDimension', sub.json)).toEqual([]);
    const segments = (sub.json as { segments: Array<{ description: string; segmentValues: Array<{ valueId: string }> }> }).segments;
    expect(segments[0]?.segmentValues.map((v) => v.valueId)).toEqual(expect.arrayContaining(['WEB', 'RETAIL']));
    const bare = await get('/v1/dimension/SUBACCOUNT?expandSegmentsValues=false', no);
    expect((bare.json as { segments: Array<Record<string, unknown>> }).segments[0]?.['segmentValues']).toBeUndefined();
    expect((await get('/v1/dimension/NOPE', no)).status).toBe(404);
  });

  it('should page subaccounts with metadata and return branches', async () => {
    const subs = await get('/v1/subaccount?pageNumber=1&pageSize=2', no);
    expect(schemas.listErrors('SubAccountDto', subs.json)).toEqual([]);
    const items = subs.json as Array<{ subaccountNumber: string; metadata: { totalCount: number } }>;
    expect(items).toHaveLength(2);
    expect(items[0]?.metadata.totalCount).toBe(sandbox.store(VISMA_DEMO.companies.norway.tenantId).seed.subaccounts.length);
    const branches = await get('/v1/branch?expandAddress=true&expandCurrency=true', no);
    expect(schemas.listErrors('BranchDto', branches.json)).toEqual([]);
    expect((branches.json as Array<{ name: string; currency: { id: string } }>)[0]).toEqual(
      expect.objectContaining({ name: VISMA_DEMO.companies.norway.name, currency: expect.objectContaining({ id: 'NOK' }) }),
    );
  });
});
