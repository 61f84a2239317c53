import {
  BigQueryAuth,
  BigQueryExportClient,
  BigQueryKeyError,
  BigQueryTokenUriRefusedError,
  DEFAULT_ALLOWED_TOKEN_URIS,
  GOOGLE_TOKEN_URI,
  parseServiceAccountKey,
  pingBigQueryConnection,
  resolveTokenUri,
} from '@mlc/connectors';
import { makeServiceAccountKey, pemBody } from './test-key';

const { key: KEY, privatePem: PEM } = makeServiceAccountKey();
const SECRET = pemBody(PEM);

/** Everything an error exposes: message, stack, own fields and the cause chain. */
function exposed(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur instanceof Error; i += 1) {
    parts.push(cur.message, cur.stack ?? '', JSON.stringify(cur));
    cur = cur.cause;
  }
  return parts.join('\n');
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e: unknown) {
    return e;
  }
  throw new Error('expected a throw');
}

describe(parseServiceAccountKey.name, () => {
  it('should parse a Google key file given as JSON text or as an object', () => {
    expect(parseServiceAccountKey(JSON.stringify(KEY)).client_email).toBe(KEY['client_email']);
    expect(parseServiceAccountKey(KEY).project_id).toBe('mlc-export-test');
  });

  it('should turn literal \\n sequences of a key pasted through an env var back into newlines', () => {
    const flat = { ...KEY, private_key: PEM.replace(/\n/g, '\\n') };
    expect(parseServiceAccountKey(flat).private_key).toBe(PEM);
  });

  it.each([
    ['type', { type: 'authorized_user' }],
    ['project_id', { project_id: undefined }],
    ['project_id', { project_id: 'Not A Project' }],
    ['private_key_id', { private_key_id: 42 }],
    ['private_key', { private_key: undefined }],
    ['private_key', { private_key: 'not a pem' }],
    ['private_key', { private_key: PEM.replace(/[A-Za-z]/g, 'A') }],
    ['client_email', { client_email: 'nobody' }],
    ['token_uri', { token_uri: 'not a url' }],
  ])('should name the field %s when it is wrong, without echoing the key', (field, patch) => {
    const e = thrown(() => parseServiceAccountKey({ ...KEY, ...patch }));
    expect(e).toBeInstanceOf(BigQueryKeyError);
    expect((e as BigQueryKeyError).field).toBe(field);
    expect((e as Error).message).toContain(field);
    expect(exposed(e)).not.toContain(SECRET.slice(0, 40));
    expect(exposed(e)).not.toContain('PRIVATE KEY-----\n');
  });

  it('should list every wrong field in the message', () => {
    const e = thrown(() => parseServiceAccountKey({ ...KEY, client_email: 'x', token_uri: 'y' })) as Error;
    expect(e.message).toMatch(/client_email.*token_uri/);
  });

  it('should not quote the text when the JSON does not parse', () => {
    const text = JSON.stringify(KEY).slice(0, -5);
    const e = thrown(() => parseServiceAccountKey(text));
    expect(e).toBeInstanceOf(BigQueryKeyError);
    expect((e as BigQueryKeyError).field).toBe('(root)');
    expect(exposed(e)).not.toContain(SECRET.slice(0, 40));
    expect(exposed(e)).not.toContain('exporter@');
  });

  it('should refuse arrays, null and numbers as a key', () => {
    for (const v of [[], null, 3]) expect(() => parseServiceAccountKey(v)).toThrow(BigQueryKeyError);
  });
});

describe(resolveTokenUri.name, () => {
  it("should allow only Google's token endpoint by default", () => {
    expect(DEFAULT_ALLOWED_TOKEN_URIS).toEqual([GOOGLE_TOKEN_URI]);
    expect(resolveTokenUri({ token_uri: GOOGLE_TOKEN_URI })).toBe(GOOGLE_TOKEN_URI);
    expect(() => resolveTokenUri({ token_uri: 'https://evil.example/token' })).toThrow(BigQueryTokenUriRefusedError);
  });

  it('should compare normalised URLs (host case, default port, fragment)', () => {
    expect(resolveTokenUri({ token_uri: 'https://OAUTH2.googleapis.com:443/token#x' })).toBe(GOOGLE_TOKEN_URI);
    expect(() => resolveTokenUri({ token_uri: 'https://oauth2.googleapis.com/token/../../x' })).toThrow(BigQueryTokenUriRefusedError);
    expect(() => resolveTokenUri({ token_uri: 'http://oauth2.googleapis.com/token' })).toThrow(BigQueryTokenUriRefusedError);
  });

  it('should accept a URL the caller allowed (the sandbox) and refuse Google then', () => {
    const sandbox = 'http://127.0.0.1:4555/token';
    expect(resolveTokenUri({ token_uri: sandbox }, [sandbox])).toBe(sandbox);
    expect(() => resolveTokenUri({ token_uri: GOOGLE_TOKEN_URI }, [sandbox])).toThrow(BigQueryTokenUriRefusedError);
  });

  it('should reject an allow-list entry that is not an http(s) URL', () => {
    expect(() => resolveTokenUri({ token_uri: GOOGLE_TOKEN_URI }, ['ftp://x/token'])).toThrow('is not an http(s) URL');
  });

  it('should refuse a key pointing elsewhere when the auth client or the BigQuery client is built', () => {
    const { key } = makeServiceAccountKey({ token_uri: 'https://attacker.example/token' });
    expect(() => new BigQueryAuth(parseServiceAccountKey(key))).toThrow(BigQueryTokenUriRefusedError);
    const e = thrown(() => new BigQueryExportClient({ key, apiEndpoint: 'http://127.0.0.1:9' }));
    expect(e).toBeInstanceOf(BigQueryTokenUriRefusedError);
    expect((e as BigQueryTokenUriRefusedError).tokenUri).toBe('https://attacker.example/token');
    expect(exposed(e)).not.toContain(SECRET.slice(0, 40));
  });

  it('should report a refused token endpoint and a broken key as the failed key check of ping', async () => {
    const { key } = makeServiceAccountKey({ token_uri: 'https://attacker.example/token' });
    const refused = await pingBigQueryConnection({ key, apiEndpoint: 'http://127.0.0.1:9' }, 'exports');
    expect(refused.ok).toBe(false);
    expect(refused.checks[0]).toMatchObject({ name: 'key', ok: false, code: 'token_uri_not_allowed' });
    expect(refused.checks.slice(1).every((c) => c.code === 'skipped')).toBe(true);
    const broken = await pingBigQueryConnection({ key: { ...KEY, private_key: 'x' }, apiEndpoint: 'http://127.0.0.1:9' }, 'exports');
    expect(broken.checks[0]).toMatchObject({ name: 'key', ok: false, code: 'key_invalid' });
    expect(broken.checks[0]?.detail).toContain('private_key');
    expect(JSON.stringify([refused, broken])).not.toContain(SECRET.slice(0, 40));
  });
});
