/**
 * Every error code the API can answer with. One union for the whole app: modules add their codes here,
 * and the global filter's exhaustive switch maps each to an HTTP status.
 */
export type AppErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'dependency_unavailable'
  | 'credential_undecryptable'
  | 'internal';

/** Details of a bad field: its path (e.g. `credentials.clientSecret`) and what is wrong. */
export type FieldProblem = { field: string; message: string };

/**
 * The one exception class crossing module boundaries. Rendered by `AppExceptionFilter` as
 * `{ error: { code, message, details? } }`. `message` must never contain a secret.
 */
export class AppException extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: { fields?: FieldProblem[]; [key: string]: unknown },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppException';
  }

  static notFound(what: string, id: string): AppException {
    return new AppException('not_found', `${what} ${id} was not found`);
  }

  static validation(fields: FieldProblem[]): AppException {
    const first = fields[0];
    const message = first ? `${first.field}: ${first.message}${fields.length > 1 ? ` (and ${fields.length - 1} more)` : ''}` : 'invalid input';
    return new AppException('validation_failed', message, { fields });
  }
}

/** Compile-time exhaustiveness guard for switches over unions. */
export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
