import {
  type MappingRulesInput, type VismaDocumentLineDraft, bigCommerceOrderToSalesDocument, currencyExponent,
  toVismaCustomerInvoice,
} from '@mlc/mapping';
import { type OrderSpec, buildOrderBundle, d4 } from './bigcommerce-order.factory';
import { ACCOUNTS, RULES_INPUT, testRules } from './mapping-rules.fixture';
import { vismaTotal4 } from './visma-check.helper';

type Row = {
  name: string;
  spec: OrderSpec;
  categories?: Record<string, string[]>;
  rules?: Partial<MappingRulesInput>;
  exchangeRate?: string;
  /** [account, VAT code] per Visma line, in order (rounding line included when expected). */
  lines: [string, string][];
  /** Rounding line amount as the DTO carries it, or null when none is expected. */
  rounding: number | null;
  currency: string;
};

const NO = { currency: 'NOK', country: 'NO' } as const;

const ROWS: Row[] = [
  {
    name: '3 × 33.33 inc 25 % NO with shipping (rounding +0.01)',
    spec: { ...NO, inclusive: true, lines: [{ sku: 'A-1', qty: 3, unit: '33.33', ratePercent: '25' }], shipping: { amount: '49.00', ratePercent: '25' } },
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.shipping, '3'], [ACCOUNTS.rounding, '6']],
    rounding: 0.01,
    currency: 'NOK',
  },
  {
    name: 'NO rates 25/15/12/0 with tax rows, category and SKU overrides',
    spec: {
      ...NO, inclusive: true, withTaxRows: true,
      lines: [
        { sku: 'GEN-1', qty: 1, unit: '125.00', ratePercent: '25' },
        { sku: 'F-1', productId: 900, qty: 2, unit: '23.00', ratePercent: '15' },
        { sku: 'T-1', qty: 1, unit: '112.00', ratePercent: '12' },
        { sku: 'BOOK-1', qty: 1, unit: '200.00', ratePercent: '0' },
      ],
      shipping: { amount: '62.50', ratePercent: '25' },
    },
    categories: { '900': ['23'] },
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.food, '31'], [ACCOUNTS.product, '33'], [ACCOUNTS.books, '5'], [ACCOUNTS.shipping, '3']],
    rounding: null,
    currency: 'NOK',
  },
  {
    name: 'SE rates 25/12/6, prices ex VAT, shipping with VAT',
    spec: {
      currency: 'SEK', country: 'SE', inclusive: false,
      lines: [
        { sku: 'SE-1', qty: 2, unit: '100.00', ratePercent: '25' },
        { sku: 'SE-FOOD', qty: 3, unit: '10.00', ratePercent: '12' },
        { sku: 'SE-BOOK', qty: 1, unit: '99.00', ratePercent: '6' },
      ],
      shipping: { amount: '40.00', ratePercent: '25' },
    },
    lines: [[ACCOUNTS.product, 'SE25'], [ACCOUNTS.product, 'SE12'], [ACCOUNTS.product, 'SE6'], [ACCOUNTS.shipping, 'SE25']],
    rounding: null,
    currency: 'SEK',
  },
  {
    name: 'coupon discount on one product (applied_discounts), two VAT rates',
    spec: {
      ...NO, inclusive: true, couponCodes: ['SUMMER'],
      lines: [
        { sku: 'A-2', qty: 2, unit: '250.00', ratePercent: '25', discount: '50.00', discountCode: 'SUMMER' },
        { sku: 'F-2', qty: 1, unit: '57.50', ratePercent: '15' },
      ],
    },
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.product, '31'], [ACCOUNTS.discount, '3']],
    rounding: null,
    currency: 'NOK',
  },
  {
    name: 'order-level discount spread by largest remainder, prices ex VAT',
    spec: {
      ...NO, inclusive: false, orderDiscount: '23.00',
      lines: [{ sku: 'A-3', qty: 4, unit: '50.00', ratePercent: '25' }, { sku: 'A-4', qty: 1, unit: '30.00', ratePercent: '25' }],
    },
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.product, '3'], [ACCOUNTS.discount, '3'], [ACCOUNTS.discount, '3']],
    rounding: null,
    currency: 'NOK',
  },
  {
    name: 'shipping, handling, wrapping and a fee, all with 25 % VAT',
    spec: {
      ...NO, inclusive: true,
      lines: [{ sku: 'A-5', qty: 1, unit: '100.00', ratePercent: '25' }],
      shipping: { amount: '79.00', ratePercent: '25' },
      handling: { amount: '25.00', ratePercent: '25' },
      wrapping: { amount: '12.50', ratePercent: '25' },
      fees: [{ id: 7, name: 'Package protection', amount: '9.90', ratePercent: '25' }],
    },
    lines: [
      [ACCOUNTS.product, '3'], [ACCOUNTS.shipping, '3'], [ACCOUNTS.handling, '3'], [ACCOUNTS.wrapping, '3'], [ACCOUNTS.fee, '3'],
    ],
    rounding: null,
    currency: 'NOK',
  },
  {
    name: 'gift certificate sold (liability) and one redeemed (payment, not discount)',
    spec: {
      ...NO, inclusive: true, giftCertificateRedeemed: '100.0000',
      lines: [
        { sku: 'GIFT-500', qty: 1, unit: '500.00', ratePercent: '0', type: 'giftcertificate' },
        { sku: 'A-6', qty: 1, unit: '125.00', ratePercent: '25' },
      ],
    },
    lines: [[ACCOUNTS['gift-card'], '6'], [ACCOUNTS.product, '3']],
    rounding: null,
    currency: 'NOK',
  },
  {
    name: 'JPY zero-decimal order, 3 × 333 inc 10 % (rounding −1 yen)',
    spec: { currency: 'JPY', country: 'JP', inclusive: true, lines: [{ sku: 'JP-1', qty: 3, unit: '333', ratePercent: '10' }] },
    lines: [[ACCOUNTS.product, 'JP10'], [ACCOUNTS.rounding, '6']],
    rounding: -1,
    currency: 'JPY',
  },
  {
    name: 'EUR order in a NOK company, invoiced in EUR with the caller’s rate',
    spec: {
      currency: 'EUR', country: 'NO', inclusive: true, storeDefaultCurrency: 'NOK', storeRate: '0.0850000000',
      lines: [{ sku: 'A-7', qty: 2, unit: '19.99', ratePercent: '25' }],
      shipping: { amount: '5.00', ratePercent: '25' },
    },
    exchangeRate: '11.7647',
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.shipping, '3']],
    rounding: null,
    currency: 'EUR',
  },
  {
    name: 'marketplace channel override for products and their discounts',
    spec: { ...NO, inclusive: true, channelId: 2, lines: [{ sku: 'A-8', qty: 1, unit: '125.00', ratePercent: '25', discount: '25.00' }] },
    lines: [[ACCOUNTS.marketplace, '3'], [ACCOUNTS.marketplace, '3']],
    rounding: null,
    currency: 'NOK',
  },
  {
    name: 'manual-amount mode keeps the shop line net (no rounding line)',
    spec: { ...NO, inclusive: true, lines: [{ sku: 'A-1', qty: 3, unit: '33.33', ratePercent: '25' }], shipping: { amount: '49.00', ratePercent: '25' } },
    rules: { invoice: { ...RULES_INPUT.invoice, lineAmountMode: 'manual-amount' } },
    lines: [[ACCOUNTS.product, '3'], [ACCOUNTS.shipping, '3']],
    rounding: null,
    currency: 'NOK',
  },
];

const account = (l: VismaDocumentLineDraft): string => l.accountNumber.value;

describe('toVismaCustomerInvoice (BigCommerce orders)', () => {
  it.each(ROWS)('should balance to the order total with the right accounts and VAT codes when $name', (row) => {
    const bundle = buildOrderBundle(row.spec);
    const doc = bigCommerceOrderToSalesDocument(bundle, {
      storeId: 'store-1', issueDate: '2025-03-31', ...(row.categories ? { productCategoryIds: row.categories } : {}),
    });
    const result = toVismaCustomerInvoice(doc, testRules(row.rules), {
      customerNumber: '10001', ...(row.exchangeRate ? { exchangeRate: row.exchangeRate } : {}),
    });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { document, postingSummary } = result;
    const lines = document.invoiceLines;

    expect(lines.map((l) => [account(l), l.vatCodeId.value])).toEqual(row.lines);
    const orderTotal4 = d4(String(bundle.order.total_inc_tax));
    expect(vismaTotal4(lines, currencyExponent(row.currency))).toBe(orderTotal4);
    const receivable = postingSummary.entries.find((e) => e.kind === 'receivable');
    expect(BigInt(receivable?.debitMinor ?? 0) * 10n ** BigInt(4 - currencyExponent(row.currency))).toBe(orderTotal4);
    expect(postingSummary.balanceMinor).toBe(0);
    expect(postingSummary.totalCreditMinor).toBe(postingSummary.totalDebitMinor);
    const roundingLines = lines.filter((l) => account(l) === ACCOUNTS.rounding);
    expect(roundingLines.map((l) => l.unitPriceInCurrency.value)).toEqual(row.rounding === null ? [] : [row.rounding]);
    expect(document.currencyId.value).toBe(row.currency);
    expect(document.externalReference.value).toBe(`bc:store-1:${bundle.order.id}`);
    expect(document.customerRefNumber.value).toBe(String(bundle.order.id));
  });

  it('should treat a redeemed gift certificate as a settlement, not a discount, when the order used one', () => {
    const bundle = buildOrderBundle(ROWS[6]!.spec);
    const doc = bigCommerceOrderToSalesDocument(bundle, { storeId: 'store-1', issueDate: '2025-03-31' });

    expect(doc.settlements).toEqual([{ method: 'gift-certificate', amountMinor: 10000 }]);
    expect(doc.lines.some((l) => l.type === 'discount')).toBe(false);
    expect(doc.totals.grossMinor).toBe(62500);
  });

  it('should keep the store-default rate for audit and send the caller’s rate when the order is in EUR', () => {
    const row = ROWS[8]!;
    const doc = bigCommerceOrderToSalesDocument(buildOrderBundle(row.spec), { storeId: 'store-1', issueDate: '2025-03-31' });
    const result = toVismaCustomerInvoice(doc, testRules(), { customerNumber: '10001', exchangeRate: '11.7647' });

    expect(doc.fx).toEqual({ storeDefaultCurrency: 'NOK', storeToDocumentRate: '0.085' });
    expect(result.ok && result.document.exchangeRate).toEqual({ value: 11.7647 });
  });

  it('should serialise amounts as exact decimal JSON numbers when the DTO is stringified', () => {
    const doc = bigCommerceOrderToSalesDocument(buildOrderBundle(ROWS[0]!.spec), { storeId: 'store-1', issueDate: '2025-03-31' });
    const result = toVismaCustomerInvoice(doc, testRules(), { customerNumber: '10001' });
    const json = JSON.stringify(result.ok ? result.document.invoiceLines.map((l) => l.unitPriceInCurrency) : null);

    expect(json).toBe('[{"value":26.66},{"value":39.2},{"value":0.01}]');
  });

  it('should split the order-level discount 20 + 3 by line net when 23.00 is spread over 200 and 30', () => {
    const doc = bigCommerceOrderToSalesDocument(buildOrderBundle(ROWS[4]!.spec), { storeId: 'store-1', issueDate: '2025-03-31' });

    expect(doc.lines.filter((l) => l.type === 'discount').map((l) => [l.netMinor, l.taxMinor])).toEqual([[-2000, -500], [-300, -75]]);
  });
});
