import type { AuditFilter } from './types';

/** Query keys of the admin audit log; `lists()` covers every filtered list. */
export const adminAuditKeys = {
  all: ['admin-audit'] as const,
  lists: () => [...adminAuditKeys.all, 'list'] as const,
  list: (filter: AuditFilter) => [...adminAuditKeys.lists(), filter] as const,
};
