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

describe(`${RequestLog.name} cursor`, () => {
  const entry = (path: string, method = 'GET') => ({ at: 't', method, path, query: '', status: 200, headers: {} });

  it('should number entries from 1 and page through them with after/limit/next without removing any', () => {
    const sut = new RequestLog();
    const seqs = ['/a', '/b', '/c', '/d', '/e'].map((p) => sut.add(entry(p)));
    expect(seqs).toEqual([1, 2, 3, 4, 5]);

    const first = sut.read({ limit: 2 });
    expect(first.requests.map((e) => [e.seq, e.path])).toEqual([[1, '/a'], [2, '/b']]);
    expect(first.next).toBe(2);
    const second = sut.read({ after: first.next, limit: 2 });
    expect(second.requests.map((e) => e.seq)).toEqual([3, 4]);
    const third = sut.read({ after: second.next });
    expect(third).toEqual({ requests: [expect.objectContaining({ seq: 5, path: '/e' })], next: 5, truncated: false });
    expect(sut.read({ after: third.next })).toEqual({ requests: [], next: 5, truncated: false });
    expect(sut.list().map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(sut.lastSeq).toBe(5);
  });

  it('should apply method and path filters to the cursor, next being the last entry returned', () => {
    const sut = new RequestLog();
    sut.add(entry('/v2/customerinvoice', 'POST'));
    sut.add(entry('/v1/customer'));
    sut.add(entry('/v2/customerinvoice', 'POST'));
    sut.add(entry('/v1/customerinvoice'));
    const page = sut.read({ method: 'post', pathContains: 'customerinvoice' });
    expect(page.requests.map((e) => e.seq)).toEqual([1, 3]);
    expect(page.next).toBe(3);
    expect(sut.read({ after: 3, method: 'POST' })).toEqual({ requests: [], next: 3, truncated: false });
  });

  it('should flag truncated when entries newer than the cursor fell out of the capacity', () => {
    const sut = new RequestLog(3);
    for (let n = 1; n <= 5; n += 1) sut.add(entry(`/${n}`));
    const stale = sut.read({ after: 1 });
    expect(stale.truncated).toBe(true);
    expect(stale.requests.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(sut.read({ after: 2 }).truncated).toBe(false);
    expect(sut.read({ after: 4 }).requests.map((e) => e.seq)).toEqual([5]);
  });

  it('should keep counting seqs after clear and flag truncated only for a reader that had not seen the cleared entries', () => {
    const sut = new RequestLog();
    sut.add(entry('/1'));
    sut.add(entry('/2'));
    const caughtUp = sut.read().next;
    sut.add(entry('/3'));
    sut.clear();
    expect(sut.add(entry('/4'))).toBe(4);
    expect(sut.read({ after: 3 })).toEqual({ requests: [expect.objectContaining({ seq: 4 })], next: 4, truncated: false });
    const behind = sut.read({ after: caughtUp });
    expect(behind.truncated).toBe(true);
    expect(behind.requests.map((e) => e.seq)).toEqual([4]);
  });
});
