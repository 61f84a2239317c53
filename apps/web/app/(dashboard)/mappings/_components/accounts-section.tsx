'use client';

import { ACCOUNT_LINE_TYPES, type AccountOverride, type MappingRules } from '@/api/flows/types';
import { EditOnly, TextField } from '@/ui/fields';
import { CodePicker } from './code-picker';
import { ListField } from './list-field';
import type { Choices, ErrorOf } from './rules-draft';

const LINE_LABELS: Record<(typeof ACCOUNT_LINE_TYPES)[number], string> = {
  product: 'Products', shipping: 'Shipping', discount: 'Discounts', 'gift-card': 'Gift cards',
  fee: 'Fees', handling: 'Handling', wrapping: 'Gift wrapping', rounding: 'Rounding',
};

type Props = { rules: MappingRules; onChange: (rules: MappingRules) => void; choices: Choices; errorOf: ErrorOf };

/** Ledger account per line type, and overrides by category / SKU / channel (first match wins). */
export function AccountsSection({ rules, onChange, choices, errorOf }: Props) {
  const accounts = rules.accounts;
  const setAccounts = (next: Partial<MappingRules['accounts']>) => onChange({ ...rules, accounts: { ...accounts, ...next } });
  const setOverride = (index: number, next: AccountOverride) => setAccounts({ overrides: accounts.overrides.map((o, i) => (i === index ? next : o)) });
  const setMatch = (index: number, o: AccountOverride, key: keyof AccountOverride['match'], value: unknown) => {
    const match: AccountOverride['match'] = { ...o.match, [key]: value };
    if (value === undefined || value === '') delete match[key];
    setOverride(index, { ...o, match });
  };
  return (
    <section className="card" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">Ledger accounts</h2>
      <div className="form-grid">
        {ACCOUNT_LINE_TYPES.map((type) => (
          <CodePicker
            key={type}
            label={`${LINE_LABELS[type]} account`}
            value={accounts.byLineType[type]}
            onChange={(v) => setAccounts({ byLineType: { ...accounts.byLineType, [type]: v } })}
            options={choices.accounts}
            error={errorOf(`accounts.byLineType.${type}`)}
          />
        ))}
        <TextField
          label="Receivable (summary only)"
          value={accounts.receivable ?? ''}
          onChange={(v) => setAccounts({ receivable: v })}
          placeholder="AR"
          help="Visma takes the AR account from the customer class."
        />
      </div>
      <h3 style={{ marginTop: 18 }}>Overrides</h3>
      <p className="muted">The first row that matches a line wins; order them from specific to general. Lists are comma-separated.</p>
      {accounts.overrides.length ? (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Line types</th>
                <th scope="col">Category ids</th>
                <th scope="col">SKU pattern</th>
                <th scope="col">Channel ids</th>
                <th scope="col">Account</th>
                <th scope="col">Label</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {accounts.overrides.map((o, i) => (
                <tr key={i}>
                  <td>
                    <ListField label={`Override ${i + 1} line types`} value={o.match.lineTypes} onChange={(v) => setMatch(i, o, 'lineTypes', v)} error={errorOf(`accounts.overrides[${i}].match.lineTypes`)} />
                  </td>
                  <td>
                    <ListField label={`Override ${i + 1} category ids`} value={o.match.categoryIds} onChange={(v) => setMatch(i, o, 'categoryIds', v)} />
                  </td>
                  <td>
                    <TextField hideLabel label={`Override ${i + 1} SKU pattern`} value={o.match.skuPattern ?? ''} onChange={(v) => setMatch(i, o, 'skuPattern', v)} placeholder="BOOK-*" />
                  </td>
                  <td>
                    <ListField label={`Override ${i + 1} channel ids`} value={o.match.channelIds} onChange={(v) => setMatch(i, o, 'channelIds', v)} />
                  </td>
                  <td>
                    <CodePicker hideLabel label={`Override ${i + 1} account`} value={o.accountNumber} onChange={(v) => setOverride(i, { ...o, accountNumber: v })} options={choices.accounts} error={errorOf(`accounts.overrides[${i}].accountNumber`) ?? errorOf(`accounts.overrides[${i}].match`)} />
                  </td>
                  <td>
                    <TextField hideLabel label={`Override ${i + 1} label`} value={o.label ?? ''} onChange={(v) => setOverride(i, { ...o, label: v })} />
                  </td>
                  <td>
                    <EditOnly>
                      <button type="button" className="link-button" onClick={() => setAccounts({ overrides: accounts.overrides.filter((_, j) => j !== i) })}>
                        Remove<span className="visually-hidden"> override {i + 1}</span>
                      </button>
                    </EditOnly>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="muted">No overrides: every line uses its line type&apos;s account.</p>
      )}
      <EditOnly>
        <button type="button" className="button button-secondary button-small" onClick={() => setAccounts({ overrides: [...accounts.overrides, { match: {}, accountNumber: '' }] })}>
          Add override
        </button>
      </EditOnly>
    </section>
  );
}
