import { ConnectorAuthError, OAuth2ClientCredentialsProvider } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

describe(OAuth2ClientCredentialsProvider.name, () => {
  let server: CountingServer;
  let now: number;
  let issued: number;
  const make = (): OAuth2ClientCredentialsProvider =>
    new OAuth2ClientCredentialsProvider({
      system: 'visma',
      tokenUrl: `${server.url}/connect/token`,
      clientId: 'client-1',
      clientSecret: 'very-SECRET-value',
      scope: 'vismanet_erp_service_api:read',
      extraParams: { tenant_id: 'tenant-1' },
      clockSkewMs: 60_000,
      now: () => now,
    });

  beforeEach(async () => {
    server = await startCountingServer();
    now = 1_000_000;
    issued = 0;
    server.route('POST', '/connect/token', () => ({ status: 200, body: { access_token: `tok-${(issued += 1)}`, expires_in: 3600, token_type: 'Bearer' } }));
  });
  afterEach(async () => server.close());

  it('should post the client-credentials form when fetching a token', async () => {
    const headers: Record<string, string> = {};
    await make().apply(headers);
    expect(headers['authorization']).toBe('Bearer tok-1');
    const form = new URLSearchParams(server.requests[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: 'very-SECRET-value',
      scope: 'vismanet_erp_service_api:read',
      tenant_id: 'tenant-1',
    });
  });

  it('should send exactly one token request when 50 callers arrive with an expired token', async () => {
    const sut = make();
    await sut.apply({});
    now += 3_600_000;
    const all = await Promise.all(Array.from({ length: 50 }, async () => {
      const h: Record<string, string> = {};
      await sut.apply(h);
      return h['authorization'];
    }));
    expect(new Set(all)).toEqual(new Set(['Bearer tok-2']));
    expect(server.count('POST', '/connect/token')).toBe(2);
  });

  it('should reuse the token until clockSkewMs before expiry and renew after', async () => {
    const sut = make();
    await sut.apply({});
    now += 3_600_000 - 60_001;
    await sut.apply({});
    expect(server.count('POST', '/connect/token')).toBe(1);
    now += 2;
    await sut.apply({});
    expect(server.count('POST', '/connect/token')).toBe(2);
  });

  it('should ignore a stale invalidate when a newer token is already cached', async () => {
    const sut = make();
    const first: Record<string, string> = {};
    await sut.apply(first);
    sut.invalidate(first);
    await sut.apply({});
    sut.invalidate(first);
    await sut.apply({});
    expect(server.count('POST', '/connect/token')).toBe(2);
  });

  it('should raise an auth error keeping the OAuth code and no secret when the client is rejected', async () => {
    server.route('POST', '/connect/token', [{ status: 400, body: { error: 'invalid_client' } }]);
    const err: unknown = await make().apply({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorAuthError);
    expect((err as ConnectorAuthError).oauthError).toBe('invalid_client');
    expect(JSON.stringify({ ...(err as object), message: (err as Error).message })).not.toContain('very-SECRET-value');
  });

  it('should retry the token request on the next call when every attempt of the first one failed', async () => {
    server.route('POST', '/connect/token', (_r, n) => (n <= 3 ? { status: 503 } : { status: 200, body: { access_token: 'tok-ok', expires_in: 60 } }));
    const sut = make();
    await expect(sut.apply({})).rejects.toThrow('token endpoint answered 503');
    expect(server.requests).toHaveLength(3);
    const h: Record<string, string> = {};
    await sut.apply(h);
    expect(h['authorization']).toBe('Bearer tok-ok');
  });

  it('should not fail every waiting caller when the shared token request times out once', async () => {
    server.route('POST', '/connect/token', (_r, n) => (n === 1 ? { delayMs: 1_000, status: 200, body: { access_token: 'tok-late', expires_in: 60 } } : { status: 200, body: { access_token: 'tok-ok', expires_in: 60 } }));
    const sut = new OAuth2ClientCredentialsProvider({ system: 'visma', tokenUrl: `${server.url}/connect/token`, clientId: 'c', clientSecret: 's', timeoutMs: 200, now: () => now });
    const all = await Promise.all(Array.from({ length: 20 }, async () => {
      const h: Record<string, string> = {};
      await sut.apply(h);
      return h['authorization'];
    }));
    expect(new Set(all)).toEqual(new Set(['Bearer tok-ok']));
    expect(server.requests).toHaveLength(2);
  });
});
