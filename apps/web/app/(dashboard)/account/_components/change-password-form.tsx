'use client';

import { type FormEvent, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useChangePassword } from '@/api/auth/mutations';
import { TextField } from '@/ui/fields';
import { describeError } from '@/ui/states';

/**
 * Changes the signed-in user's own password (any role). Needs the current one; the API checks the new one (12+
 * characters, not common or breached) and signs every other device out; this browser stays signed in.
 */
export function ChangePasswordForm() {
  const change = useChangePassword();
  const [currentPassword, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [isDone, setDone] = useState(false);
  const error = change.error instanceof ApiError ? change.error : undefined;
  const mismatch = repeat !== '' && repeat !== password;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    setDone(false);
    change.mutate(
      { currentPassword, password },
      {
        onSuccess: () => {
          setDone(true);
          setCurrent('');
          setPassword('');
          setRepeat('');
        },
      },
    );
  };

  return (
    <form className="form" onSubmit={submit} noValidate>
      <TextField label="Current password" type="password" value={currentPassword} onChange={setCurrent} autoComplete="current-password" required error={error?.fieldMessage('currentPassword')} />
      <TextField
        label="New password"
        type="password"
        value={password}
        onChange={setPassword}
        autoComplete="new-password"
        required
        help="At least 12 characters; a few unrelated words work well."
        error={error?.fieldMessage('password')}
      />
      <TextField label="Repeat new password" type="password" value={repeat} onChange={setRepeat} autoComplete="new-password" required error={mismatch ? 'does not match the new password' : undefined} />
      {change.isError && !error?.fields.length ? (
        <p className="state state-error" role="alert">
          {describeError(change.error)}
        </p>
      ) : null}
      <div role="status" aria-live="polite">
        {isDone ? <p className="notice">Your password was changed. Your other devices were signed out.</p> : null}
      </div>
      <div className="row">
        <button type="submit" className="button" disabled={change.isPending || !currentPassword || !password || repeat !== password}>
          {change.isPending ? 'Changing…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}
