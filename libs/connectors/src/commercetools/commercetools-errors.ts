/**
 * Maps commercetools error answers to typed connector errors.
 *
 * Bodies (shared/specs/commercetools/openapi.yaml `components.schemas`):
 * - `ErrorResponse` `{statusCode, message, errors?: ErrorObject[]}`; every `ErrorObject` has `code` and `message`
 *   plus code-specific fields (e.g. `ConcurrentModificationError.currentVersion`, `InvalidFieldError.field`).
 *   Example: `examples/error.example.json` (409 `ConcurrentModification`), `examples/Error/ErrorResponse.json`.
 * - `AuthErrorResponse` adds `error` and `error_description` (RFC 6749 §5.2 / RFC 6750 §3.1): the auth API answers
 *   `invalid_client`/`invalid_scope`, the HTTP API `invalid_token` (401, `examples/Error/AuthErrorResponse.json`) and
 *   `insufficient_scope` (403).
 * - 409 `ConcurrentModification` (raml/traits/conflicting.raml): the sent `version` is stale. It becomes
 *   `CommercetoolsConcurrentModificationError` carrying `currentVersion`; the client never resends it (the caller
 *   re-reads and re-applies, see core etag-retry.ts), because resending with the server's version would overwrite a
 *   concurrent change.
 * Only `statusCode`, `code`, `message`, `field`, `currentVersion` and `error`/`error_description` are read; other
 * fields (extension bodies, resource ids) are dropped, and no request header ever reaches a message.
 */
import { z } from 'zod';
import { ConnectorAuthError, ConnectorConflictError, errorForStatus, type ErrorMapper, type FieldError } from '../core';

export const COMMERCETOOLS_SYSTEM = 'commercetools';

const ERROR_OBJECT = z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional(), currentVersion: z.number().int().optional() }).passthrough();
const ERROR_BODY = z
  .object({
    statusCode: z.number().int().optional(),
    message: z.string().optional(),
    errors: z.array(ERROR_OBJECT).optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
  })
  .passthrough();

/** Whitelisted parts of an error body. */
export type CommercetoolsErrorDetail = {
  /** `<code>: <message>` of every `errors[]` entry (or the top-level `message`/`error_description`), joined by `; `. */
  message: string | undefined;
  /** Every `errors[].code` (e.g. `ConcurrentModification`, `InvalidField`, `insufficient_scope`), in order. */
  codes: string[];
  /** RFC 6749 `error` (auth errors only), e.g. `invalid_token`, `insufficient_scope`, `invalid_client`. */
  oauthError: string | undefined;
  /** `currentVersion` of a `ConcurrentModification` entry. */
  currentVersion: number | undefined;
  /** Entries naming a `field` (`InvalidField`, `RequiredField`, `DuplicateField`, …). */
  fieldErrors: FieldError[];
};

/** Extracts the whitelisted detail of an error body (text bodies under 300 characters are kept as the message). */
export function readCommercetoolsErrorBody(body: unknown): CommercetoolsErrorDetail {
  const parsed = ERROR_BODY.safeParse(body);
  if (!parsed.success || typeof body !== 'object' || body === null) {
    return { message: typeof body === 'string' && body.length < 300 ? body : undefined, codes: [], oauthError: undefined, currentVersion: undefined, fieldErrors: [] };
  }
  const b = parsed.data;
  const errors = b.errors ?? [];
  const parts = errors.map((e) => (e.message && e.message !== e.code ? `${e.code}: ${e.message}` : e.code));
  const fallback = b.error ? `${b.error}${b.error_description ? `: ${b.error_description}` : ''}` : b.message;
  const conflict = errors.find((e) => e.code === 'ConcurrentModification');
  return {
    message: parts.length > 0 ? [...new Set(parts)].join('; ') : fallback,
    codes: errors.map((e) => e.code),
    oauthError: b.error ?? errors.find((e) => /^[a-z_]+$/.test(e.code))?.code,
    currentVersion: conflict?.currentVersion,
    fieldErrors: errors.filter((e) => e.field !== undefined).map((e) => ({ field: e.field, message: e.message ?? e.code })),
  };
}

/**
 * 409 `ConcurrentModification`: the `version` sent is not the resource's current one. `currentVersion` is the server's
 * (undefined when it did not say). Never resent by the client; re-read the resource and re-apply the change.
 */
export class CommercetoolsConcurrentModificationError extends ConnectorConflictError {
  readonly currentVersion: number | undefined;
  constructor(init: ConstructorParameters<typeof ConnectorConflictError>[0] & { currentVersion: number | undefined }) {
    super(init);
    this.currentVersion = init.currentVersion;
  }
}

/**
 * The commercetools `ErrorMapper`: core `errorForStatus` (400 validation with `field` errors, 401 auth, 403
 * forbidden, 404 not found, 409 conflict, 429 rate limited, 5xx transient), the commercetools codes in
 * `providerMessage`, `oauthError` on auth errors, and 409 `ConcurrentModification` as
 * `CommercetoolsConcurrentModificationError`. The query string is left out of messages.
 */
export const commercetoolsErrorMapper: ErrorMapper = (raw) => {
  const ctx = { ...raw, path: raw.path.split('?')[0] ?? raw.path };
  const detail = readCommercetoolsErrorBody(ctx.body);
  const base = { system: ctx.system, status: ctx.status, requestId: ctx.requestId, providerMessage: detail.message };
  const what = `${ctx.method} ${ctx.path} answered ${ctx.status}${detail.message ? `: ${truncate(detail.message)}` : ''}`;
  if (ctx.status === 409 && (detail.codes.includes('ConcurrentModification') || detail.codes.length === 0)) {
    return new CommercetoolsConcurrentModificationError({ ...base, message: what, currentVersion: detail.currentVersion, currentEtag: detail.currentVersion === undefined ? undefined : String(detail.currentVersion) });
  }
  if (ctx.status === 401) return new ConnectorAuthError({ ...base, message: what, oauthError: detail.oauthError });
  if (ctx.status === 403) return new ConnectorAuthError({ ...base, code: 'forbidden', message: what, oauthError: detail.oauthError });
  return errorForStatus(ctx, { providerMessage: detail.message, fieldErrors: detail.fieldErrors });
};

function truncate(s: string, max = 300): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
