import { RequestLog } from '@mlc/sandbox';

describe(RequestLog.name, () => {
  const entry = (n: number) => ({ at: `t${n}`, method: 'GET', path: `/v2/orders/${n}`, query: '', status: 200, headers: { 'x-auth-token': `secret-${n}`, accept: ['application/json', 'text/plain'] } });

  it('should keep the newest entries up to its capacity, oldest first, with credentials masked when read', () => {
    const sut = new RequestLog(3);
    for (let n = 1; n <= 10; n += 1) sut.add(entry(n));
    const listed = sut.list();
    expect(listed.map((e) => e.path)).toEqual(['/v2/orders/8', '/v2/orders/9', '/v2/orders/10']);
    expect(listed[0]?.headers).toEqual({ 'x-auth-token': '***', accept: 'application/json, text/plain' });
    expect(sut.list({ pathContains: '/9' }).map((e) => e.at)).toEqual(['t9']);
    sut.clear();
    expect(sut.list()).toEqual([]);
  });
});
