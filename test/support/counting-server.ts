/**
 * A stripe-style scripted HTTP server for exact fault sequences: node:http on 127.0.0.1 port 0, each route
 * answers from a script (a queue of responses or a function) and every request is recorded, so tests can
 * assert "exactly one token request" or "two attempts, then success".
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One scripted answer. `body` objects are sent as JSON; `reset` destroys the socket without answering. */
export type ScriptedResponse = {
  status?: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Hold the answer this long (ms); used for timeouts. */
  delayMs?: number;
  reset?: boolean;
};

export type RecordedRequest = {
  method: string;
  /** Path without query. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Parsed JSON body, or undefined. */
  json: unknown;
};

/** A function script gets the request and its 1-based number on this route. */
export type ScriptFn = (req: RecordedRequest, n: number) => ScriptedResponse | Promise<ScriptedResponse>;

type Route = { method: string; path: string; script: ScriptedResponse[] | ScriptFn; hits: number };

export type CountingServer = {
  url: string;
  requests: RecordedRequest[];
  /**
   * Adds a route (exact path, or prefix when `path` ends with '*'). An array script is consumed in order;
   * the last entry repeats. Later routes win over earlier ones for the same request.
   */
  route(method: string, path: string, script: ScriptedResponse[] | ScriptFn): void;
  /** Requests matching method and path (same matching as `route`). */
  count(method: string, path: string): number;
  close(): Promise<void>;
};

function matches(method: string, pattern: string, req: { method: string; path: string }): boolean {
  if (method !== '*' && method.toUpperCase() !== req.method) return false;
  return pattern.endsWith('*') ? req.path.startsWith(pattern.slice(0, -1)) : req.path === pattern;
}

/** Starts the server on 127.0.0.1, port 0. Unscripted requests get 599 so tests fail loudly. */
export async function startCountingServer(): Promise<CountingServer> {
  const routes: Route[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let json: unknown;
    try {
      json = body ? (JSON.parse(body) as unknown) : undefined;
    } catch {
      json = undefined;
    }
    const rec: RecordedRequest = { method: (req.method ?? 'GET').toUpperCase(), path: url.pathname, query: url.searchParams, headers: req.headers, body, json };
    requests.push(rec);
    const route = [...routes].reverse().find((r) => matches(r.method, r.path, rec));
    if (!route) {
      res.writeHead(599, { 'content-type': 'text/plain' }).end(`no script for ${rec.method} ${rec.path}`);
      return;
    }
    route.hits += 1;
    const answer = Array.isArray(route.script) ? route.script[Math.min(route.hits, route.script.length) - 1] ?? {} : await route.script(rec, route.hits);
    const send = (): void => {
      if (answer.reset) {
        req.socket.destroy();
        return;
      }
      const headers: Record<string, string> = { ...(answer.headers ?? {}) };
      let payload = '';
      if (answer.body !== undefined) {
        payload = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
        if (typeof answer.body !== 'string') headers['content-type'] ??= 'application/json';
      }
      res.writeHead(answer.status ?? 200, headers).end(payload);
    };
    if (answer.delayMs) {
      const t = setTimeout(() => {
        timers.delete(t);
        if (!res.destroyed) send();
      }, answer.delayMs);
      timers.add(t);
    } else send();
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      res.writeHead(598).end(String(e));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    route(method, path, script) {
      routes.push({ method, path, script, hits: 0 });
    },
    count(method, path) {
      return requests.filter((r) => matches(method, path, r)).length;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
