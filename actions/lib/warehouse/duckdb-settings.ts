/**
 * Engine settings a user may change through the environment, readable without loading DuckDB
 * (the run's up-front estimate reads the memory limit).
 */

/**
 * What DuckDB may hold in memory before it spills to disk (beside the database file, in
 * `<file>.tmp`), unless `WORKSHOP_DUCKDB_MEMORY_LIMIT` says otherwise (DuckDB's units: `2GB`,
 * `500MB`). DuckDB's own default is 80 % of the machine's memory, which a run of ten million
 * orders fills (20 GB here); with 4 GB that run completed at 4.7 GiB peak for the whole process
 * (BENCHMARKS.md); with 3.5 GB its load ran out of memory.
 */
export const DEFAULT_MEMORY_LIMIT = '4GB';

/** The memory limit of the databases this process opens. */
export const memoryLimit = (): string =>
  process.env['WORKSHOP_DUCKDB_MEMORY_LIMIT'] ?? DEFAULT_MEMORY_LIMIT;

const UNITS: Readonly<Record<string, number>> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 1024,
  mib: 1024 ** 2,
  gib: 1024 ** 3,
  tib: 1024 ** 4,
};

/** A limit in DuckDB's units (`4GB`, `500 MiB`) in MiB, or undefined when it is not one. */
export function limitMiB(limit: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(limit);
  const unit = match === null ? undefined : UNITS[(match[2] as string).toLowerCase()];
  return match === null || unit === undefined ? undefined : (Number(match[1]) * unit) / 1024 ** 2;
}

/**
 * String compressions DuckDB does not try when it writes a table, unless
 * `WORKSHOP_DUCKDB_DISABLED_COMPRESSION` names others (empty: DuckDB tries them all). Choosing
 * among FSST and dictionary encodings for every column of random identifiers cost two thirds of
 * each insert; without them the file is larger (customer ids stored as written) and every table
 * the pipeline writes is written about three times faster.
 */
export const DISABLED_COMPRESSION = 'fsst,dictionary,dict_fsst';

/** The compressions the databases this process opens do not try. */
export const disabledCompression = (): string =>
  process.env['WORKSHOP_DUCKDB_DISABLED_COMPRESSION'] ?? DISABLED_COMPRESSION;
