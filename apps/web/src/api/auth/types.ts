/** Roles (apps/api/src/common/auth.decorators.ts): `admin` configures, `support` views and replays. */
export type Role = 'admin' | 'support';
export type User = { id: string; email: string; role: Role };
export type SignInInput = { email: string; password: string };
/** `POST /api/auth/login`; the dashboard ignores `token` (the httpOnly cookie carries the session). */
export type SignInResult = { token: string; expiresAt: string; user: User };
