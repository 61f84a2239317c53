import { request } from 'undici';
import { startVismaSandbox, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, http, VISMA_EXCEPTION_KEYS } from './visma-sandbox.helpers';

type Exception = { ExceptionType: string; ExceptionMessage: string; ExceptionFaultCode: string; ExceptionMessageID: string; ExceptionDetails: string };

const invoice = (ref: string) => ({
  customerNumber: { value: '10000' },
  externalReference: { value: ref },
  invoiceLines: [{ quantity: { value: 1 }, unitPriceInCurrency: { value: 100 } }],
});

/** Polls `probe` every 20 ms until it returns a value, failing after `timeoutMs`. */
async function pollUntil<T>(probe: () => Promise<T | undefined>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('Visma sandbox chaos faults over HTTP', () => {
  let sandbox: RunningVismaSandbox;
  let auth: Record<string, string>;

  beforeEach(async () => {
    sandbox = await startVismaSandbox();
    auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
    sandbox.log.clear();
  });
  afterEach(async () => sandbox.close());

  const arm = async (rule: Record<string, unknown>): Promise<void> => {
    const answer = await http('POST', `${sandbox.url}/_sandbox/faults`, { json: rule });
    expect(answer.status).toBe(201);
  };
  const invoicesByRef = async (ref: string): Promise<Array<{ referenceNumber: string; externalReference: string }>> => {
    const answer = await http('GET', `${sandbox.url}/v1/customerinvoice?externalReference=${encodeURIComponent(ref)}`, { headers: auth });
    expect(answer.status).toBe(200);
    return answer.json as Array<{ referenceNumber: string; externalReference: string }>;
  };

  it('should commit the invoice but destroy the socket on lose-reply, so the client sees a connection error', async () => {
    await arm({ kind: 'lose-reply', count: 1, method: 'POST', pathContains: '/customerinvoice' });

    await expect(http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: invoice('LOST-1') })).rejects.toMatchObject({
      code: expect.stringMatching(/^UND_ERR_SOCKET$|^ECONNRESET$/),
    });

    const found = await invoicesByRef('LOST-1');
    expect(found.map((i) => i.externalReference)).toEqual(['LOST-1']);
    const logged = sandbox.log.list({ method: 'POST', pathContains: '/v2/customerinvoice' });
    expect(logged.map((e) => [e.status, e.fault])).toEqual([[201, 'lose-reply']]);
    const retried = await http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: invoice('LOST-2') });
    expect(retried.status).toBe(201);
  });

  it('should answer 201 only after the latency, committing the invoice at the end of the wait', async () => {
    await arm({ kind: 'latency', count: 1, delayMs: 700, method: 'POST', pathContains: '/customerinvoice' });
    const started = performance.now();
    const slow = http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: invoice('SLOW-1') });

    expect(await invoicesByRef('SLOW-1')).toEqual([]);
    const answer = await slow;
    expect(answer.status).toBe(201);
    expect(answer.headers['location']).toMatch(/\/v1\/customerinvoice\/.+$/);
    expect(performance.now() - started).toBeGreaterThanOrEqual(690);
    expect((await invoicesByRef('SLOW-1')).length).toBe(1);
    expect(sandbox.log.list({ method: 'POST' }).map((e) => [e.status, e.fault])).toEqual([[201, 'latency']]);
  });

  it('should still commit a held POST after the caller gave up waiting (past its lease)', async () => {
    await arm({ kind: 'latency', count: 1, delayMs: 600, method: 'POST', pathContains: '/customerinvoice' });
    const caller = request(`${sandbox.url}/v2/customerinvoice`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(invoice('LEASE-1')),
      signal: AbortSignal.timeout(150),
    });
    await expect(caller).rejects.toThrow();
    expect(await invoicesByRef('LEASE-1')).toEqual([]);

    const committed = await pollUntil(async () => {
      const found = await invoicesByRef('LEASE-1');
      return found.length > 0 ? found : undefined;
    });
    expect(committed.map((i) => i.externalReference)).toEqual(['LEASE-1']);
    expect(sandbox.log.list({ method: 'POST' }).map((e) => [e.status, e.fault])).toEqual([[201, 'latency']]);
  });

  it('should answer http-409 and validation-error with the Visma exception body', async () => {
    await arm({ kind: 'http-409', count: 1, method: 'POST' });
    await arm({ kind: 'validation-error', count: 1, method: 'POST', field: 'customerNumber' });

    const conflict = await http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: invoice('C-1') });
    expect(conflict.status).toBe(409);
    expect(Object.keys(conflict.json as object).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(conflict.json).toMatchObject({ ExceptionType: 'IPPException', ExceptionFaultCode: '12003', ExceptionDetails: 'Injected by the sandbox fault http-409.' });
    expect((conflict.json as Exception).ExceptionMessageID).toMatch(/^12003_/);

    const invalid = await http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: invoice('C-1') });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ ExceptionFaultCode: '12001', ExceptionMessage: "Error: 'customerNumber' is not valid.", ExceptionDetails: 'Invalid field: customerNumber' });
    expect(await invoicesByRef('C-1')).toEqual([]);
  });

  it('should answer injected 401, 412, 429 and 5xx in the shapes the real routes use', async () => {
    await arm({ kind: 'http-401', count: 1 });
    await arm({ kind: 'http-412', count: 1 });
    await arm({ kind: 'http-429', count: 1, retryAfterSeconds: 4 });
    await arm({ kind: 'http-500', count: 1 });
    await arm({ kind: 'http-503', count: 1 });
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await http('GET', `${sandbox.url}/v1/account`, { headers: auth }));

    expect(answers.map((a) => a.status)).toEqual([401, 412, 429, 500, 503]);
    expect(answers[0]?.json).toEqual({ Message: 'Authorization has been denied for this request.' });
    expect(answers[0]?.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(answers[1]?.json).toMatchObject({ ExceptionFaultCode: '10412' });
    expect(answers[2]?.json).toEqual({ statusCode: 429, message: 'Rate limit is exceeded. Try again in 4 seconds.' });
    expect(answers[2]?.headers['retry-after']).toBe('4');
    expect(answers[3]?.json).toEqual({ Message: 'An error has occurred.' });
    expect(answers[4]?.json).toEqual({ statusCode: 503, message: 'Service Unavailable' });
  });

  it('should honour If-Match on PUT /v1/customer: stale → 412 and unchanged, current → 204 with a new ETag', async () => {
    const read = await http('GET', `${sandbox.url}/v1/customer/10000`, { headers: auth });
    const etag = read.headers['etag'] ?? '';
    expect(etag).toMatch(/^".+"$/);
    const name = (read.json as { name: string }).name;

    const stale = await http('PUT', `${sandbox.url}/v1/customer/10000`, { headers: { ...auth, 'if-match': '"AAAAAAAAAAE="' }, json: { name: { value: 'Stale AS' } } });
    expect(stale.status).toBe(412);
    expect(stale.json).toMatchObject({ ExceptionFaultCode: '10412' });
    expect(((await http('GET', `${sandbox.url}/v1/customer/10000`, { headers: auth })).json as { name: string }).name).toBe(name);

    const current = await http('PUT', `${sandbox.url}/v1/customer/10000`, { headers: { ...auth, 'if-match': etag }, json: { name: { value: 'Fresh AS' } } });
    expect(current.status).toBe(204);
    const newEtag = current.headers['etag'] ?? '';
    expect(newEtag).toMatch(/^".+"$/);
    expect(newEtag).not.toBe(etag);
    const reread = await http('GET', `${sandbox.url}/v1/customer/10000`, { headers: auth });
    expect([reread.headers['etag'], (reread.json as { name: string }).name]).toEqual([newEtag, 'Fresh AS']);

    const lostUpdate = await http('PUT', `${sandbox.url}/v1/customer/10000`, { headers: { ...auth, 'if-match': etag }, json: { name: { value: 'Lost AS' } } });
    expect(lostUpdate.status).toBe(412);
  });

  it('should fault only the share of requests the seeded probability picks, counting firings', async () => {
    await arm({ kind: 'http-503', count: 2, probability: 0.5, seed: 1, pathContains: '/v1/account' });
    const statuses = [];
    for (let i = 0; i < 12; i += 1) statuses.push((await http('GET', `${sandbox.url}/v1/account`, { headers: auth })).status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(2);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect((await http('GET', `${sandbox.url}/_sandbox/faults`)).json).toEqual({ faults: [] });
  });

  it('should keep serving the company state as a control route that is neither logged nor faulted', async () => {
    await arm({ kind: 'http-500', count: -1 });
    const state = await http('GET', `${sandbox.url}/_sandbox/visma/companies/5100001/state`);
    expect(state.status).toBe(200);
    expect(sandbox.log.list()).toEqual([]);
  });
});
