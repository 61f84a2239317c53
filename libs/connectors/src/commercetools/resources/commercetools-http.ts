/**
 * Shared plumbing of the commercetools resource clients: project and store paths, calls with zod-validated requests
 * and responses, and the retry rule for writes.
 *
 * Paths (shared/specs/commercetools/openapi.yaml): `/{projectKey}/<resource>`, and for store-limited API clients
 * `/{projectKey}/in-store/key={storeKey}/<resource>` (orders and customers).
 *
 * Writes and retries: GETs are retried by the core transport (network errors, 408/429/5xx, Retry-After). A versioned
 * update (`POST …/{id}` with `{version, actions}`) is marked retry-safe: if a lost or 502/503/504-answered attempt did
 * commit, its retry carries the now stale version and gets 409 ConcurrentModification, so an update is never
 * applied twice; the caller then re-reads and finds its change (or re-applies it on the fresh version). Creates carry
 * no version and the API has no idempotency key, so they are retried only when the connection failed before a byte
 * was sent (`shouldRetryWritesOnConnectError`); callers look a record up by key/SKU before creating it again.
 */
import type { ZodType, ZodTypeDef } from 'zod';
import { ConnectorValidationError, type HttpMethod, type HttpTransport } from '../../core';
import { ctPathWithQuery, type CommercetoolsQueryParams } from '../commercetools-query';
import { COMMERCETOOLS_SYSTEM } from '../commercetools-errors';

/** One call as the resource clients describe it. */
export type CommercetoolsCall<T> = {
  method: HttpMethod;
  /** Path below the project (`/orders/{id}`); the project (and store) prefix is added. */
  path: string;
  /** Store key for `in-store/key=…`, or null/undefined for the project. */
  storeKey?: string | null | undefined;
  query?: CommercetoolsQueryParams | undefined;
  body?: unknown;
  schema: ZodType<T, ZodTypeDef, unknown>;
  /** Marks a write as retry-safe (versioned updates only; see the file header). Not sent: the API has no such header. */
  retryKey?: string | undefined;
};

/** The transport of one project. */
export class CommercetoolsHttp {
  constructor(
    readonly transport: HttpTransport,
    readonly projectKey: string,
  ) {}

  /** `/{projectKey}{path}` or `/{projectKey}/in-store/key={storeKey}{path}`. */
  pathOf(path: string, storeKey?: string | null): string {
    const project = `/${ctSegment(this.projectKey)}`;
    return storeKey ? `${project}/in-store/key=${ctSegment(storeKey)}${path}` : `${project}${path}`;
  }

  /**
   * Sends one call and returns the validated body.
   * @throws the ConnectorError family of the core transport and `commercetoolsErrorMapper`
   */
  async call<T>(req: CommercetoolsCall<T>): Promise<T> {
    const res = await this.transport.request({
      method: req.method,
      path: ctPathWithQuery(this.pathOf(req.path, req.storeKey), req.query),
      body: req.body,
      schema: req.schema,
      idempotencyKey: req.retryKey,
    });
    return res.body;
  }
}

/**
 * Validates a request body against its schema before it is sent, and returns the parsed value.
 * @throws ConnectorValidationError (no status: nothing was sent) listing each offending field
 */
export function ctRequestBody<T>(schema: ZodType<T, ZodTypeDef, unknown>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fieldErrors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || undefined, message: i.message }));
  const shown = fieldErrors
    .slice(0, 5)
    .map((f) => `${f.field ?? '(root)'}: ${f.message}`)
    .join('; ');
  return failValidation(what, shown, fieldErrors);
}

function failValidation(what: string, shown: string, fieldErrors: { field: string | undefined; message: string }[]): never {
  throw new ConnectorValidationError({ system: COMMERCETOOLS_SYSTEM, message: `${what} is not a valid request (${shown})`, fieldErrors });
}

/** A path segment (ids, keys, order numbers), percent-encoded. */
export function ctSegment(value: string): string {
  return encodeURIComponent(value);
}
