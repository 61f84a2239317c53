import { z } from 'zod';
import { Agent } from 'undici';
import {
  ConnectorHostNotAllowedError,
  createGuardedAgent,
  HeaderTokenProvider,
  HostNotAllowedError,
  HttpTransport,
  OAuth2ClientCredentialsProvider,
  responseCap,
  totalTimeout,
  TotalTimeoutError,
  type HostResolver,
} from '@mlc/connectors';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';

const SECRET = 'do-not-leak-4f1c9e2a';
const OK = z.object({ ok: z.boolean() });

describe('the guarded dispatcher', () => {
  let server: CountingServer;
  let port: string;
  const agents: Agent[] = [];
  const agent = (...args: Parameters<typeof createGuardedAgent>): Agent => {
    const a = createGuardedAgent(...args);
    agents.push(a);
    return a;
  };

  beforeAll(async () => {
    server = await startCountingServer();
    server.route('GET', '/v1/ok', [{ body: { ok: true } }]);
    server.route('POST', '/connect/token', [{ body: { access_token: 'tok', expires_in: 3600 } }]);
    server.route('GET', '/slow', () => ({ body: { ok: true }, delayMs: 2_000 }));
    server.route('GET', '/big', () => ({ body: { ok: true, filler: 'x'.repeat(10_000) } }));
    port = new URL(server.url).port;
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.close()));
    await server.close();
  });
  beforeEach(() => server.requests.splice(0));

  const transport = (baseUrl: string, dispatcher: Agent | ReturnType<Agent['compose']>): HttpTransport =>
    new HttpTransport({ system: 'woocommerce', baseUrl, auth: new HeaderTokenProvider('authorization', `Bearer ${SECRET}`), dispatcher, retry: { maxAttempts: 1 } });

  it('should refuse a literal private IP before connecting: host_not_allowed, not retried, nothing sent, no secret in the error', async () => {
    const err: unknown = await transport(`http://127.0.0.1:${port}`, agent({ policy: {} })).request({ method: 'GET', path: '/v1/ok', query: { consumer_secret: SECRET }, schema: OK }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorHostNotAllowedError);
    expect(err).toMatchObject({ code: 'host_not_allowed', retryable: false, hostname: '127.0.0.1', range: 'loopback' });
    expect((err as Error).message).toBe('GET /v1/ok was not sent: 127.0.0.1 resolves to this machine (loopback), which is not allowed');
    expect(JSON.stringify(err)).not.toContain(SECRET);
    expect(String((err as Error).stack)).not.toContain(SECRET);
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse a name that resolves to 127.0.0.1 when the socket connects (DNS rebinding), sending nothing', async () => {
    // Validation saw a public address; the connection's own lookup gets loopback.
    let lookups = 0;
    const rebinding: HostResolver = () => {
      lookups += 1;
      return Promise.resolve([{ address: lookups === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }]);
    };
    await expect(rebinding('shop.example.test')).resolves.toEqual([{ address: '93.184.216.34', family: 4 }]);
    const err: unknown = await transport(`http://shop.example.test:${port}`, agent({ policy: {}, resolve: rebinding })).request({ method: 'GET', path: '/v1/ok', schema: OK }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'host_not_allowed', hostname: 'shop.example.test', range: 'loopback' });
    expect(lookups).toBe(2);
    expect(server.requests).toHaveLength(0);
  });

  it('should refuse localhost through node’s own resolver', async () => {
    const err: unknown = await transport(`http://localhost:${port}`, agent({ policy: {} })).request({ method: 'GET', path: '/v1/ok', schema: OK }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'host_not_allowed', hostname: 'localhost', range: 'loopback' });
    expect(server.requests).toHaveLength(0);
  });

  it('should connect to the checked address when the policy allows private hosts (sandbox mode)', async () => {
    const resolve: HostResolver = () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]);
    const res = await transport(`http://sandbox.example.test:${port}`, agent({ policy: { allowPrivate: true }, resolve })).request({ method: 'GET', path: '/v1/ok', schema: OK });
    expect(res.body).toEqual({ ok: true });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers['host']).toBe(`sandbox.example.test:${port}`);
  });

  it('should keep a client secret from a token endpoint whose name resolves to a private address', async () => {
    const provider = new OAuth2ClientCredentialsProvider({
      system: 'visma',
      tokenUrl: `http://connect.example.test:${port}/connect/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
      dispatcher: agent({ policy: {}, resolve: () => Promise.resolve([{ address: '127.0.0.1', family: 4 }]) }),
    });
    const err: unknown = await provider.apply({}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorHostNotAllowedError);
    expect((err as Error).message).toBe('the token request was not sent: connect.example.test resolves to this machine (loopback), which is not allowed');
    expect(JSON.stringify(err)).not.toContain(SECRET);
    expect(server.requests).toHaveLength(0);
  });

  it('should abort an exchange past its total deadline, however the time is spent', async () => {
    const dispatcher = agent({ policy: { allowPrivate: true } }).compose(totalTimeout(300));
    const started = Date.now();
    const err: unknown = await new HttpTransport({ system: 'visma', baseUrl: server.url, auth: new HeaderTokenProvider('x', 'y'), dispatcher, timeoutMs: 10_000, retry: { maxAttempts: 1 } })
      .request({ method: 'GET', path: '/slow', schema: OK })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(err).toMatchObject({ code: 'timeout' });
    expect((err as { cause?: unknown }).cause).toBeInstanceOf(TotalTimeoutError);
  });

  it('should leave a fast exchange alone under the deadline', async () => {
    const dispatcher = agent({ policy: { allowPrivate: true } }).compose(totalTimeout(() => 5_000));
    const res = await new HttpTransport({ system: 'visma', baseUrl: server.url, auth: new HeaderTokenProvider('x', 'y'), dispatcher }).request({ method: 'GET', path: '/v1/ok', schema: OK });
    expect(res.body).toEqual({ ok: true });
  });

  it('should fail an answer past the dispatcher’s response cap once, as response_too_large (declared length)', async () => {
    const dispatcher = agent({ policy: { allowPrivate: true } }).compose(responseCap(() => 1_024));
    const err: unknown = await new HttpTransport({ system: 'visma', baseUrl: server.url, auth: new HeaderTokenProvider('x', 'y'), dispatcher })
      .request({ method: 'GET', path: '/big', schema: OK })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'response_too_large', retryable: false });
    expect(server.requests).toHaveLength(1);
    const small = await new HttpTransport({ system: 'visma', baseUrl: server.url, auth: new HeaderTokenProvider('x', 'y'), dispatcher }).request({ method: 'GET', path: '/v1/ok', schema: OK });
    expect(small.body).toEqual({ ok: true });
  });

  it('should cut off a chunked answer with no declared length as it streams past the cap', async () => {
    const endless = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":true,"filler":"');
      const timer = setInterval(() => res.write('x'.repeat(4_096)), 1);
      res.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => endless.listen(0, '127.0.0.1', resolve));
    try {
      const dispatcher = agent({ policy: { allowPrivate: true } }).compose(responseCap(64 * 1_024));
      const base = `http://127.0.0.1:${(endless.address() as AddressInfo).port}`;
      const err: unknown = await new HttpTransport({ system: 'visma', baseUrl: base, auth: new HeaderTokenProvider('x', 'y'), dispatcher, retry: { maxAttempts: 1 } })
        .request({ method: 'GET', path: '/stream', schema: OK })
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'response_too_large' });
    } finally {
      endless.closeAllConnections();
      await new Promise((resolve) => endless.close(resolve));
    }
  });

  it('should name the refused host and range in HostNotAllowedError', () => {
    const e = new HostNotAllowedError('meta.example.test', 'linkLocal');
    expect(e.message).toBe('meta.example.test resolves to a link-local address (such as the cloud metadata service), which is not allowed');
  });
});
