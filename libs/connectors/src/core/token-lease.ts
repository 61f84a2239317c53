import type { BudgetGrant } from './rate-budget.types';

/** A refill from the shared budget: how many calls it granted (0: refused), and for how long they are valid. */
export type LeaseRefill = { granted: number; validForMs: number; waitMs: number };

const GRANTED: BudgetGrant = { granted: true };
/** Rounds a caller waits for refills before giving up for now (each round some caller gets a call). */
const MAX_ROUNDS = 64;

/**
 * Calls taken from a shared budget (Redis) a few at a time and spent in this process, so a busy process asks Redis
 * once per several calls instead of once per call. A refill asks for as many calls as callers are waiting for one
 * right now (at most the lease size the budget allows): sparse traffic leases one call at a time and wastes nothing,
 * a burst of concurrent calls shares one round trip. The shared count includes every leased call, so processes
 * together never exceed the provider's quota; a leased call left unused when its lease expires is not used (only
 * when the callers that asked for it went elsewhere). Refills are single-flight per key: callers arriving while one
 * is in flight wait for it instead of each leasing more. Leases never outlive the budget window they were counted in.
 */
export class TokenLease {
  private readonly held = new Map<string, { calls: number; expiresAt: number }>();
  private readonly refills = new Map<string, Promise<BudgetGrant>>();
  private readonly waiting = new Map<string, number>();

  /**
   * @param leaseMs longest a leased call stays valid (ms), whatever the window left
   * @param now clock in epoch ms
   */
  constructor(
    private readonly leaseMs = 1_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * One call for `key`: from the lease, else after one (shared) `refill(want)`, where `want` is how many callers
   * (this one included) are waiting for a call of `key` at that moment.
   * @returns granted, or refused with the wait the budget reported (`waitMs` 1 when refills kept being taken by others)
   */
  async acquire(key: string, refill: (want: number) => Promise<LeaseRefill>): Promise<BudgetGrant> {
    if (this.spend(key)) return GRANTED;
    this.waiting.set(key, (this.waiting.get(key) ?? 0) + 1);
    try {
      return await this.acquireWaiting(key, refill);
    } finally {
      const left = (this.waiting.get(key) ?? 1) - 1;
      if (left > 0) this.waiting.set(key, left);
      else this.waiting.delete(key);
    }
  }

  private async acquireWaiting(key: string, refill: (want: number) => Promise<LeaseRefill>): Promise<BudgetGrant> {
    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      if (this.spend(key)) return GRANTED;
      let pending = this.refills.get(key);
      if (!pending) {
        pending = refill(Math.max(1, this.waiting.get(key) ?? 1))
          .then((r): BudgetGrant => {
            if (r.granted <= 0) return { granted: false, waitMs: Math.max(1, r.waitMs) };
            this.held.set(key, { calls: r.granted, expiresAt: this.now() + Math.min(this.leaseMs, Math.max(0, r.validForMs)) });
            return GRANTED;
          })
          .finally(() => this.refills.delete(key));
        this.refills.set(key, pending);
      }
      const grant = await pending;
      if (!grant.granted) return grant;
    }
    return { granted: false, waitMs: 1 };
  }

  /** Calls still held for `key` (0 once expired). */
  heldFor(key: string): number {
    const lease = this.held.get(key);
    return lease && lease.expiresAt > this.now() ? lease.calls : 0;
  }

  /** Forgets the calls held for `key` (the provider reports fewer left than we hold). */
  drop(key: string): void {
    this.held.delete(key);
  }

  private spend(key: string): boolean {
    const lease = this.held.get(key);
    if (!lease || lease.calls <= 0 || lease.expiresAt <= this.now()) return false;
    lease.calls -= 1;
    return true;
  }
}
