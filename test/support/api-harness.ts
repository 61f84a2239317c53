import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/bootstrap';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/config.schema';
import { RECORDS_QUEUE } from '../../apps/api/src/modules/sync/sync.constants';
import { LogCapture } from './log-capture';

/**
 * A parsed JSON answer as the tests read it. `any` by design (eslint.config.mjs switches the no-unsafe-* rules off for
 * test/ for this reason): tests reach into answers of many shapes and assert on them, where casts would prove nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one deliberate `any` of the harnesses, see above
export type JsonAnswer = any;

export type TestApp = {
  app: INestApplication;
  url: string;
  config: AppConfig;
  logs: LogCapture;
  db: DataSource;
  /** Signs in and returns a Bearer token. */
  login(email?: string, password?: string): Promise<string>;
  /** fetch against the app with an optional Bearer token and JSON body. */
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: JsonAnswer; headers: Headers }>;
  close(): Promise<void>;
};

/**
 * One JSON call to an app at `baseUrl`, with an optional Bearer token, JSON body and extra headers. The answer's body is
 * parsed JSON, its text when it is not JSON, or undefined when empty.
 */
export async function callJson(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: JsonAnswer; headers: Headers }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* not JSON */
  }
  return { status: res.status, body, headers: res.headers };
}

/** Empties every application table of this worker's test database (migrations stay applied). */
export async function truncateAll(db: DataSource): Promise<void> {
  const existing: { tablename: string }[] = await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`);
  const names = existing.map((t) => t.tablename).filter((t) => t !== 'migrations');
  if (names.length) await db.query(`TRUNCATE ${names.map((n) => `"${n}"`).join(', ')} CASCADE`);
}

/**
 * Boots the real application (real PostgreSQL and Redis) on a free port, after emptying the database
 * and this worker's queues. `env` overrides test defaults (see test/support/env.ts).
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  // A key prefix per app start: queues, rate budgets and sign-in counters of one test never meet another's.
  const prefix = `${process.env['QUEUE_PREFIX'] ?? 'mlc-t'}-${randomBytes(3).toString('hex')}`;
  const config = loadConfig({ ...process.env, PORT: '0', QUEUE_PREFIX: prefix, ...env });
  const logs = new LogCapture();
  const app = await createApp(config, { logDestination: logs });
  const db = app.get(DataSource);
  await truncateAll(db);
  const queue = app.get<Queue>(getQueueToken(RECORDS_QUEUE));
  await queue.obliterate({ force: true });
  await app.init(); // bootstrap hooks run here, after truncation: the first admin is created now.
  await app.listen(0, '127.0.0.1');
  const port = (app.getHttpServer().address() as { port: number }).port;
  const url = `http://127.0.0.1:${port}`;
  const call: TestApp['call'] = (method, path, options = {}) => callJson(url, method, path, options);
  return {
    app,
    url,
    config,
    logs,
    db,
    call,
    login: async (email = config.ADMIN_EMAIL ?? '', password = config.ADMIN_PASSWORD ?? '') => {
      const res = await call('POST', '/api/auth/login', { body: { email, password } });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
      return (res.body as { token: string }).token;
    },
    close: () => app.close(),
  };
}

/** Polls `probe` until it returns a truthy value or the deadline passes (no fixed sleeps). */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, options: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'condition'}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 25));
  }
}
