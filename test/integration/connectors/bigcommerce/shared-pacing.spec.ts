import { fork, type ChildProcess } from 'node:child_process';
import { nextMessage } from '../../../support/child-worker';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { RedisBigCommercePacer } from '@mlc/connectors';
import { BIGCOMMERCE_DEMO, startBigCommerceSandbox, type RunningBigCommerceSandbox } from '../../../../apps/sandbox/src/bigcommerce';
import { sandboxRequests } from './support';


/** A scaled-down store quota: 6 requests per 600 ms (BigCommerce Standard is 150 per 30 s). */
const QUOTA = { requests: 6, windowMs: 600 };
const RESERVE = 2;
const CALLS_PER_WORKER = 6;

describe(RedisBigCommercePacer.name, () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(() => {
    redis = new Redis(process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379');
  });
  beforeEach(() => {
    prefix = `mlc-test:${process.env['JEST_WORKER_ID'] ?? '1'}:${randomUUID()}:`;
  });
  afterAll(async () => {
    await redis.quit();
  });

  it('should refuse with the time to the reset when the store reports only the reserve left', async () => {
    const sut = new RedisBigCommercePacer(redis, { initialQuota: 10, initialWindowMs: 30_000, reserve: 2 }, prefix);
    expect(await sut.acquire('bigcommerce:s1')).toEqual({ granted: true });
    expect(await sut.observeWithVerdict('bigcommerce:s1', { limit: 10, remaining: 2, resetMs: 20_000, windowMs: 30_000 })).toBe('first');
    const grant = await sut.acquire('bigcommerce:s1');
    expect(grant.granted).toBe(false);
    expect(grant.granted === false && grant.waitMs).toBeGreaterThan(19_000);
    expect(await sut.snapshot('bigcommerce:s1')).toMatchObject({ left: 2, quota: 10, isObserved: true });
  });

  it('should ignore a late answer from an older window and adopt a newer one', async () => {
    const sut = new RedisBigCommercePacer(redis, { initialQuota: 10, initialWindowMs: 30_000, reserve: 0, driftMs: 500 }, prefix);
    await sut.acquire('k');
    await sut.observe('k', { limit: 10, remaining: 5, resetMs: 20_000 });
    expect(await sut.observeWithVerdict('k', { limit: 10, remaining: 0, resetMs: 1_000 })).toBe('stale');
    expect(await sut.observeWithVerdict('k', { limit: 10, remaining: 9, resetMs: 29_000 })).toBe('newer-window');
    expect(await sut.snapshot('k')).toMatchObject({ left: 9 });
  });

  it('should lease calls a few at a time from a big quota and never hand out more than it has', async () => {
    // Quota 1 000 → leases of 16 (1/50 of the quota would be 20; capped at maxLease 16).
    const sut = new RedisBigCommercePacer(redis, { initialQuota: 1_000, initialWindowMs: 30_000, reserve: 5 }, prefix);
    const grants = await Promise.all(Array.from({ length: 40 }, () => sut.acquire('k')));
    expect(grants.every((g) => g.granted)).toBe(true);
    // A few round trips to Redis, not forty: fewer than 16 of the calls taken from the store's quota are still held.
    const left = (await sut.snapshot('k'))?.left ?? 0;
    expect(1_000 - left).toBeGreaterThanOrEqual(40);
    expect(1_000 - left).toBeLessThan(40 + 16);
    // Calls one at a time take one at a time: a quiet store's quota is not spent on leases.
    for (let i = 0; i < 4; i += 1) expect(await sut.acquire('quiet')).toEqual({ granted: true });
    expect(await sut.snapshot('quiet')).toMatchObject({ left: 1_000 - 4 });

    // Two processes on a small quota (100, leases of 2) together get exactly quota minus reserve.
    const a = new RedisBigCommercePacer(redis, { initialQuota: 100, initialWindowMs: 30_000, reserve: 5 }, prefix);
    const b = new RedisBigCommercePacer(redis, { initialQuota: 100, initialWindowMs: 30_000, reserve: 5 }, prefix);
    const both = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).acquire('small')));
    expect(both.filter((g) => g.granted)).toHaveLength(95);
    expect(await a.snapshot('small')).toMatchObject({ left: 5 });
  });

  describe('shared by two worker processes', () => {
    let sandbox: RunningBigCommerceSandbox;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      sandbox = await startBigCommerceSandbox({ quota: QUOTA });
    });
    afterAll(async () => {
      children.forEach((c) => c.connected && c.kill());
      await sandbox.close();
    });

    it('should never meet a 429 when two processes pace on one store quota through Redis', async () => {
      const args = [sandbox.url, prefix, String(CALLS_PER_WORKER), String(QUOTA.requests), String(QUOTA.windowMs), String(RESERVE), BIGCOMMERCE_DEMO.storeHash, BIGCOMMERCE_DEMO.accessToken, '301'];
      for (let i = 0; i < 2; i += 1) children.push(fork(path.join(__dirname, 'pacing-worker.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] }));
      const ready = await Promise.all(children.map((c) => nextMessage(c, 'ready')));
      expect(ready.map((m) => m.type)).toEqual(['ready', 'ready']);
      const done = Promise.all(children.map((c) => nextMessage(c, 'done')));
      children.forEach((c) => c.send('go'));
      const results = await done;

      const outcomes = results.flatMap((m) => (m.type === 'done' ? m.outcomes : [{ ok: false, message: m.type === 'crash' ? m.message : m.type }]));
      expect(outcomes).toHaveLength(2 * CALLS_PER_WORKER);
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      const calls = await sandboxRequests(sandbox, '/v2/orders/301');
      expect(calls).toHaveLength(2 * CALLS_PER_WORKER);
      expect(calls.filter((c) => c.status === 429)).toEqual([]);
      // 12 calls at most 4 per window (quota 6 minus reserve 2) need at least 3 windows: the pacer really waited.
      const times = outcomes.map((o) => o.at ?? 0);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(2 * QUOTA.windowMs - 100);
    }, 15_000);
  });
});
