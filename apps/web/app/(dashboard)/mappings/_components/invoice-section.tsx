'use client';

import type { LineAmountMode, MappingRules, VatCalculation } from '@/api/flows/types';
import { CheckboxField, EditOnly, SelectField, TextField } from '@/ui/fields';
import { CodePicker } from './code-picker';
import type { Choices, ErrorOf } from './rules-draft';

type Props = { rules: MappingRules; onChange: (rules: MappingRules) => void; choices: Choices; errorOf: ErrorOf };

/** Customer-invoice defaults: branch, terms, payment methods, VAT calculation, what Visma does on save. */
export function InvoiceSection({ rules, onChange, choices, errorOf }: Props) {
  const invoice = rules.invoice;
  const set = (patch: Partial<MappingRules['invoice']>) => onChange({ ...rules, invoice: { ...invoice, ...patch } });
  const methods = Object.entries(invoice.paymentMethodIds);
  const setMethods = (next: [string, string][]) => set({ paymentMethodIds: Object.fromEntries(next) });
  return (
    <section className="card" aria-labelledby="invoice-heading">
      <h2 id="invoice-heading">Invoice defaults</h2>
      <div className="form-grid">
        <CodePicker label="Branch" value={invoice.branchNumber} onChange={(v) => set({ branchNumber: v })} options={choices.branches} placeholder="Company default" error={errorOf('invoice.branchNumber')} />
        <TextField label="Credit terms id" value={invoice.creditTermsId ?? ''} onChange={(v) => set({ creditTermsId: v })} placeholder="14D" error={errorOf('invoice.creditTermsId')} />
        <TextField label="Customer VAT zone id" value={invoice.customerVatZoneId ?? ''} onChange={(v) => set({ customerVatZoneId: v })} error={errorOf('invoice.customerVatZoneId')} />
        <TextField label="Unit of measure" value={invoice.uom ?? ''} onChange={(v) => set({ uom: v })} placeholder="PCS" error={errorOf('invoice.uom')} />
        <SelectField
          label="Line amounts"
          value={invoice.lineAmountMode ?? 'price-times-quantity'}
          onChange={(v) => set({ lineAmountMode: v as LineAmountMode })}
          options={[
            { value: 'price-times-quantity', label: 'Visma computes quantity × price' },
            { value: 'manual-amount', label: "Keep the shop's line amount" },
          ]}
        />
        <SelectField
          label="VAT calculated on"
          value={invoice.vatCalculation ?? 'DocumentAmount'}
          onChange={(v) => set({ vatCalculation: v as VatCalculation })}
          options={[
            { value: 'DocumentAmount', label: 'Document amount (Visma default)' },
            { value: 'ItemAmount', label: 'Each line' },
          ]}
        />
      </div>
      <div className="row" style={{ marginTop: 12, gap: 20 }}>
        <CheckboxField label="Copy billing address" checked={invoice.copyBillingAddress ?? true} onChange={(v) => set({ copyBillingAddress: v })} />
        <CheckboxField label="Create on hold" checked={invoice.hold ?? false} onChange={(v) => set({ hold: v })} />
        <CheckboxField label="Do not email" checked={invoice.dontEmail ?? true} onChange={(v) => set({ dontEmail: v })} />
        <CheckboxField label="Do not print" checked={invoice.dontPrint ?? true} onChange={(v) => set({ dontPrint: v })} />
      </div>
      <h3 style={{ marginTop: 18 }}>Payment methods</h3>
      <p className="muted">Visma payment method id per shop payment method; * is the fallback.</p>
      <div className="stack">
        {methods.length === 0 ? <p className="muted">None mapped.</p> : null}
        {methods.map(([shop, visma], i) => (
          <div key={i} className="row">
            <TextField label={`Shop payment method ${i + 1}`} value={shop} onChange={(k) => setMethods(methods.map((m, n) => (n === i ? [k, m[1]] : m)))} placeholder="*" />
            <TextField label={`Visma payment method for ${shop || `row ${i + 1}`}`} value={visma} onChange={(v) => setMethods(methods.map((m, n) => (n === i ? [m[0], v] : m)))} error={errorOf(`invoice.paymentMethodIds.${shop}`)} />
            <EditOnly>
              <button type="button" className="link-button" onClick={() => setMethods(methods.filter((_, n) => n !== i))}>
                Remove<span className="visually-hidden"> payment method {shop}</span>
              </button>
            </EditOnly>
          </div>
        ))}
        <EditOnly>
          <div>
            <button type="button" className="button button-secondary button-small" onClick={() => setMethods([...methods, ['', '']])} disabled={methods.some(([k]) => k === '')}>
              Add payment method
            </button>
          </div>
        </EditOnly>
      </div>
    </section>
  );
}
