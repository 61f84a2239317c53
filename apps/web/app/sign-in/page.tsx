import { Suspense } from 'react';
import { SignInForm } from './_components/sign-in-form';

export const metadata = { title: 'Sign in · ml-connector' };

export default function SignInPage() {
  return (
    <main className="auth-page">
      <Suspense>
        <SignInForm />
      </Suspense>
    </main>
  );
}
