import { useInfiniteQuery } from '@tanstack/react-query';
import { apiFetch, withQuery } from '../api-fetch';
import { adminAuditKeys } from './keys';
import type { AuditFilter, AuditPage } from './types';

const PAGE_SIZE = 50;

/** `GET /api/admin-audit` with the filter, newest first, one page of 50 at a time ("Load older" fetches the next). */
export function useAdminAudit(filter: AuditFilter) {
  return useInfiniteQuery({
    queryKey: adminAuditKeys.list(filter),
    queryFn: ({ signal, pageParam }) => apiFetch<AuditPage>('/api/admin-audit', { signal, query: { ...filter, limit: PAGE_SIZE, before: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** Where the CSV export of the same filter downloads from (`GET /api/admin-audit.csv`, same-origin, the session cookie). */
export function adminAuditCsvUrl(filter: AuditFilter): string {
  return withQuery('/api/admin-audit.csv', { ...filter });
}
