import { HttpException, Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request } from 'express';
import { type AppErrorCode, AppException } from '../../common/app-exception';
import { statusForCode } from '../../common/app-exception.filter';
import type { AuthUser } from '../../common/auth.decorators';
import { correlationIdOf } from '../../common/logger';
import { SystemRegistry } from '../systems/system-registry.service';
import { AdminAuditService } from './admin-audit.service';
import type { AuditMeta } from './audit-routes';
import { UNSAFE_METHODS } from './audit-routes';
import { redactChanges, type SecretPolicy, secretPolicyOf } from './redaction';

/** Set on a request once its entry is taken care of (recorded or exempt), so the fallback does not record it again. */
export const AUDIT_HANDLED = Symbol('mlc:adminAuditHandled');

/** A request as the audit log reads it: the guard's `user`, the handled mark. */
export type AuditedRequest = Request & { user?: AuthUser; [AUDIT_HANDLED]?: true };

/** How a request ended: its status, the API's error code when it failed, its answer when it succeeded. */
export type AuditOutcome = { statusCode: number; errorCode?: string | null; answer?: unknown };

/** The status and API error code an exception is answered with (the same mapping as AppExceptionFilter). */
export function failureOf(err: unknown): { statusCode: number; errorCode: string } {
  if (err instanceof AppException) return { statusCode: statusForCode(err.code), errorCode: err.code };
  if (err instanceof ThrottlerException) return { statusCode: 429, errorCode: 'rate_limited' };
  if (err instanceof HttpException) return { statusCode: err.getStatus(), errorCode: codeForStatus(err.getStatus()) };
  const status = (err as { status?: unknown; expose?: unknown } | null)?.status;
  if (typeof status === 'number' && (err as { expose?: unknown }).expose === true) return { statusCode: status, errorCode: codeForStatus(status) };
  return { statusCode: 500, errorCode: 'internal' };
}

/** The API error code of a status, for answers whose code was not seen (AppExceptionFilter's fallback mapping). */
export function codeForStatus(status: number): AppErrorCode {
  const known: Record<number, AppErrorCode> = { 400: 'validation_failed', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 413: 'payload_too_large', 422: 'validation_failed', 429: 'rate_limited', 503: 'dependency_unavailable' };
  return known[status] ?? 'internal';
}

const cut = (value: string | undefined | null, max: number): string | null => (value ? value.slice(0, max) : null);

/**
 * Turns a finished request into an admin audit entry and writes it (AdminAuditService.write, which never throws).
 * Who: the signed-in user (or, for sign-in, the user of the answer); what: the route's action and target (the
 * `targetParam` route parameter, else the answer's `id` or `user.id`); how it ended; from where: `req.ip` (Express honours the
 * app's `trust proxy` setting) and the user agent; and the body's fields with every secret as `"(changed)"`
 * (redaction.ts, with the system registry's `isSecret` fields). Query parameters go into `changes.$query`.
 */
@Injectable()
export class AdminAuditRecorder {
  private policy: { size: number; value: SecretPolicy } | undefined;

  constructor(
    private readonly audit: AdminAuditService,
    private readonly systems: SystemRegistry,
  ) {}

  /** Unsafe methods on /api routes are candidates (webhooks live under /webhooks and are answered before Express). */
  isCandidate(req: Request): boolean {
    const path = pathOf(req);
    return UNSAFE_METHODS.has(req.method) && (path === '/api' || path.startsWith('/api/'));
  }

  /** Writes the entry of `req` with `meta`'s names; `user` overrides the request's (the fallback resolves it itself). */
  async record(req: AuditedRequest, meta: AuditMeta, outcome: AuditOutcome, options: { route?: string; user?: AuthUser } = {}): Promise<boolean> {
    req[AUDIT_HANDLED] = true;
    const succeeded = outcome.statusCode < 400;
    const answer = succeeded && outcome.answer !== null && typeof outcome.answer === 'object' ? (outcome.answer as Record<string, unknown>) : undefined;
    const answerUser = meta.actorFromAnswer ? asUser(answer?.['user']) : undefined;
    const actor = options.user ?? req.user ?? answerUser;
    return this.audit.write({
      actorUserId: actor?.id ?? null,
      actorEmail: cut(actor?.email, 254),
      actorRole: cut(actor?.role, 20),
      action: succeeded ? meta.action : meta.failedAction,
      targetType: meta.target ?? null,
      targetId: cut(this.targetIdOf(req, meta, answer, answerUser), 200),
      method: req.method,
      route: cut(options.route ?? routePathOf(req) ?? pathOf(req), 300) ?? '/',
      outcome: succeeded ? 'succeeded' : 'failed',
      statusCode: outcome.statusCode,
      errorCode: succeeded ? null : cut(outcome.errorCode ?? codeForStatus(outcome.statusCode), 60),
      sourceAddress: cut(addressOf(req), 64),
      userAgent: cut(req.get('user-agent'), 500),
      correlationId: cut(correlationIdOf(req as { id?: unknown }), 100),
      changes: this.changesOf(req, meta),
    });
  }

  private targetIdOf(req: Request, meta: AuditMeta, answer: Record<string, unknown> | undefined, answerUser: AuthUser | undefined): string | undefined {
    const param = (req.params as Record<string, string | undefined> | undefined)?.[meta.targetParam];
    if (param) return param;
    if (answerUser) return answerUser.id;
    // A created row's id, or that of the `user` an answer wraps (an invite: `{ user, inviteToken }`).
    for (const id of [answer?.['id'], (answer?.['user'] as { id?: unknown } | undefined)?.id]) if (typeof id === 'string' || typeof id === 'number') return String(id);
    return undefined;
  }

  private changesOf(req: Request, meta: AuditMeta): Record<string, unknown> | null {
    if (meta.fields === false) return null;
    const policy = this.secretPolicy();
    const body = redactChanges(req.body, policy, meta.fields);
    const query = req.query && typeof req.query === 'object' ? redactChanges(req.query, policy) : null;
    return query === null ? body : { ...(body ?? {}), $query: query };
  }

  /** The secret policy of the registered systems (rebuilt if a system registers later). */
  private secretPolicy(): SecretPolicy {
    const systems = this.systems.all();
    if (this.policy?.size !== systems.length) this.policy = { size: systems.length, value: secretPolicyOf(systems.map((s) => s.facts)) };
    return this.policy.value;
  }
}

/** The request's path without its query, from the original URL (`req.path` is relative inside a mounted middleware). */
export function pathOf(req: Request): string {
  return (req.originalUrl || req.url).split('?')[0] ?? '/';
}

/** The route pattern Express matched (`/api/connections/:id`), when one did. */
export function routePathOf(req: Request): string | undefined {
  const path = (req as { route?: { path?: unknown } }).route?.path;
  return typeof path === 'string' ? path : undefined;
}

/** `req.ip` without the IPv4-mapped IPv6 prefix (`::ffff:10.0.0.1` → `10.0.0.1`). */
function addressOf(req: Request): string | undefined {
  const ip = req.ip ?? req.socket?.remoteAddress;
  return ip?.startsWith('::ffff:') && ip.includes('.') ? ip.slice(7) : ip;
}

function asUser(value: unknown): AuthUser | undefined {
  const u = value as Partial<AuthUser> | null | undefined;
  return u && typeof u.id === 'string' && typeof u.email === 'string' && typeof u.role === 'string' ? (u as AuthUser) : undefined;
}
