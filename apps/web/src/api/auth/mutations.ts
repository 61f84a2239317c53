import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { authKeys } from './keys';
import type { SignInInput, SignInResult, User } from './types';

/** `POST /api/auth/login`: sets the session cookie; caches the user. @throws ApiError 401/429. */
export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: SignInInput): Promise<User> => (await apiFetch<SignInResult>('/api/auth/login', { method: 'POST', body: input })).user,
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
    onSettled: () => client.clear(),
  });
}
