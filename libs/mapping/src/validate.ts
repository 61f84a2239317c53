import type { SalesDocument, SalesLine } from './canonical/sales-document';
import { LINE_TYPE_WORDS, type MappingProblem } from './mapping-problem';
import { parseDecimal } from './money/decimal';
import { MappingError } from './mapping.error';
import type { MappingRules } from './rules/mapping-rules.schema';
import { resolveLedgerAccount, resolveSubaccount, resolveVatCode } from './rules/resolve-rules';

/**
 * Checks that every line of `doc` can be mapped with `rules` and returns **all** problems at once
 * (empty array = mappable): ledger account per line, VAT code per (line type, country, tax class,
 * rate), subaccount segment values, the rounding account and its VAT code, and line quantities.
 * Identical problems (same code and message, e.g. two products with the same unmapped rate) are
 * reported once, at the first line's field.
 * Pure; never throws for missing mappings.
 */
export function validateMapping(doc: SalesDocument, rules: MappingRules): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (doc.lines.length === 0) {
    problems.push({ code: 'empty-document', field: 'lines', message: `Order ${doc.orderNumber} has no lines to post.` });
  }
  doc.lines.forEach((line, index) => problems.push(...lineProblems(doc, line, `lines[${index}]`, rules)));
  if (rules.accounts.byLineType.rounding === undefined) {
    problems.push({
      code: 'missing-rounding-account',
      field: 'accounts.byLineType.rounding',
      message: 'No ledger account is mapped for rounding differences; add one under Mappings → Ledger accounts.',
    });
  }
  if (rules.rounding.vatCodeId === undefined) {
    problems.push({
      code: 'missing-rounding-vat-code',
      field: 'rounding.vatCodeId',
      message: 'No VAT code (exempt / outside scope) is set for rounding lines; choose one under Mappings → Rounding.',
    });
  }
  return dedupe(problems);
}

function lineProblems(doc: SalesDocument, line: SalesLine, field: string, rules: MappingRules): MappingProblem[] {
  const problems: MappingProblem[] = [];
  const label = `line '${line.name}'${line.sku ? ` (SKU ${line.sku})` : ''}`;
  if (!resolveLedgerAccount(line, rules)) {
    problems.push({
      code: 'missing-account',
      field: `${field}.account`,
      message: line.accountRole
        ? `No ledger account is mapped for ${line.accountRole}s (${label}); add one under Mappings → Ledger accounts → ${line.accountRole}.`
        : `No ledger account is mapped for ${LINE_TYPE_WORDS[line.type]} (${label}); add one under Mappings → Ledger accounts.`,
    });
  }
  if (!resolveVatCode({ lineType: line.type, country: line.country, taxClass: line.taxClass, ratePercent: line.taxRatePercent }, rules)) {
    const taxClass = line.taxClassName ?? line.taxClass;
    problems.push({
      code: 'missing-vat-code',
      field: `${field}.vatCode`,
      message:
        `No VAT code is mapped for ${line.taxRatePercent} % in ${line.country || 'an unknown country'}` +
        `${taxClass ? ` (tax class '${taxClass}')` : ''} on ${LINE_TYPE_WORDS[line.type]}; add one under Mappings → VAT codes.`,
    });
  }
  for (const segment of resolveSubaccount(line, doc, rules)) {
    if (segment.ok) continue;
    problems.push({
      code: 'missing-subaccount-value',
      field: `${field}.subaccount[${segment.segment.segmentId}]`,
      message:
        `No value for subaccount segment ${segment.segment.segmentId} is mapped for ${segment.segment.source} ` +
        `'${segment.key}'; add one under Mappings → Subaccounts.`,
    });
  }
  problems.push(...quantityProblems(line, field));
  return problems;
}

function quantityProblems(line: SalesLine, field: string): MappingProblem[] {
  try {
    const quantity = parseDecimal(line.quantity, `${field}.quantity`);
    if (quantity.units > 0n && quantity.scale <= 6) return [];
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
  }
  return [{
    code: 'invalid-quantity',
    field: `${field}.quantity`,
    message: `The quantity '${line.quantity}' of line '${line.name}' is not a positive number.`,
  }];
}

function dedupe(problems: MappingProblem[]): MappingProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
