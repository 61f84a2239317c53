import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { type AppConfig, ConfigValidationError, loadConfig } from '../config/config.schema';
import { createApp, preflight, PreflightError } from '../bootstrap';

/* CLI output goes to stderr as plain lines: the logger is not up yet when these fail. */
function fail(lines: string[]): never {
  for (const line of lines) process.stderr.write(`${line}\n`);
  process.exit(1);
}

/** Reads `.env` (when present) and validates the environment, exiting with one line per bad variable. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (existsSync('.env')) process.loadEnvFile('.env');
  try {
    return loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigValidationError) fail(err.problems);
    throw err;
  }
}

/** Preflight, build and (unless worker-only) listen. Returns the app's URL. */
export async function runServer(config: AppConfig): Promise<{ url: string; app: INestApplication; close: () => Promise<void> }> {
  try {
    await preflight(config);
  } catch (err) {
    if (err instanceof PreflightError) fail([err.message]);
    throw err;
  }
  const app = await createApp(config);
  if (config.ROLE === 'worker') {
    await app.init();
    return { url: '', app, close: () => app.close() };
  }
  await app.listen(config.PORT, config.HOST);
  const address = (app.getHttpServer() as Server).address() as AddressInfo;
  return { url: `http://${config.HOST}:${address.port}`, app, close: () => app.close() };
}
