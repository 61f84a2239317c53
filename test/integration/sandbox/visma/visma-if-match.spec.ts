import { startVismaSandbox, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, http, type HttpAnswer } from './visma-sandbox.helpers';

type Exception = { ExceptionFaultCode: string; ExceptionMessage: string };

describe('Visma sandbox If-Match on the update routes of the spec', () => {
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeEach(async () => {
    sandbox = await startVismaSandbox();
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
  });
  afterEach(async () => sandbox.close());

  const get = (path: string): Promise<HttpAnswer> => http('GET', `${sandbox.url}${path}`, { headers: auth });
  const put = (path: string, ifMatch: string | undefined, json: unknown): Promise<HttpAnswer> =>
    http('PUT', `${sandbox.url}${path}`, { headers: { ...auth, ...(ifMatch !== undefined ? { 'if-match': ifMatch } : {}) }, json });
  const createInvoice = async (ref: string): Promise<string> => {
    const created = await http('POST', `${sandbox.url}/v2/customerinvoice`, {
      headers: auth,
      json: { customerNumber: { value: '10000' }, externalReference: { value: ref }, invoiceLines: [{ quantity: { value: 2 }, unitPriceInCurrency: { value: 50 } }] },
    });
    expect(created.status).toBe(201);
    return decodeURIComponent((created.headers['location'] ?? '').split('/').pop() ?? '');
  };

  it('should refuse a stale If-Match on PUT /v1/customerinvoice/{n} with 412 and change nothing, and apply a current one with 204 + new ETag', async () => {
    const number = await createInvoice('ETAG-INV-1');
    const read = await get(`/v1/customerinvoice/${number}`);
    const etag = read.headers['etag'] ?? '';
    expect(etag).toMatch(/^".+"$/);

    const stale = await put(`/v1/customerinvoice/${number}`, '"AAAAAAAAAAE="', { invoiceText: { value: 'stale text' } });
    expect(stale.status).toBe(412);
    expect((stale.json as Exception).ExceptionFaultCode).toBe('10412');
    expect((stale.json as Exception).ExceptionMessage).toBe('The record has been changed by another process. Reload it and try again.');
    const unchanged = await get(`/v1/customerinvoice/${number}`);
    expect([unchanged.headers['etag'], (unchanged.json as { invoiceText?: string }).invoiceText]).toEqual([etag, undefined]);

    const current = await put(`/v1/customerinvoice/${number}`, etag, { invoiceText: { value: 'Order 1001' }, hold: { value: true } });
    expect(current.status).toBe(204);
    expect(current.text).toBe('');
    const newEtag = current.headers['etag'] ?? '';
    expect(newEtag).toMatch(/^".+"$/);
    expect(newEtag).not.toBe(etag);
    const reread = await get(`/v1/customerinvoice/${number}`);
    const dto = reread.json as { invoiceText: string; hold: boolean; status: string; externalReference: string; amount: number };
    expect([reread.headers['etag'], dto.invoiceText, dto.hold, dto.status, dto.externalReference]).toEqual([newEtag, 'Order 1001', true, 'Hold', 'ETAG-INV-1']);

    expect((await put(`/v1/customerinvoice/${number}`, etag, { invoiceText: { value: 'lost update' } })).status).toBe(412);
    expect((await put(`/v1/customerinvoice/${number}`, undefined, { note: { value: 'no If-Match is allowed' } })).status).toBe(204);
  });

  it('should refuse an unsimulated field with a 400 validation error naming it, and answer 404 for an unknown document', async () => {
    const number = await createInvoice('ETAG-INV-2');
    const lines = await put(`/v1/customerinvoice/${number}`, undefined, { invoiceLines: [{ operation: 'Insert', quantity: { value: 1 } }] });
    expect(lines.status).toBe(400);
    expect(lines.json).toMatchObject({ ExceptionFaultCode: '12001', ExceptionMessage: "Error: Updating 'invoiceLines' is not supported by the sandbox." });
    const missing = await put('/v1/customerinvoice/999999', '"AAAAAAAAAAE="', { note: { value: 'x' } });
    expect([missing.status, (missing.json as Exception).ExceptionFaultCode]).toEqual([404, '10404']);
  });

  it('should honour If-Match on PUT /v1/customerCreditNote/{n}', async () => {
    const created = await http('POST', `${sandbox.url}/v2/customerCreditNote`, {
      headers: auth,
      json: { customerNumber: { value: '10000' }, lines: [{ quantity: { value: 1 }, unitPriceInCurrency: { value: 10 } }] },
    });
    expect(created.status).toBe(201);
    const number = decodeURIComponent((created.headers['location'] ?? '').split('/').pop() ?? '');
    const etag = created.headers['etag'] ?? '';
    expect((await put(`/v1/customerCreditNote/${number}`, '"AAAAAAAAAAE="', { note: { value: 'x' } })).status).toBe(412);
    const ok = await put(`/v1/customerCreditNote/${number}`, etag, { customerRefNumber: { value: 'RMA-7' } });
    expect(ok.status).toBe(204);
    const reread = await get(`/v1/customerCreditNote/${number}`);
    expect([reread.headers['etag'], (reread.json as { customerRefNumber: string }).customerRefNumber]).toEqual([ok.headers['etag'], 'RMA-7']);
  });

  it('should honour If-Match on PUT /v1/customer/internal/{internalID}', async () => {
    const read = await get('/v1/customer/10000');
    const { internalId } = read.json as { internalId: number };
    const etag = read.headers['etag'] ?? '';
    expect((await put(`/v1/customer/internal/${internalId}`, '"AAAAAAAAAAE="', { name: { value: 'Stale AS' } })).status).toBe(412);
    const ok = await put(`/v1/customer/internal/${internalId}`, etag, { name: { value: 'Internal AS' } });
    expect(ok.status).toBe(204);
    const reread = await get('/v1/customer/10000');
    expect([reread.headers['etag'], (reread.json as { name: string }).name]).toEqual([ok.headers['etag'], 'Internal AS']);
    expect((await put('/v1/customer/internal/987654', undefined, { name: { value: 'x' } })).status).toBe(404);
  });
});
