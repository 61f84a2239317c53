import { AuditRouteTable } from '../../../apps/api/src/modules/admin-audit/audit-routes';
import { startTestApp, type TestApp } from '../../support/api-harness';

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

jest.setTimeout(60_000);

type ExpressLayer = { route?: { path: string; methods: Record<string, boolean> } };

/**
 * Every unsafe route the running Express app serves, as `METHOD /path` (as the route-enumeration test reads them),
 * without Swagger UI's catch-all for its static assets (`/{*path}`, serving no data).
 */
function unsafeRoutesOf(t: TestApp): string[] {
  const router = t.app.getHttpAdapter().getInstance() as { router?: { stack: ExpressLayer[] }; _router?: { stack: ExpressLayer[] } };
  const stack = (router.router ?? router._router)?.stack ?? [];
  return stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).filter((m) => UNSAFE.has(m)).map((m) => `${m.toUpperCase()} ${layer.route!.path}`) : []))
    .filter((route) => !route.endsWith(' /{*path}'));
}

/**
 * The architecture rule of the admin audit log: every unsafe route of the application is either recorded or
 * explicitly exempt (`@AuditExempt` with its reason). Webhooks (`/webhooks/*`) are answered on node:http before
 * Express, so they are not in Express's route list at all. Proven end to end: each route is called once by a signed-in
 * admin (most fail validation or find nothing: a failure is recorded as well as a success) and the log must then hold
 * an entry for exactly the non-exempt ones.
 */
describe('admin audit coverage of every unsafe route', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '100' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should know every unsafe Express route, each named or exempt with a reason', () => {
    const table = t.app.get(AuditRouteTable);
    const express = unsafeRoutesOf(t);
    expect(express.length).toBeGreaterThan(20);
    const known = new Set(table.all().map((r) => `${r.method} ${r.path}`));
    // A route Express serves that no controller declares would bypass the interceptor.
    expect(express.filter((r) => !known.has(r))).toEqual([]);
    expect(express.filter((r) => r.startsWith('POST /webhooks'))).toEqual([]);
    for (const route of table.all()) {
      expect(route.action).toMatch(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/);
      if (route.exempt !== undefined) expect(route.exempt.length).toBeGreaterThan(10);
    }
    // The named vocabulary of the issue, on the routes it names.
    const action = (key: string) => table.find(key.split(' ')[0]!, key.split(' ')[1]!)?.action;
    expect(action('PATCH /api/connections/:id')).toBe('connection.update');
    expect(action('POST /api/flows')).toBe('flow.create');
    expect(action('PUT /api/connections/:id/mapping')).toBe('mapping.update');
    expect(action('POST /api/records/:id/replay')).toBe('record.replay');
    expect(action('POST /api/auth/login')).toBe('auth.login');
    expect(table.find('POST', '/api/auth/login')?.failedAction).toBe('auth.login-failed');
  });

  it('should record a call of every non-exempt unsafe route and none of the exempt ones', async () => {
    const table = t.app.get(AuditRouteTable);
    const token = await t.login();
    await t.db.query('TRUNCATE admin_audit_entry');
    // Signing out ends sessions (signing out everywhere: every session of the admin), so those routes come last, each
    // with a session of its own.
    const isSignOut = (path: string) => path.startsWith('/api/auth/logout');
    const ordered = [...table.all().filter((r) => !isSignOut(r.path)), ...table.all().filter((r) => isSignOut(r.path))];
    for (const route of ordered) {
      const path = route.path.replace(/:[A-Za-z]+/g, DUMMY_ID);
      const session = isSignOut(route.path) ? await t.login() : token;
      const res = await t.call(route.method, path, { token: session, ...(route.method === 'DELETE' ? {} : { body: {} }) });
      expect(res.status).toBeLessThan(500);
    }
    const rows: { method: string; route: string; action: string; actor_email: string | null; outcome: string }[] = await t.db.query('SELECT method, route, action, actor_email, outcome FROM admin_audit_entry');
    const recorded = new Set(rows.map((r) => `${r.method} ${r.route}`));
    const missing = table.all().filter((r) => r.exempt === undefined && !recorded.has(`${r.method} ${r.path}`));
    const exemptRecorded = table.all().filter((r) => r.exempt !== undefined && recorded.has(`${r.method} ${r.path}`));
    expect(missing.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(exemptRecorded.map((r) => `${r.method} ${r.path}`)).toEqual([]);
    for (const row of rows) {
      const route = table.find(row.method, row.route);
      expect([route?.action, route?.failedAction]).toContain(row.action);
      // Everything but the anonymous public routes (sign-in, accepting an invite) carries the admin.
      if (!route?.isPublic) expect(row.actor_email).toBe(t.config.ADMIN_EMAIL);
    }
  });

  it('should record a signed-in user whose request was refused before any handler ran, and no anonymous one', async () => {
    const admin = await t.login();
    const created = await t.call('POST', '/api/users', { token: admin, body: { email: 'coverage.support@example.test', password: 'Coverage-support-pass-8142', role: 'support' } });
    expect(created.status).toBe(201);
    const support = await t.login('coverage.support@example.test', 'Coverage-support-pass-8142');
    await t.db.query('TRUNCATE admin_audit_entry');
    // Anonymous (first, so its entry would be in before the others'): refused for want of a session, nobody to name.
    expect((await t.call('POST', '/api/flows', { body: {} })).status).toBe(401);
    // Refused by the guard (role), and matching no route at all.
    expect((await t.call('DELETE', `/api/connections/${DUMMY_ID}`, { token: support })).status).toBe(403);
    expect((await t.call('POST', '/api/no-such-route', { token: support, body: {} })).status).toBe(404);
    const rows = await waitForRows(t, 2);
    expect(rows).toEqual([
      expect.objectContaining({ action: 'connection.delete', route: '/api/connections/:id', target_id: DUMMY_ID, outcome: 'failed', status_code: 403, error_code: 'forbidden', actor_email: 'coverage.support@example.test', actor_role: 'support' }),
      expect.objectContaining({ action: 'request.rejected', route: '/api/no-such-route', outcome: 'failed', status_code: 404, error_code: 'not_found', actor_email: 'coverage.support@example.test' }),
    ]);
  });
});

/** The fallback writes after the answer has gone out: wait until `count` entries are there (oldest first). */
async function waitForRows(t: TestApp, count: number): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const rows: Record<string, unknown>[] = await t.db.query('SELECT * FROM admin_audit_entry ORDER BY id');
    if (rows.length >= count || Date.now() > deadline) return rows;
    await new Promise((r) => setTimeout(r, 25));
  }
}
