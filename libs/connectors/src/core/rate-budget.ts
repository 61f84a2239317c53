/**
 * Shared call budgets. Every worker process asks the budget before a call goes out, so N processes
 * together stay under the provider's quota (e.g. Visma's "X requests per hour for each company and client
 * combination", policy `4-fixed-window`: https://docs.vismasoftware.no/vismanetapi/api-reference/rate-limits/).
 * `observe` lowers what is left from the provider's own headers, so the budget never believes it has more.
 */
import type { Redis } from 'ioredis';
import type { BudgetGrant, ProviderRateView, RateBudget } from './rate-budget.types';
import { RedisScript } from './redis-script';
import { TokenLease } from './token-lease';

/** Most calls one process leases from a shared budget per round trip. */
const MAX_LEASE = 16;
/** Longest a leased call stays valid. */
const DEFAULT_LEASE_MS = 1_000;

/** Size of a fixed window: `limit` calls per `windowMs` milliseconds. */
export type FixedWindowConfig = { limit: number; windowMs: number };

/**
 * Atomic acquire. KEYS[1] = counter; ARGV = limit, windowMs, cost, want (default cost). Grants `cost` calls, or up
 * to `want` when that many are left (a lease, see TokenLease). Returns {granted, ttlMs}: granted ≥ cost with the
 * window's remaining time, or {0, ttlMs} when fewer than `cost` are left. The window starts with its first call.
 */
export const FIXED_WINDOW_ACQUIRE_LUA = `
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local want = math.max(cost, tonumber(ARGV[4] or ARGV[3]))
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
if used + cost > limit then
  local ttl = redis.call('PTTL', KEYS[1])
  if ttl < 0 then redis.call('PEXPIRE', KEYS[1], window); ttl = window end
  return {0, ttl}
end
local take = math.min(want, limit - used)
redis.call('INCRBY', KEYS[1], take)
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], window); ttl = window end
return {take, ttl}
`;

/**
 * Atomic observe. KEYS[1] = counter; ARGV = limit, remaining, resetMs (0 = unknown), windowMs.
 * - Raises `used` to `limit - remaining` when the provider says fewer calls are left (never lowers it), taking the
 *   provider's reset as the window end.
 * - When the provider says nothing is left, our window must not end before the provider's: its TTL is extended
 *   to `resetMs` (otherwise our next window would open while the provider still refuses).
 */
export const FIXED_WINDOW_OBSERVE_LUA = `
local limit = tonumber(ARGV[1])
local remaining = tonumber(ARGV[2])
local resetMs = tonumber(ARGV[3])
local window = tonumber(ARGV[4])
local target = limit - remaining
if target < 0 then target = 0 end
local used = tonumber(redis.call('GET', KEYS[1]) or '0')
local ttl = redis.call('PTTL', KEYS[1])
if target > used then
  if resetMs > 0 then ttl = resetMs elseif ttl < 0 then ttl = window end
  redis.call('SET', KEYS[1], target, 'PX', ttl)
  return 1
end
if remaining == 0 and resetMs > 0 and ttl < resetMs then
  redis.call('PEXPIRE', KEYS[1], resetMs)
  return 2
end
return 0
`;

const ACQUIRE_SCRIPT = new RedisScript('mlcFixedWindowAcquire', FIXED_WINDOW_ACQUIRE_LUA, 1);
const OBSERVE_SCRIPT = new RedisScript('mlcFixedWindowObserve', FIXED_WINDOW_OBSERVE_LUA, 1);

/**
 * Fixed-window budget in Redis, shared by every worker process (one counter per key, e.g. per Visma
 * company). Both scripts run atomically inside Redis, so concurrent processes never over-grant.
 */
export class RedisFixedWindowBudget implements RateBudget {
  private readonly lease: TokenLease;
  /** Most calls leased per Redis round trip: 1 % of the window's limit, at most 16 (Visma's 500 an hour: 5). */
  readonly leaseSize: number;

  constructor(
    private readonly redis: Redis,
    private readonly config: FixedWindowConfig,
    private readonly prefix = 'mlc:rate:',
    options: { leaseMs?: number; now?: () => number } = {},
  ) {
    this.leaseSize = Math.max(1, Math.min(MAX_LEASE, Math.floor(config.limit / 100)));
    this.lease = new TokenLease(options.leaseMs ?? DEFAULT_LEASE_MS, options.now);
  }

  /** See RateBudget.acquire. A cost above the whole limit is refused with the window's remaining TTL. */
  async acquire(key: string, cost = 1): Promise<BudgetGrant> {
    if (cost !== 1 || this.leaseSize === 1) {
      const [granted, ttlMs] = await this.take(key, cost, cost);
      return granted >= cost ? { granted: true } : { granted: false, waitMs: Math.max(1, ttlMs) };
    }
    return this.lease.acquire(key, async (want) => {
      const [granted, ttlMs] = await this.take(key, 1, Math.min(want, this.leaseSize));
      return { granted, validForMs: ttlMs, waitMs: ttlMs };
    });
  }

  /**
   * See RateBudget.observe; ignores views without `remaining`, and views with more than half the limit left:
   * they cannot change a decision (observe only raises our count towards the provider's), and skipping them
   * saves a Redis round trip on most calls. Below half, every answer is folded in, and calls leased here are
   * given up when the provider has fewer left than we hold.
   */
  async observe(key: string, view: ProviderRateView): Promise<void> {
    if (view.remaining === undefined) return;
    const limit = Math.min(this.config.limit, view.limit ?? this.config.limit);
    if (view.remaining > limit / 2) return;
    if (view.remaining < this.lease.heldFor(key)) this.lease.drop(key);
    const remaining = Math.min(view.remaining, limit);
    await OBSERVE_SCRIPT.run(this.redis, [this.prefix + key], [limit, remaining, view.resetMs ?? 0, this.config.windowMs]);
  }

  private async take(key: string, cost: number, want: number): Promise<[number, number]> {
    const res = (await ACQUIRE_SCRIPT.run(this.redis, [this.prefix + key], [this.config.limit, this.config.windowMs, cost, want])) as [number, number];
    return [Number(res[0]), Number(res[1])];
  }
}

/** Same semantics in memory, for unit tests and single-process tools. `now` is injectable. */
export class InMemoryBudget implements RateBudget {
  private readonly windows = new Map<string, { used: number; resetAt: number }>();

  constructor(
    private readonly config: FixedWindowConfig,
    private readonly now: () => number = Date.now,
  ) {}

  acquire(key: string, cost = 1): Promise<BudgetGrant> {
    const w = this.window(key);
    if (w.used + cost > this.config.limit) return Promise.resolve({ granted: false, waitMs: Math.max(1, w.resetAt - this.now()) });
    w.used += cost;
    return Promise.resolve({ granted: true });
  }

  observe(key: string, view: ProviderRateView): Promise<void> {
    this.fold(key, view);
    return Promise.resolve();
  }

  /** Folds the provider's own count into the window (the body of `observe`). */
  private fold(key: string, view: ProviderRateView): void {
    if (view.remaining === undefined) return;
    const w = this.window(key);
    const limit = Math.min(this.config.limit, view.limit ?? this.config.limit);
    const target = Math.max(0, limit - Math.min(view.remaining, limit));
    const resetAt = view.resetMs !== undefined && view.resetMs > 0 ? this.now() + view.resetMs : undefined;
    if (target > w.used) {
      w.used = target;
      if (resetAt !== undefined) w.resetAt = resetAt;
    } else if (view.remaining === 0 && resetAt !== undefined && resetAt > w.resetAt) {
      w.resetAt = resetAt;
    }
  }

  private window(key: string): { used: number; resetAt: number } {
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now >= w.resetAt) {
      w = { used: 0, resetAt: now + this.config.windowMs };
      this.windows.set(key, w);
    }
    return w;
  }
}
