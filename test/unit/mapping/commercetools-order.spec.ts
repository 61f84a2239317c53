import {
  commercetoolsOrderToSalesDocument, commercetoolsRoutingInput, commercetoolsRoutingKeys, type CtLineItem, type CtOrder, describeExternalReference,
  externalReference, MappingError, routeToCompany, type SalesDocument, toVismaCustomerInvoice,
} from '@mlc/mapping';
import { buildOrder, money, officialOrderExample, type OrderSpec, rateDouble, TWO_RATES, uuid } from './commercetools.factory';
import { RULES_INPUT, testRules } from './mapping-rules.fixture';
import { vismaTotal4 } from './visma-check.helper';

/** The fixture company's rules, with the commercetools store key `nordics` mapped to the WEB channel segment. */
const TEST_RULES = testRules({
  subaccount: { segments: (RULES_INPUT.subaccount?.segments ?? []).map((s) => (s.segmentId === 2 ? { ...s, values: { ...s.values, nordics: 'WEB' } } : s)) },
});

const OPTIONS = { projectKey: 'ml-shop' };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const summary = (doc: SalesDocument) => doc.lines.map((l) => [l.lineId, l.type, l.sku ?? '', l.quantity, l.netMinor, l.taxMinor, l.taxRatePercent]);

/** Σ gross = gross, Σ tax = tax, net + tax = gross, on every line and on the document. */
function expectBalanced(doc: SalesDocument): void {
  expect(sum(doc.lines.map((l) => l.grossMinor))).toBe(doc.totals.grossMinor);
  expect(sum(doc.lines.map((l) => l.taxMinor))).toBe(doc.totals.taxMinor);
  expect(doc.totals.netMinor + doc.totals.taxMinor).toBe(doc.totals.grossMinor);
  for (const l of doc.lines) {
    expect(l.netMinor + l.taxMinor).toBe(l.grossMinor);
    expect(Number.isSafeInteger(l.netMinor) && Number.isSafeInteger(l.taxMinor)).toBe(true);
  }
}

/** The Visma draft of the document: posted total (independently recomputed) = the shop's gross, no rounding line. */
function expectVismaBalanced(doc: SalesDocument, roundingMinor = 0): void {
  const result = toVismaCustomerInvoice(doc, TEST_RULES, { customerNumber: '10001' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  expect(result.plan.roundingAdjustmentMinor).toBe(roundingMinor);
  expect(vismaTotal4(result.document.invoiceLines, 2)).toBe(BigInt(doc.totals.grossMinor) * 100n);
}

describe('commercetoolsOrderToSalesDocument on the official order example', () => {
  it('should map order.example.json with its reference, date, line, VAT rate and customer id', () => {
    const order = officialOrderExample();
    const doc = commercetoolsOrderToSalesDocument(order, OPTIONS);
    expect(doc.source).toEqual({
      system: 'commercetools', storeId: 'ml-shop', orderId: order.id,
      externalReference: externalReference({ system: 'commercetools', storeId: 'ml-shop', id: order.id }),
    });
    expect(doc.source.externalReference).toMatch(/^ct:ml-shop:_[a-z2-7]{26}$/);
    expect(describeExternalReference(doc.source.externalReference)).toMatchObject({ id: order.id, kind: 'order' });
    expect(doc).toMatchObject({ kind: 'invoice', orderNumber: order.id, currency: 'EUR', issueDate: '2017-01-04', channelId: '', couponCodes: [], settlements: [] });
    expect(summary(doc)).toEqual([[`product:${order.lineItems[0]?.id ?? ''}`, 'product', 'some-sku-123', '1', 1000, 100, '10']]);
    expect(doc.lines[0]).toMatchObject({ name: 'MyProduct', country: 'DE', taxClassName: 'Bla', categoryIds: ['a5c7e173-9754-4f02-9b18-a600896ae0e1'], unitPriceExTaxMinor: 1000, unitPriceIncTaxMinor: 1100 });
    // No order taxedPrice: the tax is the line's (totalGross − totalNet = 1.00; the sample's taxPortions amount 6.34 is
    // inconsistent upstream), the net is totalPrice (prices exclude tax).
    expect(doc.totals).toEqual({ netMinor: 1000, taxMinor: 100, grossMinor: 1100 });
    expect(doc.customer).toMatchObject({ email: '', shopCustomerId: '7297c742-d8b0-484b-aadc-1d0ba6769dc9' });
    expectBalanced(doc);
  });
});

describe('commercetoolsOrderToSalesDocument amounts (table)', () => {
  it.each<[string, OrderSpec, { lines: (string | number)[][]; totals: SalesDocument['totals'] }]>([
    ['NOK, 25 % and 15 %, shipping, a discount code on one line (separate discount line)', TWO_RATES, {
      lines: [
        [`product:${uuid(1)}`, 'product', 'SHIRT-M', '2', 79800, 19950, '25'], [`discount:${uuid(1)}`, 'discount', '', '1', -7980, -1995, '25'],
        [`product:${uuid(2)}`, 'product', 'COFFEE-500', '3', 26970, 4046, '15'], ['shipping', 'shipping', '', '1', 7900, 1975, '25'],
      ],
      totals: { netMinor: 106690, taxMinor: 23976, grossMinor: 130666 },
    }],
    ['prices including VAT, a line discount and a shipping discount', {
      includedInPrice: true,
      items: [{ id: uuid(3), sku: 'JACKET', qty: 1, unit: 124900, ratePercent: '25', discountPerUnit: 12490 }, { id: uuid(4), sku: 'BREAD', qty: 2, unit: 4990, ratePercent: '15' }],
      shipping: { price: 9900, ratePercent: '25', discount: 4950 },
    }, {
      lines: [
        [`product:${uuid(3)}`, 'product', 'JACKET', '1', 99920, 24980, '25'], [`discount:${uuid(3)}`, 'discount', '', '1', -9992, -2498, '25'],
        [`product:${uuid(4)}`, 'product', 'BREAD', '2', 8678, 1302, '15'],
        ['shipping', 'shipping', '', '1', 7920, 1980, '25'], ['discount:shipping', 'discount', '', '1', -3960, -990, '25'],
      ],
      totals: { netMinor: 102566, taxMinor: 24774, grossMinor: 127340 },
    }],
    ['a discount on the order total over two rates (one discount line per rate, from taxPortions)', { ...TWO_RATES, discountCode: undefined, totalDiscount: 10000 }, {
      lines: [
        [`product:${uuid(1)}`, 'product', 'SHIRT-M', '2', 79800, 19950, '25'], [`discount:${uuid(1)}`, 'discount', '', '1', -7980, -1995, '25'],
        [`product:${uuid(2)}`, 'product', 'COFFEE-500', '3', 26970, 4046, '15'], ['shipping', 'shipping', '', '1', 7900, 1975, '25'],
        ['discount:total:25', 'discount', '', '1', -7472, -1868, '25'], ['discount:total:15', 'discount', '', '1', -2528, -380, '15'],
      ],
      totals: { netMinor: 96690, taxMinor: 21728, grossMinor: 118418 },
    }],
    ['a gift line item (price 0 after the cart discount): product at its price, a 100 % discount line', {
      items: [{ id: uuid(5), sku: 'MUG', qty: 1, unit: 14900, ratePercent: '25', mode: 'GiftLineItem' }, { id: uuid(6), sku: 'TEA', qty: 1, unit: 5000, ratePercent: '15' }],
    }, {
      lines: [
        [`product:${uuid(5)}`, 'product', 'MUG', '1', 14900, 3725, '25'], [`discount:${uuid(5)}`, 'discount', '', '1', -14900, -3725, '25'],
        [`product:${uuid(6)}`, 'product', 'TEA', '1', 5000, 750, '15'],
      ],
      totals: { netMinor: 5000, taxMinor: 750, grossMinor: 5750 },
    }],
    ['a high-precision price: 1000 × 0.0125 NOK = 12.50, rounded once on the line total; VAT 3.125 → 3.12 (HalfEven)', {
      items: [{ id: uuid(7), sku: 'SCREW', qty: 1000, unit: 1, ratePercent: '25', precise: { preciseAmount: 125, fractionDigits: 4 } }],
    }, {
      lines: [[`product:${uuid(7)}`, 'product', 'SCREW', '1000', 1250, 312, '25']],
      totals: { netMinor: 1250, taxMinor: 312, grossMinor: 1562 },
    }],
  ])('%s', (_name, spec, expected) => {
    const doc = commercetoolsOrderToSalesDocument(buildOrder(spec), OPTIONS);
    expect(summary(doc).map(([id, type, sku, , net, tax, rate]) => [id, type, sku, net, tax, rate])).toEqual(expected.lines.map(([id, type, sku, , net, tax, rate]) => [id, type, sku, net, tax, rate]));
    expect(summary(doc).map((l) => l[3])).toEqual(expected.lines.map((l) => l[3]));
    expect(doc.totals).toEqual(expected.totals);
    expectBalanced(doc);
    for (const discount of doc.lines.filter((l) => l.appliesToLineId !== undefined)) {
      expect(doc.lines.find((l) => l.lineId === discount.appliesToLineId)?.taxRatePercent).toBe(discount.taxRatePercent);
    }
  });

  it('should balance the two-rate order to the cent in the Visma draft, with VAT codes 3/31, the discount account and the code', () => {
    const doc = commercetoolsOrderToSalesDocument(buildOrder(TWO_RATES), OPTIONS);
    expect(doc).toMatchObject({ orderNumber: 'CT-1001', channelId: 'nordics', country: 'NO', couponCodes: ['SUMMER10'] });
    const result = toVismaCustomerInvoice(doc, TEST_RULES, { customerNumber: '10001' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(result.document.invoiceLines.map((l) => [l.accountNumber.value, l.vatCodeId.value, l.unitPriceInCurrency.value, l.quantity.value])).toEqual([
      ['3000', '3', 399, 2], ['3080', '3', -79.8, 1], ['3000', '31', 89.9, 3], ['3020', '3', 79, 1],
    ]);
    expectVismaBalanced(doc);
  });

  it('should balance the order-total discount in the Visma draft', () => {
    expectVismaBalanced(commercetoolsOrderToSalesDocument(buildOrder({ ...TWO_RATES, totalDiscount: 10000 }), OPTIONS));
  });

  it('should leave the high-precision cent to the Visma rounding line (manual amounts), and report quantity × 0.01 as too far off', () => {
    const doc = commercetoolsOrderToSalesDocument(buildOrder({ items: [{ id: uuid(7), sku: 'SCREW', qty: 1000, unit: 1, ratePercent: '25', precise: { preciseAmount: 125, fractionDigits: 4 } }] }), OPTIONS);
    expect(doc.lines[0]?.unitPriceExTaxMinor).toBe(1);
    // Visma's VAT is 12.50 × 25 % = 3.125 → 3.13 (half away from zero), commercetools' 3.12 (HalfEven): a −0.01 rounding line.
    const manual = toVismaCustomerInvoice(doc, { ...TEST_RULES, invoice: { ...TEST_RULES.invoice, lineAmountMode: 'manual-amount' } }, { customerNumber: '1' });
    if (!manual.ok) throw new Error(JSON.stringify(manual.problems));
    expect(manual.plan.roundingAdjustmentMinor).toBe(-1);
    expect(manual.plan.grossMinor).toBe(doc.totals.grossMinor);
    // Price × quantity: 1000 × 0.01 = 10.00, 3.12 NOK short of the order: more than the allowed rounding.
    const priced = toVismaCustomerInvoice(doc, TEST_RULES, { customerNumber: '1' });
    expect(priced.ok ? [] : priced.problems.map((p) => p.code)).toEqual(['rounding-too-large']);
  });
});

describe('commercetoolsOrderToSalesDocument tax rounding and calculation modes', () => {
  // 10.05 and 10.15 at 10 %: the exact tax ends in half a cent.
  const halves: OrderSpec = { items: [{ id: uuid(11), sku: 'A', qty: 1, unit: 1005, ratePercent: '10' }, { id: uuid(12), sku: 'B', qty: 1, unit: 1015, ratePercent: '10' }] };
  it.each<[CtOrder['taxRoundingMode'], number[]]>([
    ['HalfEven', [100, 102]], ['HalfUp', [101, 102]], ['HalfDown', [100, 101]], [undefined, [100, 102]],
  ])('should recompute missing taxes with taxRoundingMode %s', (mode, taxes) => {
    const order = buildOrder({ ...halves, withoutTaxedPrices: true });
    order.taxRoundingMode = mode;
    const doc = commercetoolsOrderToSalesDocument(order, OPTIONS);
    expect(doc.lines.map((l) => l.taxMinor)).toEqual(taxes);
    expect(doc.totals).toEqual({ netMinor: 2020, taxMinor: sum(taxes), grossMinor: 2020 + sum(taxes) });
  });

  it.each<[CtOrder['taxRoundingMode']]>([['HalfEven'], ['HalfUp'], ['HalfDown']])('should take commercetools\' own taxes (%s) when present', (mode) => {
    const doc = commercetoolsOrderToSalesDocument(buildOrder({ ...halves, taxRoundingMode: mode ?? 'HalfEven' }), OPTIONS);
    const expected = { HalfEven: [100, 102], HalfUp: [101, 102], HalfDown: [100, 101] }[mode ?? 'HalfEven'];
    expect(doc.lines.map((l) => l.taxMinor)).toEqual(expected);
    expectBalanced(doc);
  });

  it('should follow the TaxCalculationMode example: 3 × 1.08 at 19 % is 3.86 per line, 3.87 per unit', () => {
    const spec: OrderSpec = { currency: 'EUR', country: 'DE', items: [{ id: uuid(13), sku: 'PEN', qty: 3, unit: 108, ratePercent: '19' }], withoutTaxedPrices: true };
    const lineLevel = commercetoolsOrderToSalesDocument(buildOrder(spec), OPTIONS);
    const unitLevel = commercetoolsOrderToSalesDocument(buildOrder({ ...spec, taxCalculationMode: 'UnitPriceLevel' }), OPTIONS);
    expect(lineLevel.totals).toEqual({ netMinor: 324, taxMinor: 62, grossMinor: 386 });
    expect(unitLevel.totals).toEqual({ netMinor: 324, taxMinor: 63, grossMinor: 387 });
  });

  it('should post no tax with taxMode Disabled and owe totalPrice', () => {
    const order = buildOrder({ ...TWO_RATES, withoutTaxedPrices: true });
    order.taxMode = 'Disabled';
    const doc = commercetoolsOrderToSalesDocument(order, OPTIONS);
    expect(doc.lines.every((l) => l.taxMinor === 0)).toBe(true);
    expect(doc.totals).toEqual({ netMinor: 106690, taxMinor: 0, grossMinor: 106690 });
    expectBalanced(doc);
  });
});

describe('commercetoolsOrderToSalesDocument shipping modes and custom line items', () => {
  it('should map Multiple shipping mode: one shipping line per shipping[] entry, a line item split per shipping method', () => {
    const order = buildOrder({ currency: 'EUR', country: 'DE', items: [] });
    const taxedPrice = (net: number, tax: number) => ({ totalNet: money(net, 'EUR'), totalGross: money(net + tax, 'EUR'), taxPortions: [] });
    const item: CtLineItem = {
      ...officialOrderExample().lineItems[0], id: uuid(21), quantity: 3, totalPrice: money(3000, 'EUR'), taxRate: undefined, taxedPrice: undefined,
      perMethodTaxRate: [
        { shippingMethodKey: 'de', taxRate: { name: 'DE 19', amount: rateDouble('19'), includedInPrice: false, country: 'DE' } },
        { shippingMethodKey: 'at', taxRate: { name: 'AT 20', amount: rateDouble('20'), includedInPrice: false, country: 'AT' } },
      ],
      taxedPricePortions: [{ shippingMethodKey: 'de', taxedPrice: taxedPrice(2000, 380) }, { shippingMethodKey: 'at', taxedPrice: taxedPrice(1000, 200) }],
      shippingDetails: { targets: [{ addressKey: 'home', quantity: 2, shippingMethodKey: 'de' }, { addressKey: 'mum', quantity: 1, shippingMethodKey: 'at' }] },
    } as CtLineItem;
    const shippingInfo = (name: string, price: number, percent: string, country: string) => ({
      shippingMethodName: name, price: money(price, 'EUR'), shippingRate: { price: money(price, 'EUR'), tiers: [] }, shippingMethodState: 'MatchesCart',
      taxRate: { name: `${country} ${percent}`, amount: rateDouble(percent), includedInPrice: false, country },
      taxedPrice: taxedPrice(price, Math.round((price * Number(percent)) / 100)),
    });
    const multiple: CtOrder = {
      ...order, lineItems: [item], shippingMode: 'Multiple', shippingInfo: undefined,
      shipping: [
        { shippingKey: 'de', shippingInfo: shippingInfo('DHL', 500, '19', 'DE'), shippingAddress: { key: 'home', country: 'DE' } },
        { shippingKey: 'at', shippingInfo: shippingInfo('Post AT', 900, '20', 'AT'), shippingAddress: { key: 'mum', country: 'AT' } },
      ],
      totalPrice: money(4400, 'EUR'),
      taxedPrice: { totalNet: money(4400, 'EUR'), totalGross: money(5255, 'EUR'), taxPortions: [] },
    };
    const doc = commercetoolsOrderToSalesDocument(multiple, OPTIONS);
    expect(doc.lines.map((l) => [l.lineId, l.quantity, l.netMinor, l.taxMinor, l.taxRatePercent, l.country])).toEqual([
      [`product:${uuid(21)}:de`, '2', 2000, 380, '19', 'DE'], [`product:${uuid(21)}:at`, '1', 1000, 200, '20', 'AT'],
      ['shipping:de', '1', 500, 95, '19', 'DE'], ['shipping:at', '1', 900, 180, '20', 'AT'],
    ]);
    expectBalanced(doc);
  });

  it('should map custom line items: a fee and a negative voucher as a discount line', () => {
    const order = buildOrder({ items: [{ id: uuid(31), sku: 'BAG', qty: 1, unit: 100000, ratePercent: '25' }] });
    const custom = (id: string, slug: string, cents: number, percent: string) => ({
      id, name: { en: slug }, slug, quantity: 1, money: money(cents), totalPrice: money(cents), discountedPricePerQuantity: [],
      taxCategory: { typeId: 'tax-category', id: uuid(600) }, taxRate: { name: 'std', amount: rateDouble(percent), includedInPrice: false, country: 'NO' },
      taxedPrice: { totalNet: money(cents), totalGross: money(cents + Math.round((cents * Number(percent)) / 100)), taxPortions: [] },
    });
    order.customLineItems = [custom(uuid(32), 'gift-wrap', 4000, '25'), custom(uuid(33), 'voucher', -20000, '25')];
    order.taxedPrice = { totalNet: money(84000), totalGross: money(105000), taxPortions: [] };
    const doc = commercetoolsOrderToSalesDocument(order, OPTIONS);
    expect(doc.lines.map((l) => [l.lineId, l.type, l.netMinor, l.taxMinor, l.taxClass])).toEqual([
      [`product:${uuid(31)}`, 'product', 100000, 25000, ''], [`custom:${uuid(32)}`, 'fee', 4000, 1000, uuid(600)], [`custom:${uuid(33)}`, 'discount', -20000, -5000, uuid(600)],
    ]);
    expectBalanced(doc);
  });
});

describe('commercetools routing keys', () => {
  it('should give the store key, then the order country, then the shipping country, and route with routeToCompany', () => {
    const order = buildOrder({ ...TWO_RATES, country: 'SE' });
    order.shippingAddress = { ...order.shippingAddress, country: 'NO' };
    expect(commercetoolsRoutingKeys(order)).toEqual({ storeKey: 'nordics', country: 'SE', shippingCountry: 'NO' });
    order.country = undefined;
    expect(commercetoolsRoutingKeys(order)).toEqual({ storeKey: 'nordics', country: 'NO', shippingCountry: 'NO' });
    const input = commercetoolsRoutingInput(order, 'ml-shop');
    expect(input).toMatchObject({ channelId: 'nordics', country: 'NO', currency: 'NOK', source: { storeId: 'ml-shop' } });
    const routing = { rules: [{ companyId: 'se-co', countries: ['SE'] }, { companyId: 'nordic-co', channelIds: ['nordics'] }] };
    expect(routeToCompany(input, routing)).toEqual({ ok: true, companyId: 'nordic-co', matchedBy: 'rule #2' });
  });
});

describe('commercetoolsOrderToSalesDocument bad input', () => {
  const base = () => buildOrder(TWO_RATES);
  it.each<[string, (o: CtOrder) => void, string, string]>([
    ['a missing id', (o) => { o.id = ''; }, 'missing-field', 'id'],
    ['an unknown currency', (o) => { o.totalPrice = { ...o.totalPrice, currencyCode: 'XXX' }; }, 'unknown-currency', 'totalPrice.currencyCode'],
    ['a line in another currency', (o) => { (o.lineItems[0] as CtLineItem).totalPrice = money(100, 'EUR'); }, 'currency-mismatch', 'lineItems[0].totalPrice.currencyCode'],
    ['a rate above 1', (o) => { (o.lineItems[1] as CtLineItem).taxRate = { name: 'x', amount: 25, includedInPrice: false, country: 'NO' }; }, 'invalid-field', 'lineItems[1].taxRate.amount'],
    ['a fractional quantity', (o) => { (o.lineItems[0] as CtLineItem).quantity = 1.5; }, 'invalid-field', 'lineItems[0].quantity'],
    ['a float centAmount', (o) => { o.shippingInfo = { ...(o.shippingInfo as NonNullable<CtOrder['shippingInfo']>), price: money(79.5) }; }, 'invalid-field', 'shippingInfo.price.centAmount'],
    ['a bad createdAt', (o) => { o.createdAt = '04.01.2017'; }, 'invalid-field', 'createdAt'],
    ['a guest order without e-mail', (o) => { o.customerEmail = undefined; o.customerId = undefined; }, 'missing-field', 'customerEmail'],
    ['an unknown taxRoundingMode', (o) => { o.taxRoundingMode = 'Up' as CtOrder['taxRoundingMode']; }, 'invalid-field', 'taxRoundingMode'],
    ['discounts on more units than the line has', (o) => { const l = o.lineItems[0] as CtLineItem; l.discountedPricePerQuantity = [{ quantity: 3, discountedPrice: { value: money(100) } }]; }, 'invalid-field', 'lineItems[0].discountedPricePerQuantity'],
  ])('should reject %s naming the field', (_name, mutate, code, field) => {
    const order = base();
    mutate(order);
    let error: unknown;
    try {
      commercetoolsOrderToSalesDocument(order, OPTIONS);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MappingError);
    expect(error).toMatchObject({ code, field });
  });
});
