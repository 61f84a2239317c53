import { startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import official from '../../../../apps/sandbox/src/bigcommerce/seed/store_information.v2.StoreInformation.response.json';
import { api } from './support';

describe('BigCommerce sandbox store information v2', () => {
  let sandbox: RunningBigCommerceSandbox;
  beforeAll(async () => {
    sandbox = await startBigCommerceSandbox();
  });
  afterAll(async () => sandbox.close());

  it('should answer GET /v2/store with every field of the official example and the demo store name', async () => {
    const res = await api(sandbox, 'GET', '/v2/store');
    expect(res.status).toBe(200);
    const body = res.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(Object.keys(official).sort());
    expect(body).toMatchObject({ id: 'mlcdemo1', name: 'ML Connector Demo Store', timezone: official.timezone });
  });

  it('should refuse GET /v2/store without a token', async () => {
    expect((await api(sandbox, 'GET', '/v2/store', { token: null })).status).toBe(401);
  });
});
