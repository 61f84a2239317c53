import type { Role } from '../auth/types';

export type UserStatus = 'invited' | 'active' | 'disabled';

/** `GET /api/users` item (apps/api/src/modules/auth/users.service.ts `UserView`). */
export type ManagedUser = {
  id: string;
  email: string;
  role: Role;
  status: UserStatus;
  createdAt: string;
  lastSignInAt: string | null;
  lastSignInIp: string | null;
  passwordChangedAt: string | null;
  activeSessions: number;
  inviteExpiresAt: string | null;
};

/** `POST /api/users/invite` and `POST /api/users/:id/invite`: the one-time token is in this answer only. */
export type Invite = { user: ManagedUser; inviteToken: string; inviteExpiresAt: string };
export type InviteInput = { email: string; role: Role };
export type CreateUserInput = { email: string; role: Role; password: string };
