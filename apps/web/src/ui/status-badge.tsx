const TONES: Record<string, 'good' | 'bad' | 'warn' | 'neutral' | 'busy'> = {
  posted: 'good', ok: 'good', active: 'good', enabled: 'good', succeeded: 'good', done: 'good', merged: 'good',
  failed: 'bad', failing: 'bad',
  warning: 'warn', paused: 'warn', skipped: 'neutral',
  received: 'busy', processing: 'busy', running: 'busy', new: 'neutral', queued: 'neutral', waiting: 'warn',
};

/** A coloured pill for a status word; the word itself is always shown, colour is never the only cue. */
export function StatusBadge({ status, label }: { status: string; label?: string }) {
  return <span className={`badge badge-${TONES[status] ?? 'neutral'}`}>{label ?? status}</span>;
}
