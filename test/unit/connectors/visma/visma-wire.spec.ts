import {
  DOCUMENT_RAW_KEYS,
  idFromLocation,
  parseVismaTimestamp,
  readVismaRateLimitHeaders,
  toDecimalString,
  toVismaDateTime,
  VISMA_CUSTOMER,
  VISMA_CUSTOMER_INVOICE_INPUT,
  wrap,
} from '@mlc/connectors';

describe('wrap', () => {
  it('should value-wrap scalars and nested DTOs when building a customer request', () => {
    expect(wrap({ number: '10000', name: 'Nordlys', creditLimit: 1500.5, mainContact: { email: 'a@b.no' }, note: undefined, vatZoneId: null })).toEqual({
      number: { value: '10000' },
      name: { value: 'Nordlys' },
      creditLimit: { value: 1500.5 },
      mainContact: { value: { email: { value: 'a@b.no' } } },
      vatZoneId: { value: null },
    });
  });

  it('should keep arrays and raw keys plain when building invoice lines', () => {
    const input = VISMA_CUSTOMER_INVOICE_INPUT.parse({
      customerNumber: '10000',
      documentDate: '2025-03-01',
      externalReference: 'ORD-1001',
      invoiceLines: [{ description: 'Mug', quantity: '2', unitPriceInCurrency: '99.50', accountNumber: '3000', vatCodeId: '3', subaccount: [{ segmentId: 1, segmentValue: '100' }] }],
    });
    expect(wrap(input, DOCUMENT_RAW_KEYS)).toEqual({
      customerNumber: { value: '10000' },
      documentDate: { value: '2025-03-01' },
      externalReference: { value: 'ORD-1001' },
      invoiceLines: [
        {
          operation: 'Insert',
          description: { value: 'Mug' },
          quantity: { value: 2 },
          unitPriceInCurrency: { value: 99.5 },
          accountNumber: { value: '3000' },
          vatCodeId: { value: '3' },
          subaccount: [{ segmentId: 1, segmentValue: '100' }],
        },
      ],
    });
  });

  it('should reject float-looking money when the input is not a decimal string', () => {
    const bad = { customerNumber: '1', documentDate: '2025-03-01', externalReference: 'x', invoiceLines: [{ unitPriceInCurrency: 99.5 }] };
    expect(VISMA_CUSTOMER_INVOICE_INPUT.safeParse(bad).success).toBe(false);
  });
});

describe('idFromLocation', () => {
  it.each([
    ['https://api.finance.visma.net/v1/customer/10042', 'customer', '10042'],
    ['/v1/customerinvoice/000123', 'customerinvoice', '000123'],
    ['http://127.0.0.1:4000/v1/customer/A%2FB%20C', 'customer', 'A/B C'],
    ['https://api.finance.visma.net/v1/customerCreditNote/5', 'customercreditnote', '5'],
  ])('should read the id when Location is %s', (location, collection, id) => {
    expect(idFromLocation(location, collection)).toBe(id);
  });

  it.each([[undefined], [''], ['https://x/v1/supplier/1'], ['/']])('should return undefined when Location is %p', (location) => {
    expect(idFromLocation(location, 'customer')).toBeUndefined();
  });
});

describe('readVismaRateLimitHeaders', () => {
  it('should read limit, remaining and reset seconds when present', () => {
    expect(readVismaRateLimitHeaders({ 'x-ratelimit-limit': '500', 'x-ratelimit-remaining': '42', 'x-ratelimit-reset': '1800', 'x-ratelimit-policy': '4-fixed-window' }, 0)).toEqual({
      limit: 500,
      remaining: 42,
      resetMs: 1_800_000,
    });
  });

  it('should ignore garbage when headers are malformed', () => {
    expect(readVismaRateLimitHeaders({ 'x-ratelimit-remaining': 'lots' }, 0)).toEqual({});
  });
});

describe('money and dates', () => {
  it.each([
    [1250.5, '1250.5'],
    [0.1 + 0.2, '0.30000000000000004'],
    [-12, '-12'],
    [1e-7, '0.0000001'],
  ])('should render %p as a decimal string', (n, s) => {
    expect(toDecimalString(n)).toBe(s);
  });

  it('should turn response amounts into decimal strings when parsing a customer', () => {
    expect(VISMA_CUSTOMER.parse({ number: '1', creditLimit: 2500.75 }).creditLimit).toBe('2500.75');
  });

  it('should format filters as UTC without offset and read offset-less timestamps as UTC', () => {
    const ms = Date.UTC(2025, 0, 31, 13, 5, 9, 120);
    expect(toVismaDateTime(ms)).toBe('2025-01-31 13:05:09.120');
    expect(parseVismaTimestamp('2025-01-31T13:05:09.12')).toBe(ms);
    expect(parseVismaTimestamp('2025-01-31T14:05:09.12+01:00')).toBe(ms);
    expect(parseVismaTimestamp('2025-01-31')).toBe(Date.UTC(2025, 0, 31));
    expect(parseVismaTimestamp('nonsense')).toBeUndefined();
  });
});
