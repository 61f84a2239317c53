/**
 * Typed error hierarchy shared by every connector (style.md "Errors"): one `ConnectorError` base with a
 * string-literal `code`, a `retryable` flag for workers, the HTTP `status`, the provider's request id and
 * a whitelisted provider message. Messages never contain secrets: callers pass only redacted text.
 */
import type { ZodIssue } from 'zod';

/** Every code a connector error can carry. */
export type ConnectorErrorCode =
  | 'auth_failed'
  | 'forbidden'
  | 'rate_limited'
  | 'not_found'
  | 'conflict'
  | 'validation_failed'
  | 'server_error'
  | 'timeout'
  | 'network'
  | 'schema_mismatch'
  | 'unexpected_status'
  | 'response_too_large'
  | 'host_not_allowed'
  | 'configuration';

/** Common fields of every connector error. */
export type ConnectorErrorInit = {
  /** System kind, e.g. 'visma' or 'bigcommerce'. */
  system: string;
  code: ConnectorErrorCode;
  message: string;
  retryable: boolean;
  status?: number | undefined;
  requestId?: string | undefined;
  /** Provider's own message (whitelisted fields only, never headers or tokens). */
  providerMessage?: string | undefined;
  cause?: unknown;
};

/** Base class: never thrown bare by transports for HTTP statuses that have a subclass. */
export class ConnectorError extends Error {
  readonly system: string;
  readonly code: ConnectorErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly providerMessage: string | undefined;

  constructor(init: ConnectorErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.system = init.system;
    this.code = init.code;
    this.retryable = init.retryable;
    this.status = init.status;
    this.requestId = init.requestId;
    this.providerMessage = init.providerMessage;
  }
}

type SubInit = Omit<ConnectorErrorInit, 'code' | 'retryable'>;

/**
 * Credentials rejected (401 after one re-auth, token endpoint errors) or permission missing (403).
 * `oauthError` keeps the RFC 6749 §5.2 `error` code (e.g. `invalid_client`, `invalid_scope`).
 */
export class ConnectorAuthError extends ConnectorError {
  readonly oauthError: string | undefined;
  constructor(init: SubInit & { code?: 'auth_failed' | 'forbidden'; oauthError?: string | undefined; retryable?: boolean }) {
    super({ ...init, code: init.code ?? 'auth_failed', retryable: init.retryable ?? false });
    this.oauthError = init.oauthError;
  }
}

/** The provider (or our shared budget) asks us to wait `waitMs` before the next call. Workers re-delay the job. */
export class ConnectorRateLimitedError extends ConnectorError {
  readonly waitMs: number;
  constructor(init: SubInit & { waitMs: number }) {
    super({ ...init, code: 'rate_limited', retryable: true });
    this.waitMs = init.waitMs;
  }
}

/** The record does not exist (404). */
export class ConnectorNotFoundError extends ConnectorError {
  constructor(init: SubInit) {
    super({ ...init, code: 'not_found', retryable: false });
  }
}

/**
 * Optimistic-lock conflict (409/412). Carries the record's current ETag when known; the service re-reads,
 * re-applies its change and retries a bounded number of times — the connector never overwrites by itself.
 */
export class ConnectorConflictError extends ConnectorError {
  readonly currentEtag: string | undefined;
  constructor(init: SubInit & { currentEtag?: string | undefined }) {
    super({ ...init, code: 'conflict', retryable: false });
    this.currentEtag = init.currentEtag;
  }
}

/** One field-level complaint from the provider; `field` is undefined when the provider did not name one. */
export type FieldError = { field: string | undefined; message: string };

/** The provider rejected the payload (400/422). */
export class ConnectorValidationError extends ConnectorError {
  readonly fieldErrors: readonly FieldError[];
  constructor(init: SubInit & { fieldErrors: readonly FieldError[] }) {
    super({ ...init, code: 'validation_failed', retryable: false });
    this.fieldErrors = init.fieldErrors;
  }
}

/** 5xx, timeouts and network failures left after the transport's own retries: the worker may retry later. */
export class ConnectorTransientError extends ConnectorError {
  constructor(init: SubInit & { code: 'server_error' | 'timeout' | 'network' }) {
    super({ ...init, retryable: true });
  }
}

/**
 * Nothing was sent: the host is, or resolves to, an address outside the address policy (a private, loopback, link-local
 * or other special-purpose range; address-policy.ts), checked as the connection opened. Not retried: the same name
 * answers the same way until its owner changes it. `message` names the host and the range, never a secret or query.
 */
export class ConnectorHostNotAllowedError extends ConnectorError {
  readonly hostname: string;
  readonly range: string;
  constructor(init: SubInit & { hostname: string; range: string }) {
    super({ ...init, code: 'host_not_allowed', retryable: false });
    this.hostname = init.hostname;
    this.range = init.range;
  }
}

/** One schema issue with its dotted path, e.g. `{ path: 'items.0.number', message: 'Required' }`. */
export type SchemaIssue = { path: string; code: string; message: string };

/** The provider's response body did not match our zod schema: a contract drift a human must look at. */
export class ConnectorSchemaMismatchError extends ConnectorError {
  readonly issues: readonly SchemaIssue[];
  constructor(init: Omit<SubInit, 'message'> & { issues: readonly ZodIssue[]; what: string }) {
    const issues = init.issues.map((i) => ({ path: i.path.join('.') || '(root)', code: i.code, message: i.message }));
    const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`).join('; ');
    super({ ...init, message: `${init.what} did not match the expected schema (${shown})`, code: 'schema_mismatch', retryable: false });
    this.issues = issues;
  }
}

/** Type guard usable in `catch (e: unknown)` blocks. */
export function isConnectorError(e: unknown): e is ConnectorError {
  return e instanceof ConnectorError;
}
