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
