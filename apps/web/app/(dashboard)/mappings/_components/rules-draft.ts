import type { MappingRules, ReferenceData } from '@/api/flows/types';
import type { Option } from '@/ui/fields';

/** Rules of a flow never mapped: every list empty, server defaults for the rest. */
export function emptyRules(): MappingRules {
  return {
    accounts: { byLineType: {}, overrides: [] },
    subaccount: { segments: [] },
    vatCodes: [],
    rounding: {},
    invoice: { paymentMethodIds: {} },
  };
}

/** Fills the parts a stored rule set may lack, so the editor can rely on every list and map existing. */
export function normalizeRules(rules: Partial<MappingRules> | null | undefined): MappingRules {
  const base = emptyRules();
  if (!rules) return base;
  return {
    accounts: { ...base.accounts, ...rules.accounts, byLineType: { ...rules.accounts?.byLineType }, overrides: rules.accounts?.overrides ?? [] },
    subaccount: { segments: (rules.subaccount?.segments ?? []).map((s) => ({ ...s, values: s.values ?? {} })) },
    vatCodes: (rules.vatCodes ?? []).map((v) => ({ ...v, taxClass: v.taxClass ?? '*', lineType: v.lineType ?? '*' })),
    rounding: { ...rules.rounding },
    invoice: { ...rules.invoice, paymentMethodIds: rules.invoice?.paymentMethodIds ?? {} },
  };
}

/** Drops empty strings recursively so optional fields fall back to the server's defaults instead of failing `min(1)`. */
export function cleanRules(rules: MappingRules): MappingRules {
  const clean = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(clean);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .filter(([, v]) => v !== '' && v !== undefined)
          .map(([k, v]) => [k, clean(v)]),
      );
    }
    return typeof value === 'string' ? value.trim() : value;
  };
  return clean(rules) as MappingRules;
}

/** Turns a 400's field list into a lookup by rules path (accepts `vatCodes[0].x` and `rules.vatCodes[0].x`). */
export type ErrorOf = (path: string) => string | undefined;
export function errorLookup(fields: { field: string; message: string }[]): ErrorOf {
  const byPath = new Map<string, string>();
  for (const f of fields) byPath.set(f.field.replace(/^rules\./, ''), f.message);
  return (path) => byPath.get(path);
}

/** Choices built from Visma's reference data (undefined while it is unavailable: fields fall back to text). */
export type Choices = { accounts?: Option[]; vatCodes?: Option[]; branches?: Option[]; segments?: ReferenceData['subaccountSegments'] };

export function choicesOf(data: ReferenceData | undefined): Choices {
  if (!data) return {};
  return {
    accounts: data.accounts
      .filter((a) => a.active)
      .map((a) => ({ value: a.accountCD, label: `${a.accountCD} · ${a.description}` })),
    vatCodes: data.vatCodes.map((v) => ({ value: v.id, label: `${v.id} · ${v.description}${v.rate !== null && v.rate !== undefined ? ` (${v.rate} %)` : ''}` })),
    branches: data.branches.map((b) => ({ value: b.number, label: `${b.number} · ${b.name}` })),
    segments: data.subaccountSegments,
  };
}

/** "a, b ,c" → ['a','b','c'] (undefined when empty, so the criterion is left out). */
export function splitList(text: string): string[] | undefined {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}
