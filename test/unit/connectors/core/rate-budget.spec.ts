import { InMemoryBudget } from '@mlc/connectors';

describe(InMemoryBudget.name, () => {
  it('should grant up to the limit and then report the wait until the window resets', async () => {
    let now = 1_000;
    const sut = new InMemoryBudget({ limit: 3, windowMs: 10_000 }, () => now);
    const grants = [await sut.acquire('k'), await sut.acquire('k'), await sut.acquire('k'), await sut.acquire('k')];
    expect(grants.map((g) => g.granted)).toEqual([true, true, true, false]);
    now = 4_000;
    expect(await sut.acquire('k')).toEqual({ granted: false, waitMs: 7_000 });
    now = 11_000;
    expect(await sut.acquire('k')).toEqual({ granted: true });
  });

  it('should keep separate windows when keys differ', async () => {
    const sut = new InMemoryBudget({ limit: 1, windowMs: 1_000 }, () => 0);
    expect((await sut.acquire('a')).granted).toBe(true);
    expect((await sut.acquire('b')).granted).toBe(true);
    expect((await sut.acquire('a')).granted).toBe(false);
  });

  it('should lower what is left when the provider reports fewer remaining calls', async () => {
    const now = 0;
    const sut = new InMemoryBudget({ limit: 10, windowMs: 60_000 }, () => now);
    await sut.observe('k', { limit: 10, remaining: 1, resetMs: 5_000 });
    expect((await sut.acquire('k')).granted).toBe(true);
    expect(await sut.acquire('k')).toEqual({ granted: false, waitMs: 5_000 });
  });

  it('should never raise what is left when the provider reports more remaining calls', async () => {
    const sut = new InMemoryBudget({ limit: 2, windowMs: 60_000 }, () => 0);
    await sut.acquire('k');
    await sut.acquire('k');
    await sut.observe('k', { remaining: 2 });
    expect((await sut.acquire('k')).granted).toBe(false);
  });
});

describe(`${InMemoryBudget.name} window alignment`, () => {
  it('should not reopen before the provider when the provider reports zero left with a later reset', async () => {
    let now = 0;
    const sut = new InMemoryBudget({ limit: 1, windowMs: 1_000 }, () => now);
    await sut.acquire('k');
    await sut.observe('k', { limit: 1, remaining: 0, resetMs: 1_500 });
    now = 1_200;
    expect(await sut.acquire('k')).toEqual({ granted: false, waitMs: 300 });
  });
});
