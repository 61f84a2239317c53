'use client';

import { useState } from 'react';
import { ApiError } from '@/api/api-error';
import type { Role } from '@/api/auth/types';
import { useChangeRole, useReissueInvite, useRevokeSessions, useSetUserDisabled } from '@/api/users/mutations';
import type { Invite, ManagedUser } from '@/api/users/types';
import { SelectField } from '@/ui/fields';
import { formatDateTime } from '@/ui/format';
import { describeError } from '@/ui/states';
import { StatusBadge } from '@/ui/status-badge';
import { ROLE_OPTIONS, STATUS_WORDS } from './user-words';

/**
 * One user: role, status, last sign-in and live sessions; for admins (`canManage`) the role picker, disable/enable,
 * revoke sessions and, for an invited user, a new invite link. The API refuses demoting or disabling the last active
 * admin and says so (shown here).
 */
export function UserItem({ user, isSelf, canManage, onNotice, onInvite }: { user: ManagedUser; isSelf: boolean; canManage: boolean; onNotice: (text: string) => void; onInvite: (invite: Invite) => void }) {
  const changeRole = useChangeRole();
  const setDisabled = useSetUserDisabled();
  const revoke = useRevokeSessions();
  const reissue = useReissueInvite();
  const [role, setRole] = useState<Role>(user.role);
  const headingId = `user-${user.id}`;
  const failed = [changeRole, setDisabled, revoke, reissue].find((m) => m.isError)?.error;
  const status = STATUS_WORDS[user.status];
  const isBusy = changeRole.isPending || setDisabled.isPending || revoke.isPending || reissue.isPending;

  return (
    <li className="export-item" aria-labelledby={headingId}>
      <h3 id={headingId} className="export-item-name" style={{ overflowWrap: 'anywhere' }}>
        {user.email}
        {isSelf ? <span className="muted"> (you)</span> : null}
      </h3>
      <dl className="facts facts-compact">
        <div>
          <dt>Role</dt>
          <dd>{ROLE_OPTIONS.find((o) => o.value === user.role)?.label ?? user.role}</dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <StatusBadge status={status.tone} label={status.label} />
          </dd>
        </div>
        <div>
          <dt>Last sign-in</dt>
          <dd>
            {user.lastSignInAt ? formatDateTime(user.lastSignInAt) : 'never'}
            {user.lastSignInIp ? <span className="muted"> from {user.lastSignInIp}</span> : null}
          </dd>
        </div>
        <div>
          <dt>Signed in on</dt>
          <dd>
            {user.activeSessions} {user.activeSessions === 1 ? 'session' : 'sessions'}
          </dd>
        </div>
        {user.status === 'invited' ? (
          <div>
            <dt>Invite valid until</dt>
            <dd>{user.inviteExpiresAt ? formatDateTime(user.inviteExpiresAt) : 'expired'}</dd>
          </div>
        ) : null}
      </dl>
      {canManage ? (
        <div className="row" style={{ marginTop: 10, alignItems: 'flex-end' }}>
          <SelectField label={`Role of ${user.email}`} hideLabel value={role} onChange={(v) => setRole(v as Role)} options={ROLE_OPTIONS} />
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={isBusy || role === user.role}
            onClick={() => changeRole.mutate({ id: user.id, role }, { onSuccess: (u) => onNotice(`${u.email} is now ${u.role} and was signed out.`), onError: () => setRole(user.role) })}
          >
            Change role
          </button>
          <button
            type="button"
            className={`button button-small ${user.status === 'disabled' ? 'button-secondary' : 'button-danger'}`}
            disabled={isBusy}
            onClick={() =>
              setDisabled.mutate(
                { id: user.id, disabled: user.status !== 'disabled' },
                { onSuccess: (u) => onNotice(u.status === 'disabled' ? `${u.email} is disabled and was signed out.` : `${u.email} is enabled again.`) },
              )
            }
          >
            {user.status === 'disabled' ? 'Enable' : 'Disable'}
          </button>
          <button
            type="button"
            className="button button-secondary button-small"
            disabled={isBusy || user.activeSessions === 0}
            onClick={() => revoke.mutate(user.id, { onSuccess: (r) => onNotice(`${user.email} was signed out of ${r.revoked} ${r.revoked === 1 ? 'session' : 'sessions'}.`) })}
          >
            Revoke sessions
          </button>
          {user.status === 'invited' ? (
            <button type="button" className="button button-secondary button-small" disabled={isBusy} onClick={() => reissue.mutate(user.id, { onSuccess: onInvite })}>
              New invite link
            </button>
          ) : null}
        </div>
      ) : null}
      {failed ? (
        <p className="state state-error" role="alert" style={{ marginTop: 8 }}>
          {failed instanceof ApiError && failed.fields[0] ? failed.fields[0].message : describeError(failed)}
        </p>
      ) : null}
    </li>
  );
}
