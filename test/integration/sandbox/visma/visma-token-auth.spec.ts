import { startVismaSandbox, VISMA_DEMO, VISMA_FAULT_CODES, type RunningVismaSandbox } from '../../../../apps/sandbox/src/visma';
import { accessToken, fakeClock, http, requestToken, VISMA_EXCEPTION_KEYS } from './visma-sandbox.helpers';

const TTL_SECONDS = 120;

describe('Visma sandbox: Visma Connect token endpoint and ERP authentication', () => {
  const clock = fakeClock();
  let sandbox: RunningVismaSandbox;

  beforeAll(async () => {
    sandbox = await startVismaSandbox({ tokenTtlSeconds: TTL_SECONDS, clock: clock.now });
  });
  afterAll(async () => sandbox.close());

  const decodePayload = (jwt: string): Record<string, unknown> =>
    JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

  it('should issue an RFC 6749 §5.1 bearer token carrying tenant, client, scope and exp when the client credentials are valid', async () => {
    const answer = await requestToken(sandbox.url, { scope: 'vismanet_erp_service_api:read vismanet_erp_service_api:create' });
    expect(answer.status).toBe(200);
    expect(answer.headers['cache-control']).toBe('no-store');
    const body = answer.json as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(body['token_type']).toBe('Bearer');
    expect(body['expires_in']).toBe(TTL_SECONDS);
    expect(body['scope']).toBe('vismanet_erp_service_api:read vismanet_erp_service_api:create');
    const jwt = body['access_token'] as string;
    expect(jwt.split('.')).toHaveLength(3);
    const claims = decodePayload(jwt);
    expect(claims['tenant_id']).toBe(VISMA_DEMO.companies.norway.tenantId);
    expect(claims['client_id']).toBe(VISMA_DEMO.clientId);
    expect(claims['scope']).toEqual(['vismanet_erp_service_api:read', 'vismanet_erp_service_api:create']);
    expect(claims['exp']).toBe(Math.floor(clock.now() / 1000) + TTL_SECONDS);
  });

  it('should accept HTTP Basic client authentication when the secret is not in the form', async () => {
    const basic = Buffer.from(`${VISMA_DEMO.clientId}:${VISMA_DEMO.clientSecret}`).toString('base64');
    const answer = await http('POST', `${sandbox.url}/connect/token`, {
      headers: { authorization: `Basic ${basic}` },
      form: { grant_type: 'client_credentials', tenant_id: VISMA_DEMO.companies.sweden.tenantId },
    });
    expect(answer.status).toBe(200);
    expect(decodePayload((answer.json as { access_token: string }).access_token)['tenant_id']).toBe(VISMA_DEMO.companies.sweden.tenantId);
  });

  it('should answer 401 invalid_client when the client secret is wrong', async () => {
    const answer = await requestToken(sandbox.url, { clientSecret: 'wrong-secret' });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
  });

  it('should answer 400 invalid_scope when an unknown scope is requested', async () => {
    const answer = await requestToken(sandbox.url, { scope: 'vismanet_erp_service_api:read visma_api:admin' });
    expect(answer.status).toBe(400);
    expect((answer.json as { error: string }).error).toBe('invalid_scope');
  });

  it('should answer 400 invalid_tenant when the client is not approved for the tenant', async () => {
    const ok = await requestToken(sandbox.url, { clientId: VISMA_DEMO.limitedClientId, clientSecret: VISMA_DEMO.limitedClientSecret });
    expect(ok.status).toBe(200);
    const refused = await requestToken(sandbox.url, {
      clientId: VISMA_DEMO.limitedClientId,
      clientSecret: VISMA_DEMO.limitedClientSecret,
      tenantId: VISMA_DEMO.companies.sweden.tenantId,
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ error: 'invalid_tenant', error_description: expect.any(String) });
  });

  it('should answer invalid_request or unsupported_grant_type when tenant_id or the grant type is wrong', async () => {
    const noTenant = await http('POST', `${sandbox.url}/connect/token`, {
      form: { grant_type: 'client_credentials', client_id: VISMA_DEMO.clientId, client_secret: VISMA_DEMO.clientSecret },
    });
    expect([noTenant.status, (noTenant.json as { error: string }).error]).toEqual([400, 'invalid_request']);
    const password = await http('POST', `${sandbox.url}/connect/token`, {
      form: { grant_type: 'password', client_id: VISMA_DEMO.clientId, client_secret: VISMA_DEMO.clientSecret },
    });
    expect([password.status, (password.json as { error: string }).error]).toEqual([400, 'unsupported_grant_type']);
  });

  it('should answer 401 with WWW-Authenticate when the bearer token is missing, tampered or expired', async () => {
    const missing = await http('GET', `${sandbox.url}/v1/customer`);
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer /);

    const token = await accessToken(sandbox.url);
    const [head, , sig] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ tenant_id: VISMA_DEMO.companies.sweden.tenantId, exp: 9999999999 })).toString('base64url');
    const tampered = await http('GET', `${sandbox.url}/v1/customer`, { headers: { authorization: `Bearer ${head}.${forged}.${sig}` } });
    expect(tampered.status).toBe(401);
    expect(tampered.headers['www-authenticate']).toContain('error="invalid_token"');

    const fresh = await http('GET', `${sandbox.url}/v1/customer?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(fresh.status).toBe(200);
    clock.advance((TTL_SECONDS - 1) * 1000);
    const almost = await http('GET', `${sandbox.url}/v1/customer?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(almost.status).toBe(200);
    clock.advance(1000);
    const expired = await http('GET', `${sandbox.url}/v1/customer?pageSize=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(expired.status).toBe(401);
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(expired.json).toEqual({ Message: expect.any(String) });
  });

  it('should answer 401 when the token belongs to a Visma Connect customer tenant that is no ERP company', async () => {
    const token = await accessToken(sandbox.url, { tenantId: VISMA_DEMO.customerTenantId });
    const answer = await http('GET', `${sandbox.url}/v1/account`, { headers: { authorization: `Bearer ${token}` } });
    expect(answer.status).toBe(401);
  });

  it('should answer 403 insufficient_scope when a read-only token creates a customer', async () => {
    const token = await accessToken(sandbox.url, { scope: 'vismanet_erp_service_api:read' });
    const answer = await http('POST', `${sandbox.url}/v1/customer`, {
      headers: { authorization: `Bearer ${token}` },
      json: { name: { value: 'Scope Test AS' } },
    });
    expect(answer.status).toBe(403);
    expect(answer.headers['www-authenticate']).toContain('error="insufficient_scope"');
    expect(answer.headers['x-ratelimit-limit']).toBeDefined();
    expect(sandbox.store(VISMA_DEMO.companies.norway.tenantId).snapshot().customers.some((c) => c.name === 'Scope Test AS')).toBe(false);
  });

  it('should answer 403 companyMismatch when ipp-company-id names another company and 200 when it names the token company', async () => {
    const token = await accessToken(sandbox.url);
    const other = await http('GET', `${sandbox.url}/v1/account`, {
      headers: { authorization: `Bearer ${token}`, 'ipp-company-id': VISMA_DEMO.companies.sweden.companyId },
    });
    expect(other.status).toBe(403);
    const body = other.json as Record<string, string>;
    expect(Object.keys(body).sort()).toEqual(VISMA_EXCEPTION_KEYS);
    expect(body['ExceptionFaultCode']).toBe(VISMA_FAULT_CODES.companyMismatch);
    for (const same of [VISMA_DEMO.companies.norway.companyId, VISMA_DEMO.companies.norway.tenantId]) {
      const answer = await http('GET', `${sandbox.url}/v1/account`, { headers: { authorization: `Bearer ${token}`, 'ipp-company-id': same } });
      expect(answer.status).toBe(200);
    }
  });
});
