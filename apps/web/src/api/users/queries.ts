import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { userKeys } from './keys';
import type { ManagedUser } from './types';

/** `GET /api/users` (admin, auditor): every user with role, status and last sign-in. */
export function useUsers() {
  return useQuery({ queryKey: userKeys.list(), queryFn: ({ signal }) => apiFetch<ManagedUser[]>('/api/users', { signal }) });
}
