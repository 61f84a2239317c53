import {
  bigCommercePacerAcquire,
  bigCommercePacerObserve,
  isObservationNeeded,
  InMemoryBigCommercePacer,
  readBigCommerceRateLimitHeaders,
  type BigCommercePacerConfig,
  type BigCommercePacerState,
} from '@mlc/connectors';

const CONFIG: BigCommercePacerConfig = { initialQuota: 10, initialWindowMs: 30_000, reserve: 2, driftMs: 500 };
const T0 = 1_000_000;
const observed = (over: Partial<BigCommercePacerState> = {}): BigCommercePacerState => ({ left: 5, resetAt: T0 + 10_000, quota: 10, windowMs: 30_000, isObserved: true, ...over });

describe('bigCommercePacerAcquire', () => {
  it('should open a provisional window with the initial quota when nothing is known', () => {
    const { grant, state } = bigCommercePacerAcquire(undefined, T0, CONFIG);
    expect(grant).toEqual({ granted: true });
    expect(state).toEqual({ left: 9, resetAt: T0 + 30_000, quota: 10, windowMs: 30_000, isObserved: false });
  });

  it('should refuse until the reset when only the reserve is left', () => {
    const { grant, state } = bigCommercePacerAcquire(observed({ left: 2 }), T0, CONFIG);
    expect(grant).toEqual({ granted: false, waitMs: 10_000 });
    expect(state.left).toBe(2);
  });

  it('should grant the call just above the reserve', () => {
    expect(bigCommercePacerAcquire(observed({ left: 3 }), T0, CONFIG)).toMatchObject({ grant: { granted: true }, state: { left: 2 } });
  });

  it('should start a fresh window with the last known quota when the reset has passed', () => {
    const { grant, state } = bigCommercePacerAcquire(observed({ left: 0, quota: 450, windowMs: 20_000 }), T0 + 10_000, CONFIG);
    expect(grant).toEqual({ granted: true });
    expect(state).toMatchObject({ left: 449, resetAt: T0 + 30_000, quota: 450, isObserved: false });
  });

  it('should cap the reserve below the quota when the quota is smaller than the reserve', () => {
    const small = { ...CONFIG, reserve: 50 };
    expect(bigCommercePacerAcquire(observed({ left: 3, quota: 3 }), T0, small).grant).toEqual({ granted: true });
    expect(bigCommercePacerAcquire(observed({ left: 2, quota: 3 }), T0, small).grant.granted).toBe(false);
  });
});

describe('bigCommercePacerObserve', () => {
  const view = (remaining: number, resetMs: number) => ({ limit: 10, remaining, resetMs, windowMs: 30_000 });

  it('should ignore an answer without requests-left when the store sent no rate headers (platform 429)', () => {
    expect(bigCommercePacerObserve(observed(), {}, T0, CONFIG)).toEqual({ verdict: 'ignored', state: observed() });
  });

  it('should adopt the store numbers when nothing is known', () => {
    expect(bigCommercePacerObserve(undefined, view(7, 4_000), T0, CONFIG)).toEqual({ verdict: 'adopted', state: { left: 7, resetAt: T0 + 4_000, quota: 10, windowMs: 30_000, isObserved: true } });
  });

  it('should keep our lower count and take the store reset on the first answer of a provisional window', () => {
    const provisional = observed({ left: 4, resetAt: T0 + 30_000, isObserved: false });
    expect(bigCommercePacerObserve(provisional, view(8, 25_000), T0, CONFIG).state).toMatchObject({ left: 4, resetAt: T0 + 25_000, isObserved: true });
  });

  it('should learn a bigger plan quota on the first answer instead of waiting out the assumed one', () => {
    const provisional = observed({ left: 2, quota: 10, resetAt: T0 + 30_000, isObserved: false });
    const bigPlan = { limit: 450, remaining: 441, resetMs: 25_000, windowMs: 30_000 };
    expect(bigCommercePacerObserve(provisional, bigPlan, T0, CONFIG).state).toMatchObject({ left: 441, quota: 450 });
  });

  it('should still count our calls in flight when the store reports a bigger quota', () => {
    const provisional = observed({ left: 2, quota: 10, resetAt: T0 + 30_000, isObserved: false });
    expect(bigCommercePacerObserve(provisional, { limit: 450, remaining: 449, resetMs: 25_000, windowMs: 30_000 }, T0, CONFIG).state).toMatchObject({ left: 442 });
  });

  it('should lower what is left when other apps spent quota in the same window', () => {
    expect(bigCommercePacerObserve(observed({ left: 5 }), view(1, 10_200), T0, CONFIG)).toMatchObject({ verdict: 'same-window', state: { left: 1, resetAt: T0 + 10_200 } });
  });

  it('should never raise what is left within the same window', () => {
    expect(bigCommercePacerObserve(observed({ left: 3 }), view(9, 9_800), T0, CONFIG)).toMatchObject({ verdict: 'same-window', state: { left: 3, resetAt: T0 + 10_000 } });
  });

  it('should adopt a newer window when the store reset lies beyond ours', () => {
    expect(bigCommercePacerObserve(observed({ left: 0 }), view(9, 29_000), T0, CONFIG)).toMatchObject({ verdict: 'newer-window', state: { left: 9, resetAt: T0 + 29_000 } });
  });

  it('should ignore a late answer from an older window', () => {
    const current = observed({ left: 6, resetAt: T0 + 29_000 });
    expect(bigCommercePacerObserve(current, view(0, 200), T0, CONFIG)).toEqual({ verdict: 'stale', state: current });
  });

  it('should pace to the reset after a 429 that carried the rate headers', () => {
    const after = bigCommercePacerObserve(observed({ left: 4 }), view(0, 10_000), T0, CONFIG).state;
    expect(bigCommercePacerAcquire(after, T0 + 1, CONFIG).grant).toEqual({ granted: false, waitMs: 9_999 });
  });
});

describe(InMemoryBigCommercePacer.name, () => {
  it('should make callers wait for the reset before the store would answer 429', async () => {
    let now = T0;
    const sut = new InMemoryBigCommercePacer({ ...CONFIG, reserve: 1 }, { now: () => now, sleep: () => Promise.resolve() });
    const grants = [];
    for (let i = 0; i < 4; i += 1) {
      const grant = await sut.acquire('bigcommerce:store');
      grants.push(grant.granted);
      if (grant.granted) await sut.observe('bigcommerce:store', { limit: 4, remaining: 3 - i, resetMs: 30_000 - (now - T0), windowMs: 30_000 });
    }
    expect(grants).toEqual([true, true, true, false]);
    now = T0 + 30_001;
    expect(await sut.acquire('bigcommerce:store')).toEqual({ granted: true });
  });
});

describe('readBigCommerceRateLimitHeaders', () => {
  it('should read the four X-Rate-Limit headers when present', () => {
    const headers = { 'x-rate-limit-time-window-ms': '30000', 'x-rate-limit-time-reset-ms': '15000', 'x-rate-limit-requests-quota': '150', 'x-rate-limit-requests-left': '35' };
    expect(readBigCommerceRateLimitHeaders(headers)).toEqual({ limit: 150, remaining: 35, resetMs: 15_000, windowMs: 30_000 });
  });

  it('should return an empty view when a 429 carries no rate headers', () => {
    expect(readBigCommerceRateLimitHeaders({ 'content-type': 'application/json' })).toEqual({});
  });
});

describe('isObservationNeeded', () => {
  const memo = { quota: 450, resetAt: T0 + 20_000 };
  const answer = (remaining: number, resetMs = 20_000, limit = 450) => ({ limit, remaining, resetMs, windowMs: 30_000 });

  it.each([
    ['the first answer this process sees', answer(440), undefined, true],
    ['plenty left in the window already folded in', answer(400), memo, false],
    ['half the quota or less left', answer(225), memo, true],
    ['a different quota (plan change)', answer(400, 20_000, 900), memo, true],
    ['a new window (reset moved beyond the drift)', answer(449, 29_000), memo, true],
    ['an answer without requests-left', { limit: 450 }, memo, false],
  ])('should answer for %s', (_name, view, known, expected) => {
    expect(isObservationNeeded(view, known, T0, CONFIG)).toBe(expected);
  });

  it('should observe again once the remembered window has ended', () => {
    expect(isObservationNeeded(answer(400, 30_000), memo, T0 + 21_000, CONFIG)).toBe(true);
  });
});
