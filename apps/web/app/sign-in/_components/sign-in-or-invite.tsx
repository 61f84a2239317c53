'use client';

import { useEffect, useState } from 'react';
import { AcceptInviteForm } from './accept-invite-form';
import { SignInForm } from './sign-in-form';

/** The invite token of a `/sign-in#invite=<token>` link (in the fragment, so no server or proxy log ever sees it). */
function inviteTokenOf(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('invite');
  return token || undefined;
}

/** Sign-in, or, opened from an invite link, setting the first password and then signing in. */
export function SignInOrInvite() {
  const [token, setToken] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => setToken(inviteTokenOf(window.location.hash)), []);

  if (token) {
    return (
      <AcceptInviteForm
        token={token}
        onDone={(user) => {
          window.history.replaceState(null, '', window.location.pathname + window.location.search);
          setToken(undefined);
          setNotice(`Your password is set, ${user.email}. Sign in with it now.`);
        }}
      />
    );
  }
  return (
    <div className="stack" style={{ width: '100%', maxWidth: 380 }}>
      {notice ? (
        <p className="notice" role="status">
          {notice}
        </p>
      ) : null}
      <SignInForm />
    </div>
  );
}
