import type { StatementProgress } from '../warehouse/warehouse.js';

/** Per-stage progress lines with timings; the timings also go into run.json. */
export interface Progress {
  stage<T>(name: string, fn: () => Promise<T>, summarize?: (result: T) => string): Promise<T>;
  readonly timings: Readonly<Record<string, number>>;
}

/** A stage that runs longer than this says it is still running, again after each interval. */
export const HEARTBEAT_MS = 5_000;

/**
 * With `signal`, a stage does not start once it is aborted: it throws the abort reason. A stage
 * still running after {@link HEARTBEAT_MS} writes a line with its elapsed time and what `detail`
 * says is done, and again every interval, so a long run never goes quiet.
 */
export function createProgress(
  write: (line: string) => void,
  signal?: AbortSignal,
  heartbeatMs = HEARTBEAT_MS,
  /** What the running work has done, for the still-running line (e.g. a statement's rows). */
  detail: () => string | undefined = () => undefined,
): Progress {
  const timings: Record<string, number> = {};
  return {
    timings,
    async stage(name, fn, summarize) {
      signal?.throwIfAborted();
      write(`▶ ${name}`);
      const started = performance.now();
      const heartbeat = setInterval(() => {
        const done = detail();
        const elapsed = formatMs(performance.now() - started);
        write(`  … ${name} still running, ${elapsed}${done === undefined ? '' : `: ${done}`}`);
      }, heartbeatMs);
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

const count = new Intl.NumberFormat('en-US');

/**
 * Below this many units DuckDB is counting something other than rows (a CSV scan counts its
 * buffers): only the share done is shown then.
 */
const FEWEST_ROWS = 10_000;

/**
 * `statement 45 % (860,160 of 1,911,000 rows)`, `statement 33 %` when the engine's units are not
 * rows, or undefined when nothing is running.
 */
export function describeStatementProgress(p: StatementProgress | undefined): string | undefined {
  if (p === undefined) return undefined;
  const share = `statement ${Math.floor(p.percent)} %`;
  return p.rowsTotal < FEWEST_ROWS
    ? share
    : `${share} (${count.format(p.rowsDone)} of ${count.format(p.rowsTotal)} rows)`;
}
