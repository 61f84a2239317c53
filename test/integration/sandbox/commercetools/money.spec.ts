import { allocate, roundDiv, splitTax } from '../../../../apps/sandbox/src/commercetools';

describe('commercetools sandbox money (RoundingMode, TaxCalculationMode of openapi.yaml)', () => {
  it.each([
    [25n, 10n, 'HalfEven', 2n],
    [35n, 10n, 'HalfEven', 4n],
    [25n, 10n, 'HalfUp', 3n],
    [25n, 10n, 'HalfDown', 2n],
    [-25n, 10n, 'HalfEven', -2n],
    [26n, 10n, 'HalfDown', 3n],
  ] as const)('roundDiv(%s, %s, %s) = %s', (n, d, mode, expected) => {
    expect(roundDiv(n, d, mode)).toBe(expected);
  });

  it('should reproduce the spec example of LineItemLevel vs UnitPriceLevel (1.08 × 3 at 19 %)', () => {
    const line = splitTax(108 * 3, 0.19, false);
    expect(line.gross).toBe(386);
    const unit = splitTax(108, 0.19, false);
    expect(unit.gross * 3).toBe(387);
  });

  it('should split gross prices with tax = gross − net exactly', () => {
    expect(splitTax(14_900, 0.15, true)).toEqual({ net: 12_957, gross: 14_900, tax: 1_943 });
    expect(splitTax(34_900, 0, true)).toEqual({ net: 34_900, gross: 34_900, tax: 0 });
  });

  it('should allocate a discount in proportion with parts summing to the total', () => {
    const parts = allocate(5_000, [29_900, 34_900]);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(5_000);
    expect(parts).toEqual([2_307, 2_693]);
  });
});
