import { createPublicKey, verify } from 'node:crypto';
import { BIGQUERY_SCOPE, BigQueryAuth, parseServiceAccountKey } from '@mlc/connectors';
import { startCountingServer, type CountingServer } from '../../../support/counting-server';
import { makeServiceAccountKey, pemBody } from './test-key';

describe(BigQueryAuth.name, () => {
  let server: CountingServer;
  let tokenUrl: string;
  const { key: rawKey, publicKey, privatePem } = makeServiceAccountKey();
  let issued = 0;

  beforeEach(async () => {
    server = await startCountingServer();
    tokenUrl = `${server.url}/token`;
    issued = 0;
    server.route('POST', '/token', async () => {
      issued += 1;
      await new Promise((r) => setTimeout(r, 20)); // long enough for concurrent callers to pile up
      return { body: { access_token: `ya29.test-${issued}`, expires_in: 3600, token_type: 'Bearer' } };
    });
  });
  afterEach(() => server.close());

  const sut = (renewBeforeMs?: number): BigQueryAuth => new BigQueryAuth(parseServiceAccountKey({ ...rawKey, token_uri: tokenUrl }), { allowedTokenUris: [tokenUrl], renewBeforeMs });

  it('should post a signed RS256 JWT-bearer assertion to the key token_uri (not Google), audience = that URL', async () => {
    const auth = sut();
    await auth.ensureToken();
    expect(server.requests).toHaveLength(1);
    const form = new URLSearchParams(server.requests[0]?.body ?? '');
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [h = '', p = '', s = ''] = (form.get('assertion') ?? '').split('.');
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'));
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
    expect(header.alg).toBe('RS256');
    expect(claims).toMatchObject({ iss: rawKey['client_email'], scope: BIGQUERY_SCOPE, aud: tokenUrl });
    expect(claims.exp - claims.iat).toBe(3600);
    expect(verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })), Buffer.from(s, 'base64url'))).toBe(true);
    expect(auth.tokenRequests).toBe(1);
  });

  it('should share one token request among concurrent callers and reuse the token afterwards', async () => {
    const auth = sut();
    await Promise.all(Array.from({ length: 8 }, () => auth.client.getRequestHeaders()));
    await auth.client.getRequestHeaders();
    expect(issued).toBe(1);
    const headers = await auth.client.getRequestHeaders();
    expect(headers.get('authorization')).toBe('Bearer ya29.test-1');
  });

  it('should renew the token before it expires (inside renewBeforeMs), still single-flight', async () => {
    const auth = sut(3_600_000 + 1_000); // every token is "about to expire" at once
    await Promise.all(Array.from({ length: 5 }, () => auth.client.getRequestHeaders()));
    expect(issued).toBe(1);
    const headers = await auth.client.getRequestHeaders();
    expect(issued).toBe(2);
    expect(headers.get('authorization')).toBe('Bearer ya29.test-2');
  });

  it('should fetch a new token after invalidate()', async () => {
    const auth = sut();
    await auth.ensureToken();
    auth.invalidate();
    await auth.ensureToken();
    expect(issued).toBe(2);
  });

  it('should not retry a failed token request inside the library (our policy is the only one)', async () => {
    server.route('POST', '/token', [{ status: 503, body: { error: 'unavailable' } }]);
    const auth = sut();
    await expect(auth.ensureToken()).rejects.toBeDefined();
    expect(server.count('POST', '/token')).toBe(1);
  });

  it('should surface invalid_grant without the assertion or the key', async () => {
    server.route('POST', '/token', [{ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } }]);
    const e: unknown = await sut().ensureToken().catch((x: unknown) => x);
    expect(String((e as Error).message)).toContain('invalid_grant');
    expect(JSON.stringify(e) + String((e as Error).message)).not.toContain(pemBody(privatePem).slice(0, 40));
  });
});
