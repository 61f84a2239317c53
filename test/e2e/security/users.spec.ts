/**
 * User management against the real app (OWASP ASVS 4.0 V2.1 password policy, V3.3 session termination, V4.1 access
 * control): invites, the password policy, role changes and disabling taking effect on the next request, the last
 * admin, and the read-only auditor.
 */
import { startTestApp, type TestApp } from '../../support/api-harness';
import { cookieSignIn } from './cookie-session';

const STRONG = 'marble-otter-cinnamon-drift-42';
// Each test hashes and checks several scrypt passwords (by design ~0.1 s each), slower on a loaded machine.
jest.setTimeout(30_000);
type Problem = { field: string; message: string };

describe('user management', () => {
  let t: TestApp;
  let admin: string;
  const createUser = async (email: string, role: string, password = STRONG) => {
    const res = await t.call('POST', '/api/users', { token: admin, body: { email, password, role } });
    expect(res.status).toBe(201);
    return res.body as { id: string };
  };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '200' });
    admin = await t.login();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should refuse breached, common and short passwords naming the field and saying why', async () => {
    for (const password of ['password123456', 'qwertyuiop123']) {
      const res = await t.call('POST', '/api/users', { token: admin, body: { email: 'weak@example.test', password, role: 'support' } });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      const [problem] = res.body.error.details.fields as Problem[];
      expect(problem?.field).toBe('password');
      expect(problem?.message).toMatch(/too easy to guess: .*(common|breach|keyboard|sequence)/);
      expect(JSON.stringify(res.body)).not.toContain(password);
    }
    const short = await t.call('POST', '/api/users', { token: admin, body: { email: 'weak@example.test', password: 'Xk9#mq2!', role: 'support' } });
    expect(short.body.error.details.fields).toEqual([{ field: 'password', message: 'must be at least 12 characters' }]);
    const long = await t.call('POST', '/api/users', { token: admin, body: { email: 'weak@example.test', password: 'x'.repeat(501), role: 'support' } });
    expect(long.status).toBe(400);
    expect(long.body.error.details.fields[0].field).toBe('password');
    const list = await t.call('GET', '/api/users', { token: admin });
    expect(list.body.map((u: { email: string }) => u.email)).not.toContain('weak@example.test');
  });

  it('should invite a user who sets a password once with the token, then signs in', async () => {
    const invited = await t.call('POST', '/api/users/invite', { token: admin, body: { email: 'Invitee@Example.test', role: 'support' } });
    expect(invited.status).toBe(201);
    const { inviteToken, user } = invited.body;
    expect(user).toMatchObject({ email: 'invitee@example.test', role: 'support', status: 'invited' });
    expect(inviteToken).toMatch(/^[\w-]{40,}$/);
    const [stored] = await t.db.query(`SELECT token_hash FROM user_invite WHERE user_id = $1`, [user.id]);
    expect(stored.token_hash).not.toBe(inviteToken);
    await expect(t.login('invitee@example.test', STRONG)).rejects.toThrow(/401/);
    const listed = await t.call('GET', '/api/users', { token: admin });
    expect(JSON.stringify(listed.body)).not.toContain(inviteToken);
    expect(listed.body.find((u: { id: string }) => u.id === user.id)).toMatchObject({ status: 'invited', inviteExpiresAt: expect.any(String), lastSignInAt: null });

    const weak = await t.call('POST', '/api/auth/accept-invite', { body: { token: inviteToken, password: 'password123456' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields[0].field).toBe('password');
    const accepted = await t.call('POST', '/api/auth/accept-invite', { body: { token: inviteToken, password: STRONG } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ id: user.id, email: 'invitee@example.test', role: 'support' });
    const reused = await t.call('POST', '/api/auth/accept-invite', { body: { token: inviteToken, password: 'another-strong-passphrase-77' } });
    expect(reused.status).toBe(400);
    expect(reused.body.error.details.fields[0].field).toBe('token');
    const token = await t.login('invitee@example.test', STRONG);
    expect((await t.call('GET', '/api/auth/me', { token })).body.role).toBe('support');
    const after = (await t.call('GET', '/api/users', { token: admin })).body.find((u: { id: string }) => u.id === user.id);
    expect(after).toMatchObject({ status: 'active', inviteExpiresAt: null, lastSignInAt: expect.any(String) });
    expect(t.logs.text()).not.toContain(inviteToken);
    expect(t.logs.text()).not.toContain(STRONG);
  });

  it('should refuse an expired invite', async () => {
    const invited = await t.call('POST', '/api/users/invite', { token: admin, body: { email: 'late@example.test', role: 'auditor' } });
    await t.db.query(`UPDATE user_invite SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [invited.body.user.id]);
    const res = await t.call('POST', '/api/auth/accept-invite', { body: { token: invited.body.inviteToken, password: STRONG } });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields[0]).toEqual({ field: 'token', message: expect.stringMatching(/expired/) });
    const again = await t.call('POST', `/api/users/${invited.body.user.id}/invite`, { token: admin });
    expect(again.status).toBe(201);
    expect((await t.call('POST', '/api/auth/accept-invite', { body: { token: again.body.inviteToken, password: STRONG } })).status).toBe(200);
  });

  it('should apply a role change on the next request and revoke the changed user\'s sessions', async () => {
    const user = await createUser('promoted@example.test', 'support');
    const before = await t.login('promoted@example.test', STRONG);
    expect((await t.call('POST', '/api/users/invite', { token: before, body: { email: 'x@example.test', role: 'support' } })).status).toBe(403);
    // The guard reads the role on every request: a change in the database applies at once, no cache in between.
    await t.db.query(`UPDATE app_user SET role = 'auditor' WHERE id = $1`, [user.id]);
    const asAuditor = await t.call('POST', '/api/auth/logout-everywhere', { token: before, body: {} });
    expect(asAuditor.status).toBe(200);
    await t.db.query(`UPDATE app_user SET role = 'support' WHERE id = $1`, [user.id]);
    const live = await t.login('promoted@example.test', STRONG);
    const changed = await t.call('PATCH', `/api/users/${user.id}/role`, { token: admin, body: { role: 'admin' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ role: 'admin', activeSessions: 0 });
    expect((await t.call('GET', '/api/auth/me', { token: live })).status).toBe(401);
    const fresh = await t.login('promoted@example.test', STRONG);
    expect((await t.call('GET', '/api/auth/me', { token: fresh })).body.role).toBe('admin');
    const bad = await t.call('PATCH', `/api/users/${user.id}/role`, { token: admin, body: { role: 'owner' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0].field).toBe('role');
    expect((await t.call('PATCH', `/api/users/${user.id}/role`, { token: admin, body: { role: 'support' } })).status).toBe(200);
  });

  it('should end a disabled user\'s session at once, refuse their sign-in, and let them back when enabled', async () => {
    const user = await createUser('leaver@example.test', 'support');
    const browser = await cookieSignIn(t, 'leaver@example.test', STRONG);
    const bearer = await t.login('leaver@example.test', STRONG);
    expect((await browser.call('GET', '/api/connections')).status).toBe(200);
    // Even a session row that survived (e.g. written concurrently) is refused: the guard checks the status each time.
    await t.db.query(`UPDATE app_user SET status = 'disabled' WHERE id = $1`, [user.id]);
    expect((await t.call('GET', '/api/connections', { token: bearer })).status).toBe(401);
    await t.db.query(`UPDATE app_user SET status = 'active' WHERE id = $1`, [user.id]);
    expect((await t.call('GET', '/api/connections', { token: bearer })).status).toBe(200);
    const disabled = await t.call('POST', `/api/users/${user.id}/disable`, { token: admin });
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ status: 'disabled', activeSessions: 0 });
    expect((await browser.call('GET', '/api/connections')).status).toBe(401);
    expect((await t.call('GET', '/api/auth/me', { token: bearer })).status).toBe(401);
    const refused = await t.call('POST', '/api/auth/login', { body: { email: 'leaver@example.test', password: STRONG } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toMatch(/disabled/);
    const wrong = await t.call('POST', '/api/auth/login', { body: { email: 'leaver@example.test', password: 'wrong-password-entirely' } });
    expect(wrong.body.error.message).not.toMatch(/disabled/);
    expect((await t.call('POST', `/api/users/${user.id}/enable`, { token: admin })).body.status).toBe('active');
    expect(await t.login('leaver@example.test', STRONG)).toEqual(expect.any(String));
  });

  it('should protect the last active admin from being demoted or disabled', async () => {
    const me = (await t.call('GET', '/api/auth/me', { token: admin })).body;
    const admins = (await t.call('GET', '/api/users', { token: admin })).body.filter((u: { role: string; status: string }) => u.role === 'admin' && u.status === 'active');
    expect(admins).toHaveLength(1);
    const demote = await t.call('PATCH', `/api/users/${me.id}/role`, { token: admin, body: { role: 'support' } });
    expect(demote.status).toBe(400);
    expect(demote.body.error.details.fields[0]).toEqual({ field: 'role', message: expect.stringMatching(/last active admin/) });
    const disable = await t.call('POST', `/api/users/${me.id}/disable`, { token: admin });
    expect(disable.status).toBe(400);
    expect(disable.body.error.details.fields[0]).toEqual({ field: 'status', message: expect.stringMatching(/last active admin/) });
    expect((await t.call('GET', '/api/auth/me', { token: admin })).status).toBe(200);
    // With a second active admin, the first may step down (and is signed out by it).
    const second = await createUser('second-admin@example.test', 'admin');
    const secondToken = await t.login('second-admin@example.test', STRONG);
    expect((await t.call('PATCH', `/api/users/${me.id}/role`, { token: admin, body: { role: 'support' } })).status).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token: admin })).status).toBe(401);
    const lastNow = await t.call('POST', `/api/users/${second.id}/disable`, { token: secondToken });
    expect(lastNow.status).toBe(400);
    expect((await t.call('PATCH', `/api/users/${me.id}/role`, { token: secondToken, body: { role: 'admin' } })).status).toBe(200);
    admin = await t.login();
  });

  it('should let an admin reset a password and revoke a user\'s sessions', async () => {
    const user = await createUser('forgetful@example.test', 'support');
    const session = await t.login('forgetful@example.test', STRONG);
    const weak = await t.call('POST', `/api/users/${user.id}/password`, { token: admin, body: { password: 'qwertyuiop123' } });
    expect(weak.body.error.details.fields[0].field).toBe('password');
    expect((await t.call('POST', `/api/users/${user.id}/password`, { token: admin, body: { password: 'granite-pelican-winter-sofa-8' } })).status).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token: session })).status).toBe(401);
    const again = await t.login('forgetful@example.test', 'granite-pelican-winter-sofa-8');
    const revoked = await t.call('POST', `/api/users/${user.id}/revoke-sessions`, { token: admin });
    expect(revoked.body).toEqual({ revoked: 1 });
    expect((await t.call('GET', '/api/auth/me', { token: again })).status).toBe(401);
    expect((await t.call('POST', '/api/users/00000000-0000-4000-8000-000000000000/revoke-sessions', { token: admin })).status).toBe(404);
  });

  it('should let the auditor read everything but change nothing except its own password and sign-in', async () => {
    await createUser('auditor@example.test', 'auditor');
    const auditor = await t.login('auditor@example.test', STRONG);
    const conn = await t.call('POST', '/api/connections', {
      token: admin,
      body: { system: 'bigcommerce', name: 'Shop', settings: { storeHash: 'abc123' }, credentials: { accessToken: 'access-token-0001' } },
    });
    expect(conn.status).toBe(201);
    for (const path of ['/api/connections', `/api/connections/${conn.body.id}`, '/api/records', '/api/users', '/api/flows', '/api/overview', '/api/auth/me']) {
      expect([path, (await t.call('GET', path, { token: auditor })).status]).toEqual([path, 200]);
    }
    const attempts: [string, string, unknown][] = [
      ['POST', '/api/connections', { system: 'bigcommerce', name: 'x', settings: { storeHash: 'abc' }, credentials: { accessToken: 't' } }],
      ['PATCH', `/api/connections/${conn.body.id}`, { name: 'renamed' }],
      ['DELETE', `/api/connections/${conn.body.id}`, undefined],
      ['POST', `/api/connections/${conn.body.id}/ping`, {}],
      ['POST', '/api/records/00000000-0000-4000-8000-000000000000/replay', {}],
      ['POST', '/api/records/replay', { filter: {}, max: 10 }],
      ['POST', '/api/users/invite', { email: 'nope@example.test', role: 'admin' }],
    ];
    for (const [method, path, body] of attempts) {
      const res = await t.call(method, path, { token: auditor, ...(body === undefined ? {} : { body }) });
      expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'forbidden']);
    }
    // The same holds through the cookie, past a valid CSRF token.
    const browser = await cookieSignIn(t, 'auditor@example.test', STRONG);
    expect((await browser.call('POST', '/api/records/00000000-0000-4000-8000-000000000000/replay', { body: {} })).status).toBe(403);
    expect((await t.call('GET', `/api/connections/${conn.body.id}`, { token: admin })).body.name).toBe('Shop');
    const changed = await t.call('POST', '/api/auth/password', { token: auditor, body: { currentPassword: STRONG, password: 'saffron-tundra-bicycle-mosaic' } });
    expect(changed.status).toBe(200);
    expect((await t.call('POST', '/api/auth/logout', { token: changed.body.token })).status).toBe(204);
  });

  it('should list the new routes in the OpenAPI document', async () => {
    const docs = await t.call('GET', '/api/docs-json', { token: admin });
    const paths = Object.keys(docs.body.paths as object);
    for (const path of ['/api/users', '/api/users/invite', '/api/users/{id}/role', '/api/users/{id}/disable', '/api/users/{id}/enable', '/api/users/{id}/revoke-sessions', '/api/users/{id}/password', '/api/auth/csrf', '/api/auth/password', '/api/auth/logout-everywhere', '/api/auth/accept-invite']) {
      expect(paths).toContain(path);
    }
  });
});
