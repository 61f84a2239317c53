import { COMMERCETOOLS_ADMIN_CLIENT, COMMERCETOOLS_CONNECTOR_CLIENT, COMMERCETOOLS_NO_STORE_CLIENT, COMMERCETOOLS_READONLY_CLIENT, startCommercetoolsSandbox, type RunningCommercetoolsSandbox } from '../../../../apps/sandbox/src/commercetools';
import { api, control, sdk, sdkError, token, tokenRequest } from './support';

describe('commercetools sandbox auth (oauth.raml, oauth2.raml)', () => {
  let sandbox: RunningCommercetoolsSandbox;
  let clock = Date.now();

  beforeAll(async () => {
    sandbox = await startCommercetoolsSandbox({ port: 0, now: () => clock, tokenTtlSeconds: 3600 });
  });
  afterAll(() => sandbox.close());
  beforeEach(() => {
    clock = Date.now();
    sandbox.reset();
  });

  it('should issue a Bearer TokenResponse with the granted scopes when no scope is requested', async () => {
    const answer = await tokenRequest(sandbox, COMMERCETOOLS_CONNECTOR_CLIENT);
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ access_token: expect.any(String), expires_in: 3600, scope: COMMERCETOOLS_CONNECTOR_CLIENT.scopes.join(' '), token_type: 'Bearer' });
  });

  it('should answer 401 invalid_client for a wrong secret and an unknown client', async () => {
    for (const client of [{ ...COMMERCETOOLS_CONNECTOR_CLIENT, clientSecret: 'wrong' }, { clientId: 'nobody', clientSecret: 'x' }]) {
      const answer = await tokenRequest(sandbox, client);
      expect(answer.status).toBe(401);
      expect(answer.json).toMatchObject({ statusCode: 401, error: 'invalid_client', errors: [{ code: 'invalid_client' }] });
    }
  });

  it('should answer 400 invalid_scope when a scope was not granted to the client', async () => {
    const answer = await tokenRequest(sandbox, COMMERCETOOLS_READONLY_CLIENT, 'view_products:ml-demo view_orders:ml-demo');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: 'invalid_scope', errors: [{ code: 'invalid_scope' }] });
    expect(answer.json.message).toContain('view_orders:ml-demo');
  });

  it('should grant a subset, and any project scope to a manage_project client', async () => {
    const subset = await tokenRequest(sandbox, COMMERCETOOLS_CONNECTOR_CLIENT, 'view_orders:ml-demo');
    expect(subset.json.scope).toBe('view_orders:ml-demo');
    const admin = await tokenRequest(sandbox, COMMERCETOOLS_ADMIN_CLIENT, 'manage_orders:ml-demo view_messages:ml-demo');
    expect(admin.status).toBe(200);
  });

  it('should fail the SDK with 401 when the secret is wrong', async () => {
    const err = await sdkError(sdk(sandbox, { client: { ...COMMERCETOOLS_CONNECTOR_CLIENT, clientSecret: 'wrong' } }).orders().get().execute());
    expect(err.statusCode ?? err.status).toBe(401);
  });

  it('should answer 403 insufficient_scope through the SDK when the token lacks the endpoint scope', async () => {
    const readonly = sdk(sandbox, { client: COMMERCETOOLS_READONLY_CLIENT });
    const products = await readonly.products().get().execute();
    expect(products.statusCode).toBe(200);
    const err = await sdkError(readonly.orders().get().execute());
    expect(err.statusCode).toBe(403);
    expect(err.body).toMatchObject({ statusCode: 403, error: 'insufficient_scope', errors: [{ code: 'insufficient_scope' }] });
  });

  it('should answer 401 invalid_token without a token, with an unknown one and after expiry', async () => {
    const missing = await fetch(`${sandbox.url}/ml-demo/orders`);
    expect(missing.status).toBe(401);
    const unknown = await api(sandbox, 'GET', '/orders', 'not-a-token');
    expect(unknown.json).toMatchObject({ statusCode: 401, message: 'invalid_token', errors: [{ code: 'invalid_token' }], error: 'invalid_token' });
    const bearer = await token(sandbox);
    expect((await api(sandbox, 'GET', '/orders', bearer)).status).toBe(200);
    clock += 3_600_000;
    const expired = await api(sandbox, 'GET', '/orders', bearer);
    expect(expired.status).toBe(401);
    expect(expired.json.error_description).toContain('expired');
  });

  it('should let the SDK fetch a new token after the control API expired the old one', async () => {
    const client = sdk(sandbox);
    expect((await client.get().execute()).body.key).toBe('ml-demo');
    expect((await control(sandbox, 'POST', '/commercetools/tokens/expire')).status).toBe(204);
    const again = await client.orders().get({ queryArgs: { limit: 1 } }).execute();
    expect(again.statusCode).toBe(200);
  });

  it('should honour store-scoped scopes: only the in-store endpoint of that store', async () => {
    const bearer = await token(sandbox, COMMERCETOOLS_NO_STORE_CLIENT);
    expect((await api(sandbox, 'GET', '/in-store/key=no/orders', bearer)).status).toBe(200);
    expect((await api(sandbox, 'GET', '/in-store/key=se/orders', bearer)).status).toBe(403);
    expect((await api(sandbox, 'GET', '/orders', bearer)).status).toBe(403);
  });

  it('should let the control API replace the clients and their scopes', async () => {
    const put = await control(sandbox, 'PUT', '/commercetools/clients', { clients: [{ clientId: 'new-client', clientSecret: 'new-secret', scopes: ['view_orders:ml-demo'] }] });
    expect(put.json.clients).toEqual([{ clientId: 'new-client', scopes: ['view_orders:ml-demo'] }]);
    expect((await tokenRequest(sandbox, COMMERCETOOLS_CONNECTOR_CLIENT)).status).toBe(401);
    const bearer = await token(sandbox, { clientId: 'new-client', clientSecret: 'new-secret', scopes: [] });
    expect((await api(sandbox, 'GET', '/orders', bearer)).status).toBe(200);
    expect((await api(sandbox, 'GET', '/payments', bearer)).status).toBe(403);
  });
});
