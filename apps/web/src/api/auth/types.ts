/**
 * Roles (apps/api/src/common/auth.decorators.ts): `admin` configures and manages users, `support` views and replays,
 * `auditor` reads everything and changes nothing but its own password.
 */
export type Role = 'admin' | 'support' | 'auditor';
export const ROLES: readonly Role[] = ['admin', 'support', 'auditor'];
export type User = { id: string; email: string; role: Role };
export type SignInInput = { email: string; password: string };
/**
 * `POST /api/auth/login` and `POST /api/auth/password`: the dashboard ignores `token` (the httpOnly cookie carries
 * the session) and keeps `csrfToken` in memory for its unsafe requests.
 */
export type SignInResult = { token: string; expiresAt: string; user: User; csrfToken: string };
export type ChangePasswordInput = { currentPassword: string; password: string };
export type AcceptInviteInput = { token: string; password: string };
