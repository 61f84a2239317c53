import { z } from 'zod';
import {
  ConnectorAuthError,
  ConnectorConflictError,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  ConnectorSchemaMismatchError,
  ConnectorTransientError,
  ConnectorValidationError,
  defaultErrorMapper,
  maskToken,
  redactHeaders,
  redactUrl,
  type ErrorResponseContext,
} from '@mlc/connectors';

const ctx = (status: number, extra: Partial<ErrorResponseContext> = {}): ErrorResponseContext => ({
  system: 'test',
  method: 'GET',
  path: '/x',
  status,
  headers: {},
  body: undefined,
  requestId: 'req-1',
  waitMs: undefined,
  ...extra,
});

describe('defaultErrorMapper', () => {
  it.each([
    [400, ConnectorValidationError, 'validation_failed', false],
    [401, ConnectorAuthError, 'auth_failed', false],
    [403, ConnectorAuthError, 'forbidden', false],
    [404, ConnectorNotFoundError, 'not_found', false],
    [409, ConnectorConflictError, 'conflict', false],
    [412, ConnectorConflictError, 'conflict', false],
    [429, ConnectorRateLimitedError, 'rate_limited', true],
    [503, ConnectorTransientError, 'server_error', true],
    [418, ConnectorError, 'unexpected_status', false],
  ])('should map %i to %p when no system mapper applies', (status, cls, code, retryable) => {
    const err = defaultErrorMapper(ctx(status));
    expect(err).toBeInstanceOf(cls);
    expect(err?.code).toBe(code);
    expect(err?.retryable).toBe(retryable);
    expect(err?.status).toBe(status);
    expect(err?.requestId).toBe('req-1');
  });

  it('should carry the current ETag when a conflict answers with one', () => {
    const err = defaultErrorMapper(ctx(412, { headers: { etag: '"v2"' } }));
    expect(err).toBeInstanceOf(ConnectorConflictError);
    expect((err as ConnectorConflictError).currentEtag).toBe('"v2"');
  });

  it('should keep the provider message when the body has one', () => {
    const err = defaultErrorMapper(ctx(404, { body: { message: 'Order 7 not found' } }));
    expect(err?.providerMessage).toBe('Order 7 not found');
    expect(err?.message).toContain('Order 7 not found');
  });
});

describe(ConnectorSchemaMismatchError.name, () => {
  it('should list dotted paths when the body misses fields', () => {
    const res = z.object({ items: z.array(z.object({ id: z.number() })) }).safeParse({ items: [{ id: 1 }, { id: 'x' }] });
    if (res.success) throw new Error('expected failure');
    const err = new ConnectorSchemaMismatchError({ system: 's', issues: res.error.issues, what: 'GET /x response' });
    expect(err.issues.map((i) => i.path)).toEqual(['items.1.id']);
    expect(err.message).toContain('items.1.id');
  });
});

describe('redaction', () => {
  it('should hide secret-bearing headers when logging', () => {
    expect(redactHeaders({ Authorization: 'Bearer abc', 'X-Auth-Token': 't', 'content-type': 'json', 'client_secret': 's' })).toEqual({
      Authorization: '[REDACTED]',
      'X-Auth-Token': '[REDACTED]',
      'content-type': 'json',
      client_secret: '[REDACTED]',
    });
  });

  it('should hide secret query parameters when logging a URL', () => {
    expect(redactUrl('/orders?consumer_secret=cs_1&page=2&access_token=t')).toBe('/orders?consumer_secret=%5BREDACTED%5D&page=2&access_token=%5BREDACTED%5D');
  });

  it('should show only the length when masking a token', () => {
    expect(maskToken('secret-token-value')).toBe('***(18 chars)');
  });
});
