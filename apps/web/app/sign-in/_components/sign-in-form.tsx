'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { useSignIn } from '@/api/auth/mutations';
import { TextField } from '@/ui/fields';
import { describeError } from '@/ui/states';

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

/** Email + password; on success the API sets the httpOnly session cookie and we go where the user was headed. */
export function SignInForm() {
  const router = useRouter();
  const params = useSearchParams();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    signIn.mutate({ email, password }, { onSuccess: () => router.replace(safeNext(params.get('next'))) });
  };

  return (
    <div className="card auth-card">
      <p className="brand">
        ml<span>·</span>connector
      </p>
      <h1>Sign in</h1>
      <p className="muted">Orders to Visma.net ERP, traceably and exactly once.</p>
      <form className="form" onSubmit={submit} noValidate>
        <TextField label="Email" type="email" value={email} onChange={setEmail} autoComplete="username" required />
        <TextField label="Password" type="password" value={password} onChange={setPassword} autoComplete="current-password" required />
        {signIn.isError ? (
          <p className="state state-error" role="alert">
            {signIn.error instanceof Error && 'status' in signIn.error && signIn.error.status === 401
              ? 'That email and password do not match.'
              : describeError(signIn.error)}
          </p>
        ) : null}
        <button type="submit" className="button" disabled={signIn.isPending || !email || !password}>
          {signIn.isPending ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
