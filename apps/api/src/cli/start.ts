import { applyLocalDefaults, ensureDatabase } from './local-setup';
import { loadConfigOrExit, runServer } from './run';

/**
 * `npm start`: the product's main job on one machine. Fills local defaults (vault key, first admin),
 * creates the database if needed, applies migrations and runs API + worker (ROLE=all).
 */
async function main(): Promise<void> {
  const { generatedAdmin } = applyLocalDefaults(process.env);
  const config = loadConfigOrExit();
  if (config.NODE_ENV !== 'production') await ensureDatabase(config.DATABASE_URL);
  const server = await runServer(config);
  const lines = [
    '',
    `ml-connector is running (role ${config.ROLE}).`,
    `  API        ${server.url}/api   (OpenAPI docs: ${server.url}/api/docs)`,
    `  Health     ${server.url}/health`,
  ];
  if (generatedAdmin) lines.push(`  Sign in    ${generatedAdmin.adminEmail} / ${generatedAdmin.adminPassword}   (stored in .local/secrets.json)`);
  lines.push('Press Ctrl+C to stop.', '');
  process.stdout.write(lines.join('\n'));
}

void main();
