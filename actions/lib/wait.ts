import { setTimeout as delay } from 'node:timers/promises';

/** Time as the waits see it; tests pass a fake whose `sleep` only moves `now` forward. */
export interface Clock {
  /** Milliseconds since some fixed point. */
  now(): number;
  /** Resolves after `ms`, or rejects early when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: async (ms, signal) => {
    await delay(ms, undefined, signal === undefined ? {} : { signal });
  },
};

/** Exponential backoff: `initialMs · factor^n`, capped at `maxMs`. */
export interface Backoff {
  readonly initialMs: number;
  readonly factor: number;
  readonly maxMs: number;
}

export interface WaitOptions {
  /** What is being waited for, as it should read in an error: `Redshift statement 3f2…`. */
  readonly what: string;
  /** Overall bound, measured on `clock`, after which the wait fails with WaitTimeoutError. */
  readonly timeoutMs: number;
  readonly backoff: Backoff;
  readonly clock?: Clock;
  /** Uniform in [0, 1); injectable so that jitter is reproducible in tests. */
  readonly random?: () => number;
  readonly signal?: AbortSignal;
}

/** The overall timeout passed before the awaited thing happened. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly attempts: number,
  ) {
    super(`${what} did not finish within ${formatMs(timeoutMs)} (${attempts} attempts)`);
  }
}

/** The caller's AbortSignal fired (Ctrl-C, a cancelled workflow) while waiting. */
export class WaitAbortedError extends Error {
  override readonly name = 'WaitAbortedError';
  constructor(readonly what: string) {
    super(`${what} was interrupted`);
  }
}

/**
 * Delay before retry number `attempt` (0-based) with "equal jitter": half of the exponential step
 * is fixed and half random, so waits never collapse to zero yet callers do not poll in lockstep.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.initialMs * backoff.factor ** attempt);
  return step / 2 + random() * (step / 2);
}

/**
 * Calls `probe` until it returns something other than `undefined`, sleeping with backoff between
 * calls. Fails with WaitTimeoutError after `timeoutMs`, or WaitAbortedError when `signal` fires.
 */
export function waitFor<T>(
  probe: (attempt: number) => Promise<T | undefined>,
  options: WaitOptions,
): Promise<T> {
  return attemptUntil((attempt) => probe(attempt), options);
}

/**
 * Runs `fn` until it succeeds, retrying the errors `isRetryable` accepts with backoff, within the
 * same bounds as `waitFor`. Other errors, and the last retryable one at the deadline, are thrown.
 */
export async function retry<T>(
  fn: () => Promise<T>,
  isRetryable: (error: unknown) => boolean,
  options: WaitOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const done = await attemptUntil(async (_attempt, deadline) => {
    try {
      return { value: await fn() };
    } catch (error) {
      if (!isRetryable(error) || clock.now() >= deadline) throw error;
      return undefined;
    }
  }, options);
  return done.value;
}

/** The loop of `waitFor` and `retry`: `step` until it returns something, pausing in between. */
async function attemptUntil<T>(
  step: (attempt: number, deadline: number) => Promise<T | undefined>,
  options: WaitOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const deadline = clock.now() + options.timeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    throwIfAborted(options);
    const result = await step(attempt, deadline);
    if (result !== undefined) return result;
    await pause(attempt, deadline, options);
  }
}

async function pause(attempt: number, deadline: number, options: WaitOptions): Promise<void> {
  const clock = options.clock ?? systemClock;
  const left = deadline - clock.now();
  if (left <= 0) throw new WaitTimeoutError(options.what, options.timeoutMs, attempt + 1);
  const ms = Math.min(left, backoffDelay(attempt, options.backoff, options.random));
  try {
    await clock.sleep(ms, options.signal);
  } catch (error) {
    if (options.signal?.aborted === true) throw new WaitAbortedError(options.what);
    throw error;
  }
}

function throwIfAborted(options: WaitOptions): void {
  if (options.signal?.aborted === true) throw new WaitAbortedError(options.what);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
