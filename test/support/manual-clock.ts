import type { Clock } from '@mlc/connectors';

/** A connector clock the test moves: `sleep` returns at once and advances time, recording each wait in `sleeps` (ms). */
export function manualClock(start: number): Clock & { sleeps: number[]; advance(ms: number): void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
    advance: (ms) => void (now += ms),
  };
}
