import type { Clock } from '../../actions/lib/wait.js';

/** A clock whose `sleep` only moves time forward, so waits in tests take no time. */
export function fakeClock(start = 0): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}
