import { startVismaSandbox, VISMA_DEMO, VISMA_RATE_LIMIT_POLICY, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http } from './visma-sandbox.helpers';

const LIMIT = 3;
const WINDOW_MS = 60_000;

describe('Visma sandbox: rate limit, injected faults and control API', () => {
  const clock = fakeClock();
  let sandbox: RunningVismaSandbox;

  beforeEach(async () => {
    sandbox = await startVismaSandbox({ clock: clock.now, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } });
  });
  afterEach(async () => sandbox.close());

  it('should count down X-RateLimit-* headers and answer 429 with Retry-After when the window quota is spent', async () => {
    const auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
    for (let i = 1; i <= LIMIT; i += 1) {
      const answer = await http('GET', `${sandbox.url}/v1/account`, { headers: auth });
      expect(answer.status).toBe(200);
      expect(answer.headers['x-ratelimit-limit']).toBe(String(LIMIT));
      expect(answer.headers['x-ratelimit-remaining']).toBe(String(LIMIT - i));
      expect(answer.headers['x-ratelimit-policy']).toBe(VISMA_RATE_LIMIT_POLICY);
      expect(answer.headers['x-ratelimit-reset']).toBe(String(WINDOW_MS / 1000));
    }
    clock.advance(20_000);
    const refused = await http('GET', `${sandbox.url}/v1/account`, { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(String((WINDOW_MS - 20_000) / 1000));
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    expect(refused.headers['x-ratelimit-reset']).toBe(refused.headers['retry-after']);

    const otherCompany = { authorization: `Bearer ${await accessToken(sandbox.url, { tenantId: VISMA_DEMO.companies.sweden.tenantId })}` };
    expect((await http('GET', `${sandbox.url}/v1/account`, { headers: otherCompany })).status).toBe(200);
    const otherClient = {
      authorization: `Bearer ${await accessToken(sandbox.url, { clientId: VISMA_DEMO.limitedClientId, clientSecret: VISMA_DEMO.limitedClientSecret })}`,
    };
    expect((await http('GET', `${sandbox.url}/v1/account`, { headers: otherClient })).status).toBe(200);

    clock.advance(WINDOW_MS - 20_000);
    const renewed = await http('GET', `${sandbox.url}/v1/account`, { headers: auth });
    expect(renewed.status).toBe(200);
    expect(renewed.headers['x-ratelimit-remaining']).toBe(String(LIMIT - 1));
  });

  it('should answer the armed fault for the matching request only and then behave normally', async () => {
    const auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
    const armed = await http('POST', `${sandbox.url}/_sandbox/faults`, { json: { kind: 'http-503', count: 1, pathContains: '/v1/customer' } });
    expect(armed.status).toBe(201);
    expect((await http('GET', `${sandbox.url}/v1/account`, { headers: auth })).status).toBe(200);
    expect((await http('GET', `${sandbox.url}/v1/customer`, { headers: auth })).status).toBe(503);
    expect((await http('GET', `${sandbox.url}/v1/customer`, { headers: auth })).status).toBe(200);
    await http('POST', `${sandbox.url}/_sandbox/faults`, { json: { kind: 'http-429', count: 1, method: 'POST', retryAfterSeconds: 7 } });
    const throttled = await http('POST', `${sandbox.url}/v2/customerinvoice`, { headers: auth, json: {} });
    expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '7']);
    const log = await http('GET', `${sandbox.url}/_sandbox/requests?pathContains=/v1/customer`);
    const entries = (log.json as { requests: Array<{ status: number; fault?: string; headers: Record<string, string> }> }).requests;
    expect(entries.map((e) => e.status)).toEqual([503, 200]);
    expect(entries.every((e) => e.headers['authorization'] === '***')).toBe(true);
  });

  it('should report company state and restore the seed on reset', async () => {
    const auth = { authorization: `Bearer ${await accessToken(sandbox.url)}` };
    const created = await http('POST', `${sandbox.url}/v1/customer`, { headers: auth, json: { name: { value: 'Midlertidig AS' } } });
    expect(created.status).toBe(201);
    const invoice = await http('POST', `${sandbox.url}/v2/customerinvoice`, {
      headers: auth,
      json: { customerNumber: { value: '10000' }, externalReference: { value: 'R-1' }, invoiceLines: [{ quantity: { value: 1 }, unitPriceInCurrency: { value: 10 } }] },
    });
    expect(invoice.status).toBe(201);
    const { seed } = sandbox.store(VISMA_DEMO.companies.norway.tenantId);
    const seeded = seed.customers.length;
    const suppliers = seed.suppliers.length;
    const state = await http('GET', `${sandbox.url}/_sandbox/visma/companies/${VISMA_DEMO.companies.norway.companyId}/state`);
    expect(state.status).toBe(200);
    const body = state.json as { counts: Record<string, number>; invoices: Array<{ externalReference: string }> };
    expect(body.counts).toEqual({ customers: seeded + 1, invoices: 1, creditNotes: 0, salesOrders: 0, suppliers });
    expect(body.invoices.map((i) => i.externalReference)).toEqual(['R-1']);

    expect((await http('POST', `${sandbox.url}/_sandbox/reset`)).status).toBe(204);
    const after = await http('GET', `${sandbox.url}/_sandbox/visma/companies/${VISMA_DEMO.companies.norway.tenantId}/state`);
    expect((after.json as { counts: Record<string, number> }).counts).toEqual({ customers: seeded, invoices: 0, creditNotes: 0, salesOrders: 0, suppliers });
    expect((await http('GET', `${sandbox.url}/_sandbox/visma/companies/nope/state`)).status).toBe(404);
  });
});
