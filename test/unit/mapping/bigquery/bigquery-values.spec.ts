import fc from 'fast-check';
import { MappingError, plainNumberText, toDateText, toInt64Text, toNumericText, toTimestampText } from '@mlc/mapping';

describe('NUMERIC text', () => {
  it.each([
    [0.1, '0.1', false],
    [0.1 + 0.2, '0.3', true],
    [1e-7, '0.0000001', false],
    [1.5e-7, '0.00000015', false],
    [1e-10, '0', true],
    [5e-10, '0.000000001', true],
    [-5e-10, '-0.000000001', true],
    [-4e-10, '0', true],
    [-0, '0', false],
    [1e21, '1000000000000000000000', false],
    [123456789012.3456, '123456789012.3456', false],
    [9999999999999.99, '9999999999999.99', false],
    // 16 significant digits exceed a double: JSON.parse already made this 99999999999999.984375; a lossless parser's
    // string keeps it.
    [Number('99999999999999.99'), '99999999999999.98', false],
    ['99999999999999.99', '99999999999999.99', false],
    [-1234.5, '-1234.5', false],
    [42, '42', false],
    ['10.5000', '10.5000', false],
    ['+007.25', '7.25', false],
    ['1E-7', '0.0000001', false],
    ['99999999999999999999999999999.999999999', '99999999999999999999999999999.999999999', false],
    ['0.1234567894', '0.123456789', true],
    ['0.1234567895', '0.12345679', true],
  ])('should write %p as %j (rounded: %p)', (value, text, isRounded) => {
    expect(toNumericText(value, 'amount')).toEqual({ text, isRounded });
  });

  it.each([NaN, Infinity, -Infinity, 1e30, '1e29', 'abc', '1,5', '', '99999999999999999999999999999.9999999995'])('should reject %p with a MappingError naming the field', (value) => {
    expect(() => toNumericText(value, 'invoiceLines[0].amount')).toThrow(MappingError);
    expect(() => toNumericText(value, 'invoiceLines[0].amount')).toThrow(/^invoiceLines\[0\]\.amount: /);
  });

  it('should write every finite double without an exponent, reading back to the same double', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
      const text = plainNumberText(n, 'x');
      expect(text).toMatch(/^-?\d+(\.\d+)?$/);
      expect(Number(text)).toBe(n === 0 ? 0 : n);
    }));
  });

  it('should keep every double of up to 9 decimals and 15 significant digits exactly as written', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n) + 1n, max: 10n ** 15n - 1n }), fc.integer({ min: 0, max: 9 }), (units, scale) => {
      const negative = units < 0n;
      const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
      const written = `${negative ? '-' : ''}${digits.slice(0, digits.length - scale)}${scale ? `.${digits.slice(-scale)}` : ''}`;
      const canonical = written.includes('.') ? written.replace(/0+$/, '').replace(/\.$/, '') : written;
      const expected = /^-0(\.0*)?$/.test(canonical) || canonical === '-0' ? '0' : canonical.replace(/^(-?)0+(?=\d)/, '$1');
      expect(toNumericText(Number(written), 'x')).toEqual({ text: expected, isRounded: false });
    }));
  });
});

describe('INT64 text', () => {
  it.each([[42, '42'], [-7, '-7'], ['9223372036854775807', '9223372036854775807'], [12n, '12']] as const)('should write %p as %j', (value, text) => {
    expect(toInt64Text(value, 'n')).toBe(text);
  });
  it.each([1.5, 2 ** 53, '9223372036854775808', 'x'])('should reject %p', (value) => {
    expect(() => toInt64Text(value, 'documentVersionNumber')).toThrow(/^documentVersionNumber: /);
  });
});

describe('TIMESTAMP and DATE text', () => {
  it.each([
    ['2025-03-31T00:00:00', '2025-03-31T00:00:00Z'],
    ['2025-03-31T14:05:09.123', '2025-03-31T14:05:09.123Z'],
    ['2025-03-31T14:05:09.1234567', '2025-03-31T14:05:09.123456Z'],
    ['2025-03-31 14:05:09', '2025-03-31T14:05:09Z'],
    ['2025-03-31', '2025-03-31T00:00:00Z'],
    ['2025-03-31T00:30:00+01:00', '2025-03-30T23:30:00Z'],
    ['2025-12-31T23:30:00-02:00', '2026-01-01T01:30:00Z'],
    ['2025-03-31T10:00:00.000Z', '2025-03-31T10:00:00.000Z'],
    ['0001-01-01T00:00:00', '0001-01-01T00:00:00Z'],
    ['2024-02-29T12:00:00', '2024-02-29T12:00:00Z'],
  ])('should read %j as %j (offset-less = UTC)', (text, expected) => {
    expect(toTimestampText(text, 'date')).toBe(expected);
  });

  it.each(['2025-02-29T00:00:00', '2025-13-01', '2025-03-31T24:00:00', '31.03.2025', '', '0001-01-01T00:00:00+01:00'])('should reject %j naming the field', (text) => {
    expect(() => toTimestampText(text, 'dueDate')).toThrow(/^dueDate: /);
  });

  it('should take the calendar date as written for a DATE', () => {
    expect(toDateText('2025-03-31T23:59:59+05:00', 'd')).toBe('2025-03-31');
    expect(toDateText('2025-03-31', 'd')).toBe('2025-03-31');
    expect(() => toDateText('2025-04-31', 'd')).toThrow(MappingError);
  });
});
