import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { catchError, concatMap, from, map, type Observable, throwError } from 'rxjs';
import { AdminAuditRecorder, AUDIT_HANDLED, type AuditedRequest, failureOf } from './admin-audit.recorder';
import { auditMetaOf } from './audit-routes';

/**
 * Global interceptor (APP_INTERCEPTOR) recording every unsafe-method /api request that reaches a handler: a signed-in
 * user's, and any on a `@Public()` route (sign-in, accepting an invite). The entry is written before the answer
 * leaves: after the handler succeeded (its status and answer known), or after it threw (the failure's status and
 * error code), and the error is then rethrown unchanged for AppExceptionFilter. A write that fails is logged at error
 * level with the entry and counted (AdminAuditService.write) but does not change the answer: the change has already
 * happened, and answering 500 for it would make the client retry a change that succeeded.
 * Requests refused before interceptors run (guards: 401/403, CSRF, the sign-in throttle) are recorded by
 * AdminAuditMiddleware when they finish.
 */
@Injectable()
export class AdminAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly recorder: AdminAuditRecorder,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<AuditedRequest>();
    if (!this.recorder.isCandidate(req)) return next.handle();
    const meta = auditMetaOf(this.reflector, context.getClass(), context.getHandler());
    if (meta.exempt) {
      req[AUDIT_HANDLED] = true;
      return next.handle();
    }
    if (!req.user && !meta.isPublic) return next.handle();
    req[AUDIT_HANDLED] = true;
    const res = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      concatMap((answer: unknown) => from(this.recorder.record(req, meta, { statusCode: res.statusCode, answer })).pipe(map(() => answer))),
      catchError((err: unknown) => from(this.recorder.record(req, meta, failureOf(err))).pipe(concatMap(() => throwError(() => err)))),
    );
  }
}
