/** A field the API rejected, e.g. `{ field: 'credentials.clientSecret', message: 'Required' }`. */
export type FieldProblem = { field: string; message: string };

/** Error codes the API answers with (apps/api/src/common/app-exception.ts); `network` = no answer at all. */
export type ApiErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'dependency_unavailable'
  | 'credential_undecryptable'
  | 'internal'
  | 'network'
  | (string & {});

/**
 * The one error every API call throws: HTTP status (0 when the request never got an answer), the API's
 * error code and message, and the rejected fields of a 400 (`details.fields`).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Message of the first problem on `field` (exact path, or path under it), if any. */
  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`) || f.field.startsWith(`${field}[`))?.message;
  }
}

/** True when the API does not have this endpoint (yet): a 404 without an entity-specific message. */
export function isMissingEndpoint(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}
