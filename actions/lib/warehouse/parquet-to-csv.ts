/**
 * Parquet files as CSV, by DuckDB's own Parquet reader and CSV writer in a throw-away in-memory
 * instance: a team's Parquet export then goes through the same row checks and mapping as a CSV
 * one. This is a file conversion, not a team's warehouse.
 */
import { DuckDBInstance } from '@duckdb/node-api';
import { fromDuckDb } from './duckdb-error.js';

const literal = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/**
 * Writes the rows of `parquet` to `csv` (a header, comma-separated, fields quoted when needed,
 * NULL as an empty unquoted field, timestamps as `YYYY-MM-DD HH:MM:SS[.ffffff][+HH]`); returns
 * the rows written.
 */
export async function parquetToCsv(parquet: string, csv: string): Promise<number> {
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const connection = await instance.connect();
  try {
    const result = await connection.run(
      `copy (select * from read_parquet(${literal(parquet)})) to ${literal(csv)} (format csv, header true)`,
    );
    return Number(result.rowsChanged);
  } catch (error) {
    const cause = fromDuckDb(error);
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${parquet}: cannot read it as Parquet (${reason}); check the file`, { cause });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
