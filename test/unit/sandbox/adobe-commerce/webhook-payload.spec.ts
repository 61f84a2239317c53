import { filterPayload, rulesPass, valueAt } from '../../../../apps/sandbox/src/adobe-commerce/webhook-payload';

const PAYLOAD = {
  eventName: 'sales_order_save_after',
  data: { order: { entity_id: 7, increment_id: '000000007', order_currency_code: 'SEK', grand_total: 1330.48, items: [{ sku: 'MH01-S-Gray', qty_ordered: 1 }, { sku: 'WS12-M-Orange', qty_ordered: 2 }] } },
};

describe('Adobe Commerce webhook payloads', () => {
  it('should send the default payload when no fields are subscribed', () => {
    expect(filterPayload(PAYLOAD, [])).toBe(PAYLOAD);
  });

  it('should copy, rename and map arrays as hooks.md describes', () => {
    expect(
      filterPayload(PAYLOAD, [
        { name: 'order.id', source: 'data.order.entity_id' },
        { name: 'order.number', source: 'data.order.increment_id' },
        { name: 'lines[].sku', source: 'data.order.items[].sku' },
        { name: 'eventName', source: '' },
      ]),
    ).toEqual({ order: { id: 7, number: '000000007' }, lines: [{ sku: 'MH01-S-Gray' }, { sku: 'WS12-M-Orange' }], eventName: 'sales_order_save_after' });
  });

  it('should read dot paths and give undefined for missing ones', () => {
    expect(valueAt(PAYLOAD, 'data.order.items[].qty_ordered')).toEqual([1, 2]);
    expect(valueAt(PAYLOAD, 'data.invoice.entity_id')).toBeUndefined();
  });

  it.each([
    ['equal', 'data.order.order_currency_code', 'SEK', true],
    ['notEqual', 'data.order.order_currency_code', 'SEK', false],
    ['greaterThan', 'data.order.grand_total', '1000', true],
    ['lessThan', 'data.order.grand_total', '1000', false],
    ['regex', 'data.order.increment_id', '/^0+7$/', true],
    ['in', 'data.order.order_currency_code', 'NOK, SEK', true],
    ['isEmpty', 'data.order.coupon_code', '', true],
    ['notEmpty', 'data.order.items', '', true],
  ])('should evaluate rule operator %s', (operator, field, value, expected) => {
    expect(rulesPass(PAYLOAD, [{ field, operator, value }])).toBe(expected);
  });
});
