'use client';

import { type FormEvent, useState } from 'react';
import { ApiError } from '@/api/api-error';
import type { Role } from '@/api/auth/types';
import { useCreateUser, useInviteUser } from '@/api/users/mutations';
import type { Invite, ManagedUser } from '@/api/users/types';
import { SelectField, TextField } from '@/ui/fields';
import { describeError } from '@/ui/states';
import { ROLE_OPTIONS, ROLE_WORDS } from './user-words';

/**
 * Adds a user: by invite (default; the person sets their own password with a one-time link) or with an initial
 * password the admin passes on. The API checks the password policy (12+ characters, not a common or breached password).
 */
export function InviteForm({ onInvited, onCreated }: { onInvited: (invite: Invite) => void; onCreated: (user: ManagedUser) => void }) {
  const invite = useInviteUser();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('support');
  const [withPassword, setWithPassword] = useState(false);
  const [password, setPassword] = useState('');
  const mutation = withPassword ? create : invite;
  const error = mutation.error instanceof ApiError ? mutation.error : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (withPassword) create.mutate({ email, role, password }, { onSuccess: onCreated });
    else invite.mutate({ email, role }, { onSuccess: onInvited });
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label="Email" type="email" value={email} onChange={setEmail} required error={error?.fieldMessage('email')} />
      <SelectField label="Role" value={role} onChange={(v) => setRole(v as Role)} options={ROLE_OPTIONS} help={ROLE_WORDS[role]} error={error?.fieldMessage('role')} />
      <fieldset>
        <legend>How they get a password</legend>
        <div className="field field-checkbox">
          <input id="invite-mode-link" type="radio" name="invite-mode" checked={!withPassword} onChange={() => setWithPassword(false)} />
          <label htmlFor="invite-mode-link">Send an invite link (they choose their password)</label>
        </div>
        <div className="field field-checkbox">
          <input id="invite-mode-password" type="radio" name="invite-mode" checked={withPassword} onChange={() => setWithPassword(true)} />
          <label htmlFor="invite-mode-password">Set an initial password</label>
        </div>
      </fieldset>
      {withPassword ? (
        <TextField
          label="Initial password"
          type="password"
          value={password}
          onChange={setPassword}
          autoComplete="new-password"
          required
          help="At least 12 characters; a few unrelated words work well."
          error={error?.fieldMessage('password')}
        />
      ) : null}
      {mutation.isError && !error?.fields.length ? (
        <p className="state state-error" role="alert">
          {describeError(mutation.error)}
        </p>
      ) : null}
      <div className="row">
        <button type="submit" className="button" disabled={mutation.isPending || !email || (withPassword && !password)}>
          {mutation.isPending ? 'Saving…' : withPassword ? 'Create user' : 'Invite user'}
        </button>
      </div>
    </form>
  );
}
