'use client';

import { useRouter } from 'next/navigation';
import { useSignOutEverywhere } from '@/api/auth/mutations';
import { useCurrentUser } from '@/auth/current-user';
import { describeError } from '@/ui/states';
import { ChangePasswordForm } from './change-password-form';

/** Account page (every role): who you are, change your password, sign out on every device. */
export function AccountView() {
  const me = useCurrentUser();
  const router = useRouter();
  const everywhere = useSignOutEverywhere();
  return (
    <>
      <header className="page-header">
        <div>
          <h1>Account</h1>
          <p>Your sign-in and password.</p>
        </div>
      </header>
      <section className="card" aria-labelledby="me-heading">
        <h2 id="me-heading">You</h2>
        <dl className="facts">
          <div>
            <dt>Email</dt>
            <dd>{me.email}</dd>
          </div>
          <div>
            <dt>Role</dt>
            <dd>{me.role}</dd>
          </div>
        </dl>
      </section>
      <section className="card" aria-labelledby="password-heading">
        <h2 id="password-heading">Change password</h2>
        <ChangePasswordForm />
      </section>
      <section className="card" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Sessions</h2>
        <p className="muted">Signs you out on every device and browser, this one included.</p>
        {everywhere.isError ? (
          <p className="state state-error" role="alert">
            {describeError(everywhere.error)}
          </p>
        ) : null}
        <button type="button" className="button button-secondary" disabled={everywhere.isPending} onClick={() => everywhere.mutate(undefined, { onSuccess: () => router.replace('/sign-in') })}>
          Sign out everywhere
        </button>
      </section>
    </>
  );
}
