import { startTestApp, type TestApp } from '../../support/api-harness';

describe('changing where a connection sends its secrets', () => {
  let t: TestApp;
  let token: string;
  let id: string;
  const secret = 'visma-client-secret-host-check-91ab';

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.login();
    const res = await t.call('POST', '/api/connections', {
      token,
      body: { system: 'visma', name: 'Visma NO', settings: { companyId: '1234567' }, credentials: { clientId: 'client-abc', clientSecret: secret, tenantId: 'tenant-1' } },
    });
    expect(res.status).toBe(201);
    id = res.body.id;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should refuse a new token URL unless the secret is entered again, naming the field', async () => {
    const moved = await t.call('PATCH', `/api/connections/${id}`, { token, body: { settings: { tokenUrl: 'https://attacker.example.com/connect/token' } } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.code).toBe('validation_failed');
    expect(moved.body.error.details.fields).toEqual([{ field: 'credentials.clientSecret', message: expect.stringMatching(/settings\.tokenUrl changed/) }]);
    // Nothing was saved: the connection still sends its secret where it did.
    const after = await t.call('GET', `/api/connections/${id}`, { token });
    expect(JSON.stringify(after.body)).not.toContain('attacker.example.com');
  });

  it('should take the new address together with the secret entered again, and any other change without it', async () => {
    const renamed = await t.call('PATCH', `/api/connections/${id}`, { token, body: { name: 'Visma Norge', settings: { companyId: '1234567' } } });
    expect(renamed.status).toBe(200);
    const moved = await t.call('PATCH', `/api/connections/${id}`, { token, body: { settings: { apiBaseUrl: 'https://api.finance.visma.net/' }, credentials: { clientSecret: 'a-fresh-secret-entered-again' } } });
    expect(moved.status).toBe(200);
    expect(JSON.stringify(moved.body)).not.toContain('a-fresh-secret');
  });
});
