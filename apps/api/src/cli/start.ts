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
  // The demo (and with it apps/sandbox) is loaded only in demo mode: a real deployment never imports the sandboxes.
  const demo = isDemo ? await (await import('../demo/demo-run.js')).startDemo(process.env) : undefined;
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
    void Promise.all([server.close(), demo?.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  if (!demo) {
    out(['Press Ctrl+C to stop.']);
    return;
  }
  await demo.run(server, config, out);
}

void main();
