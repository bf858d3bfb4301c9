import { describeLocation, type SqlStatement } from '../sql/statement.js';
import { isTrivia, tokenize, wordOf, type Token } from '../sql/tokenize.js';

const SELF = 'actions/lib/warehouse/redshift-compat.ts';

/** A Redshift construct that would change meaning, or fail obscurely, if run on PostgreSQL. */
export class UnsupportedRedshiftError extends Error {
  override readonly name = 'UnsupportedRedshiftError';

  constructor(
    readonly file: string | undefined,
    readonly line: number,
    readonly construct: string,
    advice: string,
  ) {
    super(
      `${describeLocation({ file, line })}: ${construct} is Redshift-only and has no local ` +
        `equivalent here; ${advice}`,
    );
  }
}

/** The local engines a Redshift statement can be rewritten for. */
export type Dialect = 'postgres' | 'duckdb';

/**
 * Rewrites one Redshift statement into PostgreSQL with the same meaning. Only real tokens are
 * touched: strings, quoted identifiers, dollar quotes and comments pass through unchanged.
 *
 * @throws UnsupportedRedshiftError naming `file:line` of the first construct it cannot translate.
 */
export function toPostgres(stmt: SqlStatement): string {
  return translate(stmt, 'postgres');
}

/**
 * Rewrites one Redshift statement into DuckDB with the same meaning: the PostgreSQL rewrites, and
 * where DuckDB differs from PostgreSQL, `/` divides integers as integers and a zero divisor raises
 * (DuckDB's own `/` gives a float or NULL), key constraints go (Redshift does not enforce them,
 * DuckDB would), LOCK only checks its tables exist (a DuckDbWarehouse runs one transaction at a
 * time). NULL ordering and the UTC clock are session settings, made by DuckDbWarehouse.open.
 *
 * @throws UnsupportedRedshiftError naming `file:line` of the first construct it cannot translate.
 */
export function toDuckDb(stmt: SqlStatement): string {
  return translate(stmt, 'duckdb');
}

function translate(stmt: SqlStatement, dialect: Dialect): string {
  const doc = analyse(stmt, dialect);
  rejectUnsupported(doc);
  const whole = rewriteWholeStatement(doc);
  if (whole !== undefined) return whole;
  const edits = new Map<number, Edit>();
  collectEdits(doc, edits);
  // Newlines kept from attributes dropped at the very end serve no line below them.
  const trailing = stmt.sql.slice(stmt.sql.trimEnd().length);
  return emit(doc, edits, 0, doc.tokens.length).trimEnd() + trailing;
}

// ---------------------------------------------------------------------------------------------
// Analysis: significant tokens, parentheses and the column definitions of CREATE / ALTER TABLE.

interface Doc {
  readonly stmt: SqlStatement;
  readonly dialect: Dialect;
  readonly tokens: readonly Token[];
  /** Indices (into `tokens`) of the non-trivia tokens; "positions" below index this array. */
  readonly sig: readonly number[];
  /** Position of each token in `sig`, -1 for trivia. */
  readonly posOf: readonly number[];
  /** Position of '(' → position of its ')'. */
  readonly close: ReadonlyMap<number, number>;
  /** Position of the innermost '(' enclosing each position. */
  readonly enclosing: readonly (number | undefined)[];
  readonly columnDefs: readonly Span[];
  /** Table constraints of CREATE TABLE: PRIMARY KEY, UNIQUE, FOREIGN KEY, CHECK, LIKE. */
  readonly tableConstraints: readonly Span[];
  readonly tableAttributes?: Span;
}

/** Half-open range of positions. */
interface Span {
  readonly from: number;
  readonly to: number;
}

function analyse(stmt: SqlStatement, dialect: Dialect): Doc {
  const tokens = tokenize(stmt.sql, { file: stmt.file, startLine: stmt.line });
  const sig: number[] = [];
  const posOf = tokens.map((t, i) => (isTrivia(t) ? -1 : sig.push(i) - 1));
  const close = new Map<number, number>();
  const enclosing: (number | undefined)[] = [];
  const stack: number[] = [];
  sig.forEach((tokenIndex, p) => {
    enclosing.push(stack.at(-1));
    const text = tokens[tokenIndex]?.text;
    if (text === '(') stack.push(p);
    const open = text === ')' ? stack.pop() : undefined;
    if (open !== undefined) close.set(open, p);
  });
  const base = { stmt, dialect, tokens, sig, posOf, close, enclosing };
  return { ...base, ...tableShape(base) };
}

type Shape = Pick<Doc, 'columnDefs' | 'tableConstraints' | 'tableAttributes'>;
type Base = Omit<Doc, keyof Shape>;

function tok(doc: Base, p: number): Token | undefined {
  const i = doc.sig[p];
  return i === undefined ? undefined : doc.tokens[i];
}

function word(doc: Base, p: number): string | undefined {
  return wordOf(tok(doc, p));
}

function isOp(doc: Base, p: number, text: string): boolean {
  const t = tok(doc, p);
  return t?.kind === 'operator' && t.text === text;
}

function isName(doc: Base, p: number): boolean {
  const kind = tok(doc, p)?.kind;
  return kind === 'word' || kind === 'quoted_identifier';
}

function wordsAt(doc: Base, p: number, ...words: string[]): boolean {
  return words.every((w, k) => word(doc, p + k) === w);
}

/** Position after a possibly qualified name starting at `p`, or undefined if there is none. */
function skipName(doc: Base, p: number): number | undefined {
  if (!isName(doc, p)) return undefined;
  let q = p + 1;
  while (isOp(doc, q, '.') && isName(doc, q + 1)) q += 2;
  return q;
}

/** Calls `visit` for each position in [from, to) that is not inside nested parentheses. */
function forTopLevel(doc: Base, span: Span, visit: (p: number) => void): void {
  for (let p = span.from; p < span.to; p += 1) {
    visit(p);
    if (isOp(doc, p, '(')) p = doc.close.get(p) ?? span.to;
  }
}

/** Splits (from, to) at top-level commas; used for argument and column lists. */
function splitCommas(doc: Base, span: Span): Span[] {
  const parts: Span[] = [];
  let start = span.from;
  forTopLevel(doc, span, (p) => {
    if (!isOp(doc, p, ',')) return;
    parts.push({ from: start, to: p });
    start = p + 1;
  });
  parts.push({ from: start, to: span.to });
  return parts;
}

const CONSTRAINT_WORDS = new Set(['constraint', 'primary', 'unique', 'foreign', 'check', 'like']);

const NO_SHAPE: Shape = { columnDefs: [], tableConstraints: [] };

function tableShape(doc: Base): Shape {
  if (word(doc, 0) === 'create') return createTableShape(doc) ?? NO_SHAPE;
  if (wordsAt(doc, 0, 'alter', 'table')) return { ...NO_SHAPE, columnDefs: addedColumns(doc) };
  return NO_SHAPE;
}

/** CREATE [LOCAL] [TEMP] TABLE [IF NOT EXISTS] name [(columns)] attributes [AS query]. */
function createTableShape(doc: Base): Shape | undefined {
  let p = 1;
  if (word(doc, p) === 'local' || word(doc, p) === 'global') p += 1;
  if (['temp', 'temporary', 'unlogged'].includes(word(doc, p) ?? '')) p += 1;
  if (word(doc, p) !== 'table') return undefined;
  p += wordsAt(doc, p + 1, 'if', 'not', 'exists') ? 4 : 1;
  const afterName = skipName(doc, p);
  if (afterName === undefined) return undefined;
  const close = isOp(doc, afterName, '(') ? doc.close.get(afterName) : undefined;
  const items =
    close === undefined
      ? []
      : splitCommas(doc, { from: afterName + 1, to: close }).filter((c) => c.to > c.from);
  const isConstraint = (c: Span): boolean => CONSTRAINT_WORDS.has(word(doc, c.from) ?? '');
  const columnDefs = items.filter((c) => !isConstraint(c));
  const tableConstraints = items.filter(isConstraint);
  const from = close === undefined ? afterName : close + 1;
  let to = doc.sig.length;
  forTopLevel(doc, { from, to: doc.sig.length }, (q) => {
    if (word(doc, q) === 'as' && q < to) to = q;
  });
  return { columnDefs, tableConstraints, tableAttributes: { from, to } };
}

/** Column definitions of ALTER TABLE … ADD [COLUMN] [IF NOT EXISTS] name type …. */
function addedColumns(doc: Base): Span[] {
  const defs: Span[] = [];
  for (const action of splitCommas(doc, { from: 2, to: doc.sig.length })) {
    let p = action.from;
    while (p < action.to && word(doc, p) !== 'add') p += 1;
    p += 1;
    if (word(doc, p) === 'column') p += 1;
    if (wordsAt(doc, p, 'if', 'not', 'exists')) p += 3;
    if (p < action.to && isName(doc, p) && !CONSTRAINT_WORDS.has(word(doc, p) ?? '')) {
      defs.push({ from: p, to: action.to });
    }
  }
  return defs;
}

// ---------------------------------------------------------------------------------------------
// Unsupported constructs. To translate one instead, delete its row and add a rewrite below.

interface UnsupportedRule {
  readonly construct: string;
  readonly advice: string;
  /** The one dialect the construct has no rewrite for; every dialect when absent. */
  readonly only?: Dialect;
  /** True when the token at position `p` is the offending one. */
  readonly at: (doc: Doc, p: number) => boolean;
}

function portable(example: string): string {
  return `use a portable construct (e.g. ${example}) or extend ${SELF}`;
}

const UNSUPPORTED: readonly UnsupportedRule[] = [
  {
    construct: 'UNLOAD',
    at: (d, p) => p === 0 && word(d, p) === 'unload',
    advice: portable('SELECT the rows and export them from the caller'),
  },
  {
    construct: 'COPY from S3 / with IAM_ROLE',
    at: isRedshiftCopySource,
    advice: `loads go through \`workshop load\`, keep COPY out of the SQL files or extend ${SELF}`,
  },
  {
    construct: 'CREATE EXTERNAL SCHEMA/TABLE',
    at: (d, p) => p === 1 && wordsAt(d, 0, 'create', 'external'),
    advice: portable('a regular table filled by `workshop load`'),
  },
  { construct: 'LISTAGG', at: callOf('listagg'), advice: portable('aggregating in the caller') },
  {
    construct: 'MEDIAN',
    at: callOf('median'),
    advice: portable('percentile_cont(0.5) within group (order by x)'),
  },
  {
    construct: 'APPROXIMATE',
    at: (d, p) =>
      word(d, p) === 'approximate' && ['count', 'percentile_disc'].includes(word(d, p + 1) ?? ''),
    advice: portable('count(distinct x)'),
  },
  {
    construct: 'CONVERT_TIMEZONE',
    at: callOf('convert_timezone'),
    advice: portable("ts at time zone 'UTC' at time zone 'Europe/Paris'"),
  },
  {
    construct: 'DECODE',
    at: callOf('decode'),
    advice: portable('case x when 1 then … else … end'),
  },
  {
    construct: 'DATE_PART_YEAR',
    at: callOf('date_part_year'),
    advice: portable('extract(year from d)'),
  },
  {
    construct: 'VACUUM',
    at: (d, p) => p === 0 && word(d, p) === 'vacuum',
    advice: portable('leaving table maintenance out of the SQL files'),
  },
  {
    construct: 'ANALYZE COMPRESSION',
    at: (d, p) => p === 1 && wordsAt(d, 0, 'analyze', 'compression'),
    advice: portable('leaving encoding analysis out of the SQL files'),
  },
  {
    construct: 'CREATE LIBRARY',
    at: createOf('library'),
    advice: portable('a SQL function'),
  },
  {
    construct: 'CREATE MODEL',
    at: createOf('model'),
    advice: portable('training outside the warehouse'),
  },
  {
    construct: 'the SUPER type',
    at: isSuperType,
    advice: portable('a varchar column holding JSON text'),
  },
  {
    construct: 'PERCENTILE_CONT/PERCENTILE_DISC … WITHIN GROUP … OVER',
    at: isWindowedOrderedSet,
    advice: portable('the aggregate in a GROUP BY subquery joined back to the rows'),
  },
  {
    construct: 'SELECT TOP n',
    at: (d, p) =>
      word(d, p) === 'top' && word(d, p - 1) === 'select' && tok(d, p + 1)?.kind === 'number',
    advice: portable('order by … limit n'),
  },
  {
    construct: 'ALTER TABLE … ALTER DISTKEY/DISTSTYLE/SORTKEY/ENCODE',
    at: isAlterPhysicalLayout,
    advice: portable('the layout in CREATE TABLE, where it is dropped locally'),
  },
  {
    construct: 'ALTER TABLE … APPEND FROM',
    at: (d, p) => wordsAt(d, 0, 'alter', 'table') && wordsAt(d, p, 'append', 'from'),
    advice: portable('insert into … select … followed by truncate'),
  },
  {
    construct: 'IDENTITY',
    only: 'duckdb',
    at: (d, p) =>
      word(d, p) === 'identity' &&
      isOp(d, p + 1, '(') &&
      d.columnDefs.some((c) => p > c.from && p < c.to),
    advice: `DuckDB has no identity columns; ${portable('ids computed in the INSERT, e.g. max(id) + row_number() over (…)')}`,
  },
  {
    construct: 'ALTER TABLE … DROP CONSTRAINT',
    only: 'duckdb',
    at: (d, p) => wordsAt(d, 0, 'alter', 'table') && wordsAt(d, p, 'drop', 'constraint'),
    advice: `key constraints are informational on Redshift and not created on DuckDB; ${portable('leaving the constraint in place')}`,
  },
];

function rejectUnsupported(doc: Doc): void {
  const rules = UNSUPPORTED.filter((r) => r.only === undefined || r.only === doc.dialect);
  for (let p = 0; p < doc.sig.length; p += 1) {
    const rule = rules.find((r) => r.at(doc, p));
    if (rule !== undefined) throw unsupportedAt(doc, p, rule.construct, rule.advice);
  }
}

function unsupportedAt(
  doc: Base,
  p: number,
  construct: string,
  advice: string,
): UnsupportedRedshiftError {
  return new UnsupportedRedshiftError(
    doc.stmt.file,
    tok(doc, p)?.line ?? doc.stmt.line,
    construct,
    advice,
  );
}

/** Words after which `name(` is a relation or routine name rather than a function call. */
const NAME_CONTEXT = new Set([
  'table',
  'into',
  'update',
  'join',
  'references',
  'view',
  'function',
  'procedure',
  'type',
  'index',
  'exists',
  'only',
]);

/** True when the word at `p` is called as a function: `name (`, not `schema.name (`. */
function isCall(doc: Base, p: number): boolean {
  return (
    tok(doc, p)?.kind === 'word' &&
    isOp(doc, p + 1, '(') &&
    !isOp(doc, p - 1, '.') &&
    !NAME_CONTEXT.has(word(doc, p - 1) ?? '')
  );
}

function callOf(name: string): (doc: Doc, p: number) => boolean {
  return (doc, p) => word(doc, p) === name && isCall(doc, p);
}

function createOf(object: string): (doc: Doc, p: number) => boolean {
  return (doc, p) =>
    word(doc, p) === object &&
    word(doc, 0) === 'create' &&
    (p === 1 || (p === 3 && wordsAt(doc, 1, 'or', 'replace')));
}

const S3_LIKE = /^'(s3|emr|dynamodb):\/\//i;
const COPY_CREDENTIALS = new Set(['iam_role', 'credentials', 'access_key_id', 'session_token']);

function isRedshiftCopySource(doc: Doc, p: number): boolean {
  if (word(doc, 0) !== 'copy') return false;
  const t = tok(doc, p);
  if (t?.kind === 'string') return S3_LIKE.test(t.text);
  return COPY_CREDENTIALS.has(word(doc, p) ?? '');
}

function isSuperType(doc: Doc, p: number): boolean {
  if (word(doc, p) !== 'super') return false;
  if (isOp(doc, p - 1, '::')) return true;
  const open = doc.enclosing[p];
  const inCast = word(doc, p - 1) === 'as' && open !== undefined && word(doc, open - 1) === 'cast';
  return inCast || doc.columnDefs.some((c) => c.from + 1 === p);
}

function isWindowedOrderedSet(doc: Doc, p: number): boolean {
  const name = word(doc, p);
  if ((name !== 'percentile_cont' && name !== 'percentile_disc') || !isCall(doc, p)) return false;
  const args = doc.close.get(p + 1);
  if (args === undefined || !wordsAt(doc, args + 1, 'within', 'group')) return false;
  const order = doc.close.get(args + 3);
  return order !== undefined && word(doc, order + 1) === 'over';
}

const LAYOUT_WORDS = new Set(['distkey', 'diststyle', 'sortkey', 'encode']);

function isAlterPhysicalLayout(doc: Doc, p: number): boolean {
  if (!wordsAt(doc, 0, 'alter', 'table') || !LAYOUT_WORDS.has(word(doc, p) ?? '')) return false;
  return word(doc, p - 1) === 'alter' || wordsAt(doc, p - 3, 'alter', 'column');
}

// ---------------------------------------------------------------------------------------------
// Rewrites that replace or drop tokens in place.

/** Replace tokens [index, end) with `text`; keyed by the first token index. */
interface Edit {
  readonly end: number;
  readonly text: string;
}

const TABLE_ATTRIBUTES: Readonly<Record<string, (doc: Doc, p: number) => number | undefined>> = {
  diststyle: (d, p) =>
    ['auto', 'even', 'key', 'all'].includes(word(d, p + 1) ?? '') ? p + 2 : undefined,
  distkey: (d, p) => parenthesisedEnd(d, p + 1),
  sortkey: (d, p) => (word(d, p + 1) === 'auto' ? p + 2 : parenthesisedEnd(d, p + 1)),
  compound: (d, p) => (word(d, p + 1) === 'sortkey' ? parenthesisedEnd(d, p + 2) : undefined),
  interleaved: (d, p) => (word(d, p + 1) === 'sortkey' ? parenthesisedEnd(d, p + 2) : undefined),
  backup: (d, p) => (['yes', 'no'].includes(word(d, p + 1) ?? '') ? p + 2 : undefined),
  encode: (d, p) => (word(d, p + 1) === 'auto' ? p + 2 : undefined),
};

const ENCODINGS = new Set([
  'raw',
  'az64',
  'bytedict',
  'delta',
  'delta32k',
  'lzo',
  'mostly8',
  'mostly16',
  'mostly32',
  'runlength',
  'text255',
  'text32k',
  'zstd',
]);

/** Redshift functions that exist in PostgreSQL under another name with the same meaning. */
const RENAMED_CALLS: Readonly<Record<string, string>> = { nvl: 'coalesce', len: 'length' };

function parenthesisedEnd(doc: Base, open: number): number | undefined {
  if (!isOp(doc, open, '(')) return undefined;
  const close = doc.close.get(open);
  return close === undefined ? undefined : close + 1;
}

function collectEdits(doc: Doc, edits: Map<number, Edit>): void {
  if (doc.tableAttributes !== undefined) dropTableAttributes(doc, doc.tableAttributes, edits);
  for (const def of doc.columnDefs) rewriteColumnDef(doc, def, edits);
  if (doc.dialect === 'duckdb') dropKeyConstraints(doc, edits);
  for (let p = 0; p < doc.sig.length; p += 1) rewriteToken(doc, p, edits);
}

function dropTableAttributes(doc: Doc, span: Span, edits: Map<number, Edit>): void {
  forTopLevel(doc, span, (p) => {
    const end = TABLE_ATTRIBUTES[word(doc, p) ?? '']?.(doc, p);
    if (end !== undefined) drop(doc, p, end, edits);
  });
}

/** Column attributes: DISTKEY, SORTKEY and ENCODE go, IDENTITY(seed, step) becomes standard. */
function rewriteColumnDef(doc: Doc, def: Span, edits: Map<number, Edit>): void {
  forTopLevel(doc, { from: def.from + 1, to: def.to }, (p) => {
    const w = word(doc, p);
    if ((w === 'distkey' || w === 'sortkey') && !isOp(doc, p + 1, '(')) drop(doc, p, p + 1, edits);
    if (w === 'encode' && tok(doc, p + 1)?.kind === 'word') dropEncoding(doc, p, edits);
    if (w === 'identity' && isOp(doc, p + 1, '(')) rewriteIdentity(doc, p, edits);
  });
}

// ---------------------------------------------------------------------------------------------
// Key constraints. Redshift declares PRIMARY KEY, UNIQUE and REFERENCES without enforcing them.
// PostgreSQL keeps them (today's behaviour; the loader rebuilds the primary key after COPY).
// DuckDB would enforce them, so they go there: duplicates are for the loader and the checks to
// report, not for the engine to refuse.

const KEY_CONSTRAINTS = new Set(['primary', 'unique', 'foreign']);

/** First word of a constraint after its optional `CONSTRAINT name`. */
function constraintKind(doc: Base, p: number): string | undefined {
  return word(doc, word(doc, p) === 'constraint' ? p + 2 : p);
}

function dropKeyConstraints(doc: Doc, edits: Map<number, Edit>): void {
  for (const c of doc.tableConstraints) {
    if (!KEY_CONSTRAINTS.has(constraintKind(doc, c.from) ?? '')) continue;
    // With the comma that separates it from the item before (or after, when it comes first).
    if (isOp(doc, c.from - 1, ',')) drop(doc, c.from - 1, c.to, edits);
    else drop(doc, c.from, isOp(doc, c.to, ',') ? c.to + 1 : c.to, edits);
  }
  for (const def of doc.columnDefs) {
    forTopLevel(doc, { from: def.from + 1, to: def.to }, (p) => {
      const end = columnKeyEnd(doc, p);
      if (end !== undefined) drop(doc, word(doc, p - 2) === 'constraint' ? p - 2 : p, end, edits);
    });
  }
}

/** End of a column's PRIMARY KEY, UNIQUE or REFERENCES table [(column)] starting at `p`. */
function columnKeyEnd(doc: Base, p: number): number | undefined {
  const w = word(doc, p);
  if (w === 'primary' && word(doc, p + 1) === 'key') return p + 2;
  if (w === 'unique' && !isOp(doc, p + 1, '(')) return p + 1;
  if (w !== 'references') return undefined;
  const afterName = skipName(doc, p + 1);
  return afterName === undefined ? undefined : (parenthesisedEnd(doc, afterName) ?? afterName);
}

// ---------------------------------------------------------------------------------------------
// Statements DuckDB replaces as a whole, keeping only the check that their tables exist:
// LOCK (a DuckDbWarehouse runs one transaction at a time and DuckDB locks its file against other
// processes) and ALTER TABLE … ADD a key constraint (informational on Redshift, see above).

function rewriteWholeStatement(doc: Doc): string | undefined {
  if (doc.dialect !== 'duckdb') return undefined;
  const tables = word(doc, 0) === 'lock' ? lockedTables(doc) : keyConstraintTable(doc);
  if (tables === undefined) return undefined;
  const lines = '\n'.repeat(newlinesIn(doc.tokens));
  return `select null from ${tables.join(', ')} where false${lines}`;
}

/** `LOCK [TABLE] name [, …]`, Redshift's only form. */
function lockedTables(doc: Doc): string[] {
  const from = word(doc, 1) === 'table' ? 2 : 1;
  return splitCommas(doc, { from, to: doc.sig.length }).map((part) => {
    if (part.to > part.from && skipName(doc, part.from) === part.to) return sourceOf(doc, part);
    throw unsupportedAt(doc, part.from, 'LOCK … with options', portable('lock name, …'));
  });
}

/** `ALTER TABLE name ADD [CONSTRAINT c] PRIMARY KEY | UNIQUE | FOREIGN KEY …`. */
function keyConstraintTable(doc: Doc): string[] | undefined {
  if (!wordsAt(doc, 0, 'alter', 'table')) return undefined;
  const afterName = skipName(doc, 2);
  if (afterName === undefined || word(doc, afterName) !== 'add') return undefined;
  if (!KEY_CONSTRAINTS.has(constraintKind(doc, afterName + 1) ?? '')) return undefined;
  return [sourceOf(doc, { from: 2, to: afterName })];
}

function dropEncoding(doc: Doc, p: number, edits: Map<number, Edit>): void {
  const encoding = word(doc, p + 1) ?? '';
  if (!ENCODINGS.has(encoding)) {
    throw unsupportedAt(
      doc,
      p + 1,
      `ENCODE ${encoding}`,
      portable('one of ' + [...ENCODINGS].join(', ')),
    );
  }
  drop(doc, p, p + 2, edits);
}

function rewriteIdentity(doc: Doc, p: number, edits: Map<number, Edit>): void {
  const close = doc.close.get(p + 1);
  if (close === undefined) return;
  const args = splitCommas(doc, { from: p + 2, to: close }).map((a) => sourceOf(doc, a).trim());
  const [seed, step] = args;
  if (args.length !== 2 || !seed || !step) return;
  const options = `(${identityOptions(seed, step)})`;
  const generated = word(doc, p - 1) === 'as';
  const from = doc.sig[generated ? p + 1 : p] ?? 0;
  const text = generated ? options : `generated by default as identity ${options}`;
  edits.set(from, { end: (doc.sig[close] ?? 0) + 1, text });
}

/** PostgreSQL identities default to MINVALUE 1 (ascending), so a seed below that needs saying. */
function identityOptions(seed: string, step: string): string {
  const base = `start with ${seed} increment by ${step}`;
  const s = Number(seed.replace(/\s+/g, ''));
  const t = Number(step.replace(/\s+/g, ''));
  if (t > 0 && s < 1) return `${base} minvalue ${seed}`;
  if (t < 0 && s > -1) return `${base} maxvalue ${seed}`;
  return base;
}

/** Single-token rewrites that may appear anywhere: renamed calls, SYSDATE, VARCHAR(MAX), …. */
function rewriteToken(doc: Doc, p: number, edits: Map<number, Edit>): void {
  const w = word(doc, p);
  const index = doc.sig[p] ?? 0;
  const renamed = RENAMED_CALLS[w ?? ''];
  if (renamed !== undefined && isCall(doc, p)) edits.set(index, { end: index + 1, text: renamed });
  if (w === 'sysdate' && !isOp(doc, p - 1, '.') && !isOp(doc, p + 1, '(')) {
    edits.set(index, { end: index + 1, text: 'localtimestamp' });
  }
  if (w === 'max' && isVarcharMax(doc, p)) edits.set(index, { end: index + 1, text: '65535' });
  if (wordsAt(doc, p, 'with', 'no', 'schema', 'binding')) drop(doc, p, p + 4, edits);
}

/** VARCHAR(MAX) is Redshift's longest VARCHAR, 65535 bytes. */
function isVarcharMax(doc: Base, p: number): boolean {
  if (!isOp(doc, p - 1, '(') || !isOp(doc, p + 1, ')')) return false;
  const type = word(doc, p - 2);
  return type === 'varchar' || (type === 'varying' && word(doc, p - 3) === 'character');
}

/**
 * Drops positions [from, to) and the whitespace before them (unless a line comment ends there).
 * Newlines inside the dropped text are kept, so later tokens stay on their original lines.
 */
function drop(doc: Doc, from: number, to: number, edits: Map<number, Edit>): void {
  let start = doc.sig[from] ?? 0;
  const end = (doc.sig[to - 1] ?? start) + 1;
  const before = doc.tokens[start - 1];
  const absorb = before?.kind === 'whitespace' && doc.tokens[start - 2]?.kind !== 'line_comment';
  if (absorb) start -= 1;
  const after = doc.tokens[end];
  // A space only where the tokens on either side would otherwise run together.
  const separate = (t: Token | undefined): boolean =>
    t !== undefined && !isTrivia(t) && t.kind !== 'operator';
  const glue = !absorb && separate(before) && separate(after);
  const newlines = '\n'.repeat(newlinesIn(doc.tokens.slice(start, end)));
  edits.set(start, { end, text: newlines || (glue ? ' ' : '') });
}

function newlinesIn(tokens: readonly Token[]): number {
  return tokens.reduce((n, t) => n + (t.text.match(/\n/g)?.length ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------
// Rewrites of whole calls, whose arguments are rewritten recursively.

/** Argument i as PostgreSQL text. */
type Arg = (i: number) => string;

interface Call {
  readonly doc: Doc;
  /** Position of the function name. */
  readonly at: number;
  readonly args: readonly Span[];
  readonly arg: Arg;
  /** The same argument on one line, for formulas that repeat it without shifting later lines. */
  readonly again: Arg;
}

/** An argument used by a formula: `once` where it first appears, `again` for repetitions. */
interface Operand {
  readonly once: string;
  readonly again: string;
}

/** GETDATE(): the current UTC time in whole seconds (DuckDB has no per-statement clock). */
const GETDATE: Readonly<Record<Dialect, string>> = {
  postgres: "date_trunc('second', statement_timestamp()::timestamp)",
  duckdb: "date_trunc('second', localtimestamp)",
};

const CALL_REWRITES: Readonly<Record<string, (call: Call) => string | undefined>> = {
  getdate: (c) => (c.args.length === 0 ? GETDATE[c.doc.dialect] : undefined),
  nvl2: (c) =>
    c.args.length === 3
      ? `(case when (${c.arg(0)}) is not null then (${c.arg(1)}) else (${c.arg(2)}) end)`
      : undefined,
  // Redshift's CONCAT takes two arguments and, like ||, yields NULL if either is NULL.
  concat: (c) => (c.args.length === 2 ? `((${c.arg(0)}) || (${c.arg(1)}))` : undefined),
  datediff: (c) => (c.args.length === 3 ? dateDiff(c) : undefined),
  dateadd: (c) => (c.args.length === 3 ? dateAdd(c) : undefined),
};

type Unit = 'year' | 'quarter' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

/** Date part names and abbreviations from Redshift's "Date parts for date or timestamp functions". */
const DATE_PARTS: Readonly<Record<string, Unit>> = {
  ...aliases('year', ['year', 'years', 'y', 'yr', 'yrs']),
  ...aliases('quarter', ['quarter', 'quarters', 'qtr', 'qtrs']),
  ...aliases('month', ['month', 'months', 'mon', 'mons']),
  ...aliases('week', ['week', 'weeks', 'w']),
  ...aliases('day', ['day', 'days', 'd']),
  ...aliases('hour', ['hour', 'hours', 'h', 'hr', 'hrs']),
  ...aliases('minute', ['minute', 'minutes', 'm', 'min', 'mins']),
  ...aliases('second', ['second', 'seconds', 's', 'sec', 'secs']),
};

function aliases(unit: Unit, names: readonly string[]): Record<string, Unit> {
  return Object.fromEntries(names.map((n) => [n, unit]));
}

/**
 * DATEDIFF counts the date part boundaries crossed between a and b, negative when b < a
 * (Redshift Database Developer Guide, "DATEDIFF function": 12-31-2008 → 01-01-2009 is 1 year,
 * 8:30 → 10:00 is 2 hours). Each unit compares a boundary index, so times below it don't count.
 * Week boundaries are taken to be Sundays, the convention of SQL Server's DATEDIFF whose name and
 * argument order Redshift's shares. The guide does not name the weekday (its only week example,
 * 2009-01-01 → 2009-12-31 = 52, fits Sunday and Monday alike); `sundayIndex` is the one place
 * to change if Redshift proves to count Mondays.
 */
const DATEDIFF_SQL: Readonly<Record<Unit, (a: Operand, b: Operand) => string>> = {
  year: (a, b) => `(extract(year from ${ts(b.once)}) - extract(year from ${ts(a.once)}))::bigint`,
  quarter: (a, b) => `(${monthIndex(b, 'quarter', 4)} - ${monthIndex(a, 'quarter', 4)})::bigint`,
  month: (a, b) => `(${monthIndex(b, 'month', 12)} - ${monthIndex(a, 'month', 12)})::bigint`,
  week: (a, b) => `(${sundayIndex(b.once)} - ${sundayIndex(a.once)})::bigint`,
  day: (a, b) => `((${b.once})::date - (${a.once})::date)::bigint`,
  hour: (a, b) => epochDiff(a.once, b.once, 3600),
  minute: (a, b) => epochDiff(a.once, b.once, 60),
  second: (a, b) => epochDiff(a.once, b.once, 1),
};

/** Units whose expression mentions each argument twice, so a volatile argument would change. */
const TWICE = new Set<Unit>(['quarter', 'month']);
const VOLATILE = new Set(['random', 'timeofday', 'nextval', 'clock_timestamp', 'gen_random_uuid']);

function ts(x: string): string {
  return `(${x})::timestamp`;
}

function monthIndex(x: Operand, part: 'quarter' | 'month', perYear: number): string {
  return `(extract(year from ${ts(x.once)}) * ${perYear} + extract(${part} from ${ts(x.again)}))`;
}

/** Number of Sundays between 2000-01-02 (a Sunday) and x, rounded down. */
function sundayIndex(x: string): string {
  return `floor(((${x})::date - date '2000-01-02') / 7.0)`;
}

function epochDiff(a: string, b: string, seconds: number): string {
  const index = (x: string): string =>
    seconds === 1
      ? `floor(extract(epoch from ${ts(x)}))`
      : `floor(extract(epoch from ${ts(x)}) / ${seconds})`;
  return `(${index(b)} - ${index(a)})::bigint`;
}

/**
 * DATEADD(part, n, ts) with PostgreSQL interval arithmetic. Per Redshift's DATEADD usage notes,
 * month addition keeps the day and clamps to the end of a shorter month (Apr 30 + 1 month = May 30,
 * 2016-02-29 + 12 months = 2017-02-28) exactly like PostgreSQL, but year addition does not:
 * DATEADD(year, 1, '2016-02-29') is 2017-03-01 on Redshift and 2017-02-28 on PostgreSQL. Quarter
 * addition is undocumented there, so year and quarter are refused rather than silently different.
 */
const DATEADD_UNSUPPORTED: Readonly<Partial<Record<Unit, string>>> = {
  year: 'dateadd(month, 12 * n, ts), which clamps Feb 29 to Feb 28 on both engines',
  quarter: 'dateadd(month, 3 * n, ts)',
};

function dateDiff(call: Call): string {
  const unit = datePart(call, 'DATEDIFF');
  if (TWICE.has(unit)) rejectVolatile(call, unit);
  const operand = (i: number): Operand => ({ once: call.arg(i), again: call.again(i) });
  return DATEDIFF_SQL[unit](operand(1), operand(2));
}

function dateAdd(call: Call): string {
  const unit = datePart(call, 'DATEADD');
  const advice = DATEADD_UNSUPPORTED[unit];
  if (advice !== undefined) {
    throw unsupportedAt(
      call.doc,
      call.args[0]?.from ?? call.at,
      `DATEADD(${unit}, …)`,
      portable(advice),
    );
  }
  return `(${ts(call.arg(2))} + (${call.arg(1)}) * interval '1 ${unit}')`;
}

function datePart(call: Call, fn: string): Unit {
  const span = call.args[0] ?? { from: call.at, to: call.at };
  const t = span.to - span.from === 1 ? tok(call.doc, span.from) : undefined;
  const name = t?.kind === 'string' ? t.text.slice(1, -1).toLowerCase() : wordOf(t);
  const unit = DATE_PARTS[name ?? ''];
  if (unit !== undefined) return unit;
  const advice = `use year, quarter, month, week, day, hour, minute or second, or extend ${SELF}`;
  throw unsupportedAt(call.doc, span.from, `${fn}(${name ?? '?'}, …)`, advice);
}

function rejectVolatile(call: Call, unit: Unit): void {
  for (const span of call.args.slice(1))
    rejectVolatileIn(call.doc, span, `DATEDIFF(${unit}, …) over`);
}

/** Refuses a volatile call in `span`, which a rewrite would evaluate twice. */
function rejectVolatileIn(doc: Doc, span: Span, what: string): void {
  for (let p = span.from; p < span.to; p += 1) {
    const w = word(doc, p) ?? '';
    if (VOLATILE.has(w) && isCall(doc, p)) {
      const construct = `${what} ${w.toUpperCase()}()`;
      throw unsupportedAt(doc, p, construct, portable('computing the value once in a CTE'));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Emission. In `flat` mode (repeated arguments) newlines become spaces and line comments go.

function emit(
  doc: Doc,
  edits: ReadonlyMap<number, Edit>,
  from: number,
  to: number,
  flat = false,
): string {
  let out = '';
  let i = from;
  while (i < to) {
    const edit =
      edits.get(i) ?? rewriteCall(doc, edits, i, flat) ?? rewriteDivision(doc, edits, i, flat);
    const token = doc.tokens[i];
    if (edit !== undefined) {
      out += flat ? edit.text.replace(/\n/g, ' ') : edit.text;
      i = edit.end;
    } else if (token !== undefined) {
      out += flat ? flatten(token) : token.text;
      i += 1;
    }
  }
  return out;
}

function flatten(token: Token): string {
  if (token.kind === 'line_comment') return ' ';
  return isTrivia(token) ? token.text.replace(/\n/g, ' ') : token.text;
}

/** A call rewrite; newlines the replacement lacks are appended so later lines don't shift. */
function rewriteCall(
  doc: Doc,
  edits: ReadonlyMap<number, Edit>,
  index: number,
  flat: boolean,
): Edit | undefined {
  const p = doc.posOf[index] ?? -1;
  const rewrite = CALL_REWRITES[word(doc, p) ?? ''];
  const close = doc.close.get(p + 1);
  if (rewrite === undefined || close === undefined || !isCall(doc, p)) return undefined;
  const args = close === p + 2 ? [] : splitCommas(doc, { from: p + 2, to: close });
  if (args.some((a) => a.to === a.from)) return undefined;
  const arg: Arg = (k) => emitArg(doc, edits, args[k], flat);
  const again: Arg = (k) => emitArg(doc, edits, args[k], true);
  const text = rewrite({ doc, at: p, args, arg, again });
  if (text === undefined) return undefined;
  const end = (doc.sig[close] ?? 0) + 1;
  const missing = newlinesIn(doc.tokens.slice(index, end)) - (text.match(/\n/g)?.length ?? 0);
  return { end, text: flat || missing <= 0 ? text : text + '\n'.repeat(missing) };
}

/** An argument's text including interior comments; a trailing line comment keeps its newline. */
function emitArg(
  doc: Doc,
  edits: ReadonlyMap<number, Edit>,
  span: Span | undefined,
  flat: boolean,
): string {
  if (span === undefined) return '';
  const { from, to } = tokenRange(doc, span);
  const text = emit(doc, edits, from, to, flat);
  return !flat && doc.tokens[to - 1]?.kind === 'line_comment' ? `${text}\n` : text;
}

/** Token range of an argument: everything between its delimiters except outer whitespace. */
function tokenRange(doc: Doc, span: Span): { from: number; to: number } {
  let from = (doc.sig[span.from - 1] ?? -1) + 1;
  let to = doc.sig[span.to] ?? doc.tokens.length;
  while (doc.tokens[from]?.kind === 'whitespace') from += 1;
  while (to > from && doc.tokens[to - 1]?.kind === 'whitespace') to -= 1;
  return { from, to };
}

function sourceOf(doc: Doc, span: Span): string {
  const { from, to } = tokenRange(doc, span);
  return doc.tokens
    .slice(from, to)
    .map((t) => t.text)
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Division on DuckDB. Redshift divides integers as integers (truncating) and raises "division by
// zero"; DuckDB's `/` always divides as floats and gives NULL or infinity for a zero divisor. Its
// `//` divides integers as integers and everything else as `/` does, so `a / b` becomes
// `a // (case when (b) = 0 then error('division by zero') else (b) end)`, and `%` gets the same
// divisor check. The divisor is the unary term after the operator, as PostgreSQL's grammar binds it.

const DIVISION = /^[/%][+-]*$/;

function rewriteDivision(
  doc: Doc,
  edits: ReadonlyMap<number, Edit>,
  index: number,
  flat: boolean,
): Edit | undefined {
  const operator = doc.tokens[index];
  if (doc.dialect !== 'duckdb' || operator?.kind !== 'operator') return undefined;
  if (!DIVISION.test(operator.text)) return undefined;
  const p = doc.posOf[index] ?? -1;
  const end = termEnd(doc, p + 1);
  const construct = `the divisor of ${operator.text[0]}`;
  if (end === undefined) {
    throw unsupportedAt(doc, p, construct, portable('a parenthesised divisor: a / (b + c)'));
  }
  rejectVolatileIn(doc, { from: p + 1, to: end }, `${construct} calling`);
  const first = doc.sig[p + 1] ?? index + 1;
  const last = (doc.sig[end - 1] ?? first) + 1;
  const sign = operator.text.slice(1);
  const gap = emit(doc, edits, index + 1, first, flat);
  const once = sign + emit(doc, edits, first, last, flat);
  const again = sign + emit(doc, edits, first, last, true);
  const op = operator.text.startsWith('/') ? '//' : '%';
  const text = `${op}${gap}(case when (${once}) = 0 then error('division by zero') else (${again}) end)`;
  return { end: last, text };
}

/** Position after the unary term starting at `p`: signs, a primary, `::type` and `^ term`. */
function termEnd(doc: Base, p: number): number | undefined {
  let q = p;
  while (isOp(doc, q, '-') || isOp(doc, q, '+')) q += 1;
  let end = primaryEnd(doc, q);
  while (end !== undefined) {
    if (isOp(doc, end, '::')) end = typeEnd(doc, end + 1);
    else if (isOp(doc, end, '^')) end = termEnd(doc, end + 1);
    else return end;
  }
  return undefined;
}

const LITERALS = new Set(['number', 'string', 'dollar_string', 'param']);

/** A literal, a (parenthesised) expression, CASE … END, a typed literal, a name or a call. */
function primaryEnd(doc: Base, p: number): number | undefined {
  const t = tok(doc, p);
  if (t === undefined) return undefined;
  if (LITERALS.has(t.kind)) return p + 1;
  if (isOp(doc, p, '(')) return parenthesisedEnd(doc, p);
  if (word(doc, p) === 'case') return caseEnd(doc, p);
  const afterName = skipName(doc, p);
  if (afterName === undefined) return undefined;
  if (afterName === p + 1 && tok(doc, afterName)?.kind === 'string') return p + 2;
  return isOp(doc, afterName, '(') ? callEnd(doc, afterName) : afterName;
}

/** After a call's arguments and any WITHIN GROUP (…), FILTER (…) and OVER (…) or OVER name. */
function callEnd(doc: Base, open: number): number | undefined {
  let end = parenthesisedEnd(doc, open);
  if (end !== undefined && wordsAt(doc, end, 'within', 'group'))
    end = parenthesisedEnd(doc, end + 2);
  if (end !== undefined && word(doc, end) === 'filter') end = parenthesisedEnd(doc, end + 1);
  if (end !== undefined && word(doc, end) === 'over') {
    end = isOp(doc, end + 1, '(') ? parenthesisedEnd(doc, end + 1) : skipName(doc, end + 1);
  }
  return end;
}

function caseEnd(doc: Base, p: number): number | undefined {
  let depth = 0;
  for (let q = p; q < doc.sig.length; q += 1) {
    if (word(doc, q) === 'case') depth += 1;
    if (word(doc, q) === 'end' && --depth === 0) return q + 1;
  }
  return undefined;
}

/** After a type name: `double precision`, `character varying(n)`, `timestamp without time zone`…. */
function typeEnd(doc: Base, p: number): number | undefined {
  let q = skipName(doc, p);
  if (q === undefined) return undefined;
  const first = word(doc, p);
  if (first === 'double' && word(doc, q) === 'precision') q += 1;
  if ((first === 'character' || first === 'char') && word(doc, q) === 'varying') q += 1;
  q = parenthesisedEnd(doc, q) ?? q;
  if ((first === 'timestamp' || first === 'time') && wordsAt(doc, q + 1, 'time', 'zone')) {
    if (word(doc, q) === 'with' || word(doc, q) === 'without') q += 3;
  }
  return q;
}
