import type { SalesDocument, SalesLine } from '../canonical/sales-document';
import { type Decimal, compareDecimal, parseDecimal, subtractDecimal } from '../money/decimal';
import type { AccountLineType, MappingRules, SubaccountSegmentRule, VatCodeRule } from './mapping-rules.schema';

/** Ledger account chosen for a line and why (for previews and audit). */
export type ResolvedAccount = { accountNumber: string; source: string };

/**
 * Ledger account of `line`: its role's account when it has a role (a chargeback), else the first matching override,
 * else the line type's account (precedence documented in mapping-rules.schema.ts). `undefined` when nothing is mapped.
 */
export function resolveLedgerAccount(line: SalesLine, rules: MappingRules): ResolvedAccount | undefined {
  if (line.accountRole) {
    const byRole = rules.accounts.byRole[line.accountRole];
    return byRole === undefined ? undefined : { accountNumber: byRole, source: `role ${line.accountRole}` };
  }
  const index = rules.accounts.overrides.findIndex((o) => overrideMatches(o.match, line));
  const override = rules.accounts.overrides[index];
  if (override) return { accountNumber: override.accountNumber, source: `override #${index + 1}${override.label ? ` (${override.label})` : ''}` };
  const byType = rules.accounts.byLineType[line.type];
  return byType === undefined ? undefined : { accountNumber: byType, source: `line type ${line.type}` };
}

/** Account configured for a pseudo line type such as 'rounding'. */
export function accountForType(type: AccountLineType, rules: MappingRules): string | undefined {
  return rules.accounts.byLineType[type];
}

function overrideMatches(match: MappingRules['accounts']['overrides'][number]['match'], line: SalesLine): boolean {
  const types = match.lineTypes ?? ['product'];
  if (!types.includes(line.type)) return false;
  if (match.categoryIds && !match.categoryIds.some((id) => line.categoryIds.includes(id))) return false;
  if (match.channelIds && !match.channelIds.includes(line.channelId)) return false;
  if (match.skuPattern && !(line.sku !== undefined && globToRegExp(match.skuPattern).test(line.sku))) return false;
  if (match.skuRegex && !(line.sku !== undefined && compiled(`re:${match.skuRegex}`, () => new RegExp(match.skuRegex ?? '')).test(line.sku))) return false;
  return true;
}

const COMPILED = new Map<string, RegExp>();

/** A rule's pattern compiled once (rules are matched against every line of every order). */
function compiled(key: string, build: () => RegExp): RegExp {
  let re = COMPILED.get(key);
  if (!re) {
    if (COMPILED.size > 1_000) COMPILED.clear();
    re = build();
    COMPILED.set(key, re);
  }
  return re;
}

/** Glob (`*`, `?`) → anchored case-insensitive RegExp; other characters match literally. */
export function globToRegExp(glob: string): RegExp {
  return compiled(`glob:${glob}`, () => {
    const source = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${source}$`, 'i');
  });
}

/**
 * VAT code for a line's (line type, country, tax class, rate): the most specific matching rule
 * (line type 8 > country 4 > tax class 2 > rate 1; ties → earlier rule). Rates compare numerically
 * ("25.00" equals "25"). A rate within `rules.vatRateTolerancePercent` of a rule's rate also matches,
 * ranked below an exact match: shops that derive a line's rate from rounded prices report e.g. 14.9959 %
 * for a 15 % line (BigCommerce orders created with price overrides, tax class "API Tax Override").
 */
export function resolveVatCode(
  key: { lineType: SalesLine['type'] | 'rounding'; country: string; taxClass: string; ratePercent: string },
  rules: MappingRules,
): VatCodeRule | undefined {
  let best: { rule: VatCodeRule; score: number } | undefined;
  const tolerance = parseDecimal(rules.vatRateTolerancePercent, 'vatRateTolerancePercent');
  for (const rule of rules.vatCodes) {
    const score = vatRuleScore(rule, key, tolerance);
    if (score !== undefined && (best === undefined || score > best.score)) best = { rule, score };
  }
  return best?.rule;
}

function vatRuleScore(
  rule: VatCodeRule,
  key: { lineType: string; country: string; taxClass: string; ratePercent: string },
  tolerance: Decimal,
): number | undefined {
  let score = 0;
  if (rule.lineType !== '*') {
    if (rule.lineType !== key.lineType) return undefined;
    score += 8;
  }
  if (rule.country !== '*') {
    if (rule.country !== key.country) return undefined;
    score += 4;
  }
  if (rule.taxClass !== '*') {
    if (rule.taxClass !== key.taxClass) return undefined;
    score += 2;
  }
  if (rule.ratePercent !== '*') {
    const diff = subtractDecimal(parseDecimal(rule.ratePercent, 'ratePercent'), parseDecimal(key.ratePercent, 'ratePercent'));
    if (diff.units === 0n) score += 1;
    else if (compareDecimal(diff.units < 0n ? { units: -diff.units, scale: diff.scale } : diff, tolerance) <= 0) score += 0.5;
    else return undefined;
  }
  return score;
}

/** One subaccount segment value, or the reason it is missing. */
export type ResolvedSegment =
  | { ok: true; segmentId: number; segmentValue: string }
  | { ok: false; segment: SubaccountSegmentRule; key: string };

/** Subaccount segment values for a line of `doc` (store from the document, channel/country from the line). */
export function resolveSubaccount(line: Pick<SalesLine, 'channelId' | 'country'>, doc: SalesDocument, rules: MappingRules): ResolvedSegment[] {
  return rules.subaccount.segments.map((segment) => {
    const key =
      segment.source === 'store' ? doc.source.storeId
        : segment.source === 'channel' ? line.channelId
          : segment.source === 'country' ? line.country
            : '';
    const value = segment.values[key] ?? segment.defaultValue;
    return value === undefined ? { ok: false, segment, key } : { ok: true, segmentId: segment.segmentId, segmentValue: value };
  });
}
