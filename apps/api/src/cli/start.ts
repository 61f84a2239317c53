import { SANDBOX_DEFAULT_PORTS, startAllSandboxes } from '@mlc/sandbox';
import { DataSource } from 'typeorm';
import { playDemoOrders } from '../demo/demo-activity';
import { setUpDemo } from '../demo/demo-setup';
import { demoSummary, formatDemoSummary } from '../demo/demo-summary';
import { isDemoMode, prepareDemoEnvironment } from './demo-mode';
import { applyLocalDefaults, ensureDatabase } from './local-setup';
import { startDashboard } from './web-server';
import { loadConfigOrExit, runServer } from './run';

const out = (lines: string[]): void => {
  process.stdout.write(`${lines.join('\n')}\n`);
};

/**
 * `npm start`: the product's main job on one machine. Fills local defaults (vault key, first admin),
 * creates the database if needed, applies migrations and runs API + worker (ROLE=all). With nothing real
 * configured it runs the demo: embedded Visma and BigCommerce sandboxes, demo connections, flow, mapping
 * and webhooks set up through the API, live orders and a refund, and a running summary.
 */
async function main(): Promise<void> {
  const isDemo = isDemoMode(process.env);
  if (isDemo) await prepareDemoEnvironment(process.env);
  const { generatedAdmin } = applyLocalDefaults(process.env);
  const config = loadConfigOrExit();
  if (config.NODE_ENV !== 'production') await ensureDatabase(config.DATABASE_URL);
  const sandboxes = isDemo
    ? await startAllSandboxes({
        ports: {
          visma: Number(process.env['SANDBOX_VISMA_PORT'] ?? SANDBOX_DEFAULT_PORTS.visma),
          bigcommerce: Number(process.env['SANDBOX_BIGCOMMERCE_PORT'] ?? SANDBOX_DEFAULT_PORTS.bigcommerce),
        },
      }).catch((err: unknown) => {
        const port = (err as { port?: number }).port;
        process.stderr.write(
          (err as { code?: string }).code === 'EADDRINUSE'
            ? `Cannot start the demo sandboxes: port ${port} is in use (is another demo running?); stop it or set SANDBOX_VISMA_PORT / SANDBOX_BIGCOMMERCE_PORT.\n`
            : `Cannot start the demo sandboxes: ${(err as Error).message}\n`,
        );
        process.exit(1);
      })
    : undefined;
  const server = await runServer(config);
  const dashboard = config.ROLE === 'worker' || process.env['WEB'] === 'false' ? undefined : await startDashboard(server.url, Number(process.env['WEB_PORT'] ?? 3001));
  out([
    '',
    `ml-connector is running (role ${config.ROLE}${isDemo ? ', demo mode' : ''}).`,
    ...(dashboard ? [`  Dashboard  ${dashboard.url}`] : []),
    `  API        ${server.url}/api   (OpenAPI docs: ${server.url}/api/docs)`,
    `  Health     ${server.url}/health`,
    ...(generatedAdmin ? [`  Sign in    ${generatedAdmin.adminEmail} / ${generatedAdmin.adminPassword}   (stored in .local/secrets.json)`] : []),
  ]);
  const stop = (): void => {
    dashboard?.close();
    void Promise.all([server.close(), sandboxes?.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (!sandboxes) {
    out(['Press Ctrl+C to stop.']);
    return;
  }

  out(['', 'Demo sandboxes (point any BigCommerce or Visma client at them while this runs):', ...sandboxes.describe().map((l) => `  ${l}`)]);
  const demo = await setUpDemo({
    apiUrl: server.url,
    publicBaseUrl: server.url,
    sandboxes,
    admin: { email: config.ADMIN_EMAIL ?? '', password: config.ADMIN_PASSWORD ?? '' },
  });
  out([`  Connections: BigCommerce ${demo.bigcommerceConnectionId}, Visma Norway ${demo.vismaConnectionId}, Visma Sweden ${demo.vismaSwedenConnectionId} (SEK orders and Swedish addresses); flow ${demo.flowId}`, '']);
  const db = server.app.get(DataSource);
  const waitForInvoice = async (orderId: string): Promise<void> => {
    for (let i = 0; i < 300; i += 1) {
      const rows: { status: string }[] = await db.query(`SELECT status FROM sync_record WHERE entity_type = 'order' AND external_id = $1`, [orderId]);
      if (rows[0] && rows[0].status !== 'received' && rows[0].status !== 'processing') return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  await playDemoOrders(sandboxes, waitForInvoice);

  let last = '';
  const report = async (): Promise<void> => {
    const summary = await demoSummary(db, sandboxes);
    const text = formatDemoSummary(summary).join('\n');
    if (text !== last && summary.pending === 0) {
      last = text;
      out(['— Demo summary ' + new Date().toISOString(), text, 'Press Ctrl+C to stop.', '']);
    }
  };
  const timer = setInterval(() => void report().catch(() => undefined), 2_000);
  timer.unref();
  await report();
}

void main();
