import type { IncomingHttpHeaders } from 'node:http';

/** A request as a sandbox handler sees it: body already read, JSON or form bodies parsed. */
export type SandboxRequest = {
  method: string;
  /** Path without the query string, e.g. `/v1/customer/10001`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names, as node delivers them. */
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
  /** Parsed JSON (application/json), a plain object (form-encoded) or undefined when empty. */
  body: unknown;
  /** Named segments of the matched route pattern (`/v1/customer/:customerCd` gives `customerCd`). */
  params: Record<string, string>;
  /** True when the request arrived over TLS (the listener is HTTPS), like WordPress' `is_ssl()`. */
  secure?: boolean;
  /** The request target exactly as received (path and query, still percent-encoded), like PHP's `REQUEST_URI`. */
  rawUrl?: string;
  /** The base URL of the listener that received the request (`http://127.0.0.1:4030`), without a trailing slash. */
  listenerUrl?: string;
};

/** What a handler answers. An object or array body is sent as JSON; a string as text/plain. */
export type SandboxResponse = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

export type SandboxHandler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

/** Throw from a handler to answer with this status and body (the sandbox's own error shape). */
export class SandboxHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(`sandbox answered ${status}`);
  }
}
