import { ApiError, type FieldProblem } from './api-error';

export type QueryValue = string | number | boolean | null | undefined;
export type ApiRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON-serialised as the request body. */
  body?: unknown;
  /** Appended as a query string; null/undefined/'' values are left out. */
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
};

type ErrorBody = { error?: { code?: string; message?: string; details?: { fields?: FieldProblem[] } } };

/** Header the API reads the CSRF token from (apps/api/src/modules/auth/csrf.service.ts). */
const CSRF_HEADER = 'x-csrf-token';
/** Public routes with no session yet: no CSRF token to fetch (the API checks their origin instead). */
const NO_CSRF_PATHS = new Set(['/api/auth/login', '/api/auth/accept-invite']);

/** This tab's CSRF token (memory only, never storage), or the request fetching it. */
let csrfToken: Promise<string | undefined> | undefined;

/**
 * Remembers the CSRF token a sign-in or password change answered with (they open a new session), or forgets it
 * (`undefined`, on sign-out) so the next unsafe request fetches a fresh one.
 */
export function rememberCsrfToken(token: string | undefined): void {
  csrfToken = token ? Promise.resolve(token) : undefined;
}

/** The session's CSRF token from `GET /api/auth/csrf`, fetched once per tab; undefined when there is no session. */
function currentCsrfToken(): Promise<string | undefined> {
  csrfToken ??= fetch('/api/auth/csrf', { credentials: 'same-origin', headers: { accept: 'application/json' } })
    .then(async (res) => (res.ok ? ((await res.json()) as { csrfToken?: string }).csrfToken : undefined))
    .catch(() => undefined)
    .then((token) => {
      if (!token) csrfToken = undefined;
      return token;
    });
  return csrfToken;
}

/** Builds `path?query` leaving out empty values. */
export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * The only place the dashboard calls `fetch`. Same-origin (`/api/...`, proxied to the API by
 * middleware.ts), so the httpOnly session cookie authenticates; the browser never holds a token.
 * Every unsafe request (POST/PUT/PATCH/DELETE) carries the session's CSRF token in `X-CSRF-Token` (OWASP ASVS 4.0
 * V4.2.2); when the API refuses it as stale (`csrf_failed`, e.g. after signing in again in another tab) the token is
 * fetched anew and the request retried once.
 * @returns the parsed JSON body, or `undefined` for 204 / empty bodies.
 * @throws ApiError with the API's `{ error: { code, message, details.fields } }`, or code `network`
 *   (status 0) when no answer came.
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const method = request.method ?? 'GET';
  const needsCsrf = method !== 'GET' && !NO_CSRF_PATHS.has(path);
  const send = async (): Promise<Response> => {
    const headers: Record<string, string> = request.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' };
    const token = needsCsrf ? await currentCsrfToken() : undefined;
    if (token) headers[CSRF_HEADER] = token;
    const init: RequestInit = {
      method,
      credentials: 'same-origin',
      headers,
      ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
      ...(request.signal ? { signal: request.signal } : {}),
    };
    try {
      return await fetch(withQuery(path, request.query), init);
    } catch (err) {
      if (err instanceof DOMException && err.name === 'AbortError') throw err;
      throw new ApiError(0, 'network', 'The server did not answer; check your connection and try again');
    }
  };
  let res = await send();
  if (needsCsrf && res.status === 403 && (await res.clone().text()).includes('"csrf_failed"')) {
    rememberCsrfToken(undefined);
    res = await send();
  }
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!res.ok) {
    const error = (body as ErrorBody | undefined)?.error;
    throw new ApiError(
      res.status,
      error?.code ?? (res.status === 404 ? 'not_found' : 'internal'),
      error?.message ?? `The server answered ${res.status} ${res.statusText}`.trim(),
      error?.details?.fields ?? [],
    );
  }
  return body as T;
}
