/**
 * The dashboard's flow posting choices, the connection form's `choice` fields and the catch-up schedule of a
 * WooCommerce flow, in a real browser (system Chromium through playwright-core) against the real API.
 *
 * Harness as in dashboard.spec.ts: `next build` once unless `apps/web/.next` is fresh (next-server.ts serialises it
 * between the browser specs), `next start` on a free port with API_URL pointing at the test API. No sandbox runs: the
 * connections point at a dead address and nothing here calls them (every flow's catch-up poll starts switched off).
 *
 * WooCommerce is looked up in `GET /api/systems`: while it is not registered on this server the steps that need it are
 * skipped and logged (the generic `choice` field assertions then run over whichever systems have such fields).
 */
import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { VISMA_DEMO } from '../../../apps/sandbox/src/visma';
import { startTestApp, type TestApp } from '../../support/api-harness';
import { ensureBuild, type RunningWeb, startWeb } from './next-server';
import { pageKit, SCREENSHOTS, UI_TIMEOUT } from './page-kit';

const SUPPORT = { email: 'support@example.test', password: 'support-password-123' };
const DEAD_URL = 'http://127.0.0.1:9';
const FLOW_NAME = 'Demo shop postings';
const WOO_FLOW_NAME = 'Woo shop to Nordlys';
const WOO_KEY = `ck_${'a1'.repeat(20)}`;
const WOO_SECRET = `cs_${'b2'.repeat(20)}`;
/** Every non-product sales order line has its inventory item, so only the supplier class is missing. */
const SALES_ORDER_SETTINGS = { inventory: { byLineType: { shipping: 'FRAKT', discount: 'RABATT', fee: 'GEBYR', rounding: 'ORE' } } };

/** The parts of `GET /api/systems` this test reads (apps/api/src/modules/systems/system-facts.ts `SystemView`). */
type FieldFacts = { name: string; label: string; format: string; isRequired: boolean; isSecret: boolean; choices?: { value: string; label: string }[] };
type SystemFacts = { kind: string; label: string; fields: { settings: FieldFacts[]; credentials: FieldFacts[] }; webhooks: { authentication: string; destinationRule: string; isManagedByUs: boolean } | null };

describe('flow posting and system forms (browser)', () => {
  let t: TestApp;
  let web: RunningWeb;
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  let adminToken: string;
  let systems: SystemFacts[];
  let vismaId: string;
  let flowId: string;
  let supportPage: Page | undefined;
  const skipped: string[] = [];

  const skip = (step: string, why: string) => {
    skipped.push(`${step} (${why})`);
    console.warn(`[flow-posting e2e] skipped "${step}": ${why}`);
  };
  const woo = () => systems.find((s) => s.kind === 'woocommerce');
  const path = (r: { url(): string }) => new URL(r.url()).pathname;
  const { shot, diagnosed, signIn } = pageKit(() => web.url);
  /** How the connection form labels a field (connection-form.tsx): optional text fields say so, a choice never does. */
  const formLabel = (field: FieldFacts) => (field.isRequired || field.format === 'choice' ? field.label : `${field.label} (optional)`);

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [app, build] = await Promise.allSettled([startTestApp({ JOB_ATTEMPTS: '1' }), ensureBuild()]);
    if (app.status === 'fulfilled') t = app.value;
    for (const started of [app, build]) if (started.status === 'rejected') throw started.reason;
    console.warn(`[flow-posting e2e] next build ${build.status === 'fulfilled' ? build.value : ''}`);
    adminToken = await t.login();
    expect((await t.call('POST', '/api/users', { token: adminToken, body: { ...SUPPORT, role: 'support' } })).status).toBe(201);
    systems = (await t.call('GET', '/api/systems', { token: adminToken })).body as SystemFacts[];
    const shop = await t.call('POST', '/api/connections', {
      token: adminToken,
      body: { system: 'bigcommerce', name: 'Demo shop', settings: { storeHash: 'demo1', apiBaseUrl: DEAD_URL }, credentials: { accessToken: 'demo-access-token-0001' } },
    });
    expect(shop.status).toBe(201);
    const norway = VISMA_DEMO.companies.norway;
    const visma = await t.call('POST', '/api/connections', {
      token: adminToken,
      body: {
        system: 'visma', name: 'Nordlys Handel',
        settings: { companyId: norway.companyId, apiBaseUrl: DEAD_URL, tokenUrl: `${DEAD_URL}/connect/token` },
        credentials: { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: norway.tenantId },
      },
    });
    expect(visma.status).toBe(201);
    vismaId = visma.body.id as string;
    const flow = await t.call('POST', '/api/flows', {
      token: adminToken,
      body: {
        name: FLOW_NAME, sourceConnectionId: shop.body.id, targetConnectionId: vismaId, entities: ['order', 'refund', 'customer'],
        catchUpSchedule: { kind: 'off' },
        posting: { orderDocument: 'customer-invoice', customerAs: 'customer', salesOrder: SALES_ORDER_SETTINGS },
      },
    });
    expect(flow.status).toBe(201);
    flowId = flow.body.id as string;
    web = await startWeb(t.url);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    admin = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    page = await admin.newPage();
  }, 300_000);

  afterAll(async () => {
    if (skipped.length) console.warn(`[flow-posting e2e] steps skipped:\n  - ${skipped.join('\n  - ')}`);
    await browser?.close();
    await web?.close();
    await t?.close();
  }, 30_000);

  it('should let an admin post a flow’s orders as sales orders and its customers as suppliers, and keep it after a reload', () => diagnosed(() => page, 'posting', async () => {
    await signIn(page, t.config.ADMIN_EMAIL ?? '', t.config.ADMIN_PASSWORD ?? '');
    await page.getByRole('link', { name: 'Connections' }).click();
    const posting = page.getByRole('region', { name: `Posting of ${FLOW_NAME}` });
    for (const line of ['Orders → customer invoices', 'Refunds → credit notes', 'Customers → Visma customers']) await posting.getByText(line, { exact: true }).waitFor({ timeout: UI_TIMEOUT });

    await page.getByRole('button', { name: `Edit posting of ${FLOW_NAME}` }).click();
    const form = page.getByRole('form', { name: `Posting of ${FLOW_NAME}` });
    await form.getByLabel('Orders become').selectOption('sales-order');
    await form.getByLabel('Customers become').selectOption('supplier');
    const text = await form.innerText();
    expect(text).toContain('/v1/salesorder');
    expect(text).toMatch(/end-of-life in favour of a v3 service whose contract is not\s+published/);
    expect(text).toContain('Refunds always become credit notes');
    expect(text).toContain('an invoice is made out to a customer');
    // Every sales order line has its inventory item (seeded), but no supplier class is set: the form says so before saving.
    await form.getByText(/New suppliers need a Visma supplier class/).waitFor({ timeout: UI_TIMEOUT });
    expect(text).not.toContain('Visma needs an inventory item on every sales order line');
    await shot(page, 'flow-posting-form');

    const [patched] = await Promise.all([
      page.waitForResponse((r) => path(r) === `/api/flows/${flowId}` && r.request().method() === 'PATCH', { timeout: UI_TIMEOUT }),
      form.getByRole('button', { name: 'Save posting' }).click(),
    ]);
    expect(patched.status()).toBe(200);
    // The whole posting object goes back: the two choices, and the sales order settings exactly as they were.
    expect(patched.request().postDataJSON()).toMatchObject({ posting: { orderDocument: 'sales-order', customerAs: 'supplier', salesOrder: SALES_ORDER_SETTINGS } });
    await page.getByRole('status').filter({ hasText: 'Posting saved: Orders → sales orders, customers → suppliers.' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await form.count()).toBe(0);
    await posting.getByText('Orders → sales orders', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await posting.getByText('Customers → suppliers', { exact: true }).waitFor({ timeout: UI_TIMEOUT });

    await page.reload();
    const reloaded = page.getByRole('region', { name: `Posting of ${FLOW_NAME}` });
    for (const line of ['Orders → sales orders', 'Refunds → credit notes', 'Customers → suppliers']) await reloaded.getByText(line, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await reloaded.getByText(/SalesOrder v1, end-of-life at Visma/).waitFor({ timeout: UI_TIMEOUT });

    const flows = (await t.call('GET', '/api/flows', { token: adminToken })).body as { id: string; posting: unknown }[];
    expect(flows.find((f) => f.id === flowId)?.posting).toMatchObject({ orderDocument: 'sales-order', customerAs: 'supplier', salesOrder: SALES_ORDER_SETTINGS });
    await shot(page, 'flow-posting');
  }), 60_000);

  it('should draw each system’s connection form from its facts, with a select for every choice field', () => diagnosed(() => page, 'system-forms', async () => {
    expect(systems.map((s) => s.kind)).toEqual(expect.arrayContaining(['bigcommerce', 'visma']));
    await page.goto(`${web.url}/connections`);
    await page.getByRole('button', { name: 'Add connection' }).click();
    const form = page.getByRole('form', { name: 'Add a connection' });
    for (const system of systems) {
      await form.getByLabel('System').selectOption(system.kind);
      await form.getByLabel('Name', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
      const fields = [...system.fields.settings, ...system.fields.credentials];
      for (const field of fields) {
        const input = form.getByLabel(formLabel(field), { exact: true });
        if (field.format === 'choice') {
          // A labelled select of the choices, in their order, starting at the first (the default).
          expect(await input.evaluate((el) => el.tagName)).toBe('SELECT');
          expect(await input.inputValue()).toBe(field.choices?.[0]?.value);
          expect(await input.locator('option').allTextContents()).toEqual(field.choices?.map((c) => c.label));
        } else {
          expect(await input.evaluate((el) => el.tagName)).toBe('INPUT');
          expect(await input.getAttribute('type')).toBe(field.isSecret || field.format === 'secret' ? 'password' : field.format === 'url' ? 'url' : 'text');
        }
      }
      // The system picker plus one select per choice field, nothing else.
      expect(await form.getByRole('combobox').count()).toBe(1 + fields.filter((f) => f.format === 'choice').length);
    }

    const wooCommerce = woo();
    if (!wooCommerce) {
      // WooCommerce is not registered on this server yet: its form, card and choice field cannot be shown.
      skip('WooCommerce connection form with its "How the keys travel" select', 'GET /api/systems has no woocommerce');
      await shot(page, 'connection-form-choices');
      return;
    }
    const field = (name: string) => {
      const found = [...wooCommerce.fields.settings, ...wooCommerce.fields.credentials].find((f) => f.name === name);
      if (!found) throw new Error(`WooCommerce has no ${name} field`);
      return found;
    };
    const authMode = field('authMode');
    expect(authMode.format).toBe('choice');
    const queryString = authMode.choices?.find((c) => c.value === 'query-string');
    expect(queryString).toBeDefined();
    await form.getByLabel('System').selectOption('woocommerce');
    await form.getByLabel('Name', { exact: true }).fill('Fjord Woo');
    await form.getByLabel(formLabel(field('siteUrl')), { exact: true }).fill(DEAD_URL);
    await form.getByLabel(authMode.label, { exact: true }).selectOption('query-string');
    await form.getByLabel(formLabel(field('consumerKey')), { exact: true }).fill(WOO_KEY);
    await form.getByLabel(formLabel(field('consumerSecret')), { exact: true }).fill(WOO_SECRET);
    await shot(page, 'connection-form-choices');
    const [created] = await Promise.all([
      page.waitForResponse((r) => path(r) === '/api/connections' && r.request().method() === 'POST', { timeout: UI_TIMEOUT }),
      form.getByRole('button', { name: 'Add connection' }).click(),
    ]);
    expect(created.status()).toBe(201);
    expect(created.request().postDataJSON()).toMatchObject({ system: 'woocommerce', settings: { siteUrl: DEAD_URL, authMode: 'query-string' } });

    // The card: the registry's labels, the choice shown by its label, webhook facts, masked keys, nothing BigCommerce's.
    const card = page.getByRole('article', { name: 'Fjord Woo' });
    await card.getByText(queryString?.label ?? '', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    const cardText = await card.innerText();
    expect(cardText).toContain('WooCommerce');
    expect(cardText).toContain(authMode.label);
    expect(cardText).toContain(field('siteUrl').label);
    expect(cardText).toContain(`Webhooks: ${wooCommerce.webhooks?.authentication ?? ''}`);
    expect(cardText).toMatch(/••••/);
    expect(cardText).not.toMatch(/store hash|storeHash|bigcommerce|X-Auth-Token|port 443/i);
    expect(await page.content()).not.toContain(WOO_SECRET);
    await shot(page, 'connection-woocommerce');
  }), 60_000);

  it('should explain a WooCommerce flow’s poll as the source of truth and offer hourly first', () => diagnosed(() => page, 'woo-schedule', async () => {
    const wooCommerce = woo();
    if (!wooCommerce?.webhooks) {
      skip('WooCommerce schedule help and the hourly preset', 'GET /api/systems has no woocommerce with webhooks');
      return;
    }
    const connections = (await t.call('GET', '/api/connections', { token: adminToken })).body as { id: string; system: string }[];
    const shop = connections.find((c) => c.system === 'woocommerce');
    expect(shop).toBeDefined(); // added through the form by the previous test
    const created = await t.call('POST', '/api/flows', {
      token: adminToken,
      body: { name: WOO_FLOW_NAME, sourceConnectionId: shop?.id, targetConnectionId: vismaId, entities: ['order', 'refund', 'customer'], catchUpSchedule: { kind: 'off' } },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await page.goto(`${web.url}/connections`);
    // No hooks registered yet (no PUBLIC_BASE_URL here): the webhooks column says so rather than "polling only".
    await page.getByRole('row', { name: new RegExp(WOO_FLOW_NAME) }).first().getByText('not registered yet: polling until they are').waitFor({ timeout: UI_TIMEOUT });

    await page.getByRole('button', { name: `Edit schedule of ${WOO_FLOW_NAME}` }).click();
    const form = page.getByRole('form', { name: `Catch-up schedule of ${WOO_FLOW_NAME}` });
    const kind = form.getByLabel('Catch-up runs');
    expect((await kind.locator('option').allTextContents()).slice(0, 2)).toEqual(['Hourly (every 60 minutes)', 'Daily at a set time']);
    expect(await kind.inputValue()).toBe('off');
    await form.getByText('With the poll off, a record whose webhook delivery failed arrives only when someone clicks “Catch up now”.').waitFor({ timeout: UI_TIMEOUT });
    const text = await form.innerText();
    expect(text).toContain('For WooCommerce the scheduled poll is the source of truth');
    expect(text).toContain(wooCommerce.webhooks.destinationRule.slice(1)); // from the facts (first letter capitalised)
    if (wooCommerce.webhooks.isManagedByUs) expect(text).toContain('We check the hooks every 5 minutes, recreate any that are missing or disabled');

    await kind.selectOption('hourly');
    expect(await form.getByLabel('Every (minutes)').count()).toBe(0);
    const [patched] = await Promise.all([
      page.waitForResponse((r) => path(r) === `/api/flows/${id}` && r.request().method() === 'PATCH', { timeout: UI_TIMEOUT }),
      form.getByRole('button', { name: 'Save schedule' }).click(),
    ]);
    expect(patched.status()).toBe(200);
    expect(patched.request().postDataJSON()).toEqual({ catchUpSchedule: { kind: 'every', minutes: 60 } });
    await page.getByRole('status').filter({ hasText: 'Schedule saved: Every hour.' }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('region', { name: `Catch-up of ${WOO_FLOW_NAME}` }).getByText('Every hour', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    // Reopened, the saved schedule reads as the hourly preset again.
    await page.getByRole('button', { name: `Edit schedule of ${WOO_FLOW_NAME}` }).click();
    expect(await form.getByLabel('Catch-up runs').inputValue()).toBe('hourly');
    await shot(page, 'flow-schedule-woocommerce');
  }), 60_000);

  it('should show a support user the posting choices without a way to change them', () => diagnosed(() => supportPage ?? page, 'posting-support', async () => {
    const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
    const support = await context.newPage();
    supportPage = support;
    await signIn(support, SUPPORT.email, SUPPORT.password);
    await support.getByRole('link', { name: 'Connections' }).click();
    await support.getByRole('region', { name: `Posting of ${FLOW_NAME}` }).getByText('Orders → sales orders', { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    expect(await support.getByRole('button', { name: /Edit posting/ }).count()).toBe(0);
    expect(await support.getByRole('form', { name: /Posting of/ }).count()).toBe(0);
    await context.close();
  }), 60_000);
});
