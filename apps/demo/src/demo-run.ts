import type { INestApplication } from '@nestjs/common';
import { type RunningSandboxes, SANDBOX_DEFAULT_PORTS, startAllSandboxes } from '@mlc/sandbox';
import { DataSource } from 'typeorm';
import { type AppConfig, ExportsService, type StartedDemo } from '@mlc/api';
import { playDemoOrders } from './demo-activity';
import { setUpDemo } from './demo-setup';
import { playWooCommerceOrders } from './woocommerce-shop';
import { playAdobeCommerceOrders } from './adobe-commerce-store';
import { demoSummary, formatDemoSummary } from './demo-summary';

type Out = (lines: string[]) => void;

/** The demo Visma companies' hourly call budget (sandbox limit and the connections' budget alike). */
const DEMO_VISMA_CALLS_PER_HOUR = 2_000;

/**
 * Starts the embedded sandboxes (Visma, BigCommerce, WooCommerce, Adobe Commerce, commercetools, BigQuery) on their fixed
 * demo ports (SANDBOX_VISMA_PORT, SANDBOX_BIGCOMMERCE_PORT, SANDBOX_WOOCOMMERCE_PORT, SANDBOX_ADOBE_COMMERCE_PORT,
 * SANDBOX_COMMERCETOOLS_PORT, SANDBOX_BIGQUERY_PORT). The demo is the only part of the product that starts sandboxes: `npm start` loads this
 * module only in demo mode, and the API and worker never import apps/sandbox.
 * Exits the process with one clear line when a port is taken.
 */
async function startDemoSandboxes(env: NodeJS.ProcessEnv): Promise<RunningSandboxes> {
  return startAllSandboxes({
    ports: {
      visma: Number(env['SANDBOX_VISMA_PORT'] ?? SANDBOX_DEFAULT_PORTS.visma),
      bigcommerce: Number(env['SANDBOX_BIGCOMMERCE_PORT'] ?? SANDBOX_DEFAULT_PORTS.bigcommerce),
      woocommerce: Number(env['SANDBOX_WOOCOMMERCE_PORT'] ?? SANDBOX_DEFAULT_PORTS.woocommerce),
      adobeCommerce: Number(env['SANDBOX_ADOBE_COMMERCE_PORT'] ?? SANDBOX_DEFAULT_PORTS.adobeCommerce),
      commercetools: Number(env['SANDBOX_COMMERCETOOLS_PORT'] ?? SANDBOX_DEFAULT_PORTS.commercetools),
      bigquery: Number(env['SANDBOX_BIGQUERY_PORT'] ?? SANDBOX_DEFAULT_PORTS.bigquery),
    },
    // The Norwegian demo company holds a year of its own ledger, which the demo's BigQuery export copies. Its supplier
    // invoices also reach the Adobe Commerce store's products (the supplier-invoice flow), so the demo's Visma companies
    // get 2,000 calls an hour instead of a test client's 500: every flow's first hour fits.
    visma: { ledgerHistory: true, rateLimit: { limit: DEMO_VISMA_CALLS_PER_HOUR, windowMs: 3_600_000 } },
  }).catch((err: unknown) => {
    const port = (err as { port?: number }).port;
    process.stderr.write(
      (err as { code?: string }).code === 'EADDRINUSE'
        ? `Cannot start the demo sandboxes: port ${port} is in use (is another demo running?); stop it or set SANDBOX_VISMA_PORT / SANDBOX_BIGCOMMERCE_PORT / SANDBOX_WOOCOMMERCE_PORT / SANDBOX_ADOBE_COMMERCE_PORT / SANDBOX_COMMERCETOOLS_PORT / SANDBOX_BIGQUERY_PORT.\n`
        : `Cannot start the demo sandboxes: ${(err as Error).message}\n`,
    );
    process.exit(1);
  });
}

/**
 * Starts the demo's sandboxes (before the product, so its connections can be pinged at once). `npm start` calls only
 * this in demo mode; the product itself never starts or imports a sandbox.
 */
export async function startDemo(env: NodeJS.ProcessEnv): Promise<StartedDemo> {
  const sandboxes = await startDemoSandboxes(env);
  return { run: (server, config, out) => runDemo(server, config, sandboxes, out), close: () => sandboxes.close() };
}

/**
 * The demo on a running product: configures it through its own API (connections, flow, mappings, webhooks, catch-up),
 * plays live orders and a refund in the store, and prints the summary whenever it changes.
 */
async function runDemo(server: { url: string; app: INestApplication }, config: AppConfig, sandboxes: RunningSandboxes, out: Out): Promise<void> {
  out(['', 'Demo sandboxes (point any BigCommerce, WooCommerce, Adobe Commerce, commercetools or Visma client at them while this runs):', ...sandboxes.describe().map((l) => `  ${l}`)]);
  const demo = await setUpDemo({
    apiUrl: server.url,
    publicBaseUrl: server.url,
    sandboxes,
    admin: { email: config.ADMIN_EMAIL ?? '', password: config.ADMIN_PASSWORD ?? '' },
    callsPerHour: DEMO_VISMA_CALLS_PER_HOUR,
  });
  out([
    `  Connections: BigCommerce ${demo.bigcommerceConnectionId}, Visma Norway ${demo.vismaConnectionId}, Visma Sweden ${demo.vismaSwedenConnectionId} (SEK orders and Swedish addresses); flow ${demo.flowId}`,
    ...(demo.woocommerce ? [`  WooCommerce ${demo.woocommerce.connectionId} (webhooks and an hourly poll); flow ${demo.woocommerce.flowId}`] : []),
    ...(demo.adobeCommerce ? [`  Adobe Commerce ${demo.adobeCommerce.connectionId} (webhooks and a daily poll); flow ${demo.adobeCommerce.flowId}; supplier invoices → products: flow ${demo.adobeCommerce.procurementFlowId}`] : []),
    ...(demo.bigquery ? [`  BigQuery ${demo.bigquery.connectionId}: the Norwegian company's ledger → dataset visma_ledger (monthly on the 2nd; first run ${demo.bigquery.firstRunId} started now)`] : []),
    '',
  ]);
  const db = server.app.get(DataSource);
  const waitForInvoice = (connectionId: string) => async (orderId: string): Promise<void> => {
    for (let i = 0; i < 300; i += 1) {
      const rows: { status: string }[] = await db.query(`SELECT status FROM sync_record WHERE connection_id = $1 AND entity_type = 'order' AND external_id = $2`, [connectionId, orderId]);
      if (rows[0] && rows[0].status !== 'received' && rows[0].status !== 'processing') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await playDemoOrders(sandboxes, waitForInvoice(demo.bigcommerceConnectionId));
  if (demo.woocommerce) await playWooCommerceOrders(sandboxes.woocommerce, waitForInvoice(demo.woocommerce.connectionId));
  if (demo.adobeCommerce) await playAdobeCommerceOrders(sandboxes.adobeCommerce.baseUrl, waitForInvoice(demo.adobeCommerce.connectionId));

  let last = '';
  const report = async (): Promise<void> => {
    const summary = await demoSummary(db, sandboxes);
    const text = [...formatDemoSummary(summary), ...(demo.bigquery ? await exportLines(server.app, demo.bigquery.exportFlowId) : [])].join('\n');
    if (text !== last && summary.pending === 0) {
      last = text;
      out(['— Demo summary ' + new Date().toISOString(), text, 'Press Ctrl+C to stop.', '']);
    }
  };
  const timer = setInterval(() => void report().catch(() => undefined), 2_000);
  timer.unref();
  await report();
}

/** The demo export's latest run and each BigQuery table's row count, for the summary. */
async function exportLines(app: INestApplication, flowId: string): Promise<string[]> {
  const exports = app.get(ExportsService);
  const [latest] = await exports.runs(flowId, 1);
  if (!latest || latest.status === 'queued' || latest.status === 'running') return ['BigQuery export: running…'];
  const tables = await exports.tables(flowId);
  const counts = tables.map((t) => `${t.table} ${t.rows === null ? `(${t.error ?? 'not read'})` : t.rows}`);
  return [`BigQuery export (dataset visma_ledger), last run ${latest.status}: ${counts.join(', ')}`];
}
