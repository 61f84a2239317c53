'use client';

import { useState } from 'react';
import type { Invite } from '@/api/users/types';
import { formatDateTime } from '@/ui/format';
import { inviteLink } from './user-words';

/** The one-time invite link, shown once after inviting: copy it and send it to the person. */
export function InviteLink({ invite, onDismiss }: { invite: Invite; onDismiss: () => void }) {
  const link = inviteLink(invite.inviteToken);
  const [copied, setCopied] = useState(false);
  return (
    <section className="card" aria-labelledby="invite-link-heading">
      <h2 id="invite-link-heading">Invite link for {invite.user.email}</h2>
      <p className="muted">
        Send this link to {invite.user.email}; it sets their password once and works until {formatDateTime(invite.inviteExpiresAt)}. It is shown only now.
      </p>
      <div className="field">
        <label className="field-label" htmlFor="invite-link">
          Invite link
        </label>
        <input id="invite-link" className="mono" readOnly value={link} onFocus={(e) => e.target.select()} />
      </div>
      <div className="row" style={{ marginTop: 12 }}>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => void navigator.clipboard?.writeText(link).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? 'Copied' : 'Copy link'}
        </button>
        <button type="button" className="button button-secondary button-small" onClick={onDismiss}>
          Done
        </button>
      </div>
    </section>
  );
}
