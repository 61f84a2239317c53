import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { api, schemaErrors } from './support';

type Hook = { id: number; scope: string; destination: string; is_active: boolean; headers: Record<string, string> | null; client_id: string; store_hash: string; created_at: number; updated_at: number };

describe('BigCommerce sandbox hooks v3', () => {
  let sandbox: RunningBigCommerceSandbox;
  const destination = 'http://127.0.0.1:9/webhooks';

  beforeEach(async () => {
    sandbox = await startBigCommerceSandbox({ seed: false });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('should create, read, update, list and delete a hook', async () => {
    const created = await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/order/created', destination, is_active: true, headers: { 'x-secret': 'abc' } } });
    expect(created.status).toBe(200);
    expect(schemaErrors('webhooks.v3', 'responses/webhook_Resp', created.body)).toBe('');
    const hook = (created.body as { data: Hook }).data;
    expect(hook).toMatchObject({ scope: 'store/order/created', destination, is_active: true, headers: { 'x-secret': 'abc' }, client_id: BIGCOMMERCE_DEMO.clientId, store_hash: BIGCOMMERCE_DEMO.storeHash });
    expect(hook.created_at).toBe(hook.updated_at);

    expect((await api(sandbox, 'GET', `/v3/hooks/${hook.id}`)).body).toEqual(created.body);

    const updated = await api(sandbox, 'PUT', `/v3/hooks/${hook.id}`, { body: { is_active: false, headers: null } });
    expect(schemaErrors('webhooks.v3', 'responses/webhook_Resp', updated.body)).toBe('');
    expect((updated.body as { data: Hook }).data).toMatchObject({ id: hook.id, is_active: false, headers: null });

    const list = await api(sandbox, 'GET', '/v3/hooks?is_active=false');
    expect(schemaErrors('webhooks.v3', 'responses/webhooks_Resp', list.body)).toBe('');
    expect((list.body as { data: Hook[] }).data.map((h) => h.id)).toEqual([hook.id]);
    expect((await api(sandbox, 'GET', '/v3/hooks?is_active=true')).body).toMatchObject({ data: [] });

    const deleted = await api(sandbox, 'DELETE', `/v3/hooks/${hook.id}`);
    expect(deleted.status).toBe(200);
    expect((deleted.body as { data: Hook }).data.id).toBe(hook.id);
    const gone = await api(sandbox, 'GET', `/v3/hooks/${hook.id}`);
    expect(gone.status).toBe(404);
    expect(schemaErrors('webhooks.v3', 'components/schemas/error_Full', gone.body)).toBe('');
  });

  it('should refuse a second hook with the same scope and destination for the same client', async () => {
    const body = { scope: 'store/order/*', destination };
    expect((await api(sandbox, 'POST', '/v3/hooks', { body })).status).toBe(200);
    const dup = await api(sandbox, 'POST', '/v3/hooks', { body });
    expect(dup.status).toBe(422);
    expect(schemaErrors('webhooks.v3', 'components/schemas/errorDetailed_Full', dup.body)).toBe('');
    expect((await api(sandbox, 'POST', '/v3/hooks', { body: { ...body, destination: `${destination}/other` } })).status).toBe(200);
  });

  it('should answer 422 when scope or destination is missing or invalid', async () => {
    const missing = await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/order/created' } });
    expect(missing.status).toBe(422);
    expect(missing.body).toMatchObject({ status: 422, errors: { destination: 'error.path.missing' } });
    expect((await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/nothing/here', destination } })).status).toBe(422);
    expect((await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/order/created', destination: 'http://example.com/hooks' } })).status).toBe(422);
    expect((await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/order/created', destination: 'https://example.com:8443/hooks' } })).status).toBe(422);
    expect((await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/order/created', destination: 'https://example.com/hooks' } })).status).toBe(200);
  });

  it('should hide hooks of another client id', async () => {
    const created = (await api(sandbox, 'POST', '/v3/hooks', { body: { scope: 'store/customer/created', destination } })).body as { data: Hook };
    const other = await api(sandbox, 'GET', '/v3/hooks', { token: BIGCOMMERCE_DEMO.limitedAccessToken });
    expect(other.body).toMatchObject({ data: [] });
    expect((await api(sandbox, 'GET', `/v3/hooks/${created.data.id}`, { token: BIGCOMMERCE_DEMO.limitedAccessToken })).status).toBe(404);
  });
});
