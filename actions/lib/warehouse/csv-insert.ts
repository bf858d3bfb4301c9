import { scanCsv } from '../csv/scan-csv.js';

/** PostgreSQL accepts at most 65535 bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_INSERT = 1_000;

/** Runs one parameterised statement; returns the rows it affected. */
export type Execute = (sql: string, params: readonly (string | null)[]) => Promise<number>;

/**
 * Inserts the data rows of a CSV file (first record = header) into `table` with multi-row
 * INSERTs. Values are sent as text and cast by PostgreSQL to the column types; an empty field is
 * NULL, as COPY reads an unquoted empty field and as Redshift's EMPTYASNULL loads one. The caller
 * runs it inside its transaction, so a failing batch leaves nothing behind.
 *
 * @returns the number of rows inserted.
 */
export async function insertCsv(
  execute: Execute,
  table: string,
  columns: readonly string[],
  bytes: Uint8Array,
): Promise<number> {
  const rows = dataRows(new TextDecoder().decode(bytes), table, columns.length);
  const perInsert = Math.max(
    1,
    Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMETERS / columns.length)),
  );
  let inserted = 0;
  for (let start = 0; start < rows.length; start += perInsert) {
    const batch = rows.slice(start, start + perInsert);
    inserted += await execute(insertSql(table, columns, batch.length), batch.flat());
  }
  return inserted;
}

function dataRows(text: string, table: string, width: number): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let header = true;
  scanCsv(
    text,
    (record) => {
      if (header) {
        header = false;
        return;
      }
      if (record.fields.length !== width) {
        throw new Error(
          `line ${record.line} of the CSV for ${table} has ${record.fields.length} fields, expected ${width}`,
        );
      }
      rows.push(record.fields.map((f) => (f === '' ? null : f)));
    },
    (error) => {
      throw new Error(`line ${error.line} of the CSV for ${table}: ${error.reason}`);
    },
  );
  return rows;
}

function insertSql(table: string, columns: readonly string[], rowCount: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rowCount; r += 1) {
    const first = r * columns.length;
    tuples.push(`(${columns.map((_, c) => `$${first + c + 1}`).join(', ')})`);
  }
  return `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`;
}
