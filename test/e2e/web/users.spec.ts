/**
 * Users and Account pages in a real browser (system Chromium through playwright-core) against the real API, CSRF on:
 * an admin invites a user, the invitee sets a password through the link and signs in, the admin changes their role
 * (which signs them out), the auditor sees the list without controls, and anyone changes their own password. Also on
 * a 390 px phone. Build and server helpers: next-server.ts (shared with the other browser specs).
 */
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/api-harness';
import { ensureBuild, type RunningWeb, startWeb } from './next-server';
import { pageKit, SCREENSHOTS, UI_TIMEOUT } from './page-kit';

const INVITEE = { email: 'new.colleague@example.test', password: 'lantern-orchard-pebble-92' };
const AUDITOR = { email: 'auditor@example.test', password: 'quartz-meadow-violin-aster' };

describe('users and account pages (browser)', () => {
  let t: TestApp;
  let web: RunningWeb;
  let browser: Browser;
  let page: Page;

  const { shot, diagnosed, signIn } = pageKit(() => web.url);
  const userItem = (p: Page, email: string) => p.getByRole('listitem').filter({ has: p.getByRole('heading', { name: email }) });

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [app, build] = await Promise.allSettled([startTestApp({ LOGIN_MAX_ATTEMPTS_PER_MINUTE: '100' }), ensureBuild()]);
    if (app.status === 'fulfilled') t = app.value;
    for (const started of [app, build]) if (started.status === 'rejected') throw started.reason;
    const admin = await t.login();
    expect((await t.call('POST', '/api/users', { token: admin, body: { ...AUDITOR, role: 'auditor' } })).status).toBe(201);
    web = await startWeb(t.url);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await (await browser.newContext({ viewport: { width: 1360, height: 900 } })).newPage();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await t?.close();
  }, 30_000);

  it('should serve every page with a nonce-based content security policy that the dashboard itself never violates', () => diagnosed(() => page, 'csp', async () => {
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const signInPage = await page.goto(`${web.url}/sign-in`);
    const first = signInPage?.headers()['content-security-policy'] ?? '';
    expect(first).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
    expect(first).toContain("frame-ancestors 'none'");
    expect(signInPage?.headers()['x-content-type-options']).toBe('nosniff');
    await signIn(page, t.config.ADMIN_EMAIL ?? '', t.config.ADMIN_PASSWORD ?? '');
    const again = await page.goto(`${web.url}/users`);
    expect(again?.headers()['content-security-policy']).not.toBe(first); // a fresh nonce per answer
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    expect(violations).toEqual([]);
    await page.context().clearCookies(); // the next test signs in afresh
  }), 60_000);

  it('should let an admin invite a user who sets a password from the link and signs in', () => diagnosed(() => page, 'users-invite', async () => {
    await signIn(page, t.config.ADMIN_EMAIL ?? '', t.config.ADMIN_PASSWORD ?? '');
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'Invite user' }).click();
    await page.getByLabel('Email').fill(INVITEE.email);
    await page.getByLabel('Role', { exact: true }).selectOption('support');
    await page.locator('#new-user').getByRole('button', { name: 'Invite user' }).click();
    const link = await page.getByLabel('Invite link', { exact: true }).inputValue({ timeout: UI_TIMEOUT });
    expect(link).toMatch(/\/sign-in#invite=[\w-]{40,}$/);
    await userItem(page, INVITEE.email).getByText('invited').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'users-invited');

    const invitee = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'Set your password' }).waitFor({ timeout: UI_TIMEOUT });
    await invitee.getByLabel('New password', { exact: true }).fill('password123456');
    await invitee.getByLabel('Repeat new password').fill('password123456');
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByText(/too easy to guess/).waitFor({ timeout: UI_TIMEOUT });
    await invitee.getByLabel('New password', { exact: true }).fill(INVITEE.password);
    await invitee.getByLabel('Repeat new password').fill(INVITEE.password);
    await invitee.getByRole('button', { name: 'Set password' }).click();
    await invitee.getByText('Your password is set').waitFor({ timeout: UI_TIMEOUT });
    await signIn(invitee, INVITEE.email, INVITEE.password);
    expect(await invitee.getByRole('link', { name: 'Users' }).count()).toBe(0);
    await invitee.close();
  }), 90_000);

  it('should change the invited user\'s role, which signs them out, on a phone-sized screen too', () => diagnosed(() => page, 'users-role', async () => {
    await page.reload();
    const item = userItem(page, INVITEE.email);
    await item.getByText('active').waitFor({ timeout: UI_TIMEOUT });
    await item.getByLabel(`Role of ${INVITEE.email}`).selectOption('admin');
    await item.getByRole('button', { name: 'Change role' }).click();
    await page.getByText(`${INVITEE.email} is now admin and was signed out.`).waitFor({ timeout: UI_TIMEOUT });
    const users = (await t.call('GET', '/api/users', { token: await t.login() })).body as { email: string; role: string; activeSessions: number }[];
    expect(users.find((u) => u.email === INVITEE.email)).toMatchObject({ role: 'admin', activeSessions: 0 });
    // The last active admin stays protected in the UI as in the API: the error is shown, not swallowed.
    await item.getByRole('button', { name: 'Disable' }).click();
    await item.getByText('disabled').waitFor({ timeout: UI_TIMEOUT });
    const self = userItem(page, t.config.ADMIN_EMAIL ?? '');
    await self.getByRole('button', { name: 'Disable' }).click();
    await self.getByText(/last active admin/).waitFor({ timeout: UI_TIMEOUT });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await userItem(page, INVITEE.email).waitFor({ timeout: UI_TIMEOUT });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'users-phone');
    await page.setViewportSize({ width: 1360, height: 900 });
  }), 90_000);

  it('should show the auditor the users without controls and let it change its own password', () => diagnosed(() => page, 'account', async () => {
    const auditor = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    await signIn(auditor, AUDITOR.email, AUDITOR.password);
    await auditor.getByRole('link', { name: 'Users' }).click();
    await userItem(auditor, INVITEE.email).waitFor({ timeout: UI_TIMEOUT });
    expect(await auditor.getByRole('button', { name: 'Invite user' }).count()).toBe(0);
    expect(await auditor.getByRole('button', { name: 'Change role' }).count()).toBe(0);
    await auditor.getByRole('link', { name: 'Account' }).click();
    await auditor.getByLabel('Current password').fill(AUDITOR.password);
    await auditor.getByLabel('New password', { exact: true }).fill('cobalt-river-harvest-lamp-5');
    await auditor.getByLabel('Repeat new password').fill('cobalt-river-harvest-lamp-5');
    await auditor.getByRole('button', { name: 'Change password' }).click();
    await auditor.getByText('Your password was changed.').waitFor({ timeout: UI_TIMEOUT });
    expect(await auditor.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(auditor, 'account-phone');
    // The rotated session (and its new CSRF token) keeps working for unsafe requests: sign out through the menu.
    await auditor.getByRole('button', { name: 'Sign out', exact: true }).click();
    await auditor.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: UI_TIMEOUT });
    // The sign-out really reached the API (it would have been refused without a valid CSRF token): no session is left.
    const users = (await t.call('GET', '/api/users', { token: await t.login() })).body as { email: string; activeSessions: number }[];
    expect(users.find((u) => u.email === AUDITOR.email)?.activeSessions).toBe(0);
    const after = await t.call('POST', '/api/auth/login', { body: { email: AUDITOR.email, password: 'cobalt-river-harvest-lamp-5' } });
    expect(after.status).toBe(200);
    await auditor.close();
  }), 90_000);
});
