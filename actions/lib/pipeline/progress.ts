/** Per-stage progress lines with timings; the timings also go into run.json. */
export interface Progress {
  stage<T>(name: string, fn: () => Promise<T>, summarize?: (result: T) => string): Promise<T>;
  readonly timings: Readonly<Record<string, number>>;
}

/** With `signal`, a stage does not start once it is aborted: it throws the abort reason. */
export function createProgress(write: (line: string) => void, signal?: AbortSignal): Progress {
  const timings: Record<string, number> = {};
  return {
    timings,
    async stage(name, fn, summarize) {
      signal?.throwIfAborted();
      write(`▶ ${name}`);
      const started = performance.now();
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
      }
    },
  };
}

export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}
