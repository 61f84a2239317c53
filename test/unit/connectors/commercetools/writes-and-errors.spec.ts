import {
  commercetoolsErrorMapper,
  CommercetoolsConcurrentModificationError,
  ConnectorAuthError,
  ConnectorConflictError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  ConnectorTransientError,
  ConnectorValidationError,
  createCommercetoolsClient,
  readCommercetoolsErrorBody,
  type Clock,
  type CommercetoolsInventoryUpdateAction,
  type ErrorResponseContext,
} from '@mlc/connectors';
import { AT, CLIENT_ID, CLIENT_SECRET, fixture, PROJECT, startFakeCommercetools, type FakeCommercetools, type Row } from './fake-commercetools';

const NO_SLEEP: Clock = { now: () => Date.now(), sleep: () => Promise.resolve() };
const ENTRY: Row = { ...fixture('inventory.example.json'), id: 'ie-1', version: 7, lastModifiedAt: AT(1) };
const PATH = `/${PROJECT}/inventory/ie-1`;
const CONFLICT = { statusCode: 409, message: 'Object ie-1 has a different version than expected. Expected: 7 - Actual: 9.', errors: [{ code: 'ConcurrentModification', message: 'Object ie-1 has a different version than expected. Expected: 7 - Actual: 9.', currentVersion: 9 }] };
const UNAVAILABLE = { status: 503, body: { statusCode: 503, message: 'Service Unavailable', errors: [{ code: 'ServiceUnavailable', message: 'Service Unavailable' }] } };
const CHANGE: CommercetoolsInventoryUpdateAction[] = [{ action: 'changeQuantity', quantity: 12 }];

describe('commercetools writes and errors over HTTP', () => {
  let fake: FakeCommercetools;
  beforeEach(async () => {
    fake = await startFakeCommercetools();
    fake.collection('/inventory', [ENTRY]);
  });
  afterEach(async () => fake.close());

  const client = (isStockFlowEnabled = true) =>
    createCommercetoolsClient({ projectKey: PROJECT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, region: 'eu-central-1.aws' }, { authUrl: fake.url, apiUrl: fake.url, clock: NO_SLEEP, random: () => 0, isStockFlowEnabled });

  it('should send {version, actions} and return the updated entry', async () => {
    fake.route('POST', PATH, [{ body: { ...ENTRY, version: 8, quantityOnStock: 12, availableQuantity: 12 } }]);
    const updated = await client().inventory.update('ie-1', { version: 7, actions: CHANGE });
    expect(updated).toMatchObject({ version: 8, quantityOnStock: 12 });
    const sent = fake.requests.find((r) => r.method === 'POST' && r.path === PATH);
    expect(sent?.json).toEqual({ version: 7, actions: [{ action: 'changeQuantity', quantity: 12 }] });
    expect(sent?.headers['content-type']).toBe('application/json');
    expect(new URLSearchParams(fake.tokenRequests()[0]?.body).get('scope')).toContain(`manage_products:${PROJECT}`);
  });

  it('should surface 409 ConcurrentModification with currentVersion and never resend it', async () => {
    fake.route('POST', PATH, [{ status: 409, body: CONFLICT }]);
    const err = await client().inventory.update('ie-1', { version: 7, actions: CHANGE }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommercetoolsConcurrentModificationError);
    expect(err).toBeInstanceOf(ConnectorConflictError);
    expect((err as CommercetoolsConcurrentModificationError).currentVersion).toBe(9);
    expect((err as CommercetoolsConcurrentModificationError).retryable).toBe(false);
    expect((err as Error).message).toContain('ConcurrentModification');
    expect(fake.count('POST', PATH)).toBe(1);
  });

  it('should retry a versioned update on 503 (its version guards a committed first attempt)', async () => {
    fake.route('POST', PATH, [UNAVAILABLE, { body: { ...ENTRY, version: 8 } }]);
    await expect(client().inventory.update('ie-1', { version: 7, actions: CHANGE })).resolves.toMatchObject({ version: 8 });
    expect(fake.count('POST', PATH)).toBe(2);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path === PATH).map((r) => (r.json as { version: number }).version)).toEqual([7, 7]);
  });

  it('should surface the 409 of a retried update whose first attempt committed, without a third attempt', async () => {
    fake.route('POST', PATH, [{ status: 502, body: 'Bad Gateway' }, { status: 409, body: CONFLICT }]);
    await expect(client().inventory.update('ie-1', { version: 7, actions: CHANGE })).rejects.toBeInstanceOf(CommercetoolsConcurrentModificationError);
    expect(fake.count('POST', PATH)).toBe(2);
  });

  it('should not retry a create on 503 (no version, no idempotency key)', async () => {
    fake.route('POST', `/${PROJECT}/inventory`, [UNAVAILABLE]);
    const err = await client().inventory.create(fixture('inventory-create.example.json') as { sku: string; quantityOnStock: number }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorTransientError);
    expect(fake.count('POST', `/${PROJECT}/inventory`)).toBe(1);
  });

  it('should create from the official draft example and return the 201 entry', async () => {
    fake.route('POST', `/${PROJECT}/inventory`, [{ status: 201, body: ENTRY }]);
    const draft = fixture('inventory-create.example.json') as { sku: string; quantityOnStock: number };
    await expect(client().inventory.create(draft)).resolves.toMatchObject({ id: 'ie-1' });
    expect(fake.requests.find((r) => r.method === 'POST' && r.path === `/${PROJECT}/inventory`)?.json).toEqual(draft);
  });

  it('should refuse an invalid draft or update before sending it', async () => {
    const c = client();
    await expect(c.inventory.create({ sku: '', quantityOnStock: 1.5 })).rejects.toBeInstanceOf(ConnectorValidationError);
    await expect(c.inventory.update('ie-1', { version: 7, actions: [] })).rejects.toBeInstanceOf(ConnectorValidationError);
    await expect(c.products.update('p-1', { version: -1, actions: [{ action: 'publish' }] })).rejects.toBeInstanceOf(ConnectorValidationError);
    expect(fake.requests).toHaveLength(0);
  });

  it('should retry GET on 503 and 429 (Retry-After honoured) and then succeed', async () => {
    fake.route('GET', PATH, [UNAVAILABLE, { status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, message: 'Too Many Requests', errors: [] } }, { body: ENTRY }]);
    const sleeps: number[] = [];
    const clock: Clock = {
      now: () => Date.now(),
      sleep: (ms) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    };
    const c = createCommercetoolsClient({ projectKey: PROJECT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, region: 'eu-central-1.aws' }, { authUrl: fake.url, apiUrl: fake.url, clock, random: () => 0 });
    await expect(c.inventory.get('ie-1')).resolves.toMatchObject({ id: 'ie-1' });
    expect(fake.count('GET', PATH)).toBe(3);
    expect(sleeps).toContain(1000);
  });

  it('should give up on a lasting 429 with ConnectorRateLimitedError', async () => {
    fake.route('GET', PATH, [{ status: 429, body: { statusCode: 429, message: 'Too Many Requests', errors: [] } }]);
    await expect(client().inventory.get('ie-1')).rejects.toBeInstanceOf(ConnectorRateLimitedError);
    expect(fake.count('GET', PATH)).toBe(4);
  });

  it('should map 404, 403 insufficient_scope and 400 field errors from the wire', async () => {
    const c = client();
    await expect(c.inventory.get('missing')).rejects.toBeInstanceOf(ConnectorNotFoundError);
    fake.route('GET', `/${PROJECT}/payments/p-1`, [{ status: 403, body: { statusCode: 403, message: 'Insufficient scope. One of the following scopes is missing: view_payments', errors: [{ code: 'insufficient_scope', message: 'Insufficient scope. One of the following scopes is missing: view_payments' }], error: 'insufficient_scope' } }]);
    const forbidden = await c.payments.get('p-1').catch((e: unknown) => e);
    expect(forbidden).toBeInstanceOf(ConnectorAuthError);
    expect(forbidden).toMatchObject({ code: 'forbidden', oauthError: 'insufficient_scope', status: 403 });
    expect((forbidden as Error).message).toContain('insufficient_scope');
    fake.route('POST', `/${PROJECT}/products`, [{ status: 400, body: { statusCode: 400, message: "A duplicate value '\"SKU-1\"' exists for field 'sku'.", errors: [{ code: 'DuplicateField', message: "A duplicate value '\"SKU-1\"' exists for field 'sku'.", field: 'sku', duplicateValue: 'SKU-1' }] } }]);
    const invalid = await c.products.create(fixture('product-create.example.json') as never).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(ConnectorValidationError);
    expect((invalid as ConnectorValidationError).fieldErrors).toEqual([{ field: 'sku', message: "A duplicate value '\"SKU-1\"' exists for field 'sku'." }]);
    expect((invalid as Error).message).toMatch(/^POST \/shop-eu\/products answered 400: DuplicateField: /);
  });

  it('should keep the where predicate out of error messages', async () => {
    fake.route('GET', `/${PROJECT}/inventory`, [{ status: 400, body: { statusCode: 400, message: 'Malformed parameter: where', errors: [{ code: 'InvalidInput', message: 'Malformed parameter: where' }] } }]);
    const err = await client().inventory.listModified({ until: new Date(AT(1)) }).next().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorValidationError);
    expect((err as Error).message).toBe('GET /shop-eu/inventory answered 400: InvalidInput: Malformed parameter: where');
  });
});

const ctx = (status: number, body: unknown): ErrorResponseContext => ({ system: 'commercetools', method: 'GET', path: '/p/orders?where=x', status, headers: {}, body, requestId: 'corr-1', waitMs: undefined });

describe('commercetoolsErrorMapper', () => {
  it.each([
    [400, fixture('error-response.json'), ConnectorValidationError, 'SyntaxError: First error message.; SemanticError: Second error message.'],
    [401, fixture('auth-error-response.json'), ConnectorAuthError, 'invalid_token'],
    [404, { statusCode: 404, message: 'not found', errors: [{ code: 'ResourceNotFound', message: 'not found' }] }, ConnectorNotFoundError, 'ResourceNotFound: not found'],
    [409, fixture('error.example.json'), CommercetoolsConcurrentModificationError, 'ConcurrentModification: Version mismatch. Concurrent modification.'],
    [500, { statusCode: 500, message: 'boom', errors: [{ code: 'General', message: 'boom' }] }, ConnectorTransientError, 'General: boom'],
    [502, 'Bad Gateway', ConnectorTransientError, 'Bad Gateway'],
  ])('should map %i to the typed error with the commercetools code in the message', (status, body, type, providerMessage) => {
    const err = commercetoolsErrorMapper(ctx(status, body));
    expect(err).toBeInstanceOf(type);
    expect(err?.providerMessage).toBe(providerMessage);
    expect(err?.requestId).toBe('corr-1');
    expect(err?.message).not.toContain('where=');
  });

  it('should read currentVersion of the conflict, undefined when the server omits it', () => {
    expect(readCommercetoolsErrorBody(CONFLICT).currentVersion).toBe(9);
    expect((commercetoolsErrorMapper(ctx(409, fixture('error.example.json'))) as CommercetoolsConcurrentModificationError).currentVersion).toBeUndefined();
  });

  it('should keep only whitelisted fields (no extension bodies)', () => {
    const detail = readCommercetoolsErrorBody({ statusCode: 400, message: 'x', errors: [{ code: 'ExtensionBadResponse', message: 'bad', extensionBody: 'SECRET-BODY' }] });
    expect(JSON.stringify(detail)).not.toContain('SECRET-BODY');
  });
});
