import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception';
import { type AuthUser, IS_PUBLIC_KEY, type Role, ROLES_KEY, SELF_SERVICE_KEY } from '../../common/auth.decorators';
import { AuthService } from './auth.service';
import { CsrfService } from './csrf.service';
import { sessionCredentialOf } from './session-credential';

export { SESSION_COOKIE, sessionTokenOf } from './session-credential';

/** Methods that only read (RFC 9110 §9.2.1 "safe"): everything else changes something. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the guard leaves on a request it let through. */
export type AuthenticatedRequest = Request & { user?: AuthUser; sessionHash?: string };

/**
 * Global guard, deny by default (OWASP ASVS 4.0 V4.1.3, V4.1.5), registered as APP_GUARD so a new route cannot forget it.
 * In order, for every route not marked `@Public()`:
 * 1. a live session (Bearer token or session cookie) of an `active` user, re-read on every request → else 401;
 * 2. CSRF (ASVS V4.2.2): an unsafe request authenticated by the cookie must carry a valid `X-CSRF-Token` → else 403
 *    `csrf_failed` (Bearer requests are exempt: browsers never add that header on their own);
 * 3. `@Roles(...)`: the route's roles → else 403 `forbidden`. The read-only `auditor` passes it on safe methods (it
 *    may read whatever any role may read);
 * 4. the auditor rule: an `auditor` may use an unsafe method only on a `@SelfService()` route → else 403 `forbidden`.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly csrf: CsrfService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = sessionCredentialOf(req);
    const session = credential ? await this.auth.authenticate(credential.token) : undefined;
    if (!credential || !session) throw new AppException('unauthenticated', 'Sign in first');
    req.user = session.user;
    req.sessionHash = session.tokenHash;
    const isSafe = SAFE_METHODS.has(req.method);
    if (!isSafe && credential.via === 'cookie') this.csrf.assertValid(req);
    const { role } = session.user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(role) && !(role === 'auditor' && isSafe)) {
      throw new AppException('forbidden', `This needs the ${roles.join(' or ')} role; you are ${role}`);
    }
    if (role === 'auditor' && !isSafe && !this.reflector.get<boolean | undefined>(SELF_SERVICE_KEY, context.getHandler())) {
      throw new AppException('forbidden', 'The auditor role is read-only: it may only change its own password and sign out');
    }
    return true;
  }
}
