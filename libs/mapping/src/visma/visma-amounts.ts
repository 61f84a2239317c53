import type { SalesDocument, SalesLineType } from '../canonical/sales-document';
import type { MappingProblem } from '../mapping-problem';
import { divideRounded, multiplyDecimal, parseDecimal, pow10, toSafeNumber } from '../money/decimal';
import { formatMinor, parseMinor, percentOfMinor, sumMinor } from '../money/money';
import type { MappingRules } from '../rules/mapping-rules.schema';
import { resolveLedgerAccount, resolveSubaccount, resolveVatCode } from '../rules/resolve-rules';
import type { VismaSegmentDraft } from './visma-documents.dto';

/** One line as Visma will hold it, with the amounts Visma will compute (minor units). */
export type VismaLinePlan = {
  lineId: string;
  type: SalesLineType | 'rounding';
  description: string;
  quantity: string;
  unitPriceMinor: number;
  /** round(quantity × unitPrice) — or the shop's net in `manual-amount` mode. */
  amountMinor: number;
  isManualAmount: boolean;
  accountNumber: string;
  vatCodeId: string;
  ratePercent: string;
  subaccount: VismaSegmentDraft[];
};

/** VAT Visma will compute for one VAT code. */
export type VismaVatPlan = { vatCodeId: string; ratePercent: string; taxableMinor: number; vatMinor: number };

export type VismaDocumentPlan = {
  lines: VismaLinePlan[];
  vat: VismaVatPlan[];
  /** Amount of the rounding line (0 = none), minor units, sign as on the document. */
  roundingAdjustmentMinor: number;
  netMinor: number;
  vatMinor: number;
  grossMinor: number;
};

/**
 * Predicts the Visma document for `doc` and balances it to the shop's gross total.
 *
 * Assumptions about Visma (an Acumatica-based ERP; source for "Calculate on":
 * `VatInformationDto.calculateOn` in the v1_20250424 spec):
 * - prices on lines are **excluding VAT**; line amount = round(quantity × unit price) half away
 *   from zero to the currency's minor unit (in `manual-amount` mode the shop's line net is sent
 *   as `manualAmountInCurrency` and kept);
 * - VAT per VAT code: `DocumentAmount` → round(Σ line amounts × rate), `ItemAmount` →
 *   Σ round(line amount × rate);
 * - document total = Σ line amounts + Σ VAT.
 * When that total differs from `doc.totals.grossMinor` by at most `rules.rounding.maxAdjustment`,
 * a rounding line (rounding account, exempt VAT code, quantity 1) absorbs the difference; a larger
 * difference is returned as a `rounding-too-large` problem (the shop data do not add up).
 * Call only after `validateMapping` returned no problems (mappings are assumed present).
 */
export function planVismaDocument(doc: SalesDocument, rules: MappingRules): { plan: VismaDocumentPlan } | { problems: MappingProblem[] } {
  const isManual = rules.invoice.lineAmountMode === 'manual-amount';
  const lines: VismaLinePlan[] = doc.lines.map((line, index) => {
    const quantity = parseDecimal(line.quantity, `lines[${index}].quantity`);
    const amountMinor = isManual
      ? line.netMinor
      : toSafeNumber(roundProduct(quantity, line.unitPriceExTaxMinor), `lines[${index}].amount`);
    const vatRule = resolveVatCode({ lineType: line.type, country: line.country, taxClass: line.taxClass, ratePercent: line.taxRatePercent }, rules);
    return {
      lineId: line.lineId,
      type: line.type,
      description: line.name,
      quantity: line.quantity,
      unitPriceMinor: line.unitPriceExTaxMinor,
      amountMinor,
      isManualAmount: isManual,
      accountNumber: resolveLedgerAccount(line, rules)?.accountNumber ?? '',
      vatCodeId: vatRule?.vatCodeId ?? '',
      // Visma applies the VAT code's own rate, which the rule states (checked against Visma by
      // validateRulesAgainstReference); the shop's rate may differ slightly when derived from rounded prices.
      ratePercent: vatRule && vatRule.ratePercent !== '*' ? vatRule.ratePercent : line.taxRatePercent,
      subaccount: segments(resolveSubaccount(line, doc, rules)),
    };
  });
  const before = totalsOf(lines, rules);
  const difference = doc.totals.grossMinor - before.sums.grossMinor;
  if (difference === 0) return { plan: { lines, vat: before.vat, roundingAdjustmentMinor: 0, ...before.sums } };
  const maxAdjustment = parseMinor(rules.rounding.maxAdjustment, doc.currency, 'rounding.maxAdjustment');
  if (Math.abs(difference) > maxAdjustment) {
    return {
      problems: [{
        code: 'rounding-too-large',
        field: 'totals.grossMinor',
        message:
          `The lines add up to ${formatMinor(before.sums.grossMinor, doc.currency)} ${doc.currency} but order ${doc.orderNumber} totals ` +
          `${formatMinor(doc.totals.grossMinor, doc.currency)} ${doc.currency}; the difference ${formatMinor(difference, doc.currency)} is more ` +
          `than the allowed rounding of ${rules.rounding.maxAdjustment}. Check the order in the shop.`,
      }],
    };
  }
  const rounding: VismaLinePlan = {
    lineId: 'rounding',
    type: 'rounding',
    description: rules.rounding.description,
    quantity: '1',
    unitPriceMinor: difference,
    amountMinor: difference,
    isManualAmount: false,
    accountNumber: rules.accounts.byLineType.rounding ?? '',
    vatCodeId: rules.rounding.vatCodeId ?? '',
    ratePercent: '0',
    subaccount: segments(resolveSubaccount({ channelId: doc.channelId, country: doc.country }, doc, rules)),
  };
  const withRounding = [...lines, rounding];
  const after = totalsOf(withRounding, rules);
  return { plan: { lines: withRounding, vat: after.vat, roundingAdjustmentMinor: difference, ...after.sums } };
}

function roundProduct(quantity: ReturnType<typeof parseDecimal>, unitPriceMinor: number): bigint {
  const product = multiplyDecimal(quantity, { units: BigInt(unitPriceMinor), scale: 0 });
  return divideRounded(product.units, pow10(product.scale));
}

function segments(resolved: ReturnType<typeof resolveSubaccount>): VismaSegmentDraft[] {
  return resolved.flatMap((s) => (s.ok ? [{ segmentId: s.segmentId, segmentValue: s.segmentValue }] : []));
}

function totalsOf(lines: readonly VismaLinePlan[], rules: MappingRules): {
  vat: VismaVatPlan[];
  sums: { netMinor: number; vatMinor: number; grossMinor: number };
} {
  const groups = new Map<string, { vatCodeId: string; ratePercent: string; amounts: number[] }>();
  for (const line of lines) {
    const key = `${line.vatCodeId}\u0000${line.ratePercent}`;
    const group = groups.get(key) ?? { vatCodeId: line.vatCodeId, ratePercent: line.ratePercent, amounts: [] };
    group.amounts.push(line.amountMinor);
    groups.set(key, group);
  }
  const vat = [...groups.values()].map((g) => {
    const rate = parseDecimal(g.ratePercent, 'ratePercent');
    const taxableMinor = sumMinor(g.amounts);
    const vatMinor =
      rules.invoice.vatCalculation === 'DocumentAmount'
        ? percentOfMinor(taxableMinor, rate)
        : sumMinor(g.amounts.map((a) => percentOfMinor(a, rate)));
    return { vatCodeId: g.vatCodeId, ratePercent: g.ratePercent, taxableMinor, vatMinor };
  });
  const netMinor = sumMinor(lines.map((l) => l.amountMinor));
  const vatMinor = sumMinor(vat.map((v) => v.vatMinor));
  return { vat, sums: { netMinor, vatMinor, grossMinor: netMinor + vatMinor } };
}
