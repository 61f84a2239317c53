import { BIGCOMMERCE_DEMO, VISMA_DEMO } from '@mlc/sandbox';
import { DEMO_MAPPING_RULES } from '../../../apps/demo/src/demo-mapping';
import type { JsonAnswer } from '../../support/api-harness';
import { type Pipeline, startPipeline } from '../../support/pipeline-harness';

jest.setTimeout(90_000);

const SUPPORT = { email: 'audit.support@example.test', password: 'Audit-support-passphrase-7731' };
const AUDITOR = { email: 'audit.auditor@example.test', password: 'Audit-auditor-passphrase-9264' };
/** A secret only this test uses: a new connection's access token and client secret. */
const NEW_TOKEN = 'audit-spec-access-token-4d7e1a90';
const NEW_CLIENT_SECRET = 'audit-spec-client-secret-b83f22c5';
const AGENT = 'Audit "spec", v1';

/**
 * The admin audit log against the whole product (sandboxes, real API and worker): the demo set-up's own admin actions
 * (connections with secrets, flow with routing, mappings, webhooks, catch-up) plus this test's own, each with actor,
 * action, target, address and outcome; no secret value anywhere in the table, the API or the CSV; append-only in
 * PostgreSQL; filters, keyset pages and CSV; admins and auditors read it, support does not.
 */
describe('admin audit log (end to end)', () => {
  let p: Pipeline;
  let admin: string;
  const secrets: string[] = [];
  const entries = async (query = ''): Promise<JsonAnswer[]> => {
    const res = await p.t.call('GET', `/api/admin-audit?limit=200${query}`, { token: admin });
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const one = async (action: string, targetId?: string): Promise<JsonAnswer> => {
    const found = (await entries(`&action=${encodeURIComponent(action)}`)).filter((e) => e.action === action && (targetId === undefined || e.targetId === targetId));
    expect(found.length).toBeGreaterThan(0);
    return found[0];
  };

  beforeAll(async () => {
    p = await startPipeline({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '100' });
    admin = await p.t.login();
    secrets.push(BIGCOMMERCE_DEMO.accessToken, BIGCOMMERCE_DEMO.clientSecret, VISMA_DEMO.clientSecret, p.t.config.ADMIN_PASSWORD!, admin, p.demo.token);
    secrets.push(NEW_TOKEN, NEW_CLIENT_SECRET, SUPPORT.password, AUDITOR.password);
  });
  afterAll(async () => {
    await p?.close();
  });

  it("should record the demo set-up's admin actions with who, what, target, where and outcome", async () => {
    const created = await one('connection.create', p.demo.bigcommerceConnectionId);
    expect(created).toMatchObject({
      actorEmail: p.t.config.ADMIN_EMAIL,
      actorRole: 'admin',
      targetType: 'connection',
      method: 'POST',
      route: '/api/connections',
      outcome: 'succeeded',
      statusCode: 201,
      errorCode: null,
      sourceAddress: '127.0.0.1',
    });
    expect(created.actorUserId).toMatch(/^[0-9a-f-]{36}$/);
    // Field names and non-secret values; each secret only as "(changed)".
    expect(created.changes).toMatchObject({ system: 'bigcommerce', name: 'Demo BigCommerce store', settings: { storeHash: BIGCOMMERCE_DEMO.storeHash }, credentials: { accessToken: '(changed)', clientSecret: '(changed)' } });
    const visma = await one('connection.create', p.demo.vismaConnectionId);
    expect(visma.changes.credentials).toEqual({ clientId: VISMA_DEMO.clientId, clientSecret: '(changed)', tenantId: VISMA_DEMO.companies.norway.tenantId });
    expect(await one('flow.create', p.demo.flowId)).toMatchObject({ targetType: 'flow', statusCode: 201, changes: { routing: { unmatched: 'default' } } });
    expect(await one('mapping.update', p.demo.vismaConnectionId)).toMatchObject({ targetType: 'connection', route: '/api/connections/:id/mapping', method: 'PUT' });
    expect(await one('connection.register-webhooks', p.demo.bigcommerceConnectionId)).toMatchObject({ outcome: 'succeeded' });
    expect(await one('connection.catch-up', p.demo.bigcommerceConnectionId)).toMatchObject({ statusCode: 202 });
    expect(await one('auth.login')).toMatchObject({ actorEmail: p.t.config.ADMIN_EMAIL, targetType: 'user', changes: { email: p.t.config.ADMIN_EMAIL } });
  });

  it('should record connection, flow, routing, mapping, replay and user changes made now', async () => {
    const call = (method: string, path: string, body?: unknown) => p.t.call(method, path, { token: admin, ...(body === undefined ? {} : { body }), headers: { 'user-agent': AGENT } });
    const made = await call('POST', '/api/connections', {
      system: 'bigcommerce',
      name: 'Audit spec store',
      settings: { storeHash: BIGCOMMERCE_DEMO.storeHash, apiBaseUrl: p.sandboxes.bigcommerce.url },
      credentials: { accessToken: NEW_TOKEN, clientSecret: NEW_CLIENT_SECRET },
    });
    expect(made.status).toBe(201);
    expect((await call('PATCH', `/api/connections/${made.body.id}`, { name: 'Audit spec store (renamed)', credentials: { accessToken: NEW_TOKEN } })).status).toBe(200);
    expect((await call('POST', `/api/connections/${p.demo.bigcommerceConnectionId}/ping`)).status).toBe(200);
    const routing = { rules: [{ targetConnectionId: p.demo.vismaSwedenConnectionId, currencies: ['SEK'], label: 'SEK orders' }], unmatched: 'default' };
    expect((await call('PATCH', `/api/flows/${p.demo.flowId}`, { routing })).status).toBe(200);
    expect((await call('PUT', `/api/flows/${p.demo.flowId}/mapping`, { rules: DEMO_MAPPING_RULES })).status).toBe(200);
    // A foreign-VAT order fails on the mapping (bigcommerce-to-visma.spec.ts); replaying it is an admin action.
    const failed = await p.record('order', '301');
    expect(failed.status).toBe('failed');
    expect((await call('POST', `/api/records/${failed.id}/replay`)).status).toBe(202);
    const support = await call('POST', '/api/users', { ...SUPPORT, role: 'support' });
    expect(support.status).toBe(201);
    expect((await call('POST', '/api/users', { ...AUDITOR, role: 'auditor' })).status).toBe(201);

    const update = await one('connection.update', made.body.id);
    expect(update).toMatchObject({ method: 'PATCH', route: '/api/connections/:id', targetType: 'connection', outcome: 'succeeded', statusCode: 200, userAgent: AGENT, sourceAddress: '127.0.0.1' });
    expect(update.changes).toEqual({ name: 'Audit spec store (renamed)', credentials: { accessToken: '(changed)' } });
    expect(await one('connection.ping', p.demo.bigcommerceConnectionId)).toMatchObject({ statusCode: 200, actorEmail: p.t.config.ADMIN_EMAIL });
    expect((await one('flow.update', p.demo.flowId)).changes).toEqual({ routing });
    expect(await one('mapping.update', p.demo.flowId)).toMatchObject({ targetType: 'flow', route: '/api/flows/:id/mapping' });
    expect(await one('record.replay', failed.id)).toMatchObject({ targetType: 'record', statusCode: 202, outcome: 'succeeded' });
    const userCreate = await one('user.create', support.body.id);
    expect(userCreate.changes).toEqual({ email: SUPPORT.email, password: '(changed)', role: 'support' });
  });

  it('should record a refused change as failed, with its status and error code and still no secret', async () => {
    const res = await p.t.call('POST', '/api/connections', { token: admin, body: { system: 'bigcommerce', settings: {}, credentials: { accessToken: NEW_TOKEN } } });
    expect(res.status).toBe(400);
    const [entry] = await entries('&action=connection.create&outcome=failed');
    expect(entry).toMatchObject({ action: 'connection.create', outcome: 'failed', statusCode: 400, errorCode: 'validation_failed', targetId: null, changes: { credentials: { accessToken: '(changed)' } } });
    const wrong = await p.t.call('POST', '/api/auth/login', { body: { email: SUPPORT.email, password: 'not-the-password-at-all' } });
    expect(wrong.status).toBe(401);
    const [signIn] = await entries('&action=auth.login-failed');
    expect(signIn).toMatchObject({ actorUserId: null, actorEmail: null, outcome: 'failed', statusCode: 401, errorCode: 'unauthenticated', changes: { email: SUPPORT.email } });
    secrets.push('not-the-password-at-all');
    const session = await p.t.login(SUPPORT.email, SUPPORT.password);
    expect((await p.t.call('POST', '/api/auth/logout', { token: session })).status).toBe(204);
    expect(await one('auth.logout')).toMatchObject({ actorEmail: SUPPORT.email, actorRole: 'support', outcome: 'succeeded', statusCode: 204 });
  });

  it('should never store or show a secret value (raw table rows, the API, the CSV)', async () => {
    const rows: { row: string }[] = await p.t.db.query('SELECT row_to_json(a)::text AS row FROM admin_audit_entry a');
    expect(rows.length).toBeGreaterThan(15);
    const raw = rows.map((r) => r.row).join('\n');
    expect(raw).toContain('(changed)');
    const api = JSON.stringify(await entries());
    const csv = await (await fetch(`${p.t.url}/api/admin-audit.csv`, { headers: { authorization: `Bearer ${admin}` } })).text();
    for (const secret of secrets) {
      expect(raw).not.toContain(secret);
      expect(api).not.toContain(secret);
      expect(csv).not.toContain(secret);
    }
  });

  it('should refuse UPDATE and DELETE of entries in PostgreSQL itself', async () => {
    const [{ count }] = await p.t.db.query('SELECT count(*)::int AS count FROM admin_audit_entry');
    await expect(p.t.db.query(`UPDATE admin_audit_entry SET action = 'tampered'`)).rejects.toThrow(/append-only: UPDATE/);
    await expect(p.t.db.query('DELETE FROM admin_audit_entry WHERE id > 0')).rejects.toThrow(/append-only: DELETE/);
    const [after] = await p.t.db.query(`SELECT count(*)::int AS count, count(*) FILTER (WHERE action = 'tampered')::int AS tampered FROM admin_audit_entry`);
    expect(after.count).toBeGreaterThanOrEqual(count);
    expect(after.tampered).toBe(0);
  });

  it('should filter by actor, action prefix, target, outcome, time and free text, and page by keyset', async () => {
    const all = await entries();
    const byAction = await entries('&action=connection.');
    expect(byAction.length).toBeGreaterThan(3);
    expect(byAction.every((e) => e.action.startsWith('connection.'))).toBe(true);
    const bySupport = await entries(`&actor=${encodeURIComponent('AUDIT.SUPPORT@')}`);
    expect(bySupport.map((e) => e.action)).toEqual(['auth.logout', 'auth.login']);
    expect((await entries(`&actor=${bySupport[0].actorUserId}`)).length).toBe(2);
    const target = await entries(`&targetType=flow&targetId=${p.demo.flowId}`);
    expect(new Set(target.map((e) => e.targetId))).toEqual(new Set([p.demo.flowId]));
    expect(target.map((e) => e.action)).toEqual(expect.arrayContaining(['flow.create', 'flow.update', 'mapping.update']));
    const failed = await entries('&outcome=failed');
    expect(failed.length).toBeGreaterThanOrEqual(2);
    expect(failed.every((e) => e.outcome === 'failed')).toBe(true);
    expect(await entries(`&q=${encodeURIComponent('Audit spec store (renamed)')}`)).toEqual([expect.objectContaining({ action: 'connection.update' })]);
    expect(await entries(`&q=${encodeURIComponent('"spec"')}`)).not.toHaveLength(0);
    const newest = new Date(all[0].at);
    expect(await entries(`&from=${new Date(newest.getTime() + 1).toISOString()}`)).toEqual([]);
    expect((await entries(`&to=${new Date(newest.getTime() + 1).toISOString()}`)).length).toBe(all.length);
    // Keyset pages: newest first, no overlap, the whole log.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: JsonAnswer = (await p.t.call('GET', `/api/admin-audit?limit=7${cursor ? `&before=${cursor}` : ''}`, { token: admin })).body;
      seen.push(...page.items.map((e: JsonAnswer) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((e) => e.id));
    expect((await p.t.call('GET', '/api/admin-audit?limit=0', { token: admin })).status).toBe(400);
    expect((await p.t.call('GET', '/api/admin-audit?colour=red', { token: admin })).status).toBe(400);
  });

  it('should export the filtered entries as quoted CSV', async () => {
    const res = await fetch(`${p.t.url}/api/admin-audit.csv?action=connection.update`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="admin-audit-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = (await res.text()).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('id,at,actorEmail,actorRole,actorUserId,action,targetType,targetId,outcome,statusCode,errorCode,method,route,sourceAddress,userAgent,correlationId,changes');
    const json = await entries('&action=connection.update');
    expect(lines).toHaveLength(json.length + 1);
    // The user agent holds a comma and quotes: one quoted cell with its quotes doubled; changes are JSON, quoted.
    expect(lines[1]).toContain(',"Audit ""spec"", v1",');
    expect(lines[1]).toContain('"{""name"":""Audit spec store (renamed)"",""credentials"":{""accessToken"":""(changed)""}}"');
    expect(lines[1]?.startsWith(`${json[0].id},${json[0].at},${p.t.config.ADMIN_EMAIL},admin,`)).toBe(true);
  });

  it('should let admins and auditors read the log and refuse support (403)', async () => {
    const support = await p.t.login(SUPPORT.email, SUPPORT.password);
    for (const path of ['/api/admin-audit', '/api/admin-audit.csv']) {
      const res = await p.t.call('GET', path, { token: support });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const auditor = await p.t.login(AUDITOR.email, AUDITOR.password);
    expect((await p.t.call('GET', '/api/admin-audit', { token: auditor })).status).toBe(200);
    expect((await p.t.call('GET', '/api/admin-audit.csv', { token: auditor })).status).toBe(200);
    // Reading is not an admin action: no entry for the reads above.
    expect((await entries('&actor=audit.auditor@')).map((e) => e.action)).toEqual(['auth.login']);
  });
});
