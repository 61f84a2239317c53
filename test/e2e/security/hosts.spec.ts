import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { HostPolicyService } from '../../../apps/api/src/modules/systems/host-policy.service';
import { startTestApp, type TestApp } from '../../support/api-harness';
import { startCountingServer, type CountingServer } from '../../support/counting-server';

jest.setTimeout(60_000);

const VISMA_SECRET = 'visma-secret-never-elsewhere-7d3a';
const CK = `ck_${'1'.repeat(40)}`;
const CS = `cs_${'2'.repeat(40)}`;

/** An HTTP server on another loopback address (127.0.0.2 is neither a sandbox host nor a vendor's) recording everything. */
type Recorder = { url: string; port: number; seen: string[]; connections: number; close(): Promise<void> };

async function startRecorder(host: string): Promise<Recorder> {
  const rec = { seen: [] as string[], connections: 0 };
  const server: Server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      rec.seen.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)} ${Buffer.concat(chunks).toString('utf8')}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"stolen","expires_in":3600}');
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    rec.connections += 1;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(rec, {
    url: `http://${host}:${port}`,
    port,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

describe('hosts in sandbox mode (the suite’s default)', () => {
  let t: TestApp;
  let token: string;
  let visma: CountingServer;
  let elsewhere: Recorder;
  let id: string;

  beforeAll(async () => {
    visma = await startCountingServer();
    visma.route('POST', '/connect/token', [{ body: { access_token: 'good-token', token_type: 'Bearer', expires_in: 3600, scope: 'vismanet_erp_service_api:read' } }]);
    // A remote body with text of its own: ping must not show it.
    visma.route('GET', '/v1/organization', [{ status: 418, body: { message: 'REMOTE-TEXT click http://phish.example to fix your account' } }]);
    elsewhere = await startRecorder('127.0.0.2');
    t = await startTestApp();
    token = await t.login();
    const res = await t.call('POST', '/api/connections', {
      token,
      body: { system: 'visma', name: 'Visma NO', settings: { companyId: '1234567', apiBaseUrl: visma.url, tokenUrl: `${visma.url}/connect/token` }, credentials: { clientId: 'client-abc', clientSecret: VISMA_SECRET, tenantId: 'tenant-1' } },
    });
    expect(res.status).toBe(201);
    id = res.body.id;
  });
  afterAll(async () => {
    await t?.close();
    await visma?.close();
    await elsewhere?.close();
  });

  it('should refuse a Visma token URL on another host without the secret entered again, and with it', async () => {
    const bare = await t.call('PATCH', `/api/connections/${id}`, { token, body: { settings: { tokenUrl: `${elsewhere.url}/connect/token` } } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.details.fields).toEqual([{ field: 'credentials.clientSecret', message: expect.stringMatching(/settings\.tokenUrl changed/) }]);
    const withSecret = await t.call('PATCH', `/api/connections/${id}`, { token, body: { settings: { tokenUrl: `${elsewhere.url}/connect/token` }, credentials: { clientSecret: VISMA_SECRET } } });
    expect(withSecret.status).toBe(400);
    expect(withSecret.body.error.code).toBe('validation_failed');
    expect(withSecret.body.error.details.fields).toEqual([{ field: 'settings.tokenUrl', message: expect.stringMatching(/^The Visma Connect token URL must be an https:\/\/ address on connect\.visma\.com/) }]);
    const attacker = await t.call('PATCH', `/api/connections/${id}`, { token, body: { settings: { apiBaseUrl: 'https://api.finance.visma.net.attacker.example' }, credentials: { clientSecret: VISMA_SECRET } } });
    expect(attacker.body.error.details.fields).toEqual([{ field: 'settings.apiBaseUrl', message: expect.stringMatching(/api\.finance\.visma\.net/) }]);
  });

  it('should send the secret only to the host the admin entered, after every refused change (recorded on both)', async () => {
    const ping = await t.call('POST', `/api/connections/${id}/ping`, { token });
    expect(ping.status).toBe(200);
    const tokenRequests = visma.requests.filter((r) => r.path === '/connect/token');
    expect(tokenRequests.length).toBeGreaterThan(0);
    expect(tokenRequests.every((r) => r.body.includes(encodeURIComponent(VISMA_SECRET)) || r.body.includes(VISMA_SECRET))).toBe(true);
    expect(elsewhere.connections).toBe(0);
    expect(elsewhere.seen).toEqual([]);
    const stored = await t.call('GET', `/api/connections/${id}`, { token });
    expect(stored.body.settings.tokenUrl).toBe(`${visma.url}/connect/token`);
  });

  it('should report a ping in product words, never the remote body', async () => {
    const ping = await t.call('POST', `/api/connections/${id}/ping`, { token });
    const text = JSON.stringify(ping.body);
    expect(text).not.toContain('REMOTE-TEXT');
    expect(text).not.toContain('phish.example');
    expect(text).not.toContain(VISMA_SECRET);
    expect(ping.body.ok).toBe(false);
    expect(ping.body.steps).toEqual(expect.arrayContaining([{ step: 'company', status: 'failed', code: 'company_info_failed', hint: 'Reading the company’s details failed: the system gave an unexpected answer.' }]));
    expect(ping.body.summary).toBe('Reading the company’s details failed: the system gave an unexpected answer.');
  });
});

describe('hosts in live mode (ALLOW_SANDBOX_HOSTS off)', () => {
  let t: TestApp;
  let token: string;
  let elsewhere: Recorder;
  let raw: TcpServer;
  let rawPort: number;
  let rawConnections = 0;

  beforeAll(async () => {
    elsewhere = await startRecorder('127.0.0.1');
    raw = createTcpServer((s) => {
      rawConnections += 1;
      s.destroy();
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    rawPort = (raw.address() as AddressInfo).port;
    t = await startTestApp({ ALLOW_SANDBOX_HOSTS: 'false' });
    expect(t.config.ALLOW_SANDBOX_HOSTS).toBe(false);
    token = await t.login();
  });
  afterAll(async () => {
    t?.app.get(HostPolicyService).useResolver(undefined);
    await t?.close();
    await elsewhere?.close();
    await new Promise<void>((resolve) => raw?.close(() => resolve()));
  });

  const create = (body: unknown) => t.call('POST', '/api/connections', { token, body });
  const woo = (siteUrl: string) => create({ system: 'woocommerce', name: 'Shop', settings: { siteUrl }, credentials: { consumerKey: CK, consumerSecret: CS } });

  it('should refuse the local sandboxes for Visma’s fixed endpoints, and take Visma’s own', async () => {
    const local = await create({ system: 'visma', name: 'V', settings: { companyId: '1', tokenUrl: `${elsewhere.url}/connect/token`, apiBaseUrl: elsewhere.url }, credentials: { clientId: 'c', clientSecret: VISMA_SECRET, tenantId: 't' } });
    expect(local.status).toBe(400);
    expect(local.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(['settings.apiBaseUrl', 'settings.tokenUrl']);
    const vendor = await create({ system: 'visma', name: 'V', settings: { companyId: '1' }, credentials: { clientId: 'c', clientSecret: VISMA_SECRET, tenantId: 't' } });
    expect(vendor.status).toBe(201);
    const moved = await t.call('PATCH', `/api/connections/${vendor.body.id}`, { token, body: { settings: { tokenUrl: `http://localhost:${elsewhere.port}/connect/token` }, credentials: { clientSecret: VISMA_SECRET } } });
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.fields[0].field).toBe('settings.tokenUrl');
    expect(elsewhere.seen).toEqual([]);
  });

  it('should refuse a WooCommerce shop over http:// or on a private address, naming the field in product words', async () => {
    const http = await woo('http://shop.example.com');
    expect(http.status).toBe(400);
    expect(http.body.error.details.fields).toEqual([{ field: 'settings.siteUrl', message: expect.stringMatching(/^The shop address must start with https:\/\//) }]);
    for (const [siteUrl, words] of [
      ['https://10.0.0.1', 'a private network'],
      ['https://192.168.20.5/shop', 'a private network'],
      ['https://169.254.169.254', 'a link-local address (such as the cloud metadata service)'],
      [`https://127.0.0.1:${elsewhere.port}`, 'this machine (loopback)'],
      [`https://localhost:${elsewhere.port}`, 'this machine (loopback)'],
      ['https://[::ffff:127.0.0.1]', 'this machine (loopback)'],
      ['https://[fd00::1]', 'a private network'],
    ] as const) {
      const res = await woo(siteUrl);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.fields).toEqual([{ field: 'settings.siteUrl', message: expect.stringContaining(`the address resolves to ${words}`) }]);
    }
    expect((await woo('https://93.184.216.34')).status).toBe(201);
    expect(elsewhere.connections).toBe(0);
  });

  it('should fail with host_not_allowed when a name that passed the check resolves to 127.0.0.1 as the socket connects', async () => {
    const hosts = t.app.get(HostPolicyService);
    // The check on save and before ping sees a public address; the connection's own lookup (node's DNS) gets 127.0.0.1.
    hosts.useResolver(() => Promise.resolve([{ address: '93.184.216.34', family: 4 }]));
    const created = await woo(`https://localhost:${rawPort}`);
    expect(created.status).toBe(201);
    const ping = await t.call('POST', `/api/connections/${created.body.id}/ping`, { token });
    hosts.useResolver(undefined);
    expect(ping.status).toBe(200);
    expect(ping.body.ok).toBe(false);
    expect(ping.body.steps[0]).toEqual({ step: 'reachable', status: 'failed', code: 'host_not_allowed', hint: expect.stringMatching(/^The host localhost: the address resolves to this machine \(loopback\), which is not allowed.*Nothing was sent\.$/) });
    expect(JSON.stringify(ping.body)).not.toContain(CS);
    expect(rawConnections).toBe(0);
  });

  it('should not run a ping against a connection whose stored host the policy now refuses', async () => {
    const created = await woo('https://93.184.216.34');
    await t.db.query(`UPDATE connection SET settings = jsonb_set(settings, '{siteUrl}', to_jsonb($2::text)) WHERE id = $1`, [created.body.id, `https://localhost:${rawPort}`]);
    const ping = await t.call('POST', `/api/connections/${created.body.id}/ping`, { token });
    expect(ping.status).toBe(200);
    expect(ping.body).toMatchObject({ ok: false, summary: expect.stringMatching(/^The shop address: the address resolves to this machine \(loopback\), which is not allowed/) });
    expect(ping.body.steps[0].code).toBe('host_not_allowed');
    expect(rawConnections).toBe(0);
  });
});
