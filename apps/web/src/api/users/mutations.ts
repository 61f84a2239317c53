import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../auth/types';
import { apiFetch } from '../api-fetch';
import { userKeys } from './keys';
import type { CreateUserInput, Invite, InviteInput, ManagedUser } from './types';

const userPath = (id: string, action: string) => `/api/users/${encodeURIComponent(id)}/${action}`;

/** Refreshes the user list after any change. */
function useUserMutation<TInput, TResult>(mutationFn: (input: TInput) => Promise<TResult>) {
  const client = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => client.invalidateQueries({ queryKey: userKeys.all }) });
}

/** `POST /api/users/invite` (admin): the answer holds the one-time invite token. @throws ApiError 400 naming `email`. */
export function useInviteUser() {
  return useUserMutation((input: InviteInput) => apiFetch<Invite>('/api/users/invite', { method: 'POST', body: input }));
}

/** `POST /api/users/:id/invite` (admin): a new invite token for a user who has not accepted the last one. */
export function useReissueInvite() {
  return useUserMutation((id: string) => apiFetch<Invite>(userPath(id, 'invite'), { method: 'POST' }));
}

/** `POST /api/users` (admin): an active user with an initial password. @throws ApiError 400 naming `email` or `password`. */
export function useCreateUser() {
  return useUserMutation((input: CreateUserInput) => apiFetch<ManagedUser>('/api/users', { method: 'POST', body: input }));
}

/** `PATCH /api/users/:id/role` (admin): signs the user out. @throws ApiError 400 naming `role` for the last active admin. */
export function useChangeRole() {
  return useUserMutation(({ id, role }: { id: string; role: Role }) => apiFetch<ManagedUser>(userPath(id, 'role'), { method: 'PATCH', body: { role } }));
}

/** `POST /api/users/:id/disable` or `/enable` (admin). @throws ApiError 400 naming `status` for the last active admin. */
export function useSetUserDisabled() {
  return useUserMutation(({ id, disabled }: { id: string; disabled: boolean }) => apiFetch<ManagedUser>(userPath(id, disabled ? 'disable' : 'enable'), { method: 'POST' }));
}

/** `POST /api/users/:id/revoke-sessions` (admin): signs the user out everywhere. */
export function useRevokeSessions() {
  return useUserMutation((id: string) => apiFetch<{ revoked: number }>(userPath(id, 'revoke-sessions'), { method: 'POST' }));
}
