/**
 * toVismaSalesOrder: table rows start from the official BigCommerce sample payloads (bigcommerce-order.factory.ts),
 * every produced body is validated against the official SalesOrderUpdateDto (test/fixtures/visma subset, ajv with
 * additionalProperties: false) and against the connector's own request schema, and the order total is recomputed
 * independently (visma-check.helper.ts) to the cent.
 */
import { VISMA_SALES_ORDER_DOCUMENT } from '@mlc/connectors';
import {
  type MappingRulesInput,
  type VismaDocumentLineDraft,
  type VismaSalesOrderLineDraft,
  type VismaSalesOrderSettingsInput,
  bigCommerceOrderToSalesDocument,
  bigCommerceRefundToSalesDocument,
  currencyExponent,
  parseMappingRules,
  parseVismaSalesOrderSettings,
  toVismaSalesOrder,
  vismaSalesOrderNumber,
} from '@mlc/mapping';
import { VismaSchemaValidator } from '../../integration/sandbox/visma/visma-sandbox.helpers';
import { type OrderSpec, buildOrderBundle, buildRefund, d4 } from './bigcommerce-order.factory';
import { RULES_INPUT, testRules } from './mapping-rules.fixture';
import { vismaTotal4 } from './visma-check.helper';

const schemas = new VismaSchemaValidator({ dateTime: 'offset-optional' });
const SETTINGS_INPUT: VismaSalesOrderSettingsInput = {
  numbering: { prefix: 'BC' },
  inventory: { byLineType: { shipping: 'FRAKT', discount: 'RABATT', fee: 'GEBYR', handling: 'GEBYR', wrapping: 'GEBYR', 'gift-card': 'GAVEKORT', rounding: 'AVRUNDING' } },
};
const settings = (extra: VismaSalesOrderSettingsInput = {}) => parseVismaSalesOrderSettings({ ...SETTINGS_INPUT, ...extra });
const NO = { currency: 'NOK', country: 'NO' } as const;
const docOf = (spec: OrderSpec) => bigCommerceOrderToSalesDocument(buildOrderBundle(spec), { storeId: 'store-1', issueDate: '2025-03-31' });

/** The SO lines in the shape the independent Visma total helper reads (quantity × unit price, VAT per category). */
function asInvoiceLines(lines: readonly VismaSalesOrderLineDraft[]): VismaDocumentLineDraft[] {
  return lines.map((l) => ({
    operation: 'Insert',
    lineNumber: l.lineNbr,
    description: l.lineDescription,
    quantity: l.quantity,
    unitPriceInCurrency: l.unitPrice,
    accountNumber: { value: '' },
    vatCodeId: l.taxCategory,
  }));
}

type Row = { name: string; spec: OrderSpec; rules?: Partial<MappingRulesInput>; lines: [string, string][]; rounding: number | null };

const ROWS: Row[] = [
  {
    name: '3 × 33.33 inc 25 % NO with shipping (rounding +0.01)',
    spec: { ...NO, inclusive: true, lines: [{ sku: 'A-1', qty: 3, unit: '33.33', ratePercent: '25' }], shipping: { amount: '49.00', ratePercent: '25' } },
    lines: [['A-1', '3'], ['FRAKT', '3'], ['AVRUNDING', '6']],
    rounding: 0.01,
  },
  {
    name: 'coupon discount on one product, two VAT rates (discount as its own negative line)',
    spec: {
      ...NO, inclusive: true, couponCodes: ['SUMMER'],
      lines: [{ sku: 'A-2', qty: 2, unit: '250.00', ratePercent: '25', discount: '50.00', discountCode: 'SUMMER' }, { sku: 'F-2', qty: 1, unit: '57.50', ratePercent: '15' }],
    },
    lines: [['A-2', '3'], ['F-2', '31'], ['RABATT', '3']],
    rounding: null,
  },
  {
    name: 'SE rates 25/12/6, prices ex VAT, shipping with VAT',
    spec: {
      currency: 'SEK', country: 'SE', inclusive: false,
      lines: [{ sku: 'SE-1', qty: 2, unit: '100.00', ratePercent: '25' }, { sku: 'SE-FOOD', qty: 3, unit: '10.00', ratePercent: '12' }, { sku: 'SE-BOOK', qty: 1, unit: '99.00', ratePercent: '6' }],
      shipping: { amount: '40.00', ratePercent: '25' },
    },
    lines: [['SE-1', 'SE25'], ['SE-FOOD', 'SE12'], ['SE-BOOK', 'SE6'], ['FRAKT', 'SE25']],
    rounding: null,
  },
  {
    name: 'shipping, handling, wrapping and a fee mapped to non-stock items',
    spec: {
      ...NO, inclusive: true,
      lines: [{ sku: 'A-5', qty: 1, unit: '100.00', ratePercent: '25' }],
      shipping: { amount: '79.00', ratePercent: '25' }, handling: { amount: '25.00', ratePercent: '25' }, wrapping: { amount: '12.50', ratePercent: '25' },
      fees: [{ id: 7, name: 'Package protection', amount: '9.90', ratePercent: '25' }],
    },
    lines: [['A-5', '3'], ['FRAKT', '3'], ['GEBYR', '3'], ['GEBYR', '3'], ['GEBYR', '3']],
    rounding: null,
  },
  {
    name: 'JPY zero-decimal order, 3 × 333 inc 10 % (rounding −1 yen)',
    spec: { currency: 'JPY', country: 'JP', inclusive: true, lines: [{ sku: 'JP-1', qty: 3, unit: '333', ratePercent: '10' }] },
    lines: [['JP-1', 'JP10'], ['AVRUNDING', '6']],
    rounding: -1,
  },
  {
    name: 'manual-amount rules still give quantity × price plus a rounding line (the SO line has no manual amount)',
    spec: { ...NO, inclusive: true, lines: [{ sku: 'A-1', qty: 3, unit: '33.33', ratePercent: '25' }], shipping: { amount: '49.00', ratePercent: '25' } },
    rules: { invoice: { ...RULES_INPUT.invoice, lineAmountMode: 'manual-amount' } },
    lines: [['A-1', '3'], ['FRAKT', '3'], ['AVRUNDING', '6']],
    rounding: 0.01,
  },
];

describe('toVismaSalesOrder (BigCommerce orders)', () => {
  it.each(ROWS)('should balance to the order total with the right items and VAT categories when $name', (row) => {
    const bundle = buildOrderBundle(row.spec);
    const doc = bigCommerceOrderToSalesDocument(bundle, { storeId: 'store-1', issueDate: '2025-03-31' });
    const result = toVismaSalesOrder(doc, testRules(row.rules), settings(), { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { document, key, plan } = result;

    expect(schemas.errors('SalesOrderUpdateDto', document)).toEqual([]);
    expect(() => VISMA_SALES_ORDER_DOCUMENT.parse(document)).not.toThrow();
    expect(document.lines.map((l) => [l.inventoryNumber.value, l.taxCategory.value])).toEqual(row.lines);
    const exponent = currencyExponent(doc.currency);
    const orderTotal4 = d4(String(bundle.order.total_inc_tax));
    expect(vismaTotal4(asInvoiceLines(document.lines), exponent)).toBe(orderTotal4);
    expect(BigInt(plan.grossMinor) * 10n ** BigInt(4 - exponent)).toBe(orderTotal4);
    expect(plan.lines.filter((l) => l.type === 'rounding').map((l) => l.unitPriceMinor / 10 ** exponent)).toEqual(row.rounding === null ? [] : [row.rounding]);
    expect(document.lines.map((l) => l.lineNbr.value)).toEqual(document.lines.map((_l, i) => i + 1));
    expect(document.lines.every((l) => !('accountNumber' in l))).toBe(true);
    expect([document.orderType.value, document.orderNumber?.value, document.overrideNumberSeries?.value]).toEqual(['SO', `BC${bundle.order.id}`, true]);
    expect([document.customerRefNo.value, document.customerOrder.value, document.customer.value, document.currency.value]).toEqual([
      `bc:store-1:${bundle.order.id}`, String(bundle.order.id), '10001', doc.currency,
    ]);
    expect(key).toEqual({ orderType: 'SO', orderNumber: `BC${bundle.order.id}`, customerRefNo: `bc:store-1:${bundle.order.id}` });
  });

  it('should carry branch, subaccount, terms, payment method, dates and both addresses when the rules ask for them', () => {
    const result = toVismaSalesOrder(docOf(ROWS[0]!.spec), testRules(), settings(), { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { document } = result;

    expect([document.date.value, document.requestOn.value, document.branchNumber?.value, document.terms?.value, document.paymentMethod?.value]).toEqual([
      '2025-03-31T00:00:00', '2025-03-31T00:00:00', '1', '14D', 'SHOP',
    ]);
    expect(document.lines[0]?.subaccount).toEqual([{ segmentId: 1, segmentValue: '10' }, { segmentId: 2, segmentValue: 'WEB' }]);
    expect(document.lines[0]?.branchNumber).toEqual({ value: '1' });
    expect(document.soBillingAddress?.value).toMatchObject({ overrideAddress: { value: true }, addressLine1: { value: '555 East Street' }, countryId: { value: 'NO' } });
    expect(document.soBillingContact?.value).toEqual({ overrideContact: { value: true }, name: { value: 'Jane Doe' }, email: { value: 'janedoe@email.com' }, phone1: { value: '1234567890' } });
    expect(document.soShippingAddress?.value.addressLine1).toEqual({ value: '666 Sussex St' });
    expect(document.description.value).toBe('BigCommerce order 247');
    expect(JSON.stringify(document.lines.map((l) => l.unitPrice))).toBe('[{"value":26.66},{"value":39.2},{"value":0.01}]');

    const bare = toVismaSalesOrder(docOf(ROWS[0]!.spec), testRules({ invoice: { copyBillingAddress: false } }), settings({ copyShippingAddress: false }), { customerNumber: '10001' });
    expect(bare.ok && [bare.document.soBillingAddress, bare.document.soShippingAddress, bare.document.branchNumber]).toEqual([undefined, undefined, undefined]);
  });

  it('should let Visma number the order and key it by customerRefNo only when the numbering mode is number-series', () => {
    const result = toVismaSalesOrder(docOf(ROWS[0]!.spec), testRules(), settings({ numbering: { mode: 'number-series' } }), { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));

    expect([result.document.orderNumber, result.document.overrideNumberSeries]).toEqual([undefined, undefined]);
    expect(result.key).toEqual({ orderType: 'SO', orderNumber: undefined, customerRefNo: 'bc:store-1:247' });
    expect(schemas.errors('SalesOrderUpdateDto', result.document)).toEqual([]);
  });

  it('should report every gap at once and no missing ledger account when items, SKU and customer are missing', () => {
    const spec: OrderSpec = { ...NO, inclusive: true, lines: [{ sku: 'A-1', qty: 1, unit: '125.00', ratePercent: '25' }], shipping: { amount: '49.00', ratePercent: '25' } };
    const rules = parseMappingRules({ ...RULES_INPUT, accounts: { byLineType: {} } });
    const result = toVismaSalesOrder(docOf(spec), rules, settings({ inventory: { productsBySku: false, byLineType: {} } }), { customerNumber: ' ' });

    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems.map((p) => [p.code, p.field])).toEqual([
      ['missing-customer-number', 'customerNumber'],
      ['missing-inventory-number', 'lines[0].inventoryNumber'],
      ['missing-inventory-number', 'lines[1].inventoryNumber'],
      ['missing-inventory-number', 'inventory.byLineType.rounding'],
    ]);
    expect(problems[1]?.message).toContain('it has no SKU');
  });

  it('should refuse an order number that is too long or has other characters than letters, digits, - and _', () => {
    const doc = docOf(ROWS[0]!.spec);
    expect(vismaSalesOrderNumber(doc, settings({ numbering: { prefix: 'WEBNORD-' } }))).toEqual({ ok: true, orderNumber: 'WEBNORD-247' });
    const tooLong = vismaSalesOrderNumber(doc, settings({ numbering: { prefix: 'WEBNORD-', maxLength: 10 } }));
    expect(tooLong.ok ? undefined : tooLong.problem.code).toBe('invalid-order-number');
    const result = toVismaSalesOrder({ ...doc, orderNumber: '247/2' }, testRules(), settings(), { customerNumber: '10001' });
    expect(result.ok ? [] : result.problems.map((p) => p.code)).toEqual(['invalid-order-number']);
  });

  it('should refuse a credit note: only orders become sales orders', () => {
    const refund = buildRefund({ id: 9, order_id: 247, total_amount: 33.33, total_tax: 6.67, items: [{ item_type: 'PRODUCT', item_id: 100, quantity: 1, requested_amount: null }] });
    const note = bigCommerceRefundToSalesDocument(buildOrderBundle(ROWS[0]!.spec), refund, { storeId: 'store-1', issueDate: '2025-03-31' });
    const result = toVismaSalesOrder(note, testRules(), settings(), { customerNumber: '10001' });
    expect(result.ok ? [] : result.problems.map((p) => [p.code, p.field])).toEqual([['empty-document', 'kind']]);
  });

  it('should refuse a settings value that breaks the rules of the schema', () => {
    expect(() => parseVismaSalesOrderSettings({ numbering: { prefix: 'BC 1' } })).toThrow(/numbering\.prefix/);
  });
});
