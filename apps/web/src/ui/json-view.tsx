import { formatJson } from './format';

/** A titled, scrollable (and keyboard-scrollable) JSON panel. */
export function JsonView({ title, value, emptyText = 'Nothing recorded.' }: { title: string; value: unknown; emptyText?: string }) {
  const id = `json-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className="json-panel" aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {value === undefined || value === null ? (
        <p className="muted">{emptyText}</p>
      ) : (
        <pre tabIndex={0} aria-label={title}>
          {formatJson(value)}
        </pre>
      )}
    </section>
  );
}
