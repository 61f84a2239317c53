import { SandboxHttpError, type FaultBodyHook } from '../core';
import { VISMA_BEARER_REALM } from './visma-auth.guard';
import { VISMA_DENIED_MESSAGE, vismaException, vismaMessageError, vismaPreconditionFailed, vismaValidationError } from './visma.error';

/**
 * Visma.net bodies for injected status faults (core `FaultBodyHook`), in the shapes the sandbox's real handlers use
 * (visma.error.ts; README /work/shared/specs/README.md §1 "Error bodies"):
 * - 409 → `Exception*` body, fault code `duplicate` (12003: the record or its number already exists);
 * - 412 → `Exception*` body, fault code `preconditionFailed` (10412), the same text as a stale If-Match on PUT;
 * - validation-error → 400 `Exception*` body, fault code `validation` (12001), message naming `field` when given
 *   (`Error: 'customerNumber' is not valid.`), ExceptionDetails `Invalid field: customerNumber`;
 * - 401 → `{Message}` + `WWW-Authenticate: Bearer …, error="invalid_token"` (as the ERP guard answers an expired token);
 * - 429, 502, 503, 504 → the API gateway's `{statusCode, message}` (Azure API Management's default, as the guard's 429);
 * - 500 → `{Message: "An error has occurred."}` (ASP.NET Web API's default for an unhandled exception).
 */
export const vismaFaultBody: FaultBodyHook = (kind, status, { rule }): unknown => {
  const injected = `Injected by the sandbox fault ${kind}.`;
  switch (kind) {
    case 'http-409':
      return vismaException(409, 'duplicate', 'The record already exists or was changed by another process.', injected);
    case 'http-412':
      return vismaPreconditionFailed(injected);
    case 'validation-error':
      return rule.field
        ? vismaValidationError(`Error: '${rule.field}' is not valid.`, `Invalid field: ${rule.field}`)
        : vismaValidationError('Error: The request is not valid.', injected);
    case 'http-401':
      return vismaMessageError(401, VISMA_DENIED_MESSAGE, {
        'www-authenticate': `Bearer ${VISMA_BEARER_REALM}, error="invalid_token", error_description="The token expired"`,
      });
    case 'http-429':
      return new SandboxHttpError(429, { statusCode: 429, message: `Rate limit is exceeded. Try again in ${rule.retryAfterSeconds ?? 1} seconds.` });
    case 'http-500':
      return { Message: 'An error has occurred.' };
    case 'http-502':
    case 'http-503':
    case 'timeout':
      return { statusCode: status, message: status === 504 ? 'Gateway Timeout' : status === 502 ? 'Bad Gateway' : 'Service Unavailable' };
    default:
      return undefined;
  }
};
