'use client';

import { type FormEvent, useState } from 'react';
import { ApiError } from '@/api/api-error';
import { useAcceptInvite } from '@/api/auth/mutations';
import type { User } from '@/api/auth/types';
import { TextField } from '@/ui/fields';
import { describeError } from '@/ui/states';

/** Sets an invited user's first password with the one-time token from their invite link. */
export function AcceptInviteForm({ token, onDone }: { token: string; onDone: (user: User) => void }) {
  const accept = useAcceptInvite();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const error = accept.error instanceof ApiError ? accept.error : undefined;
  const mismatch = repeat !== '' && repeat !== password;
  const tokenProblem = error?.fieldMessage('token');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!mismatch) accept.mutate({ token, password }, { onSuccess: onDone });
  };

  return (
    <div className="card auth-card">
      <p className="brand">
        ml<span>·</span>connector
      </p>
      <h1>Set your password</h1>
      <p className="muted">You were invited. Choose a password of at least 12 characters; a few unrelated words work well.</p>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label="New password" type="password" value={password} onChange={setPassword} autoComplete="new-password" required error={error?.fieldMessage('password')} />
        <TextField label="Repeat new password" type="password" value={repeat} onChange={setRepeat} autoComplete="new-password" required error={mismatch ? 'does not match the new password' : undefined} />
        {tokenProblem || (accept.isError && !error?.fields.length) ? (
          <p className="state state-error" role="alert">
            {tokenProblem ? `The invite link: ${tokenProblem}` : describeError(accept.error)}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={accept.isPending || !password || repeat !== password}>
          {accept.isPending ? 'Saving…' : 'Set password'}
        </button>
      </form>
    </div>
  );
}
