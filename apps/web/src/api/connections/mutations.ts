import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '../api-fetch';
import { connectionKeys } from './keys';
import type { Connection, CreateConnectionInput, PingReport, UpdateConnectionInput } from './types';

/** `POST /api/connections` (admin). @throws ApiError 400 with `fields` like `settings.companyId`. */
export function useCreateConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateConnectionInput) => apiFetch<Connection>('/api/connections', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: connectionKeys.lists() }),
  });
}

/** `PATCH /api/connections/:id` (admin). */
export function useUpdateConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...patch }: UpdateConnectionInput) =>
      apiFetch<Connection>(`/api/connections/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch }),
    onSuccess: (_data, input) =>
      Promise.all([
        client.invalidateQueries({ queryKey: connectionKeys.lists() }),
        client.invalidateQueries({ queryKey: connectionKeys.detail(input.id) }),
      ]),
  });
}

/** `DELETE /api/connections/:id` (admin). */
export function useDeleteConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/connections/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    onSuccess: () => client.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}

/** `POST /api/connections/:id/ping`: runs the diagnosis; the connection's status/lastPing change with it. */
export function usePingConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<PingReport>(`/api/connections/${encodeURIComponent(id)}/ping`, { method: 'POST' }),
    onSettled: (_data, _error, id) =>
      Promise.all([
        client.invalidateQueries({ queryKey: connectionKeys.lists() }),
        client.invalidateQueries({ queryKey: connectionKeys.detail(id) }),
      ]),
  });
}
