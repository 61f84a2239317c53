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
 * @returns the parsed JSON body, or `undefined` for 204 / empty bodies.
 * @throws ApiError with the API's `{ error: { code, message, details.fields } }`, or code `network`
 *   (status 0) when no answer came.
 */
export async function apiFetch<T>(path: string, request: ApiRequest = {}): Promise<T> {
  const init: RequestInit = {
    method: request.method ?? 'GET',
    credentials: 'same-origin',
    headers: request.body !== undefined ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
    ...(request.body !== undefined ? { body: JSON.stringify(request.body) } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  };
  let res: Response;
  try {
    res = await fetch(withQuery(path, request.query), init);
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', 'The server did not answer; check your connection and try again');
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
