import { startTestApp, type TestApp } from '../../support/api-harness';

/** The session cookie's attributes, read from the sign-in answer's Set-Cookie header. */
async function signInCookie(t: TestApp): Promise<string> {
  const res = await t.call('POST', '/api/auth/login', { body: { email: t.config.ADMIN_EMAIL, password: t.config.ADMIN_PASSWORD } });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie') ?? '';
}

describe('session cookie', () => {
  it('should be HttpOnly and SameSite=Lax, and Secure once the public address is HTTPS', async () => {
    const plain = await startTestApp();
    try {
      const cookie = await signInCookie(plain);
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      // Served over plain HTTP on this machine: a Secure cookie would never come back.
      expect(cookie).not.toMatch(/;\s*Secure/i);
    } finally {
      await plain.close();
    }
    const behindTls = await startTestApp({ PUBLIC_BASE_URL: 'https://connector.example.com' });
    try {
      const cookie = await signInCookie(behindTls);
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/HttpOnly/i);
      const logout = await behindTls.call('POST', '/api/auth/logout', { token: (await behindTls.login()) });
      expect(logout.status).toBe(204);
      expect(logout.headers.get('set-cookie') ?? '').toMatch(/;\s*Secure/i);
    } finally {
      await behindTls.close();
    }
  });
});
