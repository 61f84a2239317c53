import { RequestLog } from '../../../../apps/sandbox/src/core';

describe('RequestLog query masking (WooCommerce query-string authentication)', () => {
  const entry = (query: string) => ({ at: '2025-01-01T00:00:00.000Z', method: 'GET', path: '/wp-json/wc/v3/orders', query, status: 200, headers: { authorization: 'Basic x' } });

  it('should show the values of the named query parameters as *** and keep the rest', () => {
    const log = new RequestLog(undefined, /^consumer_secret$/);
    log.add(entry('?consumer_key=ck_1&consumer_secret=cs_2&page=2'));
    log.add(entry('?consumer%5Fsecret=cs_3'));
    expect(log.list().map((e) => e.query)).toEqual(['?consumer_key=ck_1&consumer_secret=***&page=2', '?consumer%5Fsecret=***']);
    expect(log.read().requests[0]?.headers).toEqual({ authorization: '***' });
  });

  it('should leave the query untouched without a mask (the default)', () => {
    const log = new RequestLog();
    log.add(entry('?consumer_secret=cs_2'));
    expect(log.list()[0]?.query).toBe('?consumer_secret=cs_2');
  });
});
