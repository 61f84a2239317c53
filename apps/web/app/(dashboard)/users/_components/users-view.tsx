'use client';

import { useState } from 'react';
import { useUsers } from '@/api/users/queries';
import type { Invite } from '@/api/users/types';
import { useCan, useCurrentUser } from '@/auth/current-user';
import { EmptyState, QueryView } from '@/ui/states';
import { InviteForm } from './invite-form';
import { InviteLink } from './invite-link';
import { UserItem } from './user-item';

/**
 * Users page (admins manage; the auditor may look): every user with role, status and last sign-in; invite or create
 * one; change a role, disable or enable, revoke sessions. Changing a role or disabling signs the user out at once.
 */
export function UsersView() {
  const users = useUsers();
  const me = useCurrentUser();
  const canView = useCan('user.view');
  const canManage = useCan('user.manage');
  const [isAdding, setAdding] = useState(false);
  const [invite, setInvite] = useState<Invite | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (!canView) return <EmptyState title="Only admins manage users.">Ask an admin to change your role.</EmptyState>;
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Users</h1>
          <p>Who may sign in, with which role. Disabled users are signed out at once.</p>
        </div>
        {canManage ? (
          <button
            type="button"
            className="button"
            aria-expanded={isAdding}
            aria-controls={isAdding ? 'new-user' : undefined}
            onClick={() => {
              setAdding((v) => !v);
              setNotice(null);
            }}
          >
            {isAdding ? 'Cancel' : 'Invite user'}
          </button>
        ) : null}
      </header>
      <div role="status" aria-live="polite">
        {notice ? <p className="notice">{notice}</p> : null}
      </div>
      {invite ? <InviteLink invite={invite} onDismiss={() => setInvite(null)} /> : null}
      {isAdding ? (
        <section id="new-user" className="card" aria-labelledby="new-user-heading">
          <h2 id="new-user-heading">Invite a user</h2>
          <InviteForm
            onInvited={(created) => {
              setAdding(false);
              setInvite(created);
              setNotice(`${created.user.email} was invited.`);
            }}
            onCreated={(user) => {
              setAdding(false);
              setNotice(`${user.email} was created and can sign in now.`);
            }}
          />
        </section>
      ) : null}
      <section className="card" aria-labelledby="users-heading">
        <h2 id="users-heading">All users</h2>
        <QueryView query={users} what="Users" isEmpty={(list) => list.length === 0}>
          {(list) => (
            <ul className="export-list">
              {list.map((user) => (
                <UserItem key={`${user.id}:${user.role}`} user={user} isSelf={user.id === me.id} canManage={canManage} onNotice={setNotice} onInvite={setInvite} />
              ))}
            </ul>
          )}
        </QueryView>
      </section>
    </>
  );
}
