import type { INestApplication } from '@nestjs/common';
import type { AppConfig } from '../config/config.schema';
import { prepareDemoEnvironment } from './demo-mode';
import { applyLocalDefaults, ensureDatabase } from './local-setup';
import { startDashboard } from './web-server';
import { loadConfigOrExit, runServer } from './run';

type Out = (lines: string[]) => void;

/** A demo started before the product (its sandboxes up), played on it once it runs, and stopped with it. */
export type StartedDemo = {
  run(server: { url: string; app: INestApplication }, config: AppConfig, out: Out): Promise<void>;
  close(): Promise<void>;
};

const out: Out = (lines) => {
  process.stdout.write(`${lines.join('\n')}\n`);
};

/**
 * The product's main job on one machine (`npm start` in live mode; scripts/start.js picks the mode). Fills local
 * defaults (vault key, first admin), creates the database if needed, applies migrations and runs API + worker
 * (ROLE=all). The product never starts or imports a sandbox: the demo's entry (apps/demo/src/demo-main.ts) calls this with
 * `startDemo`, which starts its sandboxes first and plays the demo once the product runs.
 */
export async function startProduct(startDemo?: (env: NodeJS.ProcessEnv) => Promise<StartedDemo>): Promise<void> {
  const isDemo = startDemo !== undefined;
  if (isDemo) await prepareDemoEnvironment(process.env);
  const { generatedAdmin } = applyLocalDefaults(process.env);
  const config = loadConfigOrExit();
  if (config.NODE_ENV !== 'production') await ensureDatabase(config.DATABASE_URL);
  const demo = startDemo ? await startDemo(process.env) : undefined;
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

if (require.main === module) void startProduct();
