'use client';

import type { MappingRules, SubaccountSegmentRule, SubaccountSource } from '@/api/flows/types';
import { EditOnly, SelectField, TextField } from '@/ui/fields';
import { CodePicker } from './code-picker';
import type { Choices, ErrorOf } from './rules-draft';

type Props = { rules: MappingRules; onChange: (rules: MappingRules) => void; choices: Choices; errorOf: ErrorOf };

const SOURCES: { value: SubaccountSource; label: string }[] = [
  { value: 'country', label: 'By country' },
  { value: 'channel', label: 'By sales channel' },
  { value: 'store', label: 'By store' },
  { value: 'fixed', label: 'Always the default' },
];

/** Subaccount (dimension) segments: each takes its value from store/channel/country, else the default. */
export function SubaccountSection({ rules, onChange, choices, errorOf }: Props) {
  const segments = rules.subaccount.segments;
  const setSegment = (index: number, patch: Partial<SubaccountSegmentRule>) =>
    onChange({ ...rules, subaccount: { segments: segments.map((s, i) => (i === index ? { ...s, ...patch } : s)) } });
  const segmentOptions = choices.segments?.map((s) => ({ value: String(s.segmentId), label: `${s.segmentId} · ${s.description}` }));
  const unused = choices.segments?.find((s) => !segments.some((r) => r.segmentId === s.segmentId));
  return (
    <section className="card" aria-labelledby="sub-heading">
      <h2 id="sub-heading">Subaccount segments</h2>
      {segments.length === 0 ? <p className="muted">No segments mapped: lines go to the default subaccount.</p> : null}
      <div className="stack">
        {segments.map((seg, i) => {
          const values = choices.segments?.find((s) => s.segmentId === seg.segmentId)?.values.map((v) => ({ value: v.value, label: `${v.value} · ${v.description}` }));
          const entries = Object.entries(seg.values);
          const setValues = (next: [string, string][]) => setSegment(i, { values: Object.fromEntries(next) });
          return (
            <fieldset key={i} className="stack">
              <legend>Segment {seg.segmentId}</legend>
              <div className="form-grid">
                <CodePicker label="Segment" value={String(seg.segmentId)} onChange={(v) => setSegment(i, { segmentId: Number(v) })} options={segmentOptions} error={errorOf(`subaccount.segments[${i}].segmentId`)} />
                <SelectField label="Value comes from" value={seg.source} onChange={(v) => setSegment(i, { source: v as SubaccountSource })} options={SOURCES} />
                <CodePicker label="Default value" value={seg.defaultValue} onChange={(v) => setSegment(i, { defaultValue: v })} options={values} placeholder="No default" error={errorOf(`subaccount.segments[${i}].defaultValue`)} />
              </div>
              {seg.source !== 'fixed' ? (
                <div className="stack">
                  {entries.map(([key, value], j) => (
                    <div key={j} className="row">
                      <TextField label={`${seg.source} ${j + 1}`} value={key} onChange={(k) => setValues(entries.map((e, n) => (n === j ? [k, e[1]] : e)))} placeholder={seg.source === 'country' ? 'NO' : '1'} />
                      <CodePicker label={`Value for ${key || `${seg.source} ${j + 1}`}`} value={value} onChange={(v) => setValues(entries.map((e, n) => (n === j ? [e[0], v] : e)))} options={values} />
                      <EditOnly>
                        <button type="button" className="link-button" onClick={() => setValues(entries.filter((_, n) => n !== j))}>
                          Remove<span className="visually-hidden"> {key}</span>
                        </button>
                      </EditOnly>
                    </div>
                  ))}
                  <EditOnly>
                    <div className="row">
                      <button type="button" className="button button-secondary button-small" onClick={() => setValues([...entries, ['', '']])} disabled={entries.some(([k]) => k === '')}>
                        Add {seg.source} value
                      </button>
                      <button type="button" className="link-button" onClick={() => onChange({ ...rules, subaccount: { segments: segments.filter((_, n) => n !== i) } })}>
                        Remove segment {seg.segmentId}
                      </button>
                    </div>
                  </EditOnly>
                </div>
              ) : null}
            </fieldset>
          );
        })}
      </div>
      <EditOnly>
        <button
          type="button"
          className="button button-secondary button-small"
          style={{ marginTop: 12 }}
          onClick={() =>
            onChange({ ...rules, subaccount: { segments: [...segments, { segmentId: unused?.segmentId ?? segments.length + 1, source: 'country', values: {} }] } })
          }
        >
          Add segment
        </button>
      </EditOnly>
    </section>
  );
}
