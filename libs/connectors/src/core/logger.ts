/**
 * Minimal logger capability the connectors need (pino-compatible: object first, constant message second),
 * and the redaction helpers every log line goes through (style.md "Logging": Authorization, X-Auth-Token,
 * consumer keys/secrets and tokens are never logged).
 */

/** Pino-shaped logger: `logger.warn({ system, status }, 'request retried')`. */
export interface ConnectorLogger {
  debug(obj: Record<string, unknown>, msg: string): void;
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
  error(obj: Record<string, unknown>, msg: string): void;
}

/** A logger that drops everything (the default). */
export const NOOP_LOGGER: ConnectorLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export const REDACTED = '[REDACTED]';

/** Header or query names whose values are never logged (case-insensitive substring match). */
const SECRET_NAME = /(authorization|auth-token|token|secret|password|api[-_]?key|cookie|consumer[-_]?key|signature)/i;

/** True when a header, field or query parameter of this name may hold a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Returns a copy of `headers` with secret-bearing values replaced by `[REDACTED]`. */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = isSecretName(k) ? REDACTED : v;
  }
  return out;
}

/** Returns `pathAndQuery` with secret-looking query parameter values replaced by `[REDACTED]`. */
export function redactUrl(pathAndQuery: string): string {
  const q = pathAndQuery.indexOf('?');
  if (q < 0) return pathAndQuery;
  const params = new URLSearchParams(pathAndQuery.slice(q + 1));
  for (const key of [...params.keys()]) if (isSecretName(key)) params.set(key, REDACTED);
  return `${pathAndQuery.slice(0, q)}?${params.toString()}`;
}

/** Masks a bearer/access token for logs: only its length is shown, e.g. `***(1024 chars)`. */
export function maskToken(token: string): string {
  return `***(${token.length} chars)`;
}
