/**
 * Sessions and CSRF against the real app (OWASP ASVS 4.0 V3 session management, V4.2.2 CSRF): cookie flags, rotation on
 * sign-in, revocation on password change and "sign out everywhere", the CSRF token on every unsafe cookie request
 * (not on Bearer requests), and login CSRF.
 */
import { startTestApp, type TestApp } from '../../support/api-harness';
import { cookieSignIn } from './cookie-session';

const STRONG = 'plum-ferry-lantern-quietly-93';
// Each test hashes and checks several scrypt passwords (by design ~0.1 s each), slower on a loaded machine.
jest.setTimeout(30_000);
const VISMA_CONNECTION = { system: 'visma', name: 'Visma NO', settings: { companyId: '1234567' }, credentials: { clientId: 'client-abc', clientSecret: 'secret-value-123', tenantId: 'tenant-1' } };

describe('sessions and CSRF', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '100' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('should refuse an unsafe cookie request without a valid CSRF token and accept it with one', async () => {
    const browser = await cookieSignIn(t);
    expect(browser.csrfToken).toMatch(/\S{20,}/);
    const missing = await browser.call('POST', '/api/connections', { body: VISMA_CONNECTION, csrf: false });
    expect(missing.status).toBe(403);
    expect(missing.body.error.code).toBe('csrf_failed');
    const forged = await browser.call('POST', '/api/connections', { body: VISMA_CONNECTION, csrf: `${'0'.repeat(64)}.${'1'.repeat(64)}` });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    // A token issued to another session is no good here, even sent with its own (matching) CSRF cookie.
    const other = await cookieSignIn(t);
    const crossed = await t.call('POST', '/api/connections', {
      body: VISMA_CONNECTION,
      headers: { cookie: `mlc_session=${browser.jar.get('mlc_session')}; mlc_csrf=${other.jar.get('mlc_csrf')}`, 'x-csrf-token': other.csrfToken },
    });
    expect(crossed.status).toBe(403);
    expect(crossed.body.error.code).toBe('csrf_failed');
    const own = await t.call('GET', '/api/connections', { headers: { cookie: `mlc_session=${other.jar.get('mlc_session')}; mlc_csrf=${other.jar.get('mlc_csrf')}` } });
    expect(own.status).toBe(200);
    // Reads need no token; the one GET /api/auth/csrf hands out works.
    expect((await browser.call('GET', '/api/connections', { csrf: false })).status).toBe(200);
    const fetched = await browser.call('GET', '/api/auth/csrf', { csrf: false });
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('cache-control')).toBe('no-store');
    const created = await browser.call('POST', '/api/connections', { body: VISMA_CONNECTION, csrf: fetched.body.csrfToken });
    expect(created.status).toBe(201);
    expect((await browser.call('DELETE', `/api/connections/${created.body.id}`, { csrf: false })).status).toBe(403);
    expect((await browser.call('DELETE', `/api/connections/${created.body.id}`)).status).toBe(204);
    // Sign-out through the cookie needs it too.
    expect((await browser.call('POST', '/api/auth/logout', { csrf: false })).status).toBe(403);
    expect((await browser.call('POST', '/api/auth/logout')).status).toBe(204);
    expect((await browser.call('GET', '/api/auth/me')).status).toBe(401);
  });

  it('should not ask Bearer requests for a CSRF token', async () => {
    const token = await t.login();
    const created = await t.call('POST', '/api/connections', { token, body: { ...VISMA_CONNECTION, name: 'Bearer made' } });
    expect(created.status).toBe(201);
    expect((await t.call('DELETE', `/api/connections/${created.body.id}`, { token })).status).toBe(204);
  });

  it('should refuse a cross-site sign-in (login CSRF) and accept a same-origin one', async () => {
    const body = { email: t.config.ADMIN_EMAIL, password: t.config.ADMIN_PASSWORD };
    const cross = await t.call('POST', '/api/auth/login', { body, headers: { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' } });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('csrf_failed');
    expect(cross.headers.getSetCookie()).toEqual([]);
    const opaque = await t.call('POST', '/api/auth/login', { body, headers: { origin: 'null' } });
    expect(opaque.status).toBe(403);
    const same = await t.call('POST', '/api/auth/login', { body, headers: { 'sec-fetch-site': 'same-origin', origin: t.url } });
    expect(same.status).toBe(200);
  });

  it('should rotate the session on sign-in: the cookie carried into a sign-in stops working', async () => {
    const first = await cookieSignIn(t);
    const oldSession = first.jar.get('mlc_session');
    const second = await cookieSignIn(t, undefined, undefined, new Map(first.jar));
    expect(second.jar.get('mlc_session')).not.toBe(oldSession);
    expect((await first.call('GET', '/api/auth/me')).status).toBe(401);
    expect((await second.call('GET', '/api/auth/me')).status).toBe(200);
    // A Bearer token carried into a sign-in is revoked the same way.
    const token = await t.login();
    const res = await t.call('POST', '/api/auth/login', { token, body: { email: t.config.ADMIN_EMAIL, password: t.config.ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    expect((await t.call('GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await t.call('GET', '/api/auth/me', { token: res.body.token })).status).toBe(200);
  });

  it('should revoke every other session on a password change and rotate the one making it', async () => {
    const admin = await t.login();
    const email = 'changer@example.test';
    expect((await t.call('POST', '/api/users', { token: admin, body: { email, password: STRONG, role: 'support' } })).status).toBe(201);
    const laptop = await cookieSignIn(t, email, STRONG);
    const phone = await t.login(email, STRONG);
    const wrong = await laptop.call('POST', '/api/auth/password', { body: { currentPassword: 'not-my-password-at-all', password: 'violet-harbour-seventeen-kites' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields[0].field).toBe('currentPassword');
    const weak = await laptop.call('POST', '/api/auth/password', { body: { currentPassword: STRONG, password: 'password123456' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields[0].field).toBe('password');
    expect((await t.call('GET', '/api/auth/me', { token: phone })).status).toBe(200);
    const oldCookie = laptop.jar.get('mlc_session');
    const changed = await laptop.call('POST', '/api/auth/password', { body: { currentPassword: STRONG, password: 'violet-harbour-seventeen-kites' } });
    expect(changed.status).toBe(200);
    expect(JSON.stringify(changed.body)).not.toContain('violet-harbour');
    // The other device is signed out; this browser got a new cookie and CSRF token and stays signed in.
    expect((await t.call('GET', '/api/auth/me', { token: phone })).status).toBe(401);
    expect(laptop.jar.get('mlc_session')).not.toBe(oldCookie);
    expect((await t.call('GET', '/api/auth/me', { headers: { cookie: `mlc_session=${oldCookie}` } })).status).toBe(401);
    expect((await laptop.call('GET', '/api/auth/me')).status).toBe(200);
    laptop.csrfToken = changed.body.csrfToken;
    expect((await laptop.call('POST', '/api/auth/logout')).status).toBe(204);
    await expect(t.login(email, STRONG)).rejects.toThrow(/401/);
    expect(await t.login(email, 'violet-harbour-seventeen-kites')).toEqual(expect.any(String));
    expect(t.logs.text()).not.toContain('violet-harbour');
  });

  it('should sign out everywhere', async () => {
    const a = await t.login();
    const b = await t.login();
    const res = await t.call('POST', '/api/auth/logout-everywhere', { token: a });
    expect(res.status).toBe(200);
    expect(res.body.revoked).toBeGreaterThanOrEqual(2);
    expect((await t.call('GET', '/api/auth/me', { token: a })).status).toBe(401);
    expect((await t.call('GET', '/api/auth/me', { token: b })).status).toBe(401);
  });

  it('should record the last sign-in time and address', async () => {
    const before = Date.now();
    const token = await t.login();
    const list = await t.call('GET', '/api/users', { token });
    const me = list.body.find((u: { email: string }) => u.email === t.config.ADMIN_EMAIL);
    expect(Date.parse(me.lastSignInAt)).toBeGreaterThanOrEqual(before - 1_000);
    expect(me.lastSignInIp).toMatch(/127\.0\.0\.1/);
    expect(me.activeSessions).toBeGreaterThanOrEqual(1);
    const [row] = await t.db.query(`SELECT ip FROM user_session ORDER BY created_at DESC LIMIT 1`);
    expect(row.ip).toMatch(/127\.0\.0\.1/);
  });
});

describe('session and CSRF cookies', () => {
  it('should be HttpOnly and SameSite, and Secure when PUBLIC_BASE_URL is https', async () => {
    const plain = await startTestApp();
    try {
      const { setCookies } = await cookieSignIn(plain);
      const session = setCookies.find((c) => c.startsWith('mlc_session='));
      const csrf = setCookies.find((c) => c.startsWith('mlc_csrf='));
      for (const cookie of [session, csrf]) {
        expect(cookie).toMatch(/HttpOnly/i);
        expect(cookie).toMatch(/SameSite=(Lax|Strict)/i);
        expect(cookie).not.toMatch(/;\s*Secure/i);
      }
    } finally {
      await plain.close();
    }
    const tls = await startTestApp({ PUBLIC_BASE_URL: 'https://connector.example.com' });
    try {
      const { setCookies } = await cookieSignIn(tls);
      expect(setCookies).toHaveLength(2);
      for (const cookie of setCookies) {
        expect(cookie).toMatch(/;\s*Secure/i);
        expect(cookie).toMatch(/HttpOnly/i);
        expect(cookie).toMatch(/SameSite=(Lax|Strict)/i);
      }
    } finally {
      await tls.close();
    }
  });
});
