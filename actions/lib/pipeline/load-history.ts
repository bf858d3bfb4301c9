/**
 * What the team's warehouse was last loaded with (`load_history`, V010), and the rule that keeps
 * a team's own data: a generated sample replaces only a sample, or nothing.
 */
import type { Warehouse } from '../warehouse/warehouse.js';

export interface LoadRecord {
  readonly origin: 'sample' | 'files';
  readonly detail: string;
  /** ISO 8601, UTC. */
  readonly loadedAt: string;
  readonly rowsLoaded: number;
}

/** The latest load, or undefined when the warehouse was never loaded. */
export async function latestLoad(wh: Warehouse): Promise<LoadRecord | undefined> {
  const [row] = await wh.query<{
    origin: string;
    detail: string;
    loaded_at: unknown;
    rows_loaded: unknown;
  }>({
    sql: 'select origin, detail, loaded_at, rows_loaded from public.load_history order by loaded_at desc limit 1',
    file: 'pipeline/load-history.ts',
    line: 1,
  });
  if (row === undefined) return undefined;
  const at = row.loaded_at instanceof Date ? row.loaded_at : new Date(`${String(row.loaded_at)}Z`);
  return {
    origin: row.origin === 'sample' ? 'sample' : 'files',
    detail: row.detail,
    loadedAt: Number.isNaN(at.getTime()) ? String(row.loaded_at) : at.toISOString(),
    rowsLoaded: Number(row.rows_loaded),
  };
}

/**
 * Why a generated sample must not be loaded over what the warehouse holds, or undefined when it
 * may: the latest load was of the team's own files.
 */
export function keepsOwnData(latest: LoadRecord | undefined): string | undefined {
  if (latest?.origin !== 'files') return undefined;
  return `the warehouse holds the team's own data (${latest.rowsLoaded.toLocaleString('en-US')} rows from ${latest.detail}, loaded ${latest.loadedAt}); a sample never replaces it. Load new data with --data (or, locally, start over with workshop reset)`;
}
