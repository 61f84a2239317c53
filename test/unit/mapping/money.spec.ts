import {
  MappingError, addMoney, allocateMinor, currencyExponent, divideRounded, formatMinor, minorToJsonNumber, parseMinor,
  ratePercentFromAmounts, splitGrossMinor, subtractMoney, parseDecimal,
} from '@mlc/mapping';

describe('money', () => {
  it.each([
    ['10.0000', 'NOK', 1000],
    ['-3.5', 'NOK', -350],
    ['0.005', 'NOK', 1],
    ['-0.005', 'NOK', -1],
    ['0.0049', 'NOK', 0],
    ['-0', 'NOK', 0],
    ['+2', 'EUR', 200],
    ['1000.4', 'JPY', 1000],
    ['1000.5', 'JPY', 1001],
    ['1.2345', 'KWD', 1235],
    ['90071992547409.91', 'USD', 9007199254740991],
  ])('should parse %s %s to %d minor units when rounding half away from zero', (text, currency, expected) => {
    expect(parseMinor(text, currency, 'amount')).toBe(expected);
  });

  it('should read JSON numbers through their shortest decimal form when an API sends floats', () => {
    expect(parseMinor(109.11, 'USD', 'refund.total_amount')).toBe(10911);
    expect(parseMinor(0.1 + 0.2, 'USD', 'x')).toBe(30);
  });

  it.each(['', ' 1', '1,50', '1e3', 'NaN', 'Infinity', '--1', '1.', '.5', 'abc', '1'.repeat(61)])(
    'should throw an invalid-decimal MappingError naming the field when the string is %j',
    (text) => {
      expect(() => parseMinor(text, 'NOK', 'products[2].price_ex_tax')).toThrow(
        expect.objectContaining({ code: 'invalid-decimal', field: 'products[2].price_ex_tax' }),
      );
    },
  );

  it('should throw unsafe-integer when a value exceeds 2^53 − 1 minor units', () => {
    expect(() => parseMinor('90071992547409.92', 'USD', 'total_inc_tax')).toThrow(
      expect.objectContaining({ code: 'unsafe-integer', field: 'total_inc_tax' }),
    );
  });

  it('should throw unknown-currency when the code is not ISO 4217 in the table', () => {
    expect(() => currencyExponent('XYZ', 'default_currency_code')).toThrow(
      expect.objectContaining({ code: 'unknown-currency', field: 'default_currency_code' }),
    );
  });

  it.each([
    [1234, 'NOK', '12.34'],
    [-5, 'NOK', '-0.05'],
    [0, 'EUR', '0.00'],
    [1000, 'JPY', '1000'],
    [1235, 'KWD', '1.235'],
  ])('should format %d %s as %s when converting at the API edge', (minor, currency, expected) => {
    expect(formatMinor(minor, currency)).toBe(expected);
  });

  it('should produce JSON numbers that print exactly the decimal string when serialised', () => {
    expect(JSON.stringify(minorToJsonNumber(1999, 'NOK'))).toBe('19.99');
    expect(JSON.stringify(minorToJsonNumber(-1, 'NOK'))).toBe('-0.01');
    expect(() => minorToJsonNumber(9007199254740991, 'NOK')).toThrow(MappingError);
  });

  it('should add and subtract only in the same currency when combining money', () => {
    expect(addMoney({ amountMinor: 150, currency: 'NOK' }, { amountMinor: 25, currency: 'NOK' })).toEqual({ amountMinor: 175, currency: 'NOK' });
    expect(subtractMoney({ amountMinor: 150, currency: 'NOK' }, { amountMinor: 175, currency: 'NOK' }).amountMinor).toBe(-25);
    expect(() => addMoney({ amountMinor: 1, currency: 'NOK' }, { amountMinor: 1, currency: 'EUR' }, 'totals.gross')).toThrow(
      expect.objectContaining({ code: 'currency-mismatch', field: 'totals.gross' }),
    );
  });

  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [2300, [20000, 3000], [2000, 300]],
    [5, [0, 0], [3, 2]],
    [10, [3, 3, 4], [3, 3, 4]],
    [1, [1, 2], [0, 1]],
  ])('should allocate %d over %j as %j with parts summing to the total', (total, weights, expected) => {
    const parts = allocateMinor(total, weights);
    expect(parts).toEqual(expected);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('should reject negative or empty allocation weights when allocating', () => {
    expect(() => allocateMinor(10, [])).toThrow(MappingError);
    expect(() => allocateMinor(10, [1, -1])).toThrow(MappingError);
  });

  it('should round exact midpoints half-even only when asked to', () => {
    expect(divideRounded(25n, 10n)).toBe(3n);
    expect(divideRounded(25n, 10n, 'half-even')).toBe(2n);
    expect(divideRounded(-25n, 10n)).toBe(-3n);
    expect(divideRounded(35n, 10n, 'half-even')).toBe(4n);
  });

  it('should split gross amounts and derive rates exactly when computing VAT', () => {
    expect(splitGrossMinor(12500, '25')).toEqual({ netMinor: 10000, taxMinor: 2500 });
    expect(splitGrossMinor(3333, '25')).toEqual({ netMinor: 2666, taxMinor: 667 });
    expect(ratePercentFromAmounts(parseDecimal('9.2400', 'x'), parseDecimal('55.9900', 'x'))).toBe('16.5');
    expect(ratePercentFromAmounts(parseDecimal('0', 'x'), parseDecimal('0', 'x'))).toBe('0');
  });
});
