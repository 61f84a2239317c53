import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

/**
 * The three roles: `admin` configures (and manages users); `support` views and replays; `auditor` is read-only: it may
 * read (GET/HEAD) every route any role can, incl. the admin audit log, and may change nothing but its own password and
 * sessions (routes marked `@SelfService()`). The guard enforces the auditor rule centrally and denies by default, so a
 * new unsafe route is closed to auditors without anyone remembering it (OWASP ASVS 4.0 V4.1.3/V4.1.5).
 */
export const ROLES = ['admin', 'support', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user a guarded request carries. */
export type AuthUser = { id: string; email: string; role: Role };

export const IS_PUBLIC_KEY = 'mlc:isPublic';
export const ROLES_KEY = 'mlc:roles';
export const SELF_SERVICE_KEY = 'mlc:selfService';

/**
 * Marks a route as reachable without a session. Only health, metrics, login, accepting an invite (authenticated by
 * its one-time token) and `/webhooks/*` (which authenticate by signature) may use it; the route-enumeration test
 * fails on any other.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** Restricts a route to the given roles (any signed-in user when absent). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/**
 * Marks an unsafe route (POST/PUT/PATCH/DELETE) that acts only on the caller's own account or session (change own
 * password, sign out): the one kind of change the read-only `auditor` may make. Every other unsafe route refuses it.
 */
export const SelfService = (): MethodDecorator => SetMetadata(SELF_SERVICE_KEY, true);

/** Injects the signed-in `AuthUser`. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
