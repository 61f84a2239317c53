import { LINE_TYPE_WORDS, type MappingProblem } from './mapping-problem';
import { compareDecimal, parseDecimal } from './money/decimal';
import type { AccountLineType, MappingRules } from './rules/mapping-rules.schema';

/**
 * Reference data read from the Visma company (shapes reduced from the v1_20250424 spec:
 * `AccountDto` of GET /v1/account, `VatInformationDto` of GET /v1/vat — its rate is the current
 * `schedules[].vatRate` — and `DtoDimension.segments[].segmentValues` of GET /v1/dimension/{id}).
 */
export type VismaReferenceData = {
  accounts: readonly { accountCD: string; active?: boolean; description?: string }[];
  vatCodes: readonly { vatId: string; description?: string; calculateOn?: string; ratePercent?: string }[];
  /** Subaccount segments; omit to skip segment checks. */
  dimensions?: readonly { segmentId: number; valueIds: readonly string[] }[];
};

/**
 * Checks the rules against the company's chart of accounts, VAT codes and subaccount segments and
 * returns every problem at once: unknown or inactive accounts, unknown VAT codes, VAT codes whose
 * Visma rate differs from the rule's rate, VAT codes whose "Calculate on" differs from
 * `rules.invoice.vatCalculation` (our totals would then not match Visma's; 0 % codes are exempt from
 * this check), and unknown segments or
 * segment values. Pure; never throws.
 */
export function validateRulesAgainstReference(rules: MappingRules, reference: VismaReferenceData): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const accounts = new Map(reference.accounts.map((a) => [a.accountCD, a]));
  const checkAccount = (accountNumber: string, field: string, usedFor: string): void => {
    const account = accounts.get(accountNumber);
    if (!account) {
      problems.push({
        code: 'unknown-account',
        field,
        message: `Ledger account ${accountNumber} (used for ${usedFor}) does not exist in the Visma company; pick an existing account under Mappings → Ledger accounts.`,
      });
    } else if (account.active === false) {
      problems.push({
        code: 'inactive-account',
        field,
        message: `Ledger account ${accountNumber} (used for ${usedFor}) is inactive in Visma; activate it or pick another account.`,
      });
    }
  };
  for (const [type, accountNumber] of Object.entries(rules.accounts.byLineType)) {
    if (accountNumber !== undefined) {
      checkAccount(accountNumber, `accounts.byLineType.${type}`, LINE_TYPE_WORDS[type as AccountLineType]);
    }
  }
  for (const [role, accountNumber] of Object.entries(rules.accounts.byRole)) {
    if (accountNumber !== undefined) checkAccount(accountNumber, `accounts.byRole.${role}`, `${role}s`);
  }
  rules.accounts.overrides.forEach((o, i) =>
    checkAccount(o.accountNumber, `accounts.overrides[${i}].accountNumber`, o.label ? `override '${o.label}'` : `override #${i + 1}`),
  );

  const vatCodes = new Map(reference.vatCodes.map((v) => [v.vatId, v]));
  const checkVat = (vatCodeId: string, field: string, ratePercent: string | undefined): void => {
    const vat = vatCodes.get(vatCodeId);
    if (!vat) {
      problems.push({
        code: 'unknown-vat-code',
        field,
        message: `VAT code ${vatCodeId} does not exist in the Visma company; pick an existing code under Mappings → VAT codes.`,
      });
      return;
    }
    if (ratePercent !== undefined && ratePercent !== '*' && vat.ratePercent !== undefined && !sameRate(ratePercent, vat.ratePercent)) {
      problems.push({
        code: 'vat-rate-mismatch',
        field,
        message: `VAT code ${vatCodeId} has rate ${vat.ratePercent} % in Visma but is mapped for ${ratePercent} %; fix the mapping under Mappings → VAT codes.`,
      });
    }
    const effectiveRate = vat.ratePercent ?? ratePercent;
    if (vat.calculateOn !== undefined && vat.calculateOn !== rules.invoice.vatCalculation && !(effectiveRate !== undefined && isZero(effectiveRate))) {
      problems.push({
        code: 'vat-calculation-mismatch',
        field,
        message: `VAT code ${vatCodeId} calculates VAT on '${vat.calculateOn}' in Visma but the connector is set to '${rules.invoice.vatCalculation}'; totals could differ by a few cents. Align the setting under Mappings → Invoice defaults.`,
      });
    }
  };
  rules.vatCodes.forEach((rule, i) => checkVat(rule.vatCodeId, `vatCodes[${i}].vatCodeId`, rule.ratePercent));
  if (rules.rounding.vatCodeId !== undefined) checkVat(rules.rounding.vatCodeId, 'rounding.vatCodeId', '0');

  if (reference.dimensions) {
    const segments = new Map(reference.dimensions.map((d) => [d.segmentId, new Set(d.valueIds)]));
    rules.subaccount.segments.forEach((segment, i) => {
      const values = segments.get(segment.segmentId);
      if (!values) {
        problems.push({
          code: 'unknown-subaccount-segment',
          field: `subaccount.segments[${i}].segmentId`,
          message: `Subaccount segment ${segment.segmentId} does not exist in the Visma company; fix it under Mappings → Subaccounts.`,
        });
        return;
      }
      const used = [...Object.entries(segment.values), ...(segment.defaultValue === undefined ? [] : [['(default)', segment.defaultValue] as const])];
      for (const [key, value] of used) {
        if (values.has(value)) continue;
        problems.push({
          code: 'unknown-subaccount-value',
          field: key === '(default)' ? `subaccount.segments[${i}].defaultValue` : `subaccount.segments[${i}].values.${key}`,
          message: `Value '${value}' of subaccount segment ${segment.segmentId} does not exist in Visma; add it there or fix the mapping under Mappings → Subaccounts.`,
        });
      }
    });
  }
  return problems;
}

function sameRate(a: string, b: string): boolean {
  return compareDecimal(parseDecimal(a, 'ratePercent'), parseDecimal(b, 'ratePercent')) === 0;
}

function isZero(rate: string): boolean {
  return rate !== '*' && parseDecimal(rate, 'ratePercent').units === 0n;
}
