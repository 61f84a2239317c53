import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { AuthUser } from '../../common/auth.decorators';
import { AuthService } from '../auth/auth.service';
import { sessionTokenOf } from '../auth/auth.guard';
import { AdminAuditRecorder, AUDIT_HANDLED, type AuditedRequest, pathOf, routePathOf } from './admin-audit.recorder';
import { type AuditMeta, AuditRouteTable } from './audit-routes';

/** Recorded for an unsafe /api request of a signed-in user that matched no route of the application. */
const REJECTED: AuditMeta = {
  action: 'request.rejected',
  failedAction: 'request.rejected',
  target: undefined,
  targetParam: 'id',
  fields: undefined,
  actorFromAnswer: false,
  exempt: undefined,
  isNamed: true,
  isPublic: false,
};

/**
 * The fallback of AdminAuditInterceptor, for unsafe /api requests answered before any interceptor runs: refused by a
 * guard (401 without a session is not recorded: no one signed in; a signed-in user's 403, a CSRF failure, the
 * sign-in throttle), or matching no route. Not seen: a body Express's parser refuses (malformed JSON, over the size
 * limit) is answered before any module middleware runs, and such a request changed nothing. When such a request has finished
 * it is recorded as failed, named after the route Express matched (AuditRouteTable) or `request.rejected`, with the
 * error code of the answer. These entries are written after the answer (nothing ran, so nothing can be lost but the
 * entry itself, which is logged loudly when its write fails). An anonymous request on a public route (sign-in) is
 * recorded too, except a 429 of the sign-in throttle, so a flood of refused attempts cannot flood the log.
 */
@Injectable()
export class AdminAuditMiddleware implements NestMiddleware {
  private readonly logger = new Logger(AdminAuditMiddleware.name);

  constructor(
    private readonly recorder: AdminAuditRecorder,
    private readonly routes: AuditRouteTable,
    private readonly auth: AuthService,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (!this.recorder.isCandidate(req)) return next();
    let errorCode: string | undefined;
    const json = res.json.bind(res);
    // The answer's error code (`csrf_failed`, `forbidden`, …) as AppExceptionFilter wrote it; nothing else is kept.
    res.json = (body: unknown) => {
      const code = (body as { error?: { code?: unknown } } | null)?.error?.code;
      if (typeof code === 'string') errorCode = code;
      return json(body);
    };
    res.once('finish', () => {
      if ((req as AuditedRequest)[AUDIT_HANDLED]) return;
      this.afterFinish(req as AuditedRequest, res, errorCode).catch((err: unknown) => this.logger.error({ err }, 'ADMIN AUDIT ENTRY LOST: a refused request could not be recorded'));
    });
    next();
  }

  private async afterFinish(req: AuditedRequest, res: Response, errorCode: string | undefined): Promise<void> {
    const pattern = routePathOf(req);
    const route = pattern ? this.routes.find(req.method, pattern) : undefined;
    if (route?.exempt) return;
    const user = req.user ?? (await this.userOf(req));
    if (!user && !(route?.isPublic && res.statusCode !== 429)) return;
    // A pattern that is no route of ours (Swagger UI's catch-all `/{*path}`) says nothing: the path itself is kept.
    await this.recorder.record(req, route ?? REJECTED, { statusCode: res.statusCode, errorCode: errorCode ?? null }, { ...(user ? { user } : {}), route: route ? route.path : pathOf(req) });
  }

  /** The session's user of a request no guard looked at (one that matched no route). */
  private async userOf(req: Request): Promise<AuthUser | undefined> {
    const token = sessionTokenOf(req);
    return token ? (await this.auth.authenticate(token))?.user : undefined;
  }
}
