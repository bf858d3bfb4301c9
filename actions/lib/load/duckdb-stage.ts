/**
 * One CSV file checked and loaded by DuckDB itself, inside the load's transaction: its reader
 * streams the file into a staging table of text columns (`c0`, `c1`, … in the file's order), the
 * checks of a {@link StagePlan} (SQL standing in for the JavaScript checks, same reasons, same
 * lines) find every row that will not load, and the rest go into the table as the plan says. A
 * file the reader cannot take whole, or whose lines it cannot number (csv-shape.ts), is left to
 * the JavaScript reader: `stageCsv` says so by returning undefined.
 */
import type { RejectedRow } from '../csv/rejected-row.js';
import type { RunDuckDb } from '../warehouse/duckdb-csv.js';
import { toRows } from '../warehouse/duckdb-values.js';
import { sqlText } from './field-checks-sql.js';
import { pickLines, type PlainCsv } from './csv-shape.js';
import { rereadLines } from './stage-reread.js';

/** One check of a staged row: why `column` cannot be stored (SQL, NULL when it can). */
export interface StageCheck {
  /** The name the reason starts with: `<column> <problem>`. */
  readonly column: string;
  readonly problem: string;
}

/**
 * How a staged file is checked and inserted. Every SQL expression here reads a staged row: its
 * fields `c0` … (text, NULL for an unquoted empty field), its `line` in the file, and the
 * `derived` columns.
 */
export interface StagePlan {
  readonly table: string;
  /** The file's fields per row (its header's). */
  readonly width: number;
  /**
   * Columns computed once per row before the checks, as `<expression> as <name>`, in layers:
   * each layer may use the ones before it.
   */
  readonly derived?: readonly (readonly string[])[];
  /** In order: a row's reason is the first that is not NULL. */
  readonly checks: readonly StageCheck[];
  /** The table's columns and each one's value for an accepted row. */
  readonly insert: readonly { readonly column: string; readonly value: string }[];
  /** Rows repeating an earlier accepted row's key are rejected; the fields hold the key. */
  readonly key?: { readonly names: readonly string[]; readonly fields: readonly string[] };
}

/** A file in its staging table, checked: what will load, and every row that will not. */
export interface StagedCsv {
  readonly table: string;
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
const SHIFTS = 'load_stage_shifts';
/** More lines than this to read again in JavaScript (stage-reread.ts), and it reads the file. */
const MAX_REREAD_LINES = 10_000;

const count = async (run: RunDuckDb, sql: string): Promise<number> =>
  Number(toRows<{ n: bigint | number }>(await run(sql))[0]?.n ?? 0);

async function dropAll(run: RunDuckDb): Promise<void> {
  for (const table of [STAGE, PROBLEMS, READER_REJECTS, READER_SCANS, SHIFTS]) {
    await run(`drop table if exists ${table}`);
  }
}

/** Reads `file` into the staging table; false when the reader failed. */
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
  // Rows are numbered in the file's order (stagedRows): the reader must keep it.
  await run('set preserve_insertion_order = true');
  try {
    await run(
      `create temp table ${STAGE} as select * from read_csv(${sqlText(file)}, ${options.join(', ')})`,
    );
  } catch {
    return false;
  } finally {
    await run('set preserve_insertion_order = false');
  }
  return true;
}

/**
 * The staged rows with their line and the plan's derived columns. The header is line 1 and no
 * data row spans lines or is blank (csv-shape.ts), so data row n (from 0) is line n + 2, less the
 * lines DuckDB's reader refused before it (`shifted`: the table of them). The reader keeps the
 * file's order (preserve_insertion_order), and the staging table numbers its rows in that order
 * from `base`, the first row's rowid.
 */
function stagedRows(plan: StagePlan, base: bigint, shifted: boolean): string {
  let rows = shifted
    ? `(select r.row_index + 2 + coalesce(s.shift, 0) as line, r.* from (select rowid - ${base} as row_index, * from ${STAGE}) as r asof left join ${SHIFTS} as s on r.row_index >= s.row_index)`
    : `(select rowid - ${base} + 2 as line, * from ${STAGE})`;
  for (const layer of plan.derived ?? []) rows = `(select *, ${layer.join(', ')} from ${rows})`;
  return rows;
}

/**
 * Stages `file` (whose shape csv-shape.ts read) and checks it by `plan`, or returns undefined,
 * leaving nothing behind, when the JavaScript reader must read it instead.
 */
export async function stageCsv(
  run: RunDuckDb,
  file: string,
  shape: PlainCsv,
  plan: StagePlan,
): Promise<StagedCsv | undefined> {
  await dropAll(run);
  const staged = await checkStaged(run, file, shape, plan);
  if (staged === undefined) await dropAll(run);
  return staged;
}

/** SQL values `(line, reason)` of `reasons`. */
const reasonValues = (reasons: ReadonlyMap<number, string>): string =>
  [...reasons].map(([line, reason]) => `(${line}, ${sqlText(reason)})`).join(', ');

/**
 * The rows DuckDB's reader refused, each with the reason the JavaScript reader rejects it for, in
 * the problems table, and the table of how far each refused line moves the lines after it; false
 * when the JavaScript reader must read the file (it does not reject one, or not for that line).
 */
async function addReaderRejects(
  run: RunDuckDb,
  file: string,
  shape: PlainCsv,
  width: number,
): Promise<boolean> {
  const lines = toRows<{ line: number }>(
    await run(`select distinct line from ${READER_REJECTS} order by line`),
  ).map((r) => ({ line: Number(r.line) }));
  if (lines.length > MAX_REREAD_LINES) return false;
  const reasons = await rereadLines(file, lines, width, shape.notUtf8Lines);
  if (reasons === undefined || reasons.size !== lines.length) return false;
  await run(
    `create temp table ${PROBLEMS} (line bigint, column_name varchar, reason varchar, breaks boolean, quoted boolean)`,
  );
  if (reasons.size === 0) return true;
  await run(
    `insert into ${PROBLEMS} select line, null, reason, false, false from (values ${reasonValues(reasons)}) as r(line, reason)`,
  );
  // The i-th refused line (from 0) moves every staged row from index line - 2 - i on by one more.
  await run(`create temp table ${SHIFTS} as
select row_index, max(shift) as shift from (
  select line - 1 - row_number() over (order by line) as row_index, row_number() over (order by line) as shift
  from ${PROBLEMS}
) group by row_index`);
  return true;
}

async function checkStaged(
  run: RunDuckDb,
  file: string,
  shape: PlainCsv,
  plan: StagePlan,
): Promise<StagedCsv | undefined> {
  if (!(await readIntoStage(run, file, plan.width))) return undefined;
  if (!(await addReaderRejects(run, file, shape, plan.width))) return undefined;
  const refused = await count(run, `select count(*) as n from ${PROBLEMS}`);
  const [span] = toRows<{ n: string; base: string | null; top: string | null }>(
    await run(
      `select count(*)::varchar as n, min(rowid)::varchar as base, max(rowid)::varchar as top from ${STAGE}`,
    ),
  );
  const staged = Number(span?.n ?? 0);
  const rowsIn = staged + refused;
  const base = BigInt(span?.base ?? 0);
  // Every data line a row, the staged ones numbered one after another from the first, or the
  // lines cannot be told.
  if (
    rowsIn === 0 ||
    rowsIn !== shape.dataLines ||
    (staged > 0 && BigInt(span?.top ?? 0) - base + 1n !== BigInt(staged))
  ) {
    return undefined;
  }
  const rows = stagedRows(plan, base, refused > 0);
  const fields = Array.from({ length: plan.width }, (_, i) => `c${i}`);
  const problems = plan.checks.map((c) => `${sqlText(`${c.column} `)} || (${c.problem})`);
  const problemColumn = plan.checks.map(
    (c, i) => `when p${i} is not null then ${sqlText(c.column)}`,
  );
  // A value with a line break moves the lines after it: the JavaScript reader reads the file.
  // One with a quote may be a stray quote that the JavaScript reader reports (DuckDB's keeps
  // it): its line is read again, as csv-shape.ts's lines to compare are.
  const all = `concat(${fields.join(', ')}, '')`;
  const lines = shape.compareLines;
  const compare = lines.length === 0 ? '' : ` or line in (${lines.join(', ')})`;
  await run(`insert into ${PROBLEMS}
select line, column_name, reason, breaks, quoted from (
  select line, breaks, quoted, coalesce(${problems.map((_, i) => `p${i}`).join(', ')}) as reason,
    case ${problemColumn.join(' ')} end as column_name
  from (select line, contains(${all}, chr(10)) as breaks, (contains(${all}, '"')${compare}) as quoted,
    ${problems.map((p, i) => `${p} as p${i}`).join(', ')} from ${rows})
) where reason is not null or breaks or quoted`);
  if ((await count(run, `select count(*) as n from ${PROBLEMS} where breaks`)) > 0) {
    return undefined;
  }
  if (!(await rereadQuoted(run, file, shape, fields, rows))) return undefined;
  await run(`delete from ${PROBLEMS} where reason is null`);
  if (plan.key !== undefined) await addDuplicates(run, plan.key, rows);
  const rejected = await rejectedRows(run, file);
  const accepted =
    rejected.length === 0
      ? rows
      : `${rows} as r anti join ${PROBLEMS} on r.line = ${PROBLEMS}.line`;
  return {
    table: plan.table,
    file,
    rowsIn,
    rejected,
    insert: async () => {
      const inserted = (
        await run(
          `insert into public.${plan.table} (${plan.insert.map((c) => c.column).join(', ')}) select ${plan.insert.map((c) => c.value).join(', ')} from ${accepted}`,
        )
      ).rowsChanged;
      await dropAll(run);
      return inserted;
    },
    discard: () => dropAll(run),
  };
}

/**
 * Reads every row marked `quoted` again in JavaScript (stage-reread.ts): a quote doubled inside a
 * quoted field reads alike, a stray one does not; a space inside a quoted field reads alike, one
 * beside it does not. A row the JavaScript reader rejects gets its reason (it reads the record
 * before checking its fields). False when the JavaScript reader must read the file.
 */
async function rereadQuoted(
  run: RunDuckDb,
  file: string,
  shape: PlainCsv,
  fields: readonly string[],
  rows: string,
): Promise<boolean> {
  const quoted = await count(run, `select count(*) as n from ${PROBLEMS} where quoted`);
  if (quoted === 0) return true;
  if (quoted > MAX_REREAD_LINES) return false;
  const staged = toRows<Record<string, string | null>>(
    await run(
      `select line, ${fields.join(', ')} from ${rows} as r semi join ${PROBLEMS} on r.line = ${PROBLEMS}.line and ${PROBLEMS}.quoted`,
    ),
  );
  if (staged.length !== quoted) return false;
  const reasons = await rereadLines(
    file,
    staged.map((r) => ({ line: Number(r.line), fields: fields.map((f) => r[f] ?? null) })),
    fields.length,
    shape.notUtf8Lines,
  );
  if (reasons === undefined) return false;
  if (reasons.size > 0) {
    await run(`update ${PROBLEMS} set reason = r.reason, column_name = null
from (values ${reasonValues(reasons)}) as r(line, reason) where ${PROBLEMS}.line = r.line`);
  }
  return true;
}

/** Rows whose key an earlier accepted row already has, each with the line of that first row. */
async function addDuplicates(
  run: RunDuckDb,
  key: NonNullable<StagePlan['key']>,
  rows: string,
): Promise<void> {
  const keys = key.fields.join(', ');
  const reason = `'duplicate ${key.names.join(', ')} (first seen on line ' || first_line || ')'`;
  await run(`insert into ${PROBLEMS} (line, column_name, reason, breaks, quoted)
with good as (
  select r.line, ${keys} from ${rows} as r anti join ${PROBLEMS} on r.line = ${PROBLEMS}.line
), repeated as (
  select ${keys} from good group by ${keys} having count(*) > 1
)
select line, ${sqlText(key.names[0] as string)}, ${reason}, false, false from (
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
