import {
  ConnectorConflictError,
  ConnectorTransientError,
  createVismaClient,
  type VismaClient,
  type VismaClientOptions,
} from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';
import { manualClock } from '../../../support/manual-clock';

/** Manual clock: `sleep` advances time instantly and is recorded. */
const CUSTOMER = { number: '10000', name: 'Nordlys Kunde', status: 'Active', lastModifiedDateTime: '2025-03-01T10:00:00' };

describe('VismaClient request sequences (counting server)', () => {
  let server: CountingServer;
  let clock: ReturnType<typeof manualClock>;
  let issued: number;
  const make = (extra: Partial<VismaClientOptions> = {}): VismaClient =>
    createVismaClient(
      { clientId: 'c1', clientSecret: 'SECRET-xyz', tenantId: 't1' },
      { companyId: '5100001', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, clock, random: () => 0.5, retry: { baseDelayMs: 200 }, ...extra },
    );

  beforeEach(async () => {
    server = await startCountingServer();
    clock = manualClock(Date.UTC(2025, 2, 1, 12, 0, 0));
    issued = 0;
    server.route('POST', '/connect/token', () => ({ status: 200, body: { access_token: `tok-${(issued += 1)}`, expires_in: 3600, token_type: 'Bearer' } }));
  });
  afterEach(async () => server.close());

  it('should send the bearer token and ipp-company-id when reading a customer', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 200, body: CUSTOMER, headers: { etag: '"r1"' } }]);
    const { record, etag } = await make().customers.get('10000');
    expect(record.name).toBe('Nordlys Kunde');
    expect(etag).toBe('"r1"');
    const api = server.requests.find((r) => r.path === '/v1/customer/10000');
    expect(api?.headers['authorization']).toBe('Bearer tok-1');
    expect(api?.headers['ipp-company-id']).toBe('5100001');
  });

  it('should renew the token when it has expired', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 200, body: CUSTOMER }]);
    const client = make();
    await client.customers.get('10000');
    clock.advance(3_600_000 - 30_000);
    await client.customers.get('10000');
    expect(server.count('POST', '/connect/token')).toBe(2);
    expect(server.requests.filter((r) => r.path === '/v1/customer/10000').map((r) => r.headers['authorization'])).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('should re-auth once and retry once when the API answers 401', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 401, body: { Message: 'Authorization has been denied for this request.' } }, { status: 200, body: CUSTOMER }]);
    await make().customers.get('10000');
    expect(server.count('POST', '/connect/token')).toBe(2);
    expect(server.count('GET', '/v1/customer/10000')).toBe(2);
  });

  it('should send exactly one token request when 50 calls start with an expired token', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 200, body: CUSTOMER }]);
    const client = make();
    await client.customers.get('10000');
    clock.advance(7_200_000);
    await Promise.all(Array.from({ length: 50 }, () => client.customers.get('10000')));
    expect(server.count('POST', '/connect/token')).toBe(2);
    expect(server.count('GET', '/v1/customer/10000')).toBe(51);
  });

  it('should re-read and re-apply within the bound when the first PUT conflicts with 412', async () => {
    server.route('GET', '/v1/customer/10000', [
      { status: 200, body: { ...CUSTOMER, name: 'Old name' }, headers: { etag: '"e1"' } },
      { status: 200, body: { ...CUSTOMER, name: 'Changed elsewhere' }, headers: { etag: '"e2"' } },
    ]);
    server.route('PUT', '/v1/customer/10000', [{ status: 412, body: { Message: 'Precondition failed' }, headers: { etag: '"e2"' } }, { status: 204, headers: { etag: '"e3"' } }]);
    const seen: string[] = [];
    const result = await make().customers.updateWithRetry('10000', (current) => {
      seen.push(current.name ?? '');
      return { name: `${current.name ?? ''} (checked)` };
    });
    expect(result).toEqual({ status: 'updated', result: { etag: '"e3"' }, attempts: 2 });
    expect(seen).toEqual(['Old name', 'Changed elsewhere']);
    const puts = server.requests.filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.headers['if-match'])).toEqual(['"e1"', '"e2"']);
    expect(puts[1]?.json).toEqual({ name: { value: 'Changed elsewhere (checked)' } });
  });

  it('should give up with the conflict error when every attempt conflicts', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 200, body: CUSTOMER, headers: { etag: '"e1"' } }]);
    server.route('PUT', '/v1/customer/10000', [{ status: 412, headers: { etag: '"e9"' } }]);
    const err: unknown = await make().customers.updateWithRetry('10000', () => ({ name: 'x' }), 3).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorConflictError);
    expect((err as ConnectorConflictError).currentEtag).toBe('"e9"');
    expect(server.count('GET', '/v1/customer/10000')).toBe(3);
    expect(server.count('PUT', '/v1/customer/10000')).toBe(3);
  });

  it('should not write when the change is already applied', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 200, body: CUSTOMER, headers: { etag: '"e1"' } }]);
    const result = await make().customers.updateWithRetry('10000', () => undefined);
    expect(result).toEqual({ status: 'unchanged', attempts: 1 });
    expect(server.count('PUT', '/v1/customer/10000')).toBe(0);
  });

  it('should back off for Retry-After and then succeed when Visma answers 429', async () => {
    server.route('GET', '/v1/customer/10000', [
      { status: 429, body: { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' }, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } },
      { status: 200, body: CUSTOMER },
    ]);
    await make().customers.get('10000');
    expect(clock.sleeps).toEqual([1000]);
    expect(server.count('GET', '/v1/customer/10000')).toBe(2);
  });

  it('should retry a GET when Visma answers 503', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 503 }, { status: 503 }, { status: 200, body: CUSTOMER }]);
    await make().customers.get('10000');
    expect(server.count('GET', '/v1/customer/10000')).toBe(3);
    expect(clock.sleeps).toEqual([100, 200]);
  });

  it('should not retry a create when the POST gets 503 (no idempotency key)', async () => {
    server.route('POST', '/v1/customer', [{ status: 503 }, { status: 201, headers: { location: `${server.url}/v1/customer/10001` }, body: {} }]);
    await expect(make().customers.create({ name: 'New AS' })).rejects.toBeInstanceOf(ConnectorTransientError);
    expect(server.count('POST', '/v1/customer')).toBe(1);
  });

  it('should return the id from Location when a customer is created', async () => {
    server.route('POST', '/v1/customer', [{ status: 201, headers: { location: `${server.url}/v1/customer/10001` }, body: {} }]);
    await expect(make().customers.create({ name: 'New AS', mainContact: { email: 'post@new.no' } })).resolves.toEqual({ id: '10001', etag: undefined });
    expect(server.requests.at(-1)?.json).toEqual({ name: { value: 'New AS' }, mainContact: { value: { email: { value: 'post@new.no' } } } });
  });

  it('should time out, retry and then report a timeout error when Visma hangs', async () => {
    server.route('GET', '/v1/customer/10000', [{ status: 200, body: CUSTOMER, delayMs: 5_000 }]);
    const err: unknown = await make({ timeoutMs: 100, retry: { maxAttempts: 2 } }).customers.get('10000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorTransientError);
    expect((err as ConnectorTransientError).code).toBe('timeout');
    expect(server.count('GET', '/v1/customer/10000')).toBe(2);
  });

  it('should page with pageNumber/pageSize, adopt maxPageSize and drop records after the frozen upper bound', async () => {
    const row = (n: number, modified = '2025-03-01T09:00:00') => ({ ...CUSTOMER, number: String(n), lastModifiedDateTime: modified, metadata: { totalCount: 5, maxPageSize: 2 } });
    server.route('GET', '/v1/customer', (req) => {
      const page = Number(req.query.get('pageNumber'));
      const rows = [row(1), row(2), row(3, '2025-03-01T12:30:00'), row(4), row(5)];
      return { status: 200, body: rows.slice((page - 1) * 2, page * 2) };
    });
    const pages = [];
    for await (const page of make().customers.listModifiedSince({ since: new Date(Date.UTC(2025, 1, 1)), pageSize: 500 })) pages.push(page);
    expect(pages.map((p) => p.items.map((c) => c.number))).toEqual([['1', '2'], ['4'], ['5']]);
    expect(pages.map((p) => p.nextCursor?.pageNumber)).toEqual([2, 3, undefined]);
    const queries = server.requests.filter((r) => r.path === '/v1/customer').map((r) => Object.fromEntries(r.query));
    expect(queries[0]).toEqual({ pageNumber: '1', pageSize: '500', lastModifiedDateTime: '2025-02-01 00:00:00.000', lastModifiedDateTimeCondition: '>=' });
    expect(queries[1]?.['pageSize']).toBe('2');
    expect(pages[0]?.nextCursor?.filter.until).toBe('2025-03-01 12:00:00.000');
  });

  it('should resume from a saved cursor when a worker restarts', async () => {
    server.route('GET', '/v1/customer', (req) => ({ status: 200, body: req.query.get('pageNumber') === '3' ? [{ ...CUSTOMER, number: '9' }] : [] }));
    const saved = JSON.parse(JSON.stringify({ pageNumber: 3, pageSize: 2, filter: { since: '2025-02-01 00:00:00.000', until: '2025-03-01 12:00:00.000' } })) as { pageNumber: number; pageSize: number; filter: { since: string; until: string } };
    const pages = [];
    for await (const page of make().customers.listModifiedSince(saved)) pages.push(page);
    expect(pages.map((p) => p.items.map((c) => c.number))).toEqual([['9']]);
    expect(server.requests.filter((r) => r.path === '/v1/customer').map((r) => r.query.get('pageNumber'))).toEqual(['3']);
  });
});

describe('VismaClient logging', () => {
  it('should never log the client secret or the access token when requests fail and retry', async () => {
    const server = await startCountingServer();
    try {
      server.route('POST', '/connect/token', [{ status: 200, body: { access_token: 'ACCESS-TOKEN-PLANTED', expires_in: 3600 } }]);
      server.route('GET', '/v1/customer/10000', [{ status: 401 }, { status: 503 }, { status: 404, body: { ExceptionMessage: 'not found', ExceptionFaultCode: '10404' } }]);
      const lines: string[] = [];
      const push = (obj: Record<string, unknown>, msg: string): void => void lines.push(`${msg} ${JSON.stringify(obj)}`);
      const logger = { debug: push, info: push, warn: push, error: push };
      const client = createVismaClient(
        { clientId: 'c1', clientSecret: 'CLIENT-SECRET-PLANTED', tenantId: 't1' },
        { companyId: '1', apiBaseUrl: server.url, tokenUrl: `${server.url}/connect/token`, logger, clock: { now: () => Date.now(), sleep: () => Promise.resolve() } },
      );
      const err: unknown = await client.customers.get('10000').catch((e: unknown) => e);
      expect(lines.length).toBeGreaterThan(3);
      const everything = `${lines.join('\n')}\n${String(err)}\n${JSON.stringify(err)}`;
      expect(everything).not.toContain('CLIENT-SECRET-PLANTED');
      expect(everything).not.toContain('ACCESS-TOKEN-PLANTED');
    } finally {
      await server.close();
    }
  });
});
