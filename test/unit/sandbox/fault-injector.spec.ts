import { FaultInjector, FaultRuleError, mulberry32, validateFaultRule, type FaultRule } from '@mlc/sandbox';

/** The field a rejected rule names, or 'accepted' when it was armed. */
function rejectedField(rule: unknown): string {
  try {
    new FaultInjector().arm(rule as FaultRule);
    return 'accepted';
  } catch (err) {
    if (err instanceof FaultRuleError) return err.field;
    throw err;
  }
}

/** Indexes (0-based) of the requests out of `n` that the injector faulted. */
function firings(sut: FaultInjector, n: number, method = 'GET', path = '/v1/account'): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) if (sut.takeRequestFault(method, path)) out.push(i);
  return out;
}

describe(FaultInjector.name, () => {
  describe('validation', () => {
    it.each([
      [{ kind: 'http-999', count: 1 }, 'kind'],
      [{ count: 1 }, 'kind'],
      [{ kind: 'http-500' }, 'count'],
      [{ kind: 'http-500', count: 0 }, 'count'],
      [{ kind: 'http-500', count: -2 }, 'count'],
      [{ kind: 'http-500', count: 1.5 }, 'count'],
      [{ kind: 'http-500', count: 1, probability: 0 }, 'probability'],
      [{ kind: 'http-500', count: 1, probability: 1.01 }, 'probability'],
      [{ kind: 'http-500', count: 1, probability: '0.5' }, 'probability'],
      [{ kind: 'http-500', count: 1, seed: 1.5 }, 'seed'],
      [{ kind: 'latency', count: 1, delayMs: -1 }, 'delayMs'],
      [{ kind: 'timeout', count: 1, delayMs: 3_000_000_000 }, 'delayMs'],
      [{ kind: 'http-429', count: 1, retryAfterSeconds: -1 }, 'retryAfterSeconds'],
      [{ kind: 'http-500', count: 1, pathContains: '' }, 'pathContains'],
      [{ kind: 'http-500', count: 1, scope: 'store/order/' }, 'scope'],
      [{ kind: 'drop-webhook', count: 1, method: 'POST' }, 'method'],
      [{ kind: 'http-500', count: 1, delayMs: 10 }, 'delayMs'],
      [{ kind: 'http-409', count: 1, field: 'name' }, 'field'],
      [{ kind: 'http-500', count: 1, pathContain: '/v1' }, 'pathContain'],
      [[{ kind: 'http-500', count: 1 }], 'body'],
    ])('should reject %j naming %s', (rule, field) => {
      expect(rejectedField(rule)).toBe(field);
    });

    it.each([
      { kind: 'latency', count: 1, delayMs: 20_000, method: 'POST', pathContains: '/customerinvoice' },
      { kind: 'validation-error', count: -1, field: 'customerNumber', probability: 1 },
      { kind: 'reorder-webhook', count: -1, scope: 'store/order/', delayMs: 500, seed: 3 },
      { kind: 'http-503', count: 2, retryAfterSeconds: 0, probability: 0.25 },
      { kind: 'lose-reply', count: 1, delayMs: 0 },
    ])('should accept %j', (rule) => {
      expect(rejectedField(rule)).toBe('accepted');
    });

    it('should return a clean copy without fields left undefined', () => {
      expect(validateFaultRule({ kind: 'http-500', count: 1, method: undefined })).toEqual({ kind: 'http-500', count: 1 });
    });
  });

  it('should fire a seeded rule on exactly the requests whose draw is below the probability, the same for the same seed', () => {
    const rule: FaultRule = { kind: 'http-503', count: -1, probability: 0.3, seed: 42 };
    const a = new FaultInjector();
    const b = new FaultInjector();
    a.arm(rule);
    b.arm(rule);
    const draws = mulberry32(42);
    const expected = Array.from({ length: 200 }, (_, i) => i).filter(() => draws() < 0.3);

    const fired = firings(a, 200);
    expect(fired).toEqual(expected);
    expect(firings(b, 200)).toEqual(fired);
    expect(fired.length).toBeGreaterThan(40);
    expect(fired.length).toBeLessThan(80);
    const other = new FaultInjector();
    other.arm({ ...rule, seed: 43 });
    expect(firings(other, 200)).not.toEqual(fired);
  });

  it('should count firings, not matches, and disarm after the last firing', () => {
    const sut = new FaultInjector();
    const armed = sut.arm({ kind: 'http-500', count: 3, probability: 0.5, seed: 7 });
    const draws = mulberry32(7);
    const expected = Array.from({ length: 50 }, (_, i) => i).filter(() => draws() < 0.5).slice(0, 3);

    expect(firings(sut, 50)).toEqual(expected);
    expect(sut.list()).toEqual([]);
    expect(armed).toMatchObject({ id: 1, fired: 0, count: 3 });
  });

  it('should report fired and remaining counts while armed, and disarm one rule by id', () => {
    const sut = new FaultInjector();
    const first = sut.arm({ kind: 'http-500', count: 5 });
    const second = sut.arm({ kind: 'http-502', count: -1, pathContains: '/never' });
    firings(sut, 2);
    expect(sut.list().map((r) => [r.id, r.kind, r.count, r.fired])).toEqual([
      [first.id, 'http-500', 3, 2],
      [second.id, 'http-502', -1, 0],
    ]);
    expect(sut.disarm(first.id)).toBe(true);
    expect(sut.disarm(first.id)).toBe(false);
    expect(sut.list().map((r) => r.id)).toEqual([second.id]);
  });

  it('should let a request fall through to the next rule when the first one misses its draw', () => {
    const sut = new FaultInjector();
    sut.arm({ kind: 'http-500', count: -1, probability: 0.5, seed: 11 });
    sut.arm({ kind: 'http-502', count: -1 });
    const draws = mulberry32(11);
    const expected = Array.from({ length: 20 }, () => (draws() < 0.5 ? 'http-500' : 'http-502'));
    const kinds = Array.from({ length: 20 }, () => sut.takeRequestFault('GET', '/x')?.kind);
    expect(kinds).toEqual(expected);
    expect(new Set(kinds)).toEqual(new Set(['http-500', 'http-502']));
  });

  it('should match method case-insensitively and path by substring, and never fault the control API', () => {
    const sut = new FaultInjector();
    sut.arm({ kind: 'lose-reply', count: -1, method: 'post', pathContains: '/customerinvoice' });
    expect(sut.takeRequestFault('GET', '/v1/customerinvoice')).toBeUndefined();
    expect(sut.takeRequestFault('POST', '/v1/customer')).toBeUndefined();
    expect(sut.takeRequestFault('POST', '/_sandbox/customerinvoice')).toBeUndefined();
    expect(sut.takeRequestFault('POST', '/v2/customerinvoice')?.kind).toBe('lose-reply');
  });

  it('should keep request and webhook faults apart', () => {
    const sut = new FaultInjector();
    sut.arm({ kind: 'drop-webhook', count: 1 });
    expect(sut.takeRequestFault('GET', '/v2/orders')).toBeUndefined();
    sut.arm({ kind: 'http-500', count: 1 });
    expect(sut.takeWebhookFaults('store/order/created').fate?.kind).toBe('drop-webhook');
    expect(sut.takeWebhookFaults('store/order/created')).toEqual({});
  });

  it('should filter webhook faults by exact scope, prefix or trailing wildcard', () => {
    const sut = new FaultInjector();
    sut.arm({ kind: 'drop-webhook', count: -1, scope: 'store/customer/' });
    sut.arm({ kind: 'duplicate-webhook', count: -1, scope: 'store/order/created' });
    sut.arm({ kind: 'delay-webhook', count: -1, scope: 'store/order/*', delayMs: 250 });
    expect(sut.takeWebhookFaults('store/customer/updated')).toEqual({ fate: { kind: 'drop-webhook', count: -1, scope: 'store/customer/' } });
    expect(sut.takeWebhookFaults('store/order/created')).toEqual({
      fate: { kind: 'duplicate-webhook', count: -1, scope: 'store/order/created' },
      timing: { rule: { kind: 'delay-webhook', count: -1, scope: 'store/order/*', delayMs: 250 }, holdMs: 250 },
    });
    expect(sut.takeWebhookFaults('store/order/updated')).toEqual({ timing: expect.objectContaining({ holdMs: 250 }) });
    expect(sut.takeWebhookFaults('store/product/updated')).toEqual({});
  });

  it('should not use up a timing fault on a dropped delivery', () => {
    const sut = new FaultInjector();
    sut.arm({ kind: 'delay-webhook', count: 1, delayMs: 100 });
    sut.arm({ kind: 'drop-webhook', count: 1 });
    expect(sut.takeWebhookFaults('store/order/created')).toEqual({ fate: { kind: 'drop-webhook', count: 0 } });
    expect(sut.list().map((r) => [r.kind, r.count])).toEqual([['delay-webhook', 1]]);
    expect(sut.takeWebhookFaults('store/order/created').timing?.holdMs).toBe(100);
  });

  it('should draw reorder holds between 0 and delayMs from the seeded PRNG', () => {
    const sut = new FaultInjector();
    sut.arm({ kind: 'reorder-webhook', count: -1, delayMs: 500, seed: 5 });
    const draws = mulberry32(5);
    const expected = Array.from({ length: 10 }, () => Math.floor(draws() * 501));
    const holds = Array.from({ length: 10 }, () => sut.takeWebhookFaults('store/order/created').timing?.holdMs);
    expect(holds).toEqual(expected);
    expect(holds.every((h) => h !== undefined && h >= 0 && h <= 500)).toBe(true);
    expect(new Set(holds).size).toBeGreaterThan(5);
  });
});
