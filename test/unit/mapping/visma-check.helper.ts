/**
 * Independent re-computation of a Visma draft's total, the way Visma computes it (line amount =
 * quantity × unit price, VAT per VAT code on the summed amounts, half away from zero), in plain
 * bigint 1/10000 units — so table tests check the library against a second calculation.
 */
import type { VismaDocumentLineDraft } from '@mlc/mapping';
import { d4 } from './bigcommerce-order.factory';

/** VAT rate (percent) of each VAT code used in mapping-rules.fixture.ts. */
export const VAT_RATES: Readonly<Record<string, string>> = {
  '3': '25', '31': '15', '33': '12', '5': '0', '6': '0', SE25: '25', SE12: '12', SE6: '6', JP10: '10',
};

function roundHalfAway(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  const q = (abs * 2n + d) / (2n * d);
  return negative ? -q : q;
}

/** Amount of one line in 1/10000 units (manual amount wins when present). */
export function lineAmount4(line: VismaDocumentLineDraft): bigint {
  if (line.manualAmountInCurrency) return d4(String(line.manualAmountInCurrency.value));
  const qty = line.quantity.value;
  if (!Number.isInteger(qty)) throw new Error('helper supports integer quantities only');
  return d4(String(line.unitPriceInCurrency.value)) * BigInt(qty);
}

/** Σ line amounts + Σ VAT per code, in 1/10000 units, for a currency with `exponent` decimals. */
export function vismaTotal4(lines: readonly VismaDocumentLineDraft[], exponent: number): bigint {
  const groups = new Map<string, bigint>();
  let net = 0n;
  for (const line of lines) {
    const amount = lineAmount4(line);
    net += amount;
    groups.set(line.vatCodeId.value, (groups.get(line.vatCodeId.value) ?? 0n) + amount);
  }
  const minorUnit = 10n ** BigInt(4 - exponent);
  let vat = 0n;
  for (const [code, taxable] of groups) {
    const rate = VAT_RATES[code];
    if (rate === undefined) throw new Error(`no test rate for VAT code ${code}`);
    const rateBp = d4(rate) / 100n;
    vat += roundHalfAway(taxable * rateBp, 10000n * minorUnit) * minorUnit;
  }
  return net + vat;
}
