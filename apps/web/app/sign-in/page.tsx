import { Suspense } from 'react';
import { SignInOrInvite } from './_components/sign-in-or-invite';

export const metadata = { title: 'Sign in · ml-connector' };

export default function SignInPage() {
  return (
    <main className="auth-page">
      <Suspense>
        <SignInOrInvite />
      </Suspense>
    </main>
  );
}
