'use client';

import { LINE_TYPES, type MappingRules, type VatCodeRule } from '@/api/flows/types';
import { EditOnly, SelectField, TextField } from '@/ui/fields';
import { CodePicker } from './code-picker';
import type { Choices, ErrorOf } from './rules-draft';

type Props = { rules: MappingRules; onChange: (rules: MappingRules) => void; choices: Choices; errorOf: ErrorOf };

const LINE_TYPE_OPTIONS = [{ value: '*', label: 'Any line' }, ...LINE_TYPES.map((t) => ({ value: t, label: t }))];

/**
 * VAT code by country, tax class, rate and line type. The most specific matching row wins
 * (line type > country > tax class > rate), ties go to the earlier row; `*` matches anything.
 */
export function VatSection({ rules, onChange, choices, errorOf }: Props) {
  const setRow = (index: number, patch: Partial<VatCodeRule>) => onChange({ ...rules, vatCodes: rules.vatCodes.map((r, i) => (i === index ? { ...r, ...patch } : r)) });
  const setRounding = (patch: Partial<MappingRules['rounding']>) => onChange({ ...rules, rounding: { ...rules.rounding, ...patch } });
  return (
    <section className="card" aria-labelledby="vat-heading">
      <h2 id="vat-heading">VAT codes</h2>
      <p className="muted">The most specific row wins: line type, then country, then tax class, then rate. Use * for any.</p>
      {rules.vatCodes.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Country</th>
                <th scope="col">Tax class</th>
                <th scope="col">Rate %</th>
                <th scope="col">Line type</th>
                <th scope="col">Visma VAT code</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rules.vatCodes.map((row, i) => (
                <tr key={i}>
                  <td>
                    <TextField hideLabel label={`VAT rule ${i + 1} country`} value={row.country} onChange={(v) => setRow(i, { country: v.toUpperCase() })} placeholder="NO or *" error={errorOf(`vatCodes[${i}].country`)} />
                  </td>
                  <td>
                    <TextField hideLabel label={`VAT rule ${i + 1} tax class`} value={row.taxClass} onChange={(v) => setRow(i, { taxClass: v })} placeholder="*" error={errorOf(`vatCodes[${i}].taxClass`)} />
                  </td>
                  <td>
                    <TextField hideLabel label={`VAT rule ${i + 1} rate`} value={row.ratePercent} onChange={(v) => setRow(i, { ratePercent: v })} placeholder="25 or *" inputMode="decimal" error={errorOf(`vatCodes[${i}].ratePercent`)} />
                  </td>
                  <td>
                    <SelectField hideLabel label={`VAT rule ${i + 1} line type`} value={row.lineType} onChange={(v) => setRow(i, { lineType: v as VatCodeRule['lineType'] })} options={LINE_TYPE_OPTIONS} />
                  </td>
                  <td>
                    <CodePicker hideLabel label={`VAT rule ${i + 1} VAT code`} value={row.vatCodeId} onChange={(v) => setRow(i, { vatCodeId: v })} options={choices.vatCodes} error={errorOf(`vatCodes[${i}].vatCodeId`)} />
                  </td>
                  <td>
                    <EditOnly>
                      <button type="button" className="link-button" onClick={() => onChange({ ...rules, vatCodes: rules.vatCodes.filter((_, j) => j !== i) })}>
                        Remove<span className="visually-hidden"> VAT rule {i + 1}</span>
                      </button>
                    </EditOnly>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No VAT rules yet: every line would fail with a missing VAT code.</p>
      )}
      <EditOnly>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => onChange({ ...rules, vatCodes: [...rules.vatCodes, { country: '*', taxClass: '*', ratePercent: '*', lineType: '*', vatCodeId: '' }] })}
        >
          Add VAT rule
        </button>
      </EditOnly>
      <h3 style={{ marginTop: 18 }}>Rounding line</h3>
      <div className="form-grid">
        <CodePicker label="Rounding VAT code" value={rules.rounding.vatCodeId} onChange={(v) => setRounding({ vatCodeId: v })} options={choices.vatCodes} error={errorOf('rounding.vatCodeId')} />
        <TextField
          label="Largest rounding fixed"
          value={rules.rounding.maxAdjustment ?? ''}
          onChange={(v) => setRounding({ maxAdjustment: v })}
          placeholder="1"
          inputMode="decimal"
          help="In major units, e.g. 1.00; bigger differences are reported."
          error={errorOf('rounding.maxAdjustment')}
        />
        <TextField label="Rounding line text" value={rules.rounding.description ?? ''} onChange={(v) => setRounding({ description: v })} placeholder="Rounding" />
      </div>
    </section>
  );
}
