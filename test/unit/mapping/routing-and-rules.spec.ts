import {
  COMPANY_ROUTING_SCHEMA, type SalesLine, globToRegExp, parseMappingRules, resolveLedgerAccount, resolveVatCode, routeToCompany,
} from '@mlc/mapping';

import { testRules } from './mapping-rules.fixture';
const routing = COMPANY_ROUTING_SCHEMA.parse({
  rules: [
    { companyId: 'SE-AB', countries: ['SE'], label: 'Swedish customers' },
    { companyId: 'NO-MKT', storeIds: ['store-1'], channelIds: ['2'] },
    { companyId: 'NO-AS', storeIds: ['store-1'] },
  ],
});

describe('routeToCompany', () => {
  it.each([
    ['store-1', '1', 'SE', 'SEK', 'SE-AB', 'Swedish customers'],
    ['store-1', '2', 'NO', 'NOK', 'NO-MKT', 'rule #2'],
    ['store-1', '1', 'NO', 'EUR', 'NO-AS', 'rule #3'],
  ])('should route store %s channel %s country %s (%s) to %s when the first matching rule says so', (storeId, channelId, country, currency, companyId, matchedBy) => {
    const doc = { source: { system: 'bigcommerce', storeId, orderId: '1', externalReference: 'x' }, channelId, country, currency };

    expect(routeToCompany(doc, routing)).toEqual({ ok: true, companyId, matchedBy });
  });

  it('should report no-company-route when nothing matches and there is no default', () => {
    const doc = { source: { system: 'bigcommerce', storeId: 'store-2', orderId: '1', externalReference: 'x' }, channelId: '1', country: 'DK', currency: 'DKK' };

    const route = routeToCompany(doc, routing);

    expect(route).toMatchObject({ ok: false, problem: { code: 'no-company-route', field: 'routing' } });
    expect(routeToCompany(doc, { ...routing, defaultCompanyId: 'NO-AS' })).toEqual({ ok: true, companyId: 'NO-AS', matchedBy: 'default' });
  });
});

const line = (over: Partial<SalesLine>): SalesLine => ({
  lineId: 'product:1', type: 'product', name: 'X', quantity: '1', unitPriceExTaxMinor: 100, unitPriceIncTaxMinor: 125,
  netMinor: 100, taxMinor: 25, grossMinor: 125, taxRatePercent: '25', taxClass: '0', categoryIds: [], channelId: '1', country: 'NO',
  ...over,
});

describe('rule resolution', () => {
  const rules = parseMappingRules({
    accounts: {
      byLineType: { product: '3000', discount: '3080' },
      overrides: [
        { match: { skuRegex: '^GC-\\d+$' }, accountNumber: '2960' },
        { match: { skuPattern: 'book-*', categoryIds: ['7'] }, accountNumber: '3200' },
        { match: { categoryIds: ['7'] }, accountNumber: '3210' },
      ],
    },
    vatCodes: [
      { country: '*', ratePercent: '25', vatCodeId: 'ANY25' },
      { country: 'NO', ratePercent: '25', vatCodeId: '3' },
      { country: 'NO', taxClass: '4', ratePercent: '25', vatCodeId: '3F' },
      { country: 'NO', lineType: 'gift-card', ratePercent: '*', vatCodeId: '6' },
    ],
  });

  it.each([
    [{ sku: 'GC-100' }, '2960'],
    [{ sku: 'BOOK-9', categoryIds: ['7'] }, '3200'],
    [{ sku: 'MUG-1', categoryIds: ['7'] }, '3210'],
    [{ sku: 'BOOK-9' }, '3000'],
    [{ sku: 'GC-100', type: 'discount' as const }, '3080'],
  ])('should pick the first matching override when the line is %j', (over, account) => {
    expect(resolveLedgerAccount(line(over), rules)?.accountNumber).toBe(account);
  });

  it.each([
    [{ country: 'NO', taxClass: '0', ratePercent: '25.00' }, '3'],
    [{ country: 'NO', taxClass: '4', ratePercent: '25' }, '3F'],
    [{ country: 'SE', taxClass: '0', ratePercent: '25' }, 'ANY25'],
    [{ country: 'NO', taxClass: '0', ratePercent: '0', lineType: 'gift-card' as const }, '6'],
    [{ country: 'NO', taxClass: '0', ratePercent: '15' }, undefined],
  ])('should choose the most specific VAT code when the key is %j', (key, expected) => {
    expect(resolveVatCode({ lineType: 'product', ...key }, rules)?.vatCodeId).toBe(expected);
  });

  it('should book a line with a role on the role\'s account before any override, and leave it unmapped without one', () => {
    const withRole = parseMappingRules({ accounts: { byLineType: { product: '3000' }, byRole: { chargeback: '7770' }, overrides: [{ match: { skuRegex: '.*' }, accountNumber: '3999' }] } });
    expect(resolveLedgerAccount(line({ sku: 'MUG-1', accountRole: 'chargeback' }), withRole)).toEqual({ accountNumber: '7770', source: 'role chargeback' });
    expect(resolveLedgerAccount(line({ sku: 'MUG-1' }), withRole)?.accountNumber).toBe('3999');
    expect(resolveLedgerAccount(line({ sku: 'MUG-1', accountRole: 'chargeback' }), rules)).toBeUndefined();
  });

  it('should match globs literally apart from * and ? when a pattern has regex characters', () => {
    expect(globToRegExp('A.B-*').test('A.B-12')).toBe(true);
    expect(globToRegExp('A.B-*').test('AxB-12')).toBe(false);
    expect(globToRegExp('SK?').test('sku')).toBe(true);
  });
});

describe('resolveVatCode rate tolerance', () => {
  const rules = testRules();
  const key = (ratePercent: string) => ({ lineType: 'product' as const, country: 'NO', taxClass: 'API Tax Override', ratePercent });

  it.each([
    ['15', '31'],
    ['14.9959', '31'],
    ['15.04', '31'],
    ['25.0001', '3'],
  ])('should map a %s %% line to VAT code %s when it is within the tolerance of a rule', (rate, code) => {
    expect(resolveVatCode(key(rate), rules)?.vatCodeId).toBe(code);
  });

  it('should not map a rate further from every rule than the tolerance', () => {
    expect(resolveVatCode(key('14.5'), rules)).toBeUndefined();
  });

  it('should prefer the exact rate over a rule within the tolerance', () => {
    const near = testRules({ vatCodes: [{ country: 'NO', ratePercent: '15.02', vatCodeId: 'NEAR' }, { country: 'NO', ratePercent: '15', vatCodeId: 'EXACT' }] });
    expect(resolveVatCode(key('15'), near)?.vatCodeId).toBe('EXACT');
  });
});
