import { TokenLease, type LeaseRefill } from '@mlc/connectors';

describe(TokenLease.name, () => {
  let now: number;
  let asked: number[];
  const clock = () => now;
  /** A budget that grants what is asked (or `grant` calls), valid for `validForMs`, after one macrotask. */
  const refiller = (options: { grant?: number; validForMs?: number; refuseWaitMs?: number } = {}) => async (want: number): Promise<LeaseRefill> => {
    asked.push(want);
    await new Promise((resolve) => setImmediate(resolve));
    if (options.refuseWaitMs !== undefined) return { granted: 0, validForMs: 0, waitMs: options.refuseWaitMs };
    return { granted: options.grant ?? want, validForMs: options.validForMs ?? 60_000, waitMs: 0 };
  };

  beforeEach(() => {
    now = 1_000_000;
    asked = [];
  });

  it('should share refills between concurrent callers, asking for as many calls as are waiting', async () => {
    const sut = new TokenLease(1_000, clock);
    const grants = await Promise.all(Array.from({ length: 10 }, () => sut.acquire('k', refiller())));
    expect(grants.every((g) => g.granted)).toBe(true);
    expect(asked.length).toBeLessThan(4);
    expect(asked.reduce((a, b) => a + b, 0)).toBeLessThan(10 + 10);
    expect(asked[0]).toBe(1);
  });

  it('should ask for one call at a time when callers come one at a time', async () => {
    const sut = new TokenLease(1_000, clock);
    for (let i = 0; i < 3; i += 1) await sut.acquire('k', refiller());
    expect(asked).toEqual([1, 1, 1]);
  });

  it('should spend held calls until their lease expires, and no longer than the budget window', async () => {
    const sut = new TokenLease(1_000, clock);
    await sut.acquire('k', refiller({ grant: 5, validForMs: 400 }));
    expect(sut.heldFor('k')).toBe(4);
    await sut.acquire('k', refiller());
    expect(asked).toEqual([1]);
    now += 401; // the window the calls were counted in is over
    expect(sut.heldFor('k')).toBe(0);
    await sut.acquire('k', refiller());
    expect(asked).toEqual([1, 1]);
  });

  it('should forget held calls when dropped, and pass a refusal on with its wait', async () => {
    const sut = new TokenLease(1_000, clock);
    await sut.acquire('k', refiller({ grant: 5 }));
    sut.drop('k');
    expect(sut.heldFor('k')).toBe(0);
    expect(await sut.acquire('k', refiller({ refuseWaitMs: 1_234 }))).toEqual({ granted: false, waitMs: 1_234 });
  });
});
