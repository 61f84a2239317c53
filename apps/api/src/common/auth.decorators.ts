import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

/** The two roles: `admin` configures; `support` views and replays. */
export const ROLES = ['admin', 'support'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user a guarded request carries. */
export type AuthUser = { id: string; email: string; role: Role };

export const IS_PUBLIC_KEY = 'mlc:isPublic';
export const ROLES_KEY = 'mlc:roles';

/**
 * Marks a route as reachable without a session. Only health, metrics, login and `/webhooks/*` (which
 * authenticate by signature) may use it; the route-enumeration test fails on any other.
 */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/** Restricts a route to the given roles (any signed-in user when absent). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Injects the signed-in `AuthUser`. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthUser => {
  const req = ctx.switchToHttp().getRequest<{ user?: AuthUser }>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
