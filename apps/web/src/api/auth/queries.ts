import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { authKeys } from './keys';
import type { User } from './types';

/** `GET /api/auth/me`: the signed-in user; fails with ApiError 401 when the session is gone. */
export function useMe() {
  return useQuery({ queryKey: authKeys.me(), queryFn: ({ signal }) => apiFetch<User>('/api/auth/me', { signal }), staleTime: 60_000 });
}
