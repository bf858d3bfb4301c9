/**
 * One Olist file checked and loaded by DuckDB itself, inside the load's transaction: its reader
 * streams the file into a staging table of text columns, SQL finds every row validate-field.ts
 * would reject (same reasons, same lines) and every repeated key, and the rest go into the table
 * with casts. A file the reader cannot take whole, or whose lines it cannot number (csv-shape.ts),
 * is left to the JavaScript reader: `stageCsv` says so by returning undefined.
 */
import type { RejectedRow } from '../csv/rejected-row.js';
import type { ColumnSpec, TableSpec } from '../sources/olist-tables.js';
import type { RunDuckDb } from '../warehouse/duckdb-csv.js';
import { toRows } from '../warehouse/duckdb-values.js';
import { castSql, fieldProblemSql, sqlText } from './field-checks-sql.js';
import { pickLines } from './csv-shape.js';
import type { TimeBounds } from './validate-field.js';

/** A file in its staging table, checked: what will load, and every row that will not. */
export interface StagedCsv {
  readonly spec: TableSpec;
  readonly file: string;
  readonly rowsIn: number;
  readonly rejected: readonly RejectedRow[];
  /** Inserts the accepted rows into the table and drops the staging tables; returns the rows inserted. */
  readonly insert: () => Promise<number>;
  /** Drops the staging tables without loading. */
  readonly discard: () => Promise<void>;
}

const STAGE = 'load_stage';
const PROBLEMS = 'load_stage_problems';
const READER_REJECTS = 'load_stage_reader_rejects';
const READER_SCANS = 'load_stage_reader_scans';
/**
 * The header is line 1 and no data row spans lines or is blank (csv-shape.ts), so data row n
 * (from 0) is line n + 2. The reader keeps the file's order (preserve_insertion_order), and the
 * staging table numbers its rows in that order from `base`, the first row's rowid.
 */
const lineOf = (base: bigint): string => `(${STAGE}.rowid - ${base} + 2)`;

/** Each of the table's columns exactly once, in any order: the names in file order, or undefined. */
function fileColumns(header: readonly string[], spec: TableSpec): ColumnSpec[] | undefined {
  const byName = new Map(spec.columns.map((c) => [c.name, c]));
  const columns = header.map((name) => byName.get(name));
  const complete =
    header.length === spec.columns.length &&
    new Set(header).size === header.length &&
    columns.every((c) => c !== undefined);
  return complete ? (columns as ColumnSpec[]) : undefined;
}

const count = async (run: RunDuckDb, sql: string): Promise<number> =>
  Number(toRows<{ n: bigint | number }>(await run(sql))[0]?.n ?? 0);

async function dropAll(run: RunDuckDb): Promise<void> {
  for (const table of [STAGE, PROBLEMS, READER_REJECTS, READER_SCANS]) {
    await run(`drop table if exists ${table}`);
  }
}

/** Reads `file` into the staging table; false when the reader refused any of it. */
async function readIntoStage(run: RunDuckDb, file: string, width: number): Promise<boolean> {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  const options = [
    'header = true',
    'auto_detect = false',
    "delim = ','",
    `quote = '"'`,
    `escape = '"'`,
    'allow_quoted_nulls = false',
    'strict_mode = true',
    'store_rejects = true',
    `rejects_table = '${READER_REJECTS}'`,
    `rejects_scan = '${READER_SCANS}'`,
    `columns = {${columns}}`,
  ];
  try {
    await run(
      `create temp table ${STAGE} as select * from read_csv(${sqlText(file)}, ${options.join(', ')})`,
    );
  } catch {
    return false;
  }
  return (await count(run, `select count(*) as n from ${READER_REJECTS}`)) === 0;
}

/**
 * Stages and checks `file` against `spec` (its header already read as `header`), or returns
 * undefined, leaving nothing behind, when the JavaScript reader must read it instead.
 */
export async function stageCsv(
  run: RunDuckDb,
  file: string,
  spec: TableSpec,
  header: readonly string[],
  bounds: TimeBounds,
): Promise<StagedCsv | undefined> {
  const columns = fileColumns(header, spec);
  if (columns === undefined) return undefined;
  await dropAll(run);
  if (!(await readIntoStage(run, file, columns.length))) {
    await dropAll(run);
    return undefined;
  }
  const [span] = toRows<{ n: string; base: string | null; top: string | null }>(
    await run(
      `select count(*)::varchar as n, min(rowid)::varchar as base, max(rowid)::varchar as top from ${STAGE}`,
    ),
  );
  const rowsIn = Number(span?.n ?? 0);
  const base = span?.base ?? null;
  // Rows numbered one after another from the first, or the lines cannot be told.
  if (
    rowsIn === 0 ||
    base === null ||
    BigInt(span?.top ?? 0) - BigInt(base) + 1n !== BigInt(rowsIn)
  ) {
    await dropAll(run);
    return undefined;
  }
  const LINE = lineOf(BigInt(base));
  const problems = columns.map(
    (c, i) => `'${c.name} ' || (${fieldProblemSql(c, `c${i}`, bounds)})`,
  );
  const problemColumn = columns.map((c, i) => `when p${i} is not null then '${c.name}'`);
  // A value with a line break moves the lines after it; one with a quote may be a stray quote
  // that the JavaScript reader reports (DuckDB's keeps it): either way, that reader reads the file.
  const all = `concat(${columns.map((_, i) => `c${i}`).join(', ')}, '')`;
  const spans = `(contains(${all}, chr(10)) or contains(${all}, '"'))`;
  await run(`create temp table ${PROBLEMS} as
select line, column_name, reason, spans from (
  select line, spans, coalesce(${problems.map((_, i) => `p${i}`).join(', ')}) as reason,
    case ${problemColumn.join(' ')} end as column_name
  from (select ${LINE} as line, ${spans} as spans, ${problems.map((p, i) => `${p} as p${i}`).join(', ')} from ${STAGE})
) where reason is not null or spans`);
  if ((await count(run, `select count(*) as n from ${PROBLEMS} where spans`)) > 0) {
    await dropAll(run);
    return undefined;
  }
  await addDuplicates(run, spec, header, LINE);
  const rejected = await rejectedRows(run, file);
  const accepted =
    rejected.length === 0 ? STAGE : `${STAGE} anti join ${PROBLEMS} on ${LINE} = ${PROBLEMS}.line`;
  const casts = columns.map((c, i) => castSql(c, `c${i}`));
  return {
    spec,
    file,
    rowsIn,
    rejected,
    insert: async () => {
      const inserted = (
        await run(
          `insert into public.${spec.table} (${header.join(', ')}) select ${casts.join(', ')} from ${accepted}`,
        )
      ).rowsChanged;
      await dropAll(run);
      return inserted;
    },
    discard: () => dropAll(run),
  };
}

/** Rows whose key an earlier accepted row already has, each with the line of that first row. */
async function addDuplicates(
  run: RunDuckDb,
  spec: TableSpec,
  header: readonly string[],
  LINE: string,
): Promise<void> {
  if (spec.key.length === 0) return;
  const keys = spec.key.map((k) => `c${header.indexOf(k)}`).join(', ');
  const reason = `'duplicate ${spec.key.join(', ')} (first seen on line ' || first_line || ')'`;
  await run(`insert into ${PROBLEMS} (line, column_name, reason, spans)
with good as (
  select ${LINE} as line, ${keys} from ${STAGE} anti join ${PROBLEMS} on ${LINE} = ${PROBLEMS}.line
), repeated as (
  select ${keys} from good group by ${keys} having count(*) > 1
)
select line, ${sqlText(spec.key[0] as string)}, ${reason}, false from (
  select line, min(line) over (partition by ${keys}) as first_line
  from good semi join repeated using (${keys})
) where line <> first_line`);
}

interface ProblemRow extends Record<string, unknown> {
  line: bigint | number;
  column_name: string | null;
  reason: string;
}

/** Every rejected row, in order of its line, with the text of that line. */
async function rejectedRows(run: RunDuckDb, file: string): Promise<RejectedRow[]> {
  const rows = toRows<ProblemRow>(
    await run(`select line, column_name, reason from ${PROBLEMS} order by line`),
  );
  if (rows.length === 0) return [];
  const raw = await pickLines(file, new Set(rows.map((r) => Number(r.line))));
  return rows.map((r) => ({
    file,
    line: Number(r.line),
    reason: r.reason,
    raw: raw.get(Number(r.line)) ?? '',
    ...(r.column_name === null ? {} : { column: r.column_name }),
  }));
}
