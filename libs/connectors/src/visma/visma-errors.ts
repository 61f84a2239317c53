/**
 * Maps Visma.net ERP error responses to typed connector errors.
 * Bodies: `{ExceptionType, ExceptionMessage, ExceptionFaultCode, ExceptionMessageID, ExceptionDetails}` for
 * validation/business errors and `{Message}` for the others (README §1 "Error bodies": the spec declares no error
 * schema; shapes as read by omniboost/go-visma.net client.go), plus Azure API Management's `{statusCode, message}`
 * on 429. 401/403 read `WWW-Authenticate` per RFC 6750 §3 (`invalid_token`, `insufficient_scope`).
 */
import { z } from 'zod';
import { ConnectorAuthError, errorForStatus, type ErrorMapper, type FieldError } from '../core';

export const VISMA_SYSTEM = 'visma';

const EXCEPTION_BODY = z
  .object({
    ExceptionType: z.string().nullish(),
    ExceptionMessage: z.string().nullish(),
    ExceptionFaultCode: z.union([z.string(), z.number()]).nullish(),
    ExceptionMessageID: z.string().nullish(),
    ExceptionDetails: z.string().nullish(),
  })
  .passthrough();
const MESSAGE_BODY = z.object({ Message: z.string() }).passthrough();
const APIM_BODY = z.object({ message: z.string() }).passthrough();

/** What we keep from a Visma error body (whitelisted fields only). */
export type VismaErrorDetail = { message: string | undefined; faultCode: string | undefined; messageId: string | undefined; details: string | undefined };

/** Extracts the whitelisted fields from any of the known Visma error bodies. */
export function readVismaErrorBody(body: unknown): VismaErrorDetail {
  const ex = EXCEPTION_BODY.safeParse(body);
  if (ex.success && (ex.data.ExceptionMessage || ex.data.ExceptionFaultCode)) {
    return {
      message: ex.data.ExceptionMessage ?? undefined,
      faultCode: ex.data.ExceptionFaultCode === undefined || ex.data.ExceptionFaultCode === null ? undefined : String(ex.data.ExceptionFaultCode),
      messageId: ex.data.ExceptionMessageID ?? undefined,
      details: ex.data.ExceptionDetails || undefined,
    };
  }
  const m = MESSAGE_BODY.safeParse(body);
  if (m.success) return { message: m.data.Message, faultCode: undefined, messageId: undefined, details: undefined };
  const a = APIM_BODY.safeParse(body);
  if (a.success) return { message: a.data.message, faultCode: undefined, messageId: undefined, details: undefined };
  return { message: typeof body === 'string' && body.length < 500 ? body : undefined, faultCode: undefined, messageId: undefined, details: undefined };
}

/** Reads `error="…"` from a `WWW-Authenticate: Bearer …` header (RFC 6750 §3). */
export function bearerErrorCode(header: string | undefined): string | undefined {
  return header ? /error="([^"]+)"/i.exec(header)?.[1] : undefined;
}

/** Field errors from a validation body: the message plus one entry per line of `ExceptionDetails`. */
function fieldErrorsOf(d: VismaErrorDetail): FieldError[] {
  const out: FieldError[] = [];
  const lines = [d.message, ...(d.details ?? '').split(/\r?\n/)].filter((l): l is string => !!l && l.trim().length > 0);
  for (const line of lines) out.push({ field: /'([A-Za-z][\w.]*)'/.exec(line)?.[1], message: line.trim() });
  return out;
}

/**
 * The Visma `ErrorMapper` for `HttpTransport`: keeps status, Visma's message and its `ExceptionMessageID` (as the
 * request id when no header carries one); 400 → validation with field errors; 401/403 → auth errors with the
 * RFC 6750 bearer error code in `oauthError`; other statuses via `errorForStatus`.
 */
export const vismaErrorMapper: ErrorMapper = (ctx) => {
  const d = readVismaErrorBody(ctx.body);
  const providerMessage = d.faultCode && d.message ? `${d.message} (fault ${d.faultCode})` : d.message;
  const requestId = ctx.requestId ?? d.messageId;
  if (ctx.status === 401 || ctx.status === 403) {
    const bearer = bearerErrorCode(ctx.headers['www-authenticate']);
    return new ConnectorAuthError({
      system: ctx.system,
      code: ctx.status === 403 ? 'forbidden' : 'auth_failed',
      status: ctx.status,
      requestId,
      providerMessage,
      oauthError: bearer,
      message: `${ctx.method} ${ctx.path} answered ${ctx.status}${bearer ? ` (${bearer})` : ''}${providerMessage ? `: ${providerMessage}` : ''}`,
    });
  }
  return errorForStatus(ctx, { providerMessage, requestId, fieldErrors: ctx.status === 400 ? fieldErrorsOf(d) : undefined });
};
