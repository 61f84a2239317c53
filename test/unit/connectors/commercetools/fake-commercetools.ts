/**
 * A small commercetools look-alike on the stripe-style counting server (test/support/counting-server.ts): the auth API
 * (`POST /oauth/token`, Basic, form body) and query endpoints that evaluate exactly the predicates the connector sends
 * (raml/traits/query.raml `where` + `var.*`, sort by lastModifiedAt/id, limit ≤ 500, offset ≤ 10 000). Every request is
 * recorded so tests assert exact sequences. Not a sandbox: only what the unit tests need.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startCountingServer, type CountingServer, type RecordedRequest, type ScriptedResponse } from '../../../support/counting-server';

export const PROJECT = 'shop-eu';
export const CLIENT_ID = 'ct-client-id';
export const CLIENT_SECRET = 'ct-SECRET-do-not-log-9f8e7d';

/** A minimal record with the keys listings read. */
export type Row = { id: string; lastModifiedAt: string; [key: string]: unknown };

export type FakeCommercetools = CountingServer & {
  /** Tokens issued so far (the last is the valid one unless `revoke` was called). */
  tokens: string[];
  /** Scopes the auth API grants (default: whatever was requested). */
  grant: string[] | undefined;
  /** Token lifetime in seconds (default 172 800, as commercetools issues). */
  expiresIn: number;
  /** Makes the API reject every token issued so far (401 invalid_token). */
  revoke(): void;
  /** Serves `rows` as a query endpoint at `/{projectKey}{segment}` (and `GET …/{id}`). */
  collection(segment: string, rows: Row[]): void;
  /** Token requests so far. */
  tokenRequests(): RecordedRequest[];
};

const INVALID_TOKEN = { statusCode: 401, message: 'invalid_token', errors: [{ code: 'invalid_token', message: 'invalid_token' }], error: 'invalid_token' };

/** Starts the fake on 127.0.0.1 port 0. */
export async function startFakeCommercetools(): Promise<FakeCommercetools> {
  const server = await startCountingServer();
  const revoked = new Set<string>();
  const fake: FakeCommercetools = Object.assign(server, {
    tokens: [] as string[],
    grant: undefined as string[] | undefined,
    expiresIn: 172_800,
    revoke: () => fake.tokens.forEach((t) => revoked.add(t)),
    collection: (segment: string, rows: Row[]) => {
      const base = `/${PROJECT}${segment}`;
      server.route('GET', base, (req) => guard(req) ?? queryAnswer(rows, req));
      server.route('GET', `${base}/*`, (req) => {
        const denied = guard(req);
        if (denied) return denied;
        const id = decodeURIComponent(req.path.slice(base.length + 1));
        const row = rows.find((r) => r.id === id);
        return row ? { body: row } : { status: 404, body: { statusCode: 404, message: `The Resource with ID '${id}' was not found.`, errors: [{ code: 'ResourceNotFound', message: `The Resource with ID '${id}' was not found.` }] } };
      });
    },
    tokenRequests: () => server.requests.filter((r) => r.path === '/oauth/token'),
  });
  const guard = (req: RecordedRequest): ScriptedResponse | undefined => {
    const auth = String(req.headers['authorization'] ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!fake.tokens.includes(token) || revoked.has(token)) return { status: 401, body: INVALID_TOKEN };
    return undefined;
  };
  server.route('POST', '/oauth/token', (req) => {
    const basic = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
    if (req.headers['authorization'] !== basic) {
      return { status: 401, body: { statusCode: 401, message: 'Please provide valid client credentials using HTTP Basic Authentication.', errors: [{ code: 'invalid_client', message: 'Please provide valid client credentials using HTTP Basic Authentication.' }], error: 'invalid_client', error_description: 'Please provide valid client credentials using HTTP Basic Authentication.' } };
    }
    const form = new URLSearchParams(req.body);
    const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
    const granted = fake.grant ?? requested;
    const refused = requested.filter((s) => !granted.includes(s));
    if (refused.length > 0) {
      return { status: 400, body: { statusCode: 400, message: `Illegal scope: ${refused.join(' ')}`, errors: [{ code: 'invalid_scope', message: `Illegal scope: ${refused.join(' ')}` }], error: 'invalid_scope', error_description: `Illegal scope: ${refused.join(' ')}` } };
    }
    const token = `tok-${fake.tokens.length + 1}`;
    fake.tokens.push(token);
    return { body: { access_token: token, token_type: 'Bearer', expires_in: fake.expiresIn, scope: (requested.length > 0 ? requested : granted).join(' ') } };
  });
  return fake;
}

/** Answers a query of `rows` the way the API does for the predicates the connector sends. */
export function queryAnswer(rows: readonly Row[], req: RecordedRequest): ScriptedResponse {
  const q = req.query;
  const limit = Number(q.get('limit') ?? '20');
  const offset = Number(q.get('offset') ?? '0');
  if (limit > 500 || offset > 10_000) return { status: 400, body: { statusCode: 400, message: 'limit/offset out of range', errors: [{ code: 'InvalidInput', message: 'limit/offset out of range' }] } };
  const vars = (name: string): string => {
    const v = q.get(`var.${name}`);
    if (v === null) throw new Error(`predicate variable ${name} not sent`);
    return v;
  };
  const tests = q.getAll('where').map((w) => predicate(w, vars));
  const sorts = q.getAll('sort');
  const selected = rows.filter((r) => tests.every((t) => t(r)));
  if (sorts.join('|') === 'lastModifiedAt asc|id asc') selected.sort((a, b) => (a.lastModifiedAt === b.lastModifiedAt ? cmp(a.id, b.id) : cmp(a.lastModifiedAt, b.lastModifiedAt)));
  const results = selected.slice(offset, offset + limit);
  const body: Record<string, unknown> = { limit, offset, count: results.length, results };
  if (q.get('withTotal') !== 'false') body['total'] = selected.length;
  return { body };
}

/** The predicate grammar of commercetools-query.ts, and nothing else (an unknown predicate fails the test). */
function predicate(where: string, v: (name: string) => string): (r: Row) => boolean {
  const at = (r: Row): number => Date.parse(r.lastModifiedAt);
  if (where === 'lastModifiedAt <= :until') return (r) => at(r) <= Date.parse(v('until'));
  if (where === 'lastModifiedAt > :since') return (r) => at(r) > Date.parse(v('since'));
  if (where === '(lastModifiedAt > :afterAt or (lastModifiedAt = :afterAt and id > :afterId))') {
    return (r) => at(r) > Date.parse(v('afterAt')) || (at(r) === Date.parse(v('afterAt')) && r.id > v('afterId'));
  }
  if (where === 'sku = :sku') return (r) => r['sku'] === v('sku');
  if (where === 'supplyChannel is not defined') return (r) => r['supplyChannel'] === undefined;
  throw new Error(`unexpected predicate ${where}`);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An ISO instant `n` seconds after 2026-01-01T00:00:00.000Z. */
export const AT = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();

/** An official example (fixtures/ holds unedited copies of shared/specs/commercetools/examples). */
export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as Record<string, unknown>;
}

/** The official order example with another id, version and lastModifiedAt. */
export function orderRow(id: string, lastModifiedAt: string, extra: Record<string, unknown> = {}): Row {
  return { ...fixture('order.example.json'), id, lastModifiedAt, ...extra };
}
