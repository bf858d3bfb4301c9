/** Per-stage progress lines with timings; the timings also go into run.json. */
export interface Progress {
  stage<T>(name: string, fn: () => Promise<T>, summarize?: (result: T) => string): Promise<T>;
  readonly timings: Readonly<Record<string, number>>;
}

/** A stage that runs longer than this says it is still running, again after each interval. */
export const HEARTBEAT_MS = 5_000;

/**
 * With `signal`, a stage does not start once it is aborted: it throws the abort reason. A stage
 * still running after {@link HEARTBEAT_MS} writes a line with its elapsed time, and again every
 * interval, so a long run never goes quiet.
 */
export function createProgress(
  write: (line: string) => void,
  signal?: AbortSignal,
  heartbeatMs = HEARTBEAT_MS,
): Progress {
  const timings: Record<string, number> = {};
  return {
    timings,
    async stage(name, fn, summarize) {
      signal?.throwIfAborted();
      write(`▶ ${name}`);
      const started = performance.now();
      const heartbeat = setInterval(
        () => write(`  … ${name} still running, ${formatMs(performance.now() - started)}`),
        heartbeatMs,
      );
      heartbeat.unref();
      try {
        const result = await fn();
        const ms = performance.now() - started;
        timings[name] = Math.round(ms);
        const detail = summarize?.(result) ?? '';
        write(`✓ ${name.padEnd(10)} ${detail.padEnd(56)} ${formatMs(ms).padStart(8)}`);
        return result;
      } catch (error) {
        write(`✗ ${name} failed after ${formatMs(performance.now() - started)}`);
        throw error;
      } finally {
        clearInterval(heartbeat);
      }
    },
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
