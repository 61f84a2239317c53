import {
  type MappingProblem, bigCommerceOrderToSalesDocument, parseMappingRules, toVismaCustomerInvoice, validateMapping,
  validateRulesAgainstReference,
} from '@mlc/mapping';
import { buildOrderBundle } from './bigcommerce-order.factory';
import { RULES_INPUT, testRules } from './mapping-rules.fixture';

const OPTIONS = { storeId: 'store-1', issueDate: '2025-03-31' };

function norwegianOrder() {
  return bigCommerceOrderToSalesDocument(
    buildOrderBundle({
      currency: 'NOK', country: 'NO', inclusive: true, channelId: 5, withTaxRows: true,
      lines: [
        { sku: 'F-1', qty: 1, unit: '115.00', ratePercent: '15' },
        { sku: 'F-2', qty: 1, unit: '57.50', ratePercent: '15' },
      ],
      shipping: { amount: '49.00', ratePercent: '25' },
    }),
    OPTIONS,
  );
}

describe('validateMapping', () => {
  it('should report every missing mapping at once with field names when the rules are nearly empty', () => {
    const rules = parseMappingRules({
      accounts: { byLineType: { product: '3000' } },
      vatCodes: [{ country: 'NO', ratePercent: '25', vatCodeId: '3' }],
      subaccount: { segments: [{ segmentId: 2, source: 'channel', values: { '1': 'WEB' } }] },
    });

    const problems = validateMapping(norwegianOrder(), rules);

    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['missing-vat-code', 'lines[0].vatCode'],
      ['missing-subaccount-value', 'lines[0].subaccount[2]'],
      ['missing-account', 'lines[2].account'],
      ['missing-rounding-account', 'accounts.byLineType.rounding'],
      ['missing-rounding-vat-code', 'rounding.vatCodeId'],
    ]);
    expect(problems[0]?.message).toBe(
      "No VAT code is mapped for 15 % in NO (tax class 'Default Tax Class') on product sales; add one under Mappings → VAT codes.",
    );
    expect(problems[2]?.message).toBe("No ledger account is mapped for shipping (line 'Shipping'); add one under Mappings → Ledger accounts.");
  });

  it('should name the chargeback account when a chargeback line has none, and accept it once set', () => {
    const doc = norwegianOrder();
    const chargeback = { ...doc, lines: doc.lines.map((l) => ({ ...l, accountRole: 'chargeback' as const })) };
    const missing = validateMapping(chargeback, testRules({ subaccount: { segments: [] } }));
    expect(missing.map((p) => p.code)).toContain('missing-account');
    expect(missing.find((p) => p.code === 'missing-account')?.message).toMatch(/for chargebacks .*Ledger accounts → chargeback/);
    const rules = testRules({ subaccount: { segments: [] }, accounts: { ...RULES_INPUT.accounts, byRole: { chargeback: '7770' } } });
    expect(validateMapping(chargeback, rules)).toEqual([]);
  });

  it('should return no problems when every line is mapped', () => {
    expect(validateMapping(norwegianOrder(), testRules({ subaccount: { segments: [] } }))).toEqual([]);
  });

  it('should refuse to build the invoice and return the same problems when a mapping is missing', () => {
    const result = toVismaCustomerInvoice(norwegianOrder(), testRules({ vatCodes: [] }), { customerNumber: '' });

    expect(result.ok).toBe(false);
    const codes = result.ok ? [] : result.problems.map((p: MappingProblem) => p.code);
    expect(codes).toEqual(expect.arrayContaining(['missing-vat-code', 'missing-customer-number', 'missing-subaccount-value']));
  });

  it('should report rounding-too-large instead of inventing a line when the shop totals do not add up', () => {
    const bundle = buildOrderBundle({ currency: 'NOK', country: 'NO', inclusive: true, lines: [{ sku: 'A', qty: 1, unit: '125.00', ratePercent: '25' }] });
    bundle.order.total_inc_tax = '130.0000';
    const doc = bigCommerceOrderToSalesDocument(bundle, OPTIONS);

    const result = toVismaCustomerInvoice(doc, testRules(), { customerNumber: '10001' });

    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['rounding-too-large']);
  });
});

describe('parseMappingRules', () => {
  it('should list every schema issue with its path when the rules are malformed', () => {
    expect(() =>
      parseMappingRules({
        accounts: { overrides: [{ match: {}, accountNumber: '' }] },
        vatCodes: [{ country: 'Norway', ratePercent: '25%', vatCodeId: '3' }],
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid-rules', message: expect.stringContaining('vatCodes[0].ratePercent') }));
  });

  it('should reject an invalid SKU regular expression when rules are saved', () => {
    expect(() => parseMappingRules({ accounts: { overrides: [{ match: { skuRegex: '(' }, accountNumber: '3000' }] } })).toThrow(
      expect.objectContaining({ field: 'accounts.overrides[0].match.skuRegex' }),
    );
  });
});

describe('validateRulesAgainstReference', () => {
  const reference = {
    accounts: ['3000', '3020', '3080', '2960', '3040', '3030', '3050', '7790', '3100', '3200'].map((accountCD) => ({
      accountCD, active: accountCD !== '3050',
    })),
    vatCodes: [
      { vatId: '3', ratePercent: '25', calculateOn: 'DocumentAmount' },
      { vatId: '31', ratePercent: '15', calculateOn: 'ItemAmount' },
      { vatId: '33', ratePercent: '11.11' },
      { vatId: '5', ratePercent: '0' },
      { vatId: '6', ratePercent: '0', calculateOn: 'ItemAmount' },
    ],
    dimensions: [{ segmentId: 1, valueIds: ['10', '20'] }],
  };

  it('should report unknown and inactive accounts, unknown VAT codes, rate and calculation mismatches and unknown segments at once', () => {
    const problems = validateRulesAgainstReference(testRules(), reference);

    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['inactive-account', 'accounts.byLineType.wrapping'],
      ['unknown-account', 'accounts.overrides[0].accountNumber'],
      ['vat-calculation-mismatch', 'vatCodes[1].vatCodeId'],
      ['vat-rate-mismatch', 'vatCodes[2].vatCodeId'],
      ['unknown-vat-code', 'vatCodes[4].vatCodeId'],
      ['unknown-vat-code', 'vatCodes[5].vatCodeId'],
      ['unknown-vat-code', 'vatCodes[6].vatCodeId'],
      ['unknown-vat-code', 'vatCodes[7].vatCodeId'],
      ['unknown-subaccount-value', 'subaccount.segments[0].defaultValue'],
      ['unknown-subaccount-segment', 'subaccount.segments[1].segmentId'],
    ]);
    expect(problems[0]?.message).toContain('Ledger account 3050 (used for gift wrapping) is inactive');
  });

  it('should return no problems when the reference data contain everything the rules use', () => {
    const rules = parseMappingRules({ ...RULES_INPUT, accounts: { ...RULES_INPUT.accounts, overrides: [] }, vatCodes: [{ country: 'NO', ratePercent: '25', vatCodeId: '3' }], subaccount: { segments: [] } });
    const complete = { ...reference, accounts: reference.accounts.map((a) => ({ ...a, active: true })) };

    expect(validateRulesAgainstReference(rules, complete)).toEqual([]);
  });
});
