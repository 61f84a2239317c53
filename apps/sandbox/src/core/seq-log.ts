/** An item as a `SeqLog` keeps it: the caller's fields plus the sequence number it was given. */
export type Sequenced<T> = T & { seq: number };

/**
 * One page read with a cursor (`after`): `items` have `seq > after` in ascending order, `next` is the seq of the
 * last item returned (or `after` when none), `truncated` is true when entries newer than `after` were dropped
 * before this read (capacity eviction or `clear()`), so the reader has missed some.
 */
export type SeqPage<T> = { items: Array<Sequenced<T>>; next: number; truncated: boolean };

/**
 * Bounded, append-only log with a monotonic sequence number per item (1, 2, 3, …; never reused, not even after
 * `clear()`), read with a cursor. The oldest items are dropped first once `capacity` is exceeded. Retained items
 * always have consecutive seqs, so a cursor read seeks in O(1) and costs O(returned + skipped by the filter).
 * Shared by the request log (`GET /_sandbox/requests`) and BigCommerce's webhook delivery log.
 */
export class SeqLog<T extends object> {
  private items: Array<Sequenced<T>> = [];
  private start = 0;
  private lastSeq = 0;
  /** Highest seq that is no longer retained (0 when nothing was ever dropped). */
  private droppedThrough = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
  }

  /** Appends an item and returns it with its new seq. */
  push(item: T): Sequenced<T> {
    this.lastSeq += 1;
    const stored: Sequenced<T> = { seq: this.lastSeq, ...item };
    this.items.push(stored);
    if (this.items.length - this.start > this.capacity) {
      this.droppedThrough = (this.items[this.start] as Sequenced<T>).seq;
      this.start += 1;
    }
    if (this.start > this.capacity) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return stored;
  }

  /** Every retained item, oldest first (a copy of the list; the items themselves are shared). */
  all(): Array<Sequenced<T>> {
    return this.items.slice(this.start);
  }

  /** The seq of the newest item ever pushed (0 when none). */
  get last(): number {
    return this.lastSeq;
  }

  /**
   * Items with `seq > after` that pass `accept`, oldest first, at most `limit` (no limit when undefined). Reading never
   * removes anything.
   */
  read(after: number, limit: number | undefined, accept: (item: Sequenced<T>) => boolean = () => true): SeqPage<T> {
    const out: Array<Sequenced<T>> = [];
    const firstSeq = this.droppedThrough + 1;
    let index = this.start + Math.max(0, after + 1 - firstSeq);
    while (index < this.items.length && (limit === undefined || out.length < limit)) {
      const item = this.items[index] as Sequenced<T>;
      if (accept(item)) out.push(item);
      index += 1;
    }
    return { items: out, next: out.length > 0 ? (out[out.length - 1] as Sequenced<T>).seq : after, truncated: after < this.droppedThrough };
  }

  /** Drops every item; seqs keep counting from where they were. */
  clear(): void {
    this.droppedThrough = this.lastSeq;
    this.items = [];
    this.start = 0;
  }
}
