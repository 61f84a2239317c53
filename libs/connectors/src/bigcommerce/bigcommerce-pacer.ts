/**
 * Pacers for one store's shared request quota (rules in bigcommerce-pacing.ts). They implement the core
 * `RateBudget` capability, so the transport asks `acquire` before every attempt and feeds every answer's
 * X-Rate-Limit-* headers to `observe` (through `readBigCommerceRateLimitHeaders`).
 *
 * Why not `RedisFixedWindowBudget`: it counts a window that starts with our first call and needs the limit up
 * front, while BigCommerce tells us quota, window and reset on every answer and other apps spend the same quota.
 * Its observe only raises the used count and never learns a new window from the store, and it cannot keep a reserve.
 * The pacer instead mirrors the store's own window (reset time and requests left) and shares it across processes.
 */
import type { Redis } from 'ioredis';
import { RedisScript, SYSTEM_CLOCK, TokenLease, type BudgetGrant, type Clock, type RateBudget } from '../core';
import type { BigCommerceRateView } from './bigcommerce-http';
import { BIGCOMMERCE_DEFAULT_PACER_CONFIG, bigCommercePacerAcquire, bigCommercePacerObserve, isObservationNeeded, type BigCommerceObservationMemo, type BigCommercePacerConfig, type BigCommercePacerState, type BigCommercePacerVerdict } from './bigcommerce-pacing';

/** What a BigCommerce client accepts as `pacing`: a RedisBigCommercePacer in production, in-memory in tools/tests. */
export type BigCommercePacing = RateBudget;

const NOW_MS_LUA = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

/**
 * Atomic `bigCommercePacerAcquire`. KEYS[1] = hash {left, resetAt, quota, windowMs, observed}; ARGV = reserve, initialQuota,
 * initialWindowMs, maxLease (default 1). Time is Redis `TIME`, so every process shares one clock. Grants one call, or
 * a lease of up to 1/50 of the store's quota (at most maxLease; a Standard plan's 150 gives 3) when that many are left
 * above the reserve. Returns {granted, msUntilReset}; granted 0 means wait that long.
 */
export const BIGCOMMERCE_PACER_ACQUIRE_LUA = `${NOW_MS_LUA}
local s = redis.call('HMGET', KEYS[1], 'left', 'resetAt', 'quota', 'windowMs')
local left = tonumber(s[1])
local resetAt = tonumber(s[2])
local quota = tonumber(s[3]) or tonumber(ARGV[2])
local windowMs = tonumber(s[4]) or tonumber(ARGV[3])
if left == nil or resetAt == nil or now >= resetAt then
  left = quota
  resetAt = now + windowMs
  redis.call('HSET', KEYS[1], 'observed', 0)
end
local reserve = math.max(0, math.min(tonumber(ARGV[1]), quota - 1))
local want = math.max(1, math.min(tonumber(ARGV[4] or '1'), math.floor(quota / 50)))
local granted = 0
if left > reserve then
  granted = math.min(want, left - reserve)
  left = left - granted
end
redis.call('HSET', KEYS[1], 'left', left, 'resetAt', resetAt, 'quota', quota, 'windowMs', windowMs)
redis.call('PEXPIRE', KEYS[1], math.max(1, resetAt - now) + 2 * windowMs)
return {granted, math.max(1, resetAt - now)}
`;

/**
 * Atomic `bigCommercePacerObserve`. KEYS[1] as above; ARGV = remaining, resetMs (-1 unknown), quota (-1 unknown),
 * windowMs (-1 unknown), driftMs, initialQuota, initialWindowMs. Returns the verdict.
 */
export const BIGCOMMERCE_PACER_OBSERVE_LUA = `${NOW_MS_LUA}
local s = redis.call('HMGET', KEYS[1], 'left', 'resetAt', 'observed', 'quota', 'windowMs')
local left = tonumber(s[1])
local resetAt = tonumber(s[2])
local observed = s[3] == '1'
local remaining = math.max(0, tonumber(ARGV[1]))
local quota = tonumber(ARGV[3])
if quota < 0 then quota = tonumber(s[4]) or tonumber(ARGV[6]) end
local windowMs = tonumber(ARGV[4])
if windowMs < 0 then windowMs = tonumber(s[5]) or tonumber(ARGV[7]) end
local drift = tonumber(ARGV[5])
local newReset
if tonumber(ARGV[2]) >= 0 then newReset = now + tonumber(ARGV[2]) elseif resetAt ~= nil then newReset = resetAt else newReset = now + windowMs end
local verdict
local ours = left
if left ~= nil then ours = math.max(0, left + (quota - (tonumber(s[4]) or quota))) end
if left == nil or resetAt == nil or now >= resetAt then
  verdict = 'adopted'
  left = remaining
  resetAt = newReset
elseif not observed then
  verdict = 'first'
  left = math.min(ours, remaining)
  resetAt = newReset
elseif newReset > resetAt + drift then
  verdict = 'newer-window'
  left = remaining
  resetAt = newReset
elseif newReset < resetAt - drift then
  return 'stale'
else
  verdict = 'same-window'
  left = math.min(ours, remaining)
  resetAt = math.max(resetAt, newReset)
end
redis.call('HSET', KEYS[1], 'left', left, 'resetAt', resetAt, 'observed', 1, 'quota', quota, 'windowMs', windowMs)
redis.call('PEXPIRE', KEYS[1], math.max(1, resetAt - now) + 2 * windowMs)
return verdict
`;

/** Default `maxLease` of RedisBigCommercePacer. */
const DEFAULT_MAX_LEASE = 16;

const ACQUIRE_SCRIPT = new RedisScript('mlcBigCommercePacerAcquire', BIGCOMMERCE_PACER_ACQUIRE_LUA, 1);
const OBSERVE_SCRIPT = new RedisScript('mlcBigCommercePacerObserve', BIGCOMMERCE_PACER_OBSERVE_LUA, 1);

/**
 * Pacer state in Redis, one hash per store (`<prefix><key>`, the client uses key `bigcommerce:<store_hash>`), shared
 * by every worker process. Both operations are single Lua scripts, so concurrent processes never over-grant.
 */
export class RedisBigCommercePacer implements RateBudget {
  private readonly config: BigCommercePacerConfig;
  /** Per key, the last answer this process folded in; lets `observe` skip answers that change nothing. */
  private readonly memo = new Map<string, BigCommerceObservationMemo>();
  private readonly lease: TokenLease;
  private readonly maxLease: number;

  /**
   * @param options.maxLease most calls leased per Redis round trip (default 16; the script also caps it at 1/50 of
   *   the store's quota, so a Standard plan leases 3); 1 asks Redis for every call
   * @param options.leaseMs longest a leased call stays valid (default 1 000 ms)
   */
  constructor(
    private readonly redis: Redis,
    config: Partial<BigCommercePacerConfig> = {},
    private readonly prefix = 'mlc:bc-pace:',
    options: { maxLease?: number; leaseMs?: number; now?: () => number } = {},
  ) {
    this.config = { ...BIGCOMMERCE_DEFAULT_PACER_CONFIG, ...config };
    this.maxLease = Math.max(1, options.maxLease ?? DEFAULT_MAX_LEASE);
    this.lease = new TokenLease(options.leaseMs ?? 1_000, options.now);
  }

  /**
   * See RateBudget.acquire; `cost` is always one call here (BigCommerce: "Each API request consumes one quota unit").
   * Calls come from this process's lease when it holds some (see TokenLease), else from Redis.
   */
  async acquire(key: string): Promise<BudgetGrant> {
    return this.lease.acquire(key, async (want) => {
      const res = (await ACQUIRE_SCRIPT.run(this.redis, [this.prefix + key], [this.config.reserve, this.config.initialQuota, this.config.initialWindowMs, Math.min(want, this.maxLease)])) as [number, number];
      const msUntilReset = Math.max(1, Number(res[1]));
      return { granted: Number(res[0]), validForMs: msUntilReset, waitMs: msUntilReset };
    });
  }

  /**
   * See RateBudget.observe; answers without `X-Rate-Limit-Requests-Left` are ignored, and so are answers that
   * cannot change a decision (plenty left in a window already folded in: `isObservationNeeded`).
   */
  async observe(key: string, view: BigCommerceRateView): Promise<void> {
    const now = Date.now();
    // The store has fewer calls left than this process holds (other apps spend the same quota): give them up.
    if (view.remaining !== undefined && view.remaining < this.lease.heldFor(key)) this.lease.drop(key);
    if (!isObservationNeeded(view, this.memo.get(key), now, this.config)) return;
    await this.observeWithVerdict(key, view);
    if (view.resetMs !== undefined) this.memo.set(key, { quota: view.limit ?? this.memo.get(key)?.quota ?? this.config.initialQuota, resetAt: now + view.resetMs });
  }

  /** Like `observe`, returning how the answer was applied. */
  async observeWithVerdict(key: string, view: BigCommerceRateView): Promise<BigCommercePacerVerdict> {
    if (view.remaining === undefined) return 'ignored';
    const c = this.config;
    const verdict = await OBSERVE_SCRIPT.run(this.redis, [this.prefix + key], [view.remaining, view.resetMs ?? -1, view.limit ?? -1, view.windowMs ?? -1, c.driftMs, c.initialQuota, c.initialWindowMs]);
    return verdict as BigCommercePacerVerdict;
  }

  /** The stored state (diagnostics and tests), or undefined when none. `resetAt` is in Redis time. */
  async snapshot(key: string): Promise<BigCommercePacerState | undefined> {
    const h = await this.redis.hgetall(this.prefix + key);
    if (h['left'] === undefined || h['resetAt'] === undefined) return undefined;
    return { left: Number(h['left']), resetAt: Number(h['resetAt']), quota: Number(h['quota']), windowMs: Number(h['windowMs']), isObserved: h['observed'] === '1' };
  }
}

/** The same rules in memory, for one process (tools, unit tests). `clock` is injectable. */
export class InMemoryBigCommercePacer implements RateBudget {
  private readonly config: BigCommercePacerConfig;
  private readonly states = new Map<string, BigCommercePacerState>();

  constructor(
    config: Partial<BigCommercePacerConfig> = {},
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.config = { ...BIGCOMMERCE_DEFAULT_PACER_CONFIG, ...config };
  }

  acquire(key: string): Promise<BudgetGrant> {
    const { grant, state } = bigCommercePacerAcquire(this.states.get(key), this.clock.now(), this.config);
    this.states.set(key, state);
    return Promise.resolve(grant);
  }

  observe(key: string, view: BigCommerceRateView): Promise<void> {
    const { state } = bigCommercePacerObserve(this.states.get(key), view, this.clock.now(), this.config);
    if (state) this.states.set(key, state);
    return Promise.resolve();
  }

  /** The current state (tests). */
  snapshot(key: string): BigCommercePacerState | undefined {
    return this.states.get(key);
  }
}
