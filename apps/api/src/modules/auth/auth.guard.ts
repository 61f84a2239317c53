import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AppException } from '../../common/app-exception';
import { type AuthUser, IS_PUBLIC_KEY, type Role, ROLES_KEY } from '../../common/auth.decorators';
import { AuthService } from './auth.service';

/** Cookie carrying the session token for the dashboard (httpOnly, SameSite=Lax). */
export const SESSION_COOKIE = 'mlc_session';

/** Reads the session token from `Authorization: Bearer …` or the session cookie. */
export function sessionTokenOf(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || undefined;
  const cookies: unknown = (req as { cookies?: unknown }).cookies;
  const value = cookies && typeof cookies === 'object' ? (cookies as Record<string, unknown>)[SESSION_COOKIE] : undefined;
  return typeof value === 'string' && value ? value : undefined;
}

/**
 * Global guard, deny by default: every route needs a valid session unless marked `@Public()`, and
 * `@Roles(...)` restricts it further. Registered as APP_GUARD so a new route cannot forget it.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = sessionTokenOf(req);
    const user = token ? await this.auth.authenticate(token) : undefined;
    if (!user) throw new AppException('unauthenticated', 'Sign in first');
    req.user = user;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new AppException('forbidden', `This needs the ${roles.join(' or ')} role; you are ${user.role}`);
    }
    return true;
  }
}
