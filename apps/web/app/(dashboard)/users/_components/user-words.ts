import type { Role } from '@/api/auth/types';
import type { UserStatus } from '@/api/users/types';
import type { Option } from '@/ui/fields';

/** What each role may do, in words (apps/api/src/common/auth.decorators.ts). */
export const ROLE_WORDS: Record<Role, string> = {
  admin: 'Admin: configures everything and manages users',
  support: 'Support: views and replays',
  auditor: 'Auditor: reads everything, changes nothing',
};

export const ROLE_OPTIONS: readonly Option[] = [
  { value: 'admin', label: 'Admin' },
  { value: 'support', label: 'Support' },
  { value: 'auditor', label: 'Auditor' },
];

/** A status word and the StatusBadge tone key it is shown with. */
export const STATUS_WORDS: Record<UserStatus, { label: string; tone: string }> = {
  active: { label: 'active', tone: 'active' },
  invited: { label: 'invited', tone: 'waiting' },
  disabled: { label: 'disabled', tone: 'failed' },
};

/** The set-password link an invited user opens. The token is in the fragment, which browsers never send to a server. */
export function inviteLink(token: string): string {
  return `${window.location.origin}/sign-in#invite=${encodeURIComponent(token)}`;
}
