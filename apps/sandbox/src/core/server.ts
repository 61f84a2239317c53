import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { FaultInjector, type FaultRule } from './faults';
import { SandboxHttpError, type SandboxRequest, type SandboxResponse } from './http-types';
import { RequestLog } from './request-log';
import { SandboxRouter } from './router';

export type SandboxServerOptions = {
  /** Name used in logs and in the control API's `GET /_sandbox` answer, e.g. `visma`. */
  name: string;
  router: SandboxRouter;
  faults?: FaultInjector;
  log?: RequestLog;
  /** Called by `POST /_sandbox/reset`: restore seeded state. */
  onReset?: () => void | Promise<void>;
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

/**
 * Starts one sandbox on node:http. Besides the sandbox's own routes it serves the control API:
 * - `GET /_sandbox` — name and armed faults
 * - `POST /_sandbox/faults` `{kind, count, method?, pathContains?, retryAfterSeconds?, delayMs?}` — arm a fault
 * - `DELETE /_sandbox/faults` — disarm all
 * - `GET /_sandbox/requests?method=&pathContains=` / `DELETE /_sandbox/requests` — the request log
 * - `POST /_sandbox/reset` — back to the seeded state, faults and log cleared
 * Port 0 (the default) picks a free port; tests read `url`.
 */
export async function startSandboxServer(options: SandboxServerOptions): Promise<RunningSandbox> {
  const faults = options.faults ?? new FaultInjector();
  const log = options.log ?? new RequestLog();
  const sockets = new Set<Socket>();
  const held = new Set<NodeJS.Timeout>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: 'sandbox internal error', detail: String(err) } });
    });
  });
  server.keepAliveTimeout = 65_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    const rawBody = await readBody(req);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname;
    const record = (status: number, fault?: string): void =>
      log.add({ at: new Date().toISOString(), method, path, query: url.search, status, headers: req.headers, ...(fault ? { fault } : {}) });

    if (path === '/_sandbox' || path.startsWith('/_sandbox/')) {
      const control = await controlRoute(method, path, url.searchParams, rawBody);
      if (control) return send(res, control);
    }

    const fault = faults.takeRequestFault(method, path);
    if (fault) {
      const answer = faultResponse(fault);
      record(answer?.status ?? 0, fault.kind);
      if (fault.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (fault.kind === 'timeout') {
        const timer = setTimeout(() => {
          held.delete(timer);
          send(res, { status: 504, body: { message: 'Gateway Timeout' } });
        }, fault.delayMs ?? 30_000);
        held.add(timer);
        return;
      }
      if (answer) return send(res, answer);
    }

    const match = options.router.match(method, path);
    if (!('handler' in match)) {
      const status = match.methodNotAllowed ? 405 : 404;
      record(status);
      return send(res, { status, body: { message: status === 405 ? 'Method Not Allowed' : 'Not Found' } });
    }
    const request: SandboxRequest = {
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body: parseBody(rawBody, req.headers['content-type']),
      params: match.params,
    };
    let response: SandboxResponse;
    try {
      response = await match.handler(request);
    } catch (err) {
      if (err instanceof SandboxHttpError) response = { status: err.status, body: err.body, headers: err.headers };
      else throw err;
    }
    record(response.status);
    send(res, response);
  }

  async function controlRoute(method: string, path: string, query: URLSearchParams, rawBody: Buffer): Promise<SandboxResponse | undefined> {
    if (path === '/_sandbox' && method === 'GET') return { status: 200, body: { name: options.name, faults: faults.list() } };
    if (path === '/_sandbox/faults' && method === 'POST') {
      try {
        faults.arm(JSON.parse(rawBody.toString('utf8')) as FaultRule);
      } catch (err) {
        return { status: 400, body: { message: String(err) } };
      }
      return { status: 201, body: { faults: faults.list() } };
    }
    if (path === '/_sandbox/faults' && method === 'GET') return { status: 200, body: { faults: faults.list() } };
    if (path === '/_sandbox/faults' && method === 'DELETE') {
      faults.clear();
      return { status: 204 };
    }
    if (path === '/_sandbox/requests' && method === 'GET') {
      const filter: { method?: string; pathContains?: string } = {};
      const m = query.get('method');
      const p = query.get('pathContains');
      if (m) filter.method = m;
      if (p) filter.pathContains = p;
      return { status: 200, body: { requests: log.list(filter) } };
    }
    if (path === '/_sandbox/requests' && method === 'DELETE') {
      log.clear();
      return { status: 204 };
    }
    if (path === '/_sandbox/reset' && method === 'POST') {
      faults.clear();
      log.clear();
      await options.onReset?.();
      return { status: 204 };
    }
    return undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: options.name,
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    faults,
    log,
    close: async () => {
      held.forEach((t) => clearTimeout(t));
      held.clear();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      sockets.forEach((s) => s.destroy());
      await closed;
    },
  };
}

function faultResponse(fault: FaultRule): SandboxResponse | undefined {
  switch (fault.kind) {
    case 'http-429':
      return {
        status: 429,
        headers: { 'retry-after': String(fault.retryAfterSeconds ?? 1) },
        body: { message: 'Too Many Requests (injected)' },
      };
    case 'http-500':
      return { status: 500, body: { message: 'Internal Server Error (injected)' } };
    case 'http-502':
      return { status: 502, body: { message: 'Bad Gateway (injected)' } };
    case 'http-503':
      return { status: 503, body: { message: 'Service Unavailable (injected)' } };
    case 'http-401':
      return { status: 401, body: { message: 'Unauthorized (injected)' } };
    case 'http-412':
      return { status: 412, body: { message: 'Precondition Failed (injected)' } };
    default:
      return undefined;
  }
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
