import { startTestApp, type TestApp } from '../../support/api-harness';

jest.setTimeout(60_000);

/** The newest `auth.login` entry's recorded client address. */
async function lastLoginAddress(t: TestApp, token: string): Promise<string> {
  const res = await t.call('GET', '/api/admin-audit?action=auth.login&limit=1', { token });
  expect(res.status).toBe(200);
  return res.body.items[0].sourceAddress;
}

/**
 * TRUST_PROXY decides whose X-Forwarded-For the API believes (Express "trust proxy"): by default the dashboard's proxy
 * on loopback, so the admin audit log and sessions record the browser's address rather than the proxy's; with `false`
 * a forged header changes nothing.
 */
describe('client address behind the dashboard proxy', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const signIn = async (app: TestApp) => {
    const res = await app.call('POST', '/api/auth/login', { body: { email: app.config.ADMIN_EMAIL, password: app.config.ADMIN_PASSWORD }, headers: { 'x-forwarded-for': '203.0.113.7' } });
    expect(res.status).toBe(200);
    return res.body.token as string;
  };

  it('should record the forwarded address when the proxy is on loopback (the default)', async () => {
    t = await startTestApp();
    const token = await signIn(t);
    expect(await lastLoginAddress(t, token)).toBe('203.0.113.7');
  });

  it('should ignore X-Forwarded-For when TRUST_PROXY=false', async () => {
    t = await startTestApp({ TRUST_PROXY: 'false' });
    const token = await signIn(t);
    expect(await lastLoginAddress(t, token)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });
});
