import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Response } from 'express';
import { type AppErrorCode, AppException, assertUnreachable } from './app-exception';

/** Maps each code to its HTTP status; the switch is exhaustive over `AppErrorCode`. */
export function statusForCode(code: AppErrorCode): number {
  switch (code) {
    case 'validation_failed':
      return HttpStatus.BAD_REQUEST;
    case 'unauthenticated':
      return HttpStatus.UNAUTHORIZED;
    case 'forbidden':
    case 'csrf_failed':
      return HttpStatus.FORBIDDEN;
    case 'not_found':
      return HttpStatus.NOT_FOUND;
    case 'conflict':
      return HttpStatus.CONFLICT;
    case 'rate_limited':
      return HttpStatus.TOO_MANY_REQUESTS;
    case 'payload_too_large':
      return HttpStatus.PAYLOAD_TOO_LARGE;
    case 'dependency_unavailable':
      return HttpStatus.SERVICE_UNAVAILABLE;
    case 'credential_undecryptable':
    case 'internal':
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return assertUnreachable(code);
  }
}

function codeForStatus(status: number): AppErrorCode {
  if (status === 400 || status === 422) return 'validation_failed';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 413) return 'payload_too_large';
  if (status === 429) return 'rate_limited';
  if (status === 503) return 'dependency_unavailable';
  // Any other refusal of the request (415 unsupported charset or encoding, 411, 414, …) is still the client's error.
  if (status >= 400 && status < 500) return 'validation_failed';
  return 'internal';
}

/**
 * A PostgreSQL error caused by a value the request carried (SQLSTATE class 22 "data exception": a NUL in JSON text,
 * a string past its column, a number out of range; 54001 nesting too deep for the parser), not by the server.
 */
function isDataException(err: unknown): err is { code: string; message: string } {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown; driverError?: { code?: unknown } }).code ?? (err as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && (code.startsWith('22') || code === '54001');
}

/**
 * Renders every error as `{ error: { code, message, details? } }`. Unknown errors become `internal`
 * with a generic message (the cause goes to the system log only, never to the client).
 */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(AppExceptionFilter.name);

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let code: AppErrorCode;
    let message: string;
    let details: Record<string, unknown> | undefined;
    if (exception instanceof AppException) {
      code = exception.code;
      message = exception.message;
      details = exception.details;
    } else if (exception instanceof ThrottlerException) {
      code = 'rate_limited';
      message = 'Too many attempts; wait a minute and try again';
    } else if (exception instanceof HttpException) {
      code = codeForStatus(exception.getStatus());
      const body = exception.getResponse();
      message = typeof body === 'object' && body !== null && 'message' in body ? String(body.message) : exception.message;
    } else if (isClientHttpError(exception)) {
      // Express's body parser refuses before any route runs (http-errors with `expose`): a body over the limit (413
      // entity.too.large) or one that is not JSON (400 entity.parse.failed) is the client's error, not ours.
      code = codeForStatus(exception.status);
      message = exception.type === 'entity.too.large' ? `The request body is larger than the ${exception.limit ?? 'allowed'} bytes this route accepts` : exception.type === 'entity.parse.failed' ? 'The request body is not valid JSON' : exception.message;
    } else if (exception instanceof RangeError && /call stack/i.test(exception.message)) {
      // Only input nests deep enough to exhaust the stack while a pipe coerces it (`z.coerce.date()` of an array
      // 5 000 levels deep): the request's fault, answered 400.
      code = 'validation_failed';
      message = 'The request body nests too deeply';
      this.logger.warn({ err: { name: exception.name, message: exception.message } }, 'request refused: nesting too deep');
    } else if (isDataException(exception)) {
      code = 'validation_failed';
      message = 'A value in the request cannot be stored (text with a NUL character, a value too long or out of range, or nesting too deep)';
      this.logger.warn({ err: { code: exception.code, message: exception.message } }, 'request refused by the database');
    } else {
      code = 'internal';
      message = 'An unexpected error occurred; see the server log';
      this.logger.error({ err: exception }, 'unhandled error');
    }
    const status = statusForCode(code);
    if (status >= 500 && code !== 'internal') this.logger.error({ code, err: exception }, 'request failed');
    res.status(status).json({ error: details ? { code, message, details } : { code, message } });
  }
}

/** An error of the `http-errors` shape with a 4xx status the client may see (what Express's body parser throws). */
function isClientHttpError(err: unknown): err is { status: number; expose: true; type?: string; limit?: number; message: string } {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { status?: unknown; expose?: unknown };
  return e.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}
