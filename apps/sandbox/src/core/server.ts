import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { controlRoute, type ControlDeps } from './control-api';
import { DEFAULT_LATENCY_MS, DEFAULT_TIMEOUT_HOLD_MS, FaultInjector, type RequestFaultKind, type RequestFaultRule } from './faults';
import { SandboxHttpError, type SandboxHandler, type SandboxRequest, type SandboxResponse } from './http-types';
import { RequestLog } from './request-log';
import type { SandboxRouter } from './router';

/** What a `faultBody` hook knows about the request a status fault hits. */
export type FaultContext = { rule: RequestFaultRule; method: string; path: string };

/**
 * Supplies a sandbox's own error body for an injected status fault (`http-4xx/5xx`, `validation-error`, and the 504
 * of `timeout`). `status` is the core's default status for the kind (validation-error: 400, timeout: 504).
 * Return the body to send with that status; or a `SandboxHttpError` to choose status, body and headers too (e.g.
 * BigCommerce's 422 for validation); or undefined for the core's generic `{message}` body.
 */
export type FaultBodyHook = (kind: RequestFaultKind, status: number, context: FaultContext) => unknown;

export type SandboxServerOptions = {
  /** Name used in logs and in the control API's `GET /_sandbox` answer, e.g. `visma`. */
  name: string;
  router: SandboxRouter;
  faults?: FaultInjector;
  log?: RequestLog;
  /** Vendor error bodies for injected status faults (see `FaultBodyHook`). */
  faultBody?: FaultBodyHook;
  /**
   * Extra control routes of this sandbox (paths under `/_sandbox/`), matched after the core ones. Like the core
   * control routes they are never faulted and never written to the request log.
   */
  controlRoutes?: SandboxRouter;
  /** Called by `POST /_sandbox/reset`: restore seeded state. */
  onReset?: () => void | Promise<void>;
  /**
   * Answers requests no route matches (default: `404 {message: 'Not Found'}`, or 405 when only the method is wrong).
   * A vendor hook gives the vendor's own "no route" answer (WordPress: `404 rest_no_route`).
   */
  notFound?: SandboxHandler;
  /** Serve HTTPS with this PEM key and certificate instead of plain HTTP (`url` then starts with `https://`). */
  tls?: { key: string | Buffer; cert: string | Buffer };
  port?: number;
  host?: string;
};

export type RunningSandbox = {
  name: string;
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:40123`. */
  url: string;
  port: number;
  faults: FaultInjector;
  log: RequestLog;
  close(): Promise<void>;
};

/** Status each status fault answers with when the `faultBody` hook does not choose another. */
const FAULT_STATUS: Partial<Record<RequestFaultKind, number>> = {
  'http-429': 429,
  'http-500': 500,
  'http-501': 501,
  'http-502': 502,
  'http-503': 503,
  'http-401': 401,
  'http-409': 409,
  'http-412': 412,
  'validation-error': 400,
  timeout: 504,
};
const GENERIC_MESSAGE: Record<number, string> = {
  400: 'Validation failed (injected)',
  401: 'Unauthorized (injected)',
  409: 'Conflict (injected)',
  412: 'Precondition Failed (injected)',
  429: 'Too Many Requests (injected)',
  500: 'Internal Server Error (injected)',
  501: 'Not Implemented (injected)',
  502: 'Bad Gateway (injected)',
  503: 'Service Unavailable (injected)',
  504: 'Gateway Timeout',
};

/**
 * Starts one sandbox on node:http. Besides the sandbox's own routes it serves the control API (control-api.ts and
 * apps/sandbox/README.md): faults, the request log cursor, reset, plus the sandbox's own `controlRoutes`.
 * Request faults are applied here, before (or around) the sandbox's handler:
 * - status faults answer instead of the handler (body from `faultBody` when given);
 * - `timeout` holds `delayMs` then answers 504; `reset` destroys the socket without running the handler;
 * - `latency` waits `delayMs`, then runs the handler (its effect commits at the end of the wait, even when the
 *   client has given up) and answers normally;
 * - `lose-reply` runs the handler (its effect commits), then destroys the socket without any response.
 * Every faulted request is logged with `fault`. Port 0 (the default) picks a free port; tests read `url`.
 * With `tls` the listener is HTTPS (node:https) and handlers see `secure: true`; every request also carries the raw
 * request target (`rawUrl`) and the listener's base URL (`listenerUrl`). `notFound` answers unmatched routes.
 */
export async function startSandboxServer(options: SandboxServerOptions): Promise<RunningSandbox> {
  const faults = options.faults ?? new FaultInjector();
  const log = options.log ?? new RequestLog();
  const sockets = new Set<Socket>();
  const holds = new Map<NodeJS.Timeout, (completed: boolean) => void>();
  let closing = false;

  /** Waits `ms`; resolves false instead when the sandbox closes meanwhile. */
  const hold = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      if (closing) return resolve(false);
      const timer = setTimeout(() => {
        holds.delete(timer);
        resolve(true);
      }, ms);
      holds.set(timer, resolve);
    });

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, { status: 500, body: { message: 'sandbox internal error', detail: String(err) } });
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createServer(listener);
  const scheme = options.tls ? 'https' : 'http';
  let baseUrl = '';
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const control: ControlDeps = { name: options.name, faults, log, ...(options.onReset ? { onReset: options.onReset } : {}) };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const rawBody = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const record = (status: number, fault?: string): void => {
      log.add({ at: new Date().toISOString(), method, path, query: url.search, status, headers: req.headers, ...(fault ? { fault } : {}) });
    };
    const request = (params: Record<string, string>): SandboxRequest => ({
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, req.headers['content-type']),
      params,
      secure: options.tls !== undefined,
      rawUrl: req.url ?? '/',
      listenerUrl: baseUrl,
    });

    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      const builtIn = await controlRoute(control, method, path, url.searchParams, rawBody);
      if (builtIn) return send(res, builtIn);
      const extra = options.controlRoutes?.match(method, path);
      if (extra && 'handler' in extra) return send(res, await run(() => extra.handler(request(extra.params))));
    }

    const fault = faults.takeRequestFault(method, path);
    const kind = fault?.kind;
    if (fault && kind === 'reset') {
      record(0, kind);
      req.socket.destroy();
      return;
    }
    if (fault && kind === 'timeout') {
      const answer = faultAnswer(fault, { rule: fault, method, path }, options.faultBody);
      record(answer.status, kind);
      if (await hold(fault.delayMs ?? DEFAULT_TIMEOUT_HOLD_MS)) send(res, answer);
      return;
    }
    if (fault && kind !== 'latency' && kind !== 'lose-reply') {
      const answer = faultAnswer(fault, { rule: fault, method, path }, options.faultBody);
      record(answer.status, kind);
      return send(res, answer);
    }
    if (kind === 'latency' && !(await hold(fault?.delayMs ?? DEFAULT_LATENCY_MS))) return;

    const match = options.router.match(method, path);
    let response: SandboxResponse;
    if ('handler' in match) {
      response = await run(() => match.handler(request(match.params)));
    } else if (options.notFound) {
      const notFound = options.notFound;
      response = await run(() => notFound(request({})));
    } else {
      const status = match.methodNotAllowed ? 405 : 404;
      response = { status, body: { message: status === 405 ? 'Method Not Allowed' : 'Not Found' } };
    }
    record(response.status, kind);
    if (kind === 'lose-reply') {
      const wait = fault?.delayMs ?? 0;
      if (wait > 0) await hold(wait);
      req.socket.destroy();
      return;
    }
    send(res, response);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `${scheme}://${options.host ?? '127.0.0.1'}:${port}`;
  return {
    name: options.name,
    url: baseUrl,
    port,
    faults,
    log,
    close: async () => {
      closing = true;
      holds.forEach((resolve, timer) => {
        clearTimeout(timer);
        resolve(false);
      });
      holds.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((s) => s.destroy());
      await closed;
    },
  };
}

/** Runs a handler; a thrown `SandboxHttpError` becomes its answer, anything else propagates (→ 500). */
async function run(handler: () => SandboxResponse | Promise<SandboxResponse>): Promise<SandboxResponse> {
  try {
    return await handler();
  } catch (err) {
    if (err instanceof SandboxHttpError) return { status: err.status, body: err.body, headers: err.headers };
    throw err;
  }
}

/** The answer of a status fault: the hook's body (or full error) when it gives one, else a generic `{message}`. */
function faultAnswer(rule: RequestFaultRule, context: FaultContext, hook: FaultBodyHook | undefined): SandboxResponse {
  const kind = rule.kind;
  const status = FAULT_STATUS[kind] ?? 500;
  const headers: Record<string, string> = {};
  if (kind === 'http-429') headers['retry-after'] = String(rule.retryAfterSeconds ?? 1);
  if (kind === 'http-503' && rule.retryAfterSeconds !== undefined) headers['retry-after'] = String(rule.retryAfterSeconds);
  const custom = hook?.(kind, status, context);
  if (custom instanceof SandboxHttpError) return { status: custom.status, body: custom.body, headers: { ...custom.headers, ...headers } };
  if (custom !== undefined) return { status, body: custom, headers };
  const body: Record<string, string> = { message: GENERIC_MESSAGE[status] ?? 'Injected fault' };
  if (kind === 'validation-error' && rule.field !== undefined) body['field'] = rule.field;
  return { status, headers, body };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function parseBody(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return undefined;
  const text = raw.toString('utf8');
  if (contentType?.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function send(res: ServerResponse, response: SandboxResponse): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: string | undefined;
  if (response.body !== undefined && response.status !== 204) {
    if (typeof response.body === 'string') {
      payload = response.body;
      headers['content-type'] ??= 'text/plain; charset=utf-8';
    } else {
      payload = JSON.stringify(response.body);
      headers['content-type'] ??= 'application/json; charset=utf-8';
    }
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
