import { describe, expect, test } from '@jest/globals';
import {
  backoffDelay,
  retry,
  waitFor,
  WaitAbortedError,
  WaitTimeoutError,
  type WaitOptions,
} from '../../../actions/lib/wait.js';
import { fakeClock } from './warehouse/fake-clock.js';

const BACKOFF = { initialMs: 100, factor: 2, maxMs: 1_000 };

function options(extra: Partial<WaitOptions> = {}) {
  const time = fakeClock();
  return {
    time,
    options: { what: 'the thing', timeoutMs: 5_000, backoff: BACKOFF, clock: time.clock, ...extra },
  };
}

describe('bounded waits', () => {
  test('backoff doubles up to the cap, with half of each step random', () => {
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, BACKOFF, () => 0))).toEqual([
      50, 100, 200, 400, 500, 500,
    ]);
    expect([0, 1, 2, 3, 4, 5].map((n) => backoffDelay(n, BACKOFF, () => 0.999999))).toEqual(
      [100, 200, 400, 800, 1000, 1000].map((x) => expect.closeTo(x, 2)),
    );
  });

  test('waitFor returns the first defined result', async () => {
    const { options: o, time } = options({ random: () => 0 });
    let calls = 0;
    await expect(waitFor(async () => (++calls === 4 ? 'done' : undefined), o)).resolves.toBe(
      'done',
    );
    expect(time.sleeps).toEqual([50, 100, 200]);
  });

  test('waitFor gives up at the timeout, never sleeping past it', async () => {
    const { options: o, time } = options();
    const error = await waitFor(async () => undefined, o).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      /^the thing did not finish within 5 s \(\d+ attempts\)$/,
    );
    expect(time.elapsed()).toBe(5_000);
  });

  test('an aborted signal stops the wait', async () => {
    const controller = new AbortController();
    const { options: o } = options({ signal: controller.signal });
    let calls = 0;
    const wait = waitFor(async () => {
      if (++calls === 2) controller.abort();
      return undefined;
    }, o);
    await expect(wait).rejects.toBeInstanceOf(WaitAbortedError);
    expect(calls).toBe(2);
  });

  test('retry repeats retryable failures only, and rethrows the last one at the deadline', async () => {
    const { options: o } = options();
    let calls = 0;
    const flaky = async () => {
      calls += 1;
      if (calls < 3) throw new Error('busy');
      return calls;
    };
    await expect(retry(flaky, (e) => String(e).includes('busy'), o)).resolves.toBe(3);

    calls = 0;
    await expect(
      retry(
        async () => {
          calls += 1;
          throw new Error('bad input');
        },
        (e) => String(e).includes('busy'),
        o,
      ),
    ).rejects.toThrow('bad input');
    expect(calls).toBe(1);

    const { options: short } = options({ timeoutMs: 1_000 });
    await expect(
      retry(
        async () => Promise.reject(new Error('busy')),
        () => true,
        short,
      ),
    ).rejects.toThrow(/busy|did not finish/);
  });
});
