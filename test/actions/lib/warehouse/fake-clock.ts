import type { Clock } from '../../../../actions/lib/wait.js';

/** A clock whose sleeps return at once and only move `now` forward; records every sleep. */
export function fakeClock(): { clock: Clock; sleeps: number[]; elapsed: () => number } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    elapsed: () => now,
    clock: {
      now: () => now,
      sleep: async (ms, signal) => {
        if (signal?.aborted === true) throw new Error('aborted');
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}
