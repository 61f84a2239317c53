/**
 * Default mapping from a failed HTTP response to a typed connector error (style.md "Errors"). Systems
 * pass their own mapper to read their error bodies and fall back to this one.
 */
import {
  ConnectorAuthError,
  ConnectorConflictError,
  ConnectorError,
  ConnectorNotFoundError,
  ConnectorRateLimitedError,
  ConnectorTransientError,
  ConnectorValidationError,
  type FieldError,
} from './errors';

/** Everything a mapper may look at. `body` is parsed JSON, a string, or undefined when empty. */
export type ErrorResponseContext = {
  system: string;
  method: string;
  /** Path without query string. */
  path: string;
  status: number;
  headers: Readonly<Record<string, string>>;
  body: unknown;
  requestId: string | undefined;
  /** Suggested wait for 429 (Retry-After or vendor reset), in ms. */
  waitMs: number | undefined;
};

/** Per-system mapper: returns a typed error, or undefined to use the default mapping. */
export type ErrorMapper = (ctx: ErrorResponseContext) => ConnectorError | undefined;

/** Extra knowledge a system mapper extracted from the body, applied by `errorForStatus`. */
export type ProviderErrorDetail = { providerMessage?: string | undefined; fieldErrors?: readonly FieldError[] | undefined; requestId?: string | undefined };

/**
 * Maps a status to the typed error: 400/422 validation, 401 auth, 403 forbidden, 404 not found,
 * 409/412 conflict (with the response ETag), 429 rate limited, 5xx transient, others unexpected.
 */
export function errorForStatus(ctx: ErrorResponseContext, detail: ProviderErrorDetail = {}): ConnectorError {
  const { system, status, method, path } = ctx;
  const requestId = detail.requestId ?? ctx.requestId;
  const providerMessage = detail.providerMessage;
  const base = { system, status, requestId, providerMessage };
  const suffix = providerMessage ? `: ${truncate(providerMessage)}` : '';
  const what = `${method} ${path} answered ${status}${suffix}`;
  if (status === 400 || status === 422) return new ConnectorValidationError({ ...base, message: what, fieldErrors: detail.fieldErrors ?? [] });
  if (status === 401) return new ConnectorAuthError({ ...base, message: what });
  if (status === 403) return new ConnectorAuthError({ ...base, code: 'forbidden', message: what });
  if (status === 404) return new ConnectorNotFoundError({ ...base, message: what });
  if (status === 409 || status === 412) return new ConnectorConflictError({ ...base, message: what, currentEtag: ctx.headers['etag'] });
  if (status === 429) return new ConnectorRateLimitedError({ ...base, message: what, waitMs: ctx.waitMs ?? 1000 });
  if (status >= 500) return new ConnectorTransientError({ ...base, code: 'server_error', message: what });
  return new ConnectorError({ ...base, code: 'unexpected_status', retryable: false, message: what });
}

/** The default mapper: status only, with a `message`/`error` string from the body when present. */
export const defaultErrorMapper: ErrorMapper = (ctx) => {
  const b = ctx.body;
  let providerMessage: string | undefined;
  if (typeof b === 'object' && b !== null) {
    const rec = b as Record<string, unknown>;
    const m = rec['message'] ?? rec['Message'] ?? rec['title'] ?? rec['error'];
    if (typeof m === 'string') providerMessage = m;
  }
  return errorForStatus(ctx, { providerMessage });
};

function truncate(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
