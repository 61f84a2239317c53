import { fork, type ChildProcess } from 'node:child_process';
import { nextMessage } from '../../../support/child-worker';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Redis from 'ioredis';
import { RedisFixedWindowBudget } from '@mlc/connectors';
import { startVismaSandbox, VISMA_DEMO, type RunningVismaSandbox } from '@mlc/sandbox';


const NORWAY = VISMA_DEMO.companies.norway;
const LIMIT = 5;
const VENDOR_WINDOW_MS = 1_000;
/** A little longer than the provider's window: our window opens just before theirs, so it must close after it. */
const BUDGET_WINDOW_MS = 1_200;
const CALLS_PER_WORKER = 4;

describe(RedisFixedWindowBudget.name, () => {
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

  it('should grant up to the limit and report the remaining window when spent', async () => {
    const sut = new RedisFixedWindowBudget(redis, { limit: 2, windowMs: 60_000 }, prefix);
    const grants = [await sut.acquire('k'), await sut.acquire('k'), await sut.acquire('k')];
    expect(grants.slice(0, 2)).toEqual([{ granted: true }, { granted: true }]);
    expect(grants[2]?.granted).toBe(false);
    expect(grants[2]?.granted === false && grants[2].waitMs).toBeGreaterThan(59_000);
  });

  it('should lower what is left when the provider reports fewer remaining calls', async () => {
    const sut = new RedisFixedWindowBudget(redis, { limit: 10, windowMs: 60_000 }, prefix);
    await sut.acquire('k');
    await sut.observe('k', { limit: 10, remaining: 0, resetMs: 30_000 });
    const grant = await sut.acquire('k');
    expect(grant.granted).toBe(false);
    expect(grant.granted === false && grant.waitMs).toBeLessThanOrEqual(30_000);
  });

  it('should lease calls for a burst in few round trips, one at a time for sparse calls, and never past the limit', async () => {
    const sut = new RedisFixedWindowBudget(redis, { limit: 1_000, windowMs: 60_000 }, prefix);
    expect(sut.leaseSize).toBe(10);
    const grants = await Promise.all(Array.from({ length: 95 }, () => sut.acquire('burst')));
    expect(grants.every((g) => g.granted)).toBe(true);
    // A burst leases up to 10 at a time: at most 9 of what Redis counted are still held here, unused.
    const counted = Number(await redis.get(`${prefix}burst`));
    expect(counted).toBeGreaterThanOrEqual(95);
    expect(counted).toBeLessThan(95 + 10);
    // One call at a time (sparse traffic, e.g. Visma's 500 an hour) leases one at a time: nothing is wasted.
    for (let i = 0; i < 5; i += 1) expect(await sut.acquire('sparse')).toEqual({ granted: true });
    expect(await redis.get(`${prefix}sparse`)).toBe('5');

    const limit = 250; // leases of 2 at most
    const a = new RedisFixedWindowBudget(redis, { limit, windowMs: 60_000 }, prefix);
    const b = new RedisFixedWindowBudget(redis, { limit, windowMs: 60_000 }, prefix);
    const both = await Promise.all(Array.from({ length: 300 }, (_, i) => (i % 2 ? a : b).acquire('shared')));
    expect(both.filter((g) => g.granted)).toHaveLength(limit);
    const refused = both.find((g) => !g.granted);
    expect(refused && !refused.granted && refused.waitMs).toBeGreaterThan(59_000);
  });

  it('should keep Visma test clients (500 calls an hour) to small leases', () => {
    expect(new RedisFixedWindowBudget(redis, { limit: 500, windowMs: 3_600_000 }).leaseSize).toBe(5);
    expect(new RedisFixedWindowBudget(redis, { limit: 50, windowMs: 3_600_000 }).leaseSize).toBe(1);
  });

  it('should send its script by SHA-1, not its text, and load it again after Redis forgets it', async () => {
    const sut = new RedisFixedWindowBudget(redis, { limit: 10, windowMs: 60_000 }, prefix);
    await sut.acquire('k');
    const monitor = await redis.monitor();
    const seen: string[] = [];
    monitor.on('monitor', (_time: string, args: string[]) => {
      const command = String(args[0]).toLowerCase();
      if (args.includes(`${prefix}k`) && command.startsWith('eval')) seen.push(command);
    });
    try {
      await sut.acquire('k');
      // Another process (or a restart, or a failover) empties the script cache.
      await redis.script('FLUSH');
      await sut.acquire('k');
      await sut.acquire('k');
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      monitor.disconnect();
    }
    // The first EVALSHA after the flush is answered NOSCRIPT; ioredis then sends the text once.
    expect(seen).toEqual(['evalsha', 'evalsha', 'eval', 'evalsha']);
    expect(await redis.get(`${prefix}k`)).toBe('4');
  });

  describe('shared by two worker processes', () => {
    let sandbox: RunningVismaSandbox;
    const children: ChildProcess[] = [];

    beforeAll(async () => {
      sandbox = await startVismaSandbox({ rateLimit: { limit: LIMIT, windowMs: VENDOR_WINDOW_MS } });
    });
    afterAll(async () => {
      children.forEach((c) => c.connected && c.kill());
      await sandbox.close();
    });

    it('should make N+k calls without a single 429 when both processes share one Redis budget', async () => {
      const args = [sandbox.url, prefix, String(CALLS_PER_WORKER), String(LIMIT), String(BUDGET_WINDOW_MS), VISMA_DEMO.clientId, VISMA_DEMO.clientSecret, NORWAY.tenantId, NORWAY.companyId];
      for (let i = 0; i < 2; i += 1) children.push(fork(path.join(__dirname, 'budget-worker.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] }));
      const ready = await Promise.all(children.map((c) => nextMessage(c, 'ready')));
      expect(ready.map((m) => m.type)).toEqual(['ready', 'ready']);
      const done = Promise.all(children.map((c) => nextMessage(c, 'done')));
      children.forEach((c) => c.send('go'));
      const results = await done;

      const outcomes = results.flatMap((m) => (m.type === 'done' ? m.outcomes : [{ ok: false, message: m.type === 'crash' ? m.message : m.type }]));
      expect(outcomes).toHaveLength(2 * CALLS_PER_WORKER);
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      const erpCalls = sandbox.log.list({ method: 'GET', pathContains: '/v1/branch' });
      expect(erpCalls).toHaveLength(2 * CALLS_PER_WORKER);
      expect(erpCalls.filter((e) => e.status === 429)).toEqual([]);
      const times = outcomes.map((o) => o.at ?? 0);
      expect(Math.max(...times) - Math.min(...times)).toBeGreaterThanOrEqual(VENDOR_WINDOW_MS - 100);
    }, 15_000);
  });
});
