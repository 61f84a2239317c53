import { randomUUID } from 'node:crypto';
import { SandboxHttpError } from '../core';

/**
 * Error bodies of the Visma.net ERP sandbox.
 *
 * The spec declares no error schema (README /work/shared/specs/README.md §1 "Error bodies"). Third-party clients
 * read `{ExceptionType, ExceptionMessage, ExceptionFaultCode, ExceptionMessageID, ExceptionDetails}` for
 * validation and business errors and `{Message}` for the others (omniboost/go-visma.net `client.go`).
 * Fault codes below are sandbox choices, stable so tests and the connector can branch on them.
 */
export type VismaExceptionBody = {
  ExceptionType: string;
  ExceptionMessage: string;
  ExceptionFaultCode: string;
  ExceptionMessageID: string;
  ExceptionDetails: string;
};

export const VISMA_FAULT_CODES = {
  /** A mandatory field is missing or a value is malformed. */
  validation: '12001',
  /** A referenced record (customer, account, VAT category, subaccount value…) does not exist or is inactive. */
  unknownReference: '12002',
  /** The record (or its number) already exists. */
  duplicate: '12003',
  /** A list filter is malformed (e.g. only one of lastModifiedDateTime / lastModifiedDateTimeCondition). */
  badFilter: '12004',
  /** GET/PUT of a record that does not exist. */
  notFound: '10404',
  /** If-Match did not match the current ETag. */
  preconditionFailed: '10412',
  /** `ipp-company-id` names another company than the token's tenant. */
  companyMismatch: '10403',
} as const;
export type VismaFaultCodeName = keyof typeof VISMA_FAULT_CODES;

/** Builds (does not throw) a Visma business error: status plus the `Exception*` body. */
export function vismaException(status: number, code: VismaFaultCodeName, message: string, details = ''): SandboxHttpError {
  const faultCode = VISMA_FAULT_CODES[code];
  const body: VismaExceptionBody = {
    ExceptionType: 'IPPException',
    ExceptionMessage: message,
    ExceptionFaultCode: faultCode,
    ExceptionMessageID: `${faultCode}_${randomUUID()}`,
    ExceptionDetails: details,
  };
  return new SandboxHttpError(status, body);
}

/** 400 with fault code `validation`. */
export function vismaValidationError(message: string, details = ''): SandboxHttpError {
  return vismaException(400, 'validation', message, details);
}

/** 400 with fault code `unknownReference`. */
export function vismaUnknownReference(message: string): SandboxHttpError {
  return vismaException(400, 'unknownReference', message);
}

/** 404 with fault code `notFound`. */
export function vismaNotFound(message: string): SandboxHttpError {
  return vismaException(404, 'notFound', message);
}

/** The message of a 412: the record's ETag no longer matches the request's If-Match. */
export const VISMA_PRECONDITION_FAILED_MESSAGE = 'The record has been changed by another process. Reload it and try again.';

/**
 * 412 with fault code `preconditionFailed`: answered by every update route when `If-Match` names a stale ETag
 * (docs.vismasoftware.no/vismanetapi/how-tos/etag: "412 Precondition Failed" on a mismatch; README §1).
 */
export function vismaPreconditionFailed(details = ''): SandboxHttpError {
  return vismaException(412, 'preconditionFailed', VISMA_PRECONDITION_FAILED_MESSAGE, details);
}

/** The `{Message}` text api.finance.visma.net answers for a refused token (ASP.NET Web API's authorization filter). */
export const VISMA_DENIED_MESSAGE = 'Authorization has been denied for this request.';

/** `{Message}` body used for authentication/authorisation failures (ASP.NET Web API default shape). */
export function vismaMessageError(status: number, message: string, headers: Record<string, string> = {}): SandboxHttpError {
  return new SandboxHttpError(status, { Message: message }, headers);
}
