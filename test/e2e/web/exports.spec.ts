/**
 * The Exports page (Visma → BigQuery) in a real browser (system Chromium through playwright-core) against the real API
 * (api + worker roles), the Visma sandbox and the BigQuery simulator, all in-process.
 *
 * Harness as in dashboard.spec.ts: `next build` once unless `apps/web/.next` is fresh (next-server.ts serialises it
 * between the browser specs), `next start` on a free port with API_URL pointing at the test API. The connections are
 * made through the API; the export itself is created, run, followed and backfilled through the page.
 *
 * The API runs inside jest here: scripts/test.js starts jest with --experimental-vm-modules, which @google-cloud/bigquery's
 * HTTP layer needs under jest (its `import('node-fetch')`).
 */
import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { type RunningBigQuerySandbox, startBigQuerySandbox } from '../../../apps/sandbox/src/bigquery';
import { type RunningVismaSandbox, startVismaSandbox, VISMA_DEMO } from '../../../apps/sandbox/src/visma';
import { startTestApp, type TestApp } from '../../support/api-harness';
import { ensureBuild, type RunningWeb, startWeb } from './next-server';
import { pageKit, SCREENSHOTS, UI_TIMEOUT } from './page-kit';

const SUPPORT = { email: 'support@example.test', password: 'support-password-123' };
/** A run reads every page of its tables from the Visma sandbox and loads and merges them in the simulator. */
const RUN_TIMEOUT = 120_000;
const EXPORT_NAME = 'Nordlys ledger to BigQuery';
const COMPANY = 'Nordlys Handel';
const WAREHOUSE = 'Analytics warehouse';
/** Two small tables keep the run short; the catalogue's other tables are unticked in the form. */
const TABLES = ['Customers', 'General ledger accounts'];

describe('exports page (browser)', () => {
  let t: TestApp;
  let visma: RunningVismaSandbox;
  let bigquery: RunningBigQuerySandbox;
  let web: RunningWeb;
  let browser: Browser;
  let page: Page;
  let flowId = '';
  let current: Page | undefined;

  const path = (r: { url(): string }) => new URL(r.url()).pathname;
  const { shot, diagnosed, signIn } = pageKit(() => web.url);
  /**
   * Elements reaching past the right edge of the screen, outside scrollable boxes (a table in its own scrolling region
   * is fine): `[]` when the page fits its width.
   */
  const overflowing = (p: Page) =>
    p.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const isInScroller = (el: Element) => {
        for (let up = el.parentElement; up; up = up.parentElement) if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(up).overflowX)) return true;
        return false;
      };
      return Array.from(document.querySelectorAll('body *'))
        .filter((el) => el.getBoundingClientRect().right > width + 1 && !isInScroller(el))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className || '-'}: ${(el.textContent ?? '').trim().slice(0, 40)}`);
    });
  /** Waits until the progress card says the run ended, and returns how. */
  const runOutcome = async (p: Page): Promise<'succeeded' | 'failed'> => {
    const summary = p.getByRole('region', { name: /Export in progress|Latest run/ }).getByRole('status');
    await summary.filter({ hasText: / (finished|failed)\b/ }).waitFor({ timeout: RUN_TIMEOUT });
    return /failed/.test(await summary.innerText()) ? 'failed' : 'succeeded';
  };

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const [app, vismaSandbox, bigquerySandbox, build] = await Promise.allSettled([startTestApp({ JOB_ATTEMPTS: '1' }), startVismaSandbox(), startBigQuerySandbox(), ensureBuild()]);
    if (app.status === 'fulfilled') t = app.value;
    if (vismaSandbox.status === 'fulfilled') visma = vismaSandbox.value;
    if (bigquerySandbox.status === 'fulfilled') bigquery = bigquerySandbox.value;
    for (const started of [app, vismaSandbox, bigquerySandbox, build]) if (started.status === 'rejected') throw started.reason;
    console.warn(`[exports e2e] next build ${build.status === 'fulfilled' ? build.value : ''}`);
    const token = await t.login();
    expect((await t.call('POST', '/api/users', { token, body: { ...SUPPORT, role: 'support' } })).status).toBe(201);
    const norway = VISMA_DEMO.companies.norway;
    const company = await t.call('POST', '/api/connections', {
      token,
      body: {
        system: 'visma', name: COMPANY,
        settings: { companyId: norway.companyId, apiBaseUrl: visma.url, tokenUrl: `${visma.url}/connect/token` },
        credentials: { clientId: VISMA_DEMO.clientId, clientSecret: VISMA_DEMO.clientSecret, tenantId: norway.tenantId },
      },
    });
    expect(company.status).toBe(201);
    const warehouse = await t.call('POST', '/api/connections', {
      token,
      body: {
        system: 'bigquery', name: WAREHOUSE,
        settings: { datasetId: 'visma_ledger', location: bigquery.location, apiEndpoint: bigquery.apiEndpoint },
        credentials: { serviceAccountKey: JSON.stringify(bigquery.serviceAccountKey) },
      },
    });
    expect(warehouse.status).toBe(201);
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
    await bigquery?.close();
    await visma?.close();
    await t?.close();
  }, 30_000);

  it('should create an export in the form, checking it first, with every table ticked by default', () => diagnosed(() => page, 'exports-create', async () => {
    await signIn(page, t.config.ADMIN_EMAIL ?? '', t.config.ADMIN_PASSWORD ?? '');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exports' }).click();
    await page.getByRole('heading', { name: 'Exports', level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('No exports yet.').waitFor({ timeout: UI_TIMEOUT });
    await page.getByRole('button', { name: 'New export' }).click();
    const form = page.getByRole('form', { name: 'New export' });
    const catalogue = (await t.call('GET', '/api/export-entities', { token: await t.login() })).body.entities as unknown[];
    await form.getByText(`${catalogue.length} of ${catalogue.length} selected`).waitFor({ timeout: UI_TIMEOUT });
    // Only Visma companies and BigQuery connections are offered.
    expect(await form.getByLabel('Visma company').locator('option').allTextContents()).toEqual(['Choose a company', COMPANY]);
    expect(await form.getByLabel('BigQuery connection').locator('option').allTextContents()).toEqual(['Choose a connection', WAREHOUSE]);

    // Nothing filled in: each problem is on its field, and the first one has focus.
    await form.getByRole('button', { name: 'Create export' }).click();
    const name = form.getByLabel('Name');
    await form.getByText('Give the export a name').waitFor({ timeout: UI_TIMEOUT });
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.evaluate((el) => el === document.activeElement)).toBe(true);
    await form.getByText('Choose the Visma company to export').waitFor({ timeout: UI_TIMEOUT });

    await name.fill(EXPORT_NAME);
    await form.getByLabel('Visma company').selectOption({ label: COMPANY });
    await form.getByLabel('BigQuery connection').selectOption({ label: WAREHOUSE });
    expect(await form.getByLabel('Dataset (optional)').getAttribute('placeholder')).toBe('visma_ledger');
    await form.getByLabel('Runs').selectOption('monthly');
    await form.getByLabel('Day of the month').fill('2');
    await form.getByLabel('Time (UTC)').fill('03:00');
    await form.getByRole('button', { name: 'Clear' }).click();
    for (const table of TABLES) await form.getByLabel(table, { exact: true }).check();
    await form.getByText(`2 of ${catalogue.length} selected`).waitFor({ timeout: UI_TIMEOUT });
    const [created] = await Promise.all([
      page.waitForResponse((r) => path(r) === '/api/export-flows' && r.request().method() === 'POST', { timeout: UI_TIMEOUT }),
      form.getByRole('button', { name: 'Create export' }).click(),
    ]);
    expect(created.status()).toBe(201);
    expect(created.request().postDataJSON()).toEqual({
      name: EXPORT_NAME, sourceConnectionId: expect.any(String) as string, targetConnectionId: expect.any(String) as string,
      schedule: { kind: 'monthly', day: 2, at: '03:00' }, entities: ['customers', 'gl_accounts'],
    });
    flowId = ((await created.json()) as { id: string }).id;
    await page.getByRole('status').filter({ hasText: `${EXPORT_NAME} was created.` }).waitFor({ timeout: UI_TIMEOUT });
    const item = page.getByRole('listitem', { name: EXPORT_NAME });
    await item.getByText('Monthly on the 2nd at 03:00 UTC').waitFor({ timeout: UI_TIMEOUT });
    await item.getByText(`${COMPANY} → ${WAREHOUSE}, dataset visma_ledger`).waitFor({ timeout: UI_TIMEOUT });
    await item.getByText('never run').waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'exports-list');
  }), 60_000);

  it('should run the export now, show its progress per table while it runs, then its history and row counts', () => diagnosed(() => page, 'exports-run', async () => {
    expect(flowId).not.toBe('');
    await page.getByRole('link', { name: EXPORT_NAME }).click();
    await page.waitForURL(`**/exports/${flowId}`, { timeout: UI_TIMEOUT });
    await page.getByRole('heading', { name: EXPORT_NAME, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await page.getByText('Not run yet.').waitFor({ timeout: UI_TIMEOUT });

    const polled: string[] = [];
    page.on('request', (r) => {
      if (/^\/api\/export-runs\//.test(path(r))) polled.push(path(r));
    });
    const [requested] = await Promise.all([
      page.waitForResponse((r) => path(r) === `/api/export-flows/${flowId}/runs` && r.request().method() === 'POST', { timeout: UI_TIMEOUT }),
      page.getByRole('button', { name: 'Run now' }).click(),
    ]);
    expect(requested.status()).toBe(202);
    const { run } = (await requested.json()) as { run: { id: string } };
    await page.getByRole('status').filter({ hasText: 'Export queued; its progress is shown below.' }).waitFor({ timeout: UI_TIMEOUT });
    const progress = page.getByRole('region', { name: /Export in progress|Latest run/ });
    await progress.waitFor({ timeout: UI_TIMEOUT });
    const perTable = progress.getByRole('list', { name: 'Progress per table' });
    for (const table of TABLES) await perTable.getByText(table, { exact: true }).waitFor({ timeout: UI_TIMEOUT });
    await progress.getByText(/Visma calls left this hour: [\d,]+ of [\d,]+|Visma’s hourly call allowance for this company is not known yet/).waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'exports-progress');
    const outcome = await runOutcome(page);
    expect(polled.every((p) => p === `/api/export-runs/${run.id}`)).toBe(true);
    expect(polled.length).toBeGreaterThan(0);
    const detail = (await t.call('GET', `/api/export-runs/${run.id}`, { token: await t.login() })).body as { run: { status: string; error: string | null } };
    expect(detail.run.status).toBe(outcome);
    expect(outcome).toBe('succeeded');
    for (const label of ['Rows read', 'Rows loaded', 'Speed', 'Time left']) expect(await perTable.getByText(label).count()).toBe(TABLES.length);

    // History: why, who, outcome; the batches with their BigQuery job ids.
    const history = page.getByRole('region', { name: 'Run history' });
    const first = history.getByRole('listitem').first();
    await first.getByText(`Run now by ${t.config.ADMIN_EMAIL ?? ''}`).waitFor({ timeout: UI_TIMEOUT });
    await first.locator('.badge', { hasText: 'succeeded' }).waitFor({ timeout: UI_TIMEOUT });
    await first.getByRole('button', { name: /^Show batches/ }).click();
    const batches = first.getByRole('region', { name: /^Batches of the run/ });
    await batches.getByRole('rowheader', { name: 'Customers' }).first().waitFor({ timeout: UI_TIMEOUT });
    expect(await batches.getByText('Load: ').count()).toBeGreaterThan(0);

    // Row counts read from BigQuery, one per table.
    const tables = page.getByRole('region', { name: 'Tables in BigQuery' });
    await tables.getByRole('button', { name: 'Count rows again' }).click();
    const customersRow = tables.getByRole('row', { name: /Customers visma_customers/ });
    await customersRow.getByText(/^[\d,]+$/).waitFor({ timeout: UI_TIMEOUT });
    expect(bigquery.table('visma_ledger', 'visma_customers')?.numRows ?? 0).toBeGreaterThan(0);
    await shot(page, 'exports-detail');
  }), RUN_TIMEOUT + 60_000);

  it('should backfill from a date, show the failed batch, and re-run it from its checkpoint', () => diagnosed(() => page, 'exports-backfill', async () => {
    expect(flowId).not.toBe('');
    // BigQuery refuses the next load job as invalid (not worth retrying), so the backfill's first batch fails.
    bigquery.faults.arm({ kind: 'validation-error', field: 'sourceFormat', count: 1, method: 'POST', pathContains: '/upload/' });
    await page.getByRole('button', { name: 'Backfill from date' }).click();
    const form = page.getByRole('form', { name: `Backfill ${EXPORT_NAME}` });
    await form.getByRole('button', { name: 'Start backfill' }).click();
    await form.getByText('Enter the date to re-read from').waitFor({ timeout: UI_TIMEOUT });
    await form.getByLabel('Re-read everything changed since').fill('2020-01-01');
    const [requested] = await Promise.all([
      page.waitForResponse((r) => path(r) === `/api/export-flows/${flowId}/runs` && r.request().method() === 'POST', { timeout: UI_TIMEOUT }),
      form.getByRole('button', { name: 'Start backfill' }).click(),
    ]);
    expect(requested.status()).toBe(202);
    expect(requested.request().postDataJSON()).toEqual({ backfillFrom: '2020-01-01' });
    await page.getByRole('status').filter({ hasText: 'Backfill from 2020-01-01 queued' }).waitFor({ timeout: UI_TIMEOUT });
    expect(await runOutcome(page)).toBe('failed');

    const history = page.getByRole('region', { name: 'Run history' });
    const failed = history.getByRole('listitem').filter({ hasText: 'Backfill by' });
    await failed.locator('.badge', { hasText: 'failed' }).first().waitFor({ timeout: UI_TIMEOUT });
    // A failed run opens on its batches; the failed one offers the re-run.
    const rerun = failed.getByRole('button', { name: /^Re-run from checkpoint/ });
    await rerun.waitFor({ timeout: UI_TIMEOUT });
    await shot(page, 'exports-failed-batch');
    const [rerunAnswer] = await Promise.all([
      page.waitForResponse((r) => /^\/api\/export-batches\/[^/]+\/rerun$/.test(path(r)), { timeout: UI_TIMEOUT }),
      rerun.click(),
    ]);
    expect(rerunAnswer.status()).toBe(202);
    await failed.getByText('Re-run queued.').waitFor({ timeout: UI_TIMEOUT });
    expect(await runOutcome(page)).toBe('succeeded');
    await history.getByRole('listitem').first().getByText(/^Re-run from checkpoint/).waitFor({ timeout: UI_TIMEOUT });
  }), RUN_TIMEOUT * 2 + 30_000);

  it('should fit a 390 px wide phone screen and offer support only the re-run, not the admin controls', () => diagnosed(() => current ?? page, 'exports-support', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const support = await context.newPage();
    current = support;
    await signIn(support, SUPPORT.email, SUPPORT.password);
    await support.goto(`${web.url}/exports/${flowId}`);
    await support.getByRole('heading', { name: EXPORT_NAME, level: 1 }).waitFor({ timeout: UI_TIMEOUT });
    await support.getByRole('region', { name: 'Run history' }).getByRole('listitem').first().waitFor({ timeout: UI_TIMEOUT });
    expect(await support.getByRole('button', { name: 'Run now' }).count()).toBe(0);
    expect(await support.getByRole('button', { name: 'Backfill from date' }).count()).toBe(0);
    expect(await support.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    expect(await support.getByRole('checkbox').count()).toBe(0);
    // The backfill's failed batch is still there (it was re-run as a new run): support may re-run it too.
    await support.getByRole('button', { name: /^Re-run from checkpoint Customers/ }).first().waitFor({ timeout: UI_TIMEOUT });
    await support.getByText('Monthly on the 2nd at 03:00 UTC').first().waitFor({ timeout: UI_TIMEOUT });
    // Nothing but the batch tables (scrollable regions of their own) runs wider than the screen.
    expect(await overflowing(support)).toEqual([]);
    expect(await support.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(support, 'exports-phone');
    await support.goto(`${web.url}/exports`);
    await support.getByRole('listitem', { name: EXPORT_NAME }).waitFor({ timeout: UI_TIMEOUT });
    expect(await support.getByRole('button', { name: 'New export' }).count()).toBe(0);
    expect(await overflowing(support)).toEqual([]);
    expect(await support.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  }), 60_000);
});
