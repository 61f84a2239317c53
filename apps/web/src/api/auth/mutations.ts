import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch, rememberCsrfToken } from '../api-fetch';
import { authKeys } from './keys';
import type { AcceptInviteInput, ChangePasswordInput, SignInInput, SignInResult, User } from './types';

/** `POST /api/auth/login`: sets the session cookie; caches the user and the new session's CSRF token. @throws ApiError 401/429. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput): Promise<User> => {
      const result = await apiFetch<SignInResult>('/api/auth/login', { method: 'POST', body: input });
      rememberCsrfToken(result.csrfToken);
      return result.user;
    },
    onSuccess: (user) => {
      client.clear();
      client.setQueryData(authKeys.me(), user);
    },
  });
}

/** `POST /api/auth/logout`: ends the session and forgets every cached answer. */
export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<void>('/api/auth/logout', { method: 'POST' }),
    onSettled: () => {
      rememberCsrfToken(undefined);
      client.clear();
    },
  });
}

/** `POST /api/auth/logout-everywhere`: ends every session of the signed-in user, this one included. */
export function useSignOutEverywhere() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ revoked: number }>('/api/auth/logout-everywhere', { method: 'POST' }),
    onSettled: () => {
      rememberCsrfToken(undefined);
      client.clear();
    },
  });
}

/**
 * `POST /api/auth/password`: changes the caller's own password. Other sessions are signed out; this one is rotated (new
 * cookie, new CSRF token). @throws ApiError 400 naming `currentPassword` or `password`.
 */
export function useChangePassword() {
  return useMutation({
    mutationFn: async (input: ChangePasswordInput): Promise<User> => {
      const result = await apiFetch<SignInResult>('/api/auth/password', { method: 'POST', body: input });
      rememberCsrfToken(result.csrfToken);
      return result.user;
    },
  });
}

/** `POST /api/auth/accept-invite` (public): sets the first password with the invite token. @throws ApiError 400 naming `token` or `password`. */
export function useAcceptInvite() {
  return useMutation({ mutationFn: (input: AcceptInviteInput) => apiFetch<User>('/api/auth/accept-invite', { method: 'POST', body: input }) });
}
