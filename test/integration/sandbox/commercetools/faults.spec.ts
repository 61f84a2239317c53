import { startCommercetoolsSandbox, type RunningCommercetoolsSandbox } from '../../../../apps/sandbox/src/commercetools';
import { api, control, sdk, token } from './support';

describe('commercetools sandbox faults and request log (/_sandbox)', () => {
  let sandbox: RunningCommercetoolsSandbox;

  beforeAll(async () => {
    sandbox = await startCommercetoolsSandbox({ port: 0 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => sandbox.reset());

  it('should answer an armed 503 rule with the OverCapacity ErrorResponse, then recover', async () => {
    const armed = await control(sandbox, 'POST', '/faults', { kind: 'http-503', count: 1, pathContains: '/ml-demo/orders', retryAfterSeconds: 2 });
    expect(armed.status).toBe(201);
    const bearer = await token(sandbox);
    const faulted = await api(sandbox, 'GET', '/orders', bearer);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('2');
    expect(faulted.json).toMatchObject({ statusCode: 503, errors: [{ code: 'OverCapacity' }] });
    expect((await api(sandbox, 'GET', '/orders', bearer)).status).toBe(200);
    const log = await control(sandbox, 'GET', '/requests?pathContains=/orders');
    expect(log.json.requests.map((r: { status: number; fault?: string }) => [r.status, r.fault])).toEqual([[503, 'http-503'], [200, undefined]]);
    expect(log.json.requests[0].headers.authorization).toBe('***');
  });

  it('should let the SDK retry through two injected 503s when retries are on', async () => {
    await control(sandbox, 'POST', '/faults', { kind: 'http-503', count: 2, pathContains: '/ml-demo/payments' });
    const page = await sdk(sandbox, { retry: true }).payments().get().execute();
    expect(page.statusCode).toBe(200);
    const log = sandbox.log.list({ pathContains: '/ml-demo/payments' });
    expect(log.map((e) => e.status)).toEqual([503, 503, 200]);
  });

  it('should restore the seed on POST /_sandbox/reset', async () => {
    await control(sandbox, 'POST', '/commercetools/inventory/CT-MUG-01', { quantity: 1 });
    expect((await control(sandbox, 'POST', '/reset')).status).toBe(204);
    const entry = (await sdk(sandbox).inventory().withKey({ key: 'stock-mug' }).get().execute()).body;
    expect(entry).toMatchObject({ quantityOnStock: 120, version: 1 });
  });
});
