import { WpRestError, wpError, wpJsonEncode, wpList } from '../../../../apps/sandbox/src/woocommerce/wp-json';

describe('WordPress JSON conventions', () => {
  it.each([
    [{ href: 'https://example.com/wp-json/wc/v3/orders/727' }, '{"href":"https:\\/\\/example.com\\/wp-json\\/wc\\/v3\\/orders\\/727"}'],
    [{ first_name: 'João' }, '{"first_name":"Jo\\u00e3o"}'],
    ['Ærø – 😀', '"\\u00c6r\\u00f8 \\u2013 \\ud83d\\ude00"'],
    ['line\nbreak\ttab"quote', '"line\\nbreak\\ttab\\"quote"'],
    [[1, 2.5, null, true], '[1,2.5,null,true]'],
  ])('should encode %p as PHP json_encode() without flags does', (value, encoded) => {
    expect(wpJsonEncode(value)).toBe(encoded);
    expect(JSON.parse(encoded)).toEqual(value);
  });

  it('should take the HTTP status of a WP_Error from data.status, else 500', () => {
    const notFound = wpError('woocommerce_rest_shop_order_invalid_id', 'Invalid ID.', 404);
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body as string)).toEqual({ code: 'woocommerce_rest_shop_order_invalid_id', message: 'Invalid ID.', data: { status: 404 } });
    const bare = new WpRestError('woocommerce_rest_invalid_order_id', 'Invalid order ID.', 404);
    expect(bare.status).toBe(500);
    expect(JSON.parse(bare.body as string)).toEqual({ code: 'woocommerce_rest_invalid_order_id', message: 'Invalid order ID.', data: 404 });
  });

  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a and b'],
    [['a', 'b', 'c'], 'a, b, and c'],
  ])('should join %p the way wp_sprintf("%%l") does', (items, text) => {
    expect(wpList(items)).toBe(text);
  });
});
