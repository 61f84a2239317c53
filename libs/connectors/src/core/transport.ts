/**
 * The shared HTTP transport on undici (style.md "Connector shape"): per-request auth, a rate-budget
 * check before every attempt, retries of network errors/timeouts, 408/429/5xx with capped full-jitter
 * backoff honouring `Retry-After` (RFC 9110 §10.2.3) and vendor reset headers, one re-auth + one retry
 * on 401, POST/PATCH retried only with an idempotency key, waits above `maxInlineWaitMs` surfaced as
 * `ConnectorRateLimitedError`, and every response body validated by a zod schema. Logs are redacted.
 */
import type { Dispatcher } from 'undici';
import { connectorDispatcher } from './dispatcher';
import { DEFAULT_MAX_RESPONSE_BYTES, dispatchBuffered, FenceExpiredError, ResponseTooLargeError } from './dispatch-buffered';

export { DEFAULT_MAX_RESPONSE_BYTES, FenceExpiredError } from './dispatch-buffered';
import type { ZodType, ZodTypeDef } from 'zod';
import type { AuthProvider } from './auth';
import { SYSTEM_CLOCK, type Clock } from './clock';
import { defaultErrorMapper, type ErrorMapper } from './error-mapping';
import { ConnectorError, ConnectorHostNotAllowedError, ConnectorRateLimitedError, ConnectorSchemaMismatchError, ConnectorTransientError } from './errors';
import { hostNotAllowedIn } from './guarded-connect';
import { NOOP_LOGGER, redactUrl, type ConnectorLogger } from './logger';
import type { ProviderRateView, RateBudget } from './rate-budget.types';
import { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter, type AttemptOutcome, type RetryDecision, type RetryPolicy } from './retry-policy';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
export type QueryValue = string | number | boolean | undefined;

/** Reads a provider's rate-limit headers (vendor hook). `nowMs` helps with absolute reset times. */
export type RateLimitHeaderReader = (headers: Readonly<Record<string, string>>, nowMs: number) => ProviderRateView;

export type HttpTransportOptions = {
  /** System kind, e.g. 'visma'. */
  system: string;
  /** Absolute base URL; request paths are appended to it (a path prefix such as `/stores/x/v3` is kept). */
  baseUrl: string;
  auth: AuthProvider;
  retry?: Partial<RetryPolicy> | undefined;
  rateBudget?: RateBudget | undefined;
  /** Budget key (default: `system`), e.g. `visma:<companyId>`. */
  rateBudgetKey?: string | undefined;
  rateLimitReader?: RateLimitHeaderReader | undefined;
  errorMapper?: ErrorMapper | undefined;
  /** Headers sent on every request (e.g. `ipp-company-id`). */
  defaultHeaders?: Readonly<Record<string, string>> | undefined;
  /** Header that carries the idempotency key, when the provider supports one (e.g. 'Idempotency-Key'). */
  idempotencyKeyHeader?: string | undefined;
  /** Response headers holding the provider's request id (first present wins). */
  requestIdHeaders?: readonly string[] | undefined;
  /** Per-attempt timeout: response headers within it, and no longer pause between body chunks (default 30 000 ms). */
  timeoutMs?: number | undefined;
  /**
   * Largest response body read, in bytes (default DEFAULT_MAX_RESPONSE_BYTES): a longer answer is cut off and fails as
   * `response_too_large` (not retried), so a misbehaving or hostile host cannot fill the process's memory.
   */
  maxResponseBytes?: number | undefined;
  /** Re-authenticate once and retry on 401 (default true); false for static keys that a retry cannot renew. */
  shouldReauthOn401?: boolean | undefined;
  /** Keep-alive Pool/Agent; undici's global Agent when absent. */
  dispatcher?: Dispatcher | undefined;
  logger?: ConnectorLogger | undefined;
  clock?: Clock | undefined;
  /** Returns [0, 1); Math.random when absent. */
  random?: (() => number) | undefined;
};

export type TransportRequest<T> = {
  method: HttpMethod;
  /** Path starting with '/', without query string. */
  path: string;
  query?: Readonly<Record<string, QueryValue>> | undefined;
  /** JSON-serialised when present. */
  body?: unknown;
  headers?: Readonly<Record<string, string>> | undefined;
  /** Validates the response body (empty bodies arrive as `undefined`). */
  schema: ZodType<T, ZodTypeDef, unknown>;
  /** Allows retrying POST/PATCH; sent in `idempotencyKeyHeader` when the provider has one. */
  idempotencyKey?: string | undefined;
  /** Statuses treated as success (default: any 2xx). */
  expectedStatus?: number | readonly number[] | undefined;
  /** Called right before each attempt of a write is sent; see WriteFence. */
  fence?: WriteFence | undefined;
};

/**
 * Proves, right before a write goes out, that the caller may still make it (a worker's record lease), and returns the
 * wall-clock instant (epoch ms) until which that proof holds. A request not yet on the wire by then (queued for a
 * connection while the process was frozen) is aborted before a byte is written, so an attempt that was overtaken never
 * writes beside the attempt that took over. Throws to stop the write at once.
 */
export type WriteFence = () => Promise<number>;

export type TransportResponse<T> = {
  status: number;
  headers: Readonly<Record<string, string>>;
  body: T;
  etag?: string;
  location?: string;
  requestId?: string;
};

const DEFAULT_REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-ms-request-id'];
const MAX_BUDGET_WAITS = 10;

type RawResponse = { status: number; headers: Record<string, string>; text: string };
type AttemptResult = { ok: true; raw: RawResponse } | { ok: false; error: unknown; kind: 'timeout' | 'reset' | 'connect' | 'other' };

/** HTTP transport shared by every connector; see the file header for its rules. */
export class HttpTransport {
  readonly system: string;
  private readonly policy: RetryPolicy;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly logger: ConnectorLogger;
  private readonly budgetKey: string;
  /** `baseUrl` without trailing slashes, and its origin and path prefix (undici takes origin and path apart). */
  private readonly base: string;
  private readonly origin: string;
  private readonly basePath: string;

  constructor(private readonly options: HttpTransportOptions) {
    this.system = options.system;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...stripUndefined(options.retry ?? {}) };
    this.clock = options.clock ?? SYSTEM_CLOCK;
    this.random = options.random ?? Math.random;
    this.logger = options.logger ?? NOOP_LOGGER;
    this.budgetKey = options.rateBudgetKey ?? options.system;
    this.base = options.baseUrl.replace(/\/+$/, '');
    const parsed = new URL(this.base);
    this.origin = parsed.origin;
    this.basePath = parsed.pathname.replace(/\/+$/, '');
  }

  /**
   * Sends one logical request (possibly several attempts) and returns the validated response.
   * @throws ConnectorRateLimitedError when a wait exceeds `maxInlineWaitMs` or retries run out on 429
   * @throws ConnectorAuthError on 401 after one re-auth, or on 403
   * @throws ConnectorTransientError on network errors, timeouts and 5xx left after retries
   * @throws ConnectorSchemaMismatchError when the body does not match `req.schema`
   * @throws the system mapper's error (not-found, conflict, validation, …) for other statuses
   */
  async request<T>(req: TransportRequest<T>): Promise<TransportResponse<T>> {
    const url = this.buildUrl(req.path, req.query);
    const logPath = redactUrl(url.slice(this.base.length));
    const bodyText = req.body === undefined ? undefined : JSON.stringify(req.body);
    let attempt = 0;
    let hasReauthed = false;
    for (;;) {
      attempt += 1;
      await this.acquireBudget(req.method, logPath);
      const headers = this.buildHeaders(req, bodyText !== undefined);
      await this.options.auth.apply(headers);
      // The fence is checked after the budget wait and the token: as close to the wire as this layer gets.
      const notAfter = req.fence ? await req.fence() : undefined;
      const started = this.clock.now();
      const sendUrl = this.options.auth.signUrl ? this.options.auth.signUrl(req.method, url) : url;
      const result = await this.send(sendUrl, req.method, headers, bodyText, notAfter);
      const durationMs = this.clock.now() - started;
      const log = { system: this.system, method: req.method, path: logPath, attempt, durationMs };
      if (!result.ok) {
        const decision = this.decide(attempt, req, { kind: 'network', error: result.kind });
        this.logger.warn({ ...log, error: result.kind, decision }, 'request failed without response');
        if (decision.retry) {
          await this.clock.sleep(decision.waitMs);
          continue;
        }
        throw new ConnectorTransientError({
          system: this.system,
          code: result.kind === 'timeout' ? 'timeout' : 'network',
          message: `${req.method} ${req.path} ${result.kind === 'timeout' ? 'timed out' : 'failed without response'} (${decision.reason})`,
          cause: result.error,
        });
      }
      const { raw } = result;
      const requestId = this.requestIdOf(raw.headers);
      const view = this.options.rateLimitReader?.(raw.headers, this.clock.now());
      if (view && this.options.rateBudget) await this.observeBudget(view);
      this.logger.debug({ ...log, status: raw.status, requestId }, 'response received');
      if (this.isExpected(raw.status, req.expectedStatus)) return this.parse(req, raw, requestId);
      if (raw.status === 401 && !hasReauthed && this.options.shouldReauthOn401 !== false) {
        hasReauthed = true;
        attempt -= 1;
        this.options.auth.invalidate(headers);
        this.logger.info({ ...log, status: 401 }, 'credentials rejected, re-authenticating once');
        continue;
      }
      const retryAfterMs = parseRetryAfter(raw.headers['retry-after'], this.clock.now());
      const decision = this.decide(attempt, req, { kind: 'response', status: raw.status, retryAfterMs, vendorResetMs: view?.resetMs });
      if (decision.retry) {
        this.logger.warn({ ...log, status: raw.status, requestId, decision }, 'request retried');
        await this.clock.sleep(decision.waitMs);
        continue;
      }
      if (decision.reason === 'wait-exceeds-inline-limit' || raw.status === 429) {
        throw new ConnectorRateLimitedError({
          system: this.system,
          status: raw.status,
          requestId,
          waitMs: decision.waitMs,
          message: `${req.method} ${req.path} answered ${raw.status}; retry in ${decision.waitMs} ms (${decision.reason})`,
        });
      }
      throw this.mapError(req, raw, requestId, decision);
    }
  }

  /** Applies the pure `decideRetry` to this attempt (its verdict is logged as is). */
  private decide(attempt: number, req: TransportRequest<unknown>, outcome: AttemptOutcome): RetryDecision {
    return decideRetry({ attempt, method: req.method, hasIdempotencyKey: req.idempotencyKey !== undefined, outcome }, this.policy, this.random);
  }

  private async acquireBudget(method: string, logPath: string): Promise<void> {
    const budget = this.options.rateBudget;
    if (!budget) return;
    for (let i = 0; ; i += 1) {
      const grant = await budget.acquire(this.budgetKey, 1);
      if (grant.granted) return;
      if (grant.waitMs > this.policy.maxInlineWaitMs || i >= MAX_BUDGET_WAITS) {
        throw new ConnectorRateLimitedError({ system: this.system, waitMs: grant.waitMs, message: `shared rate budget spent for ${this.budgetKey}; retry in ${grant.waitMs} ms` });
      }
      this.logger.debug({ system: this.system, method, path: logPath, waitMs: grant.waitMs }, 'waiting for rate budget');
      await this.clock.sleep(grant.waitMs);
    }
  }

  private async observeBudget(view: ProviderRateView): Promise<void> {
    try {
      await this.options.rateBudget?.observe(this.budgetKey, view);
    } catch (e: unknown) {
      this.logger.warn({ system: this.system, error: e instanceof Error ? e.message : String(e) }, 'rate budget observe failed');
    }
  }

  private buildUrl(path: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
    const base = this.base;
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) params.append(k, String(v));
    const qs = params.toString();
    return `${base}${path.startsWith('/') ? path : `/${path}`}${qs ? `?${qs}` : ''}`;
  }

  private buildHeaders(req: TransportRequest<unknown>, hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    for (const [k, v] of Object.entries(this.options.defaultHeaders ?? {})) headers[k.toLowerCase()] = v;
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    if (hasBody) headers['content-type'] ??= 'application/json';
    if (req.idempotencyKey !== undefined && this.options.idempotencyKeyHeader) headers[this.options.idempotencyKeyHeader.toLowerCase()] = req.idempotencyKey;
    return headers;
  }

  /**
   * One attempt. The timeout is undici's own `headersTimeout` (response headers within `timeoutMs`) and `bodyTimeout`
   * (no pause between body chunks longer than `timeoutMs`): no AbortController and timer per request, which cost
   * more than the request itself against a fast server. Both surface as UND_ERR_*_TIMEOUT, classified `timeout`.
   * The request goes to the dispatcher with origin and path (see dispatchBuffered).
   */
  private async send(url: string, method: HttpMethod, headers: Record<string, string>, body: string | undefined, notAfter?: number): Promise<AttemptResult> {
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    try {
      const res = await dispatchBuffered(this.options.dispatcher ?? connectorDispatcher(), {
        origin: this.origin,
        path: this.basePath + url.slice(this.base.length),
        method,
        headers,
        body: body ?? null,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      }, notAfter, this.options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES);
      const text = res.text;
      return { ok: true, raw: { status: res.statusCode, headers: flattenHeaders(res.headers), text } };
    } catch (error: unknown) {
      if (error instanceof FenceExpiredError) throw error;
      if (error instanceof ResponseTooLargeError) {
        throw new ConnectorError({ system: this.system, code: 'response_too_large', retryable: false, message: `${method} ${url.slice(this.base.length).split('?')[0] ?? ''} answered more than ${error.limit} bytes; the answer was cut off` });
      }
      const refused = hostNotAllowedIn(error);
      if (refused) {
        // The guarded dispatcher refused the address before the connection opened: nothing was written to it.
        throw new ConnectorHostNotAllowedError({ system: this.system, hostname: refused.hostname, range: refused.range, message: `${method} ${url.slice(this.base.length).split('?')[0] ?? ''} was not sent: ${refused.message}`, cause: refused });
      }
      return { ok: false, error, kind: classifyNetworkError(error) };
    }
  }

  private isExpected(status: number, expected: number | readonly number[] | undefined): boolean {
    if (expected === undefined) return status >= 200 && status < 300;
    return typeof expected === 'number' ? status === expected : expected.includes(status);
  }

  private parse<T>(req: TransportRequest<T>, raw: RawResponse, requestId: string | undefined): TransportResponse<T> {
    const parsed = req.schema.safeParse(parseBody(raw));
    if (!parsed.success) {
      throw new ConnectorSchemaMismatchError({ system: this.system, status: raw.status, requestId, issues: parsed.error.issues, what: `${req.method} ${req.path} response` });
    }
    const out: TransportResponse<T> = { status: raw.status, headers: raw.headers, body: parsed.data };
    if (raw.headers['etag'] !== undefined) out.etag = raw.headers['etag'];
    if (raw.headers['location'] !== undefined) out.location = raw.headers['location'];
    if (requestId !== undefined) out.requestId = requestId;
    return out;
  }

  private mapError(req: TransportRequest<unknown>, raw: RawResponse, requestId: string | undefined, decision: RetryDecision): ConnectorError {
    const ctx = { system: this.system, method: req.method, path: req.path, status: raw.status, headers: raw.headers, body: parseBody(raw), requestId, waitMs: decision.waitMs };
    const err = this.options.errorMapper?.(ctx) ?? defaultErrorMapper(ctx);
    if (err) this.logger.debug({ system: this.system, method: req.method, path: req.path, status: raw.status, code: err.code, reason: decision.reason }, 'request failed');
    return err ?? new ConnectorError({ system: this.system, code: 'unexpected_status', retryable: false, status: raw.status, message: `${req.method} ${req.path} answered ${raw.status}` });
  }

  private requestIdOf(headers: Record<string, string>): string | undefined {
    for (const h of this.options.requestIdHeaders ?? DEFAULT_REQUEST_ID_HEADERS) {
      const v = headers[h.toLowerCase()];
      if (v) return v;
    }
    return undefined;
  }
}

/** Classifies an undici/Node network error (used by ping to tell DNS from refused connections). */
export function classifyNetworkError(error: unknown): 'timeout' | 'reset' | 'connect' | 'other' {
  const code = networkErrorCode(error);
  if (code === undefined) return 'other';
  if (/TIMEOUT/i.test(code)) return 'timeout';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return 'reset';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'DEPTH_ZERO_SELF_SIGNED_CERT'].includes(code)) return 'connect';
  return 'other';
}

/** The first `code` found along an error's `cause` chain (e.g. 'ENOTFOUND', 'UND_ERR_SOCKET'). */
export function networkErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

function parseBody(raw: RawResponse): unknown {
  if (raw.text === '') return undefined;
  const type = raw.headers['content-type'] ?? '';
  const looksJson = /^\s*[[{"]/.test(raw.text);
  if (type.includes('json') || looksJson) {
    try {
      return JSON.parse(raw.text) as unknown;
    } catch {
      return raw.text;
    }
  }
  return raw.text;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

function stripUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
