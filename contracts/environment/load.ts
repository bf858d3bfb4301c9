import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  isAlias,
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  Pair,
  parseDocument,
  YAMLMap,
  type Document,
  type Node,
  type YAMLError,
} from 'yaml';
import { z } from 'zod';
import { environmentSchema, type Environment } from './schema.js';
import { closestName } from './suggest.js';

/** One problem in an environment file, located to the line and column. */
export interface ConfigProblem {
  readonly file: string;
  /** 1-based; 0 when the problem is the file as a whole (a folder, a second file for a team). */
  readonly line: number;
  readonly column: number;
  /** Dotted path of the field, e.g. `warehouse.nodeCount`; empty for the whole document. */
  readonly field: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
  }
}

export function formatProblem(p: ConfigProblem): string {
  const field = p.field === '' ? '' : ` ${p.field}:`;
  const at = p.line === 0 ? `${p.file}:` : `${p.file}:${p.line}:${p.column}`;
  return `${at}${field} ${p.message}`;
}

type Position = { line: number; column: number };
type Locate = (offset: number) => Position;

const TOP_LEVEL_HINT = 'team, region, expires, owners, warehouse and model';

/**
 * Parses and validates one environment file's text. Every problem names the file, line and field;
 * all problems are collected rather than stopping at the first.
 */
export function parseEnvironment(text: string, file: string): Environment {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    logLevel: 'error',
  });
  const at: Locate = (offset) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  const syntax = [...doc.errors, ...doc.warnings].map((e) => syntaxProblem(e, doc, text, file, at));
  if (syntax.length > 0) throw new ConfigError(firstPerLine(tidy(syntax)));

  const aliases = aliasProblems(doc, file, at);
  if (aliases.length > 0) throw new ConfigError(tidy(aliases));

  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    throw new ConfigError([
      {
        file,
        ...at(contents?.range?.[0] ?? 0),
        field: '',
        message: `the file has no settings; an environment file is a YAML mapping with ${TOP_LEVEL_HINT}`,
      },
    ]);
  }
  if (!isMap(contents)) {
    throw new ConfigError([
      {
        file,
        ...at(contents.range?.[0] ?? 0),
        field: '',
        message: `expected a YAML mapping with ${TOP_LEVEL_HINT} at the top level, found ${describeNode(contents)}`,
      },
    ]);
  }

  const raw: unknown = doc.toJS({ maxAliasCount: 0 });
  const result = environmentSchema.safeParse(raw);
  const problems = result.success
    ? []
    : result.error.issues.flatMap((i) => toProblems(i, doc, raw, file, at));

  const teamIsValid = result.success || !result.error.issues.some((i) => i.path[0] === 'team');
  const team = field(raw, ['team']);
  const expectedTeam = basename(file).replace(/\.ya?ml$/, '');
  if (teamIsValid && typeof team === 'string' && team !== expectedTeam) {
    const node = doc.getIn(['team'], true) as Node | undefined;
    const fix = environmentSchema.shape.team.safeParse(expectedTeam).success
      ? `rename the file to ${team}.yaml or set team: ${expectedTeam}`
      : `rename the file to ${team}.yaml`;
    problems.push({
      file,
      ...at(node?.range?.[0] ?? 0),
      field: 'team',
      message: `team "${team}" must match the file name; ${fix}`,
    });
  }

  if (!result.success || problems.length > 0) throw new ConfigError(tidy(problems));
  return result.data;
}

/** Drops repeated problems and orders them as they appear in the file. */
function tidy(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const key = formatProblem(p);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/**
 * One YAML mistake (a stray `]`, say) can make every later token unexpected; the first problem on
 * each line, for the first few lines, is what helps.
 */
function firstPerLine(problems: readonly ConfigProblem[]): ConfigProblem[] {
  const lines = new Set<number>();
  return problems
    .filter((p) => {
      if (lines.has(p.line)) return false;
      lines.add(p.line);
      return true;
    })
    .slice(0, MAX_SYNTAX_PROBLEMS);
}

const MAX_SYNTAX_PROBLEMS = 5;

/**
 * An unclosed `[`, `{` or quote is reported by the parser where it gives up, often the next line
 * or the end of the file; the place to fix is where the bracket or quote was opened.
 */
function unclosedAt(e: YAMLError, doc: Document): Node | undefined {
  const unclosed =
    (e.code === 'BAD_INDENT' && /^Flow (sequence|map)/.test(e.message)) ||
    (e.code === 'MISSING_CHAR' && e.message.startsWith('Missing closing'));
  if (!unclosed) return undefined;
  let found: Node | undefined;
  walk(doc, doc.contents, [], (node, _path, isKey) => {
    const range = node.range;
    if (isKey || !range || range[1] !== e.pos[0]) return;
    const opened = (isCollection(node) && node.flow === true) || isQuoted(node);
    const foundStart = found?.range?.[0];
    if (opened && (foundStart === undefined || range[0] < foundStart)) found = node;
  });
  return found;
}

function isQuoted(node: Node): boolean {
  return isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}

function syntaxProblem(
  e: YAMLError,
  doc: Document,
  text: string,
  file: string,
  at: Locate,
): ConfigProblem {
  const message = e.message.split('\n')[0];
  const opener = unclosedAt(e, doc);
  if (opener?.range) {
    const start = opener.range[0];
    const char = text.charAt(start);
    const what = '[{"\''.includes(char) && char !== '' ? `the ${char} opened here` : 'this value';
    return {
      file,
      ...at(start),
      field: '',
      message: `${what} is not closed: ${message} (fix the YAML syntax)`,
    };
  }
  const position = at(e.pos[0]);
  if (e.code === 'MULTIPLE_DOCS') {
    return {
      file,
      ...position,
      field: '',
      message:
        'an environment file holds a single YAML document; remove this "---" and what follows',
    };
  }
  if (e.code === 'DUPLICATE_KEY') {
    const path = keyPathAt(doc, e.pos[0]);
    if (path !== undefined) {
      return {
        file,
        ...position,
        field: fieldName(path),
        message: `"${path[path.length - 1]}" is set twice; keep one of them`,
      };
    }
  }
  return {
    file,
    ...position,
    field: '',
    message: `${message} (fix the YAML syntax)`,
  };
}

/** Aliases (`*name`) could expand without bound and hide where a value came from; they are refused. */
function aliasProblems(doc: Document, file: string, at: Locate): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  walk(doc, doc.contents, [], (node, path) => {
    if (isAlias(node)) {
      problems.push({
        file,
        ...at(node.range?.[0] ?? 0),
        field: fieldName(path),
        message: `aliases (*${node.source}) are not allowed in environment files; write the value out`,
      });
    }
  });
  return problems;
}

/** Visits every key and value with its path; keys are visited with the path they name. */
function walk(
  doc: Document,
  node: unknown,
  path: readonly string[],
  visit: (node: Node, path: readonly string[], isKey: boolean) => void,
): void {
  if (!isNode(node)) return;
  visit(node, path, false);
  if (isMap(node)) {
    for (const pair of node.items) {
      const keyPath = [...path, keyName(pair.key, doc)];
      if (isNode(pair.key)) visit(pair.key, keyPath, true);
      walk(doc, pair.value, keyPath, visit);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, i) => walk(doc, item, [...path, String(i)], visit));
  }
}

function keyPathAt(doc: Document, offset: number): readonly string[] | undefined {
  let found: readonly string[] | undefined;
  walk(doc, doc.contents, [], (node, path, isKey) => {
    if (isKey && found === undefined && node.range?.[0] === offset) found = path;
  });
  return found;
}

/** The name a key gets once the document becomes a plain object, as the schema sees it. */
function keyName(key: unknown, doc: Document): string {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  if (!isNode(key)) return key === null || key === undefined ? '' : String(key);
  try {
    const probe = new YAMLMap();
    probe.items.push(new Pair(key, null));
    return Object.keys(probe.toJS(doc, { maxAliasCount: 0 }) as object)[0] ?? '';
  } catch {
    return String(key);
  }
}

function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p) => (p === '' ? '""' : String(p))).join('.');
}

function field(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function toProblems(
  issue: z.core.$ZodIssue,
  doc: Document,
  raw: unknown,
  file: string,
  at: Locate,
): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    const present = field(raw, path);
    const absent = knownKeys(environmentSchema, path, raw).filter(
      (k) => present === null || typeof present !== 'object' || !(k in present),
    );
    return issue.keys.map((key) => {
      const offset = keyOffset(doc, path, key) ?? nodeOffset(doc, path);
      const meant = closestName(key, absent);
      return {
        file,
        ...at(offset),
        field: fieldName([...path, key]),
        message:
          meant === undefined
            ? `unknown field "${key}"; remove it or check its spelling`
            : `unknown field "${key}"; did you mean ${meant}?`,
      };
    });
  }
  const node = locate(doc, path);
  const missing = node === undefined;
  return [
    {
      file,
      ...at(missing ? nodeOffset(doc, path) : (node.range?.[0] ?? 0)),
      field: fieldName(path),
      message: describeIssue(issue, missing, field(raw, path)),
    },
  ];
}

/**
 * The field names the schema knows at `path` of `raw`; for a union such as `warehouse`, those of
 * the variant whose tag (`type`) matches, or of every variant when none does.
 */
function knownKeys(schema: z.ZodType, path: readonly PropertyKey[], raw: unknown): string[] {
  let objects = objectSchemas(schema, raw);
  let value = raw;
  for (const p of path) {
    value = field(value, [p]);
    objects = objects.flatMap((o) => {
      const inner = o.shape[String(p)];
      return inner === undefined ? [] : objectSchemas(inner, value);
    });
  }
  return [...new Set(objects.flatMap((o) => Object.keys(o.shape)))];
}

function objectSchemas(schema: z.ZodType, value: unknown): z.ZodObject[] {
  if (schema instanceof z.ZodObject) return [schema];
  if (
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodNullable
  ) {
    return objectSchemas(schema.unwrap() as z.ZodType, value);
  }
  if (schema instanceof z.ZodPipe) return objectSchemas(schema.in as z.ZodType, value);
  if (schema instanceof z.ZodUnion) {
    const all = (schema.options as z.ZodType[]).flatMap((o) => objectSchemas(o, value));
    const tagged = all.filter((o) =>
      Object.entries(o.shape).some(
        ([k, s]) => s instanceof z.ZodLiteral && s.safeParse(field(value, [k])).success,
      ),
    );
    return tagged.length > 0 ? tagged : all;
  }
  return [];
}

/** Zod's own wording (`Invalid input: expected object, received null`) restated in YAML terms. */
function describeIssue(issue: z.core.$ZodIssue, missing: boolean, value: unknown): string {
  const generic = issue.code === 'invalid_type' && issue.message.startsWith('Invalid input:');
  if (missing && value === undefined) {
    return generic
      ? `required field is missing (expected ${describeType(issue.expected)})`
      : `required field is missing (${issue.message})`;
  }
  if (generic) return `expected ${describeType(issue.expected)}, found ${describeValue(value)}`;
  return issue.message;
}

function describeType(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a mapping of fields';
    case 'array':
      return 'a list';
    case 'string':
      return 'text';
    case 'number':
    case 'int':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'no value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'true/false';
  if (value instanceof Date) return 'a timestamp';
  if (value instanceof Set) return 'a set';
  if (value instanceof Map) return 'a mapping';
  if (value instanceof Uint8Array) return 'binary data';
  return 'a mapping of fields';
}

function describeNode(node: Node): string {
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) return `${describeValue(node.value)} (${JSON.stringify(node.toJSON())})`;
  return 'something else';
}

/** The deepest existing node on `path`. Undefined when the last segment itself is absent. */
function locate(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const node = doc.getIn(path as unknown[], true);
  return isNode(node) ? node : undefined;
}

/** Offset of the nearest existing ancestor of `path`, for fields that are missing. */
function nodeOffset(doc: Document, path: readonly PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = locate(doc, path.slice(0, n));
    if (node?.range) return node.range[0];
  }
  return 0;
}

function keyOffset(doc: Document, path: readonly PropertyKey[], key: string): number | undefined {
  const map = locate(doc, path);
  if (!isMap(map)) return undefined;
  const pair = map.items.find((item) => keyName(item.key, doc) === key);
  return isNode(pair?.key) ? pair.key.range?.[0] : undefined;
}

export async function loadEnvironmentFile(file: string): Promise<Environment> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EISDIR') throw e;
    throw new ConfigError([folderProblem(file)]);
  }
  return parseEnvironment(text, file);
}

const folderProblem = (file: string): ConfigProblem => ({
  file,
  line: 0,
  column: 0,
  field: '',
  message: `a folder, not an environment file; rename it or move it out of ${dirname(file)}/`,
});

/** One `<team>.yaml` or `<team>.yml` entry of an environments folder. */
export interface TeamFile {
  readonly team: string;
  readonly file: string;
  /** Why the entry cannot be loaded: a folder, or a second file for the same team. */
  readonly problem?: ConfigProblem;
}

const ENVIRONMENT_FILE = /\.ya?ml$/;

/**
 * The `*.yaml` and `*.yml` entries of `dir`, sorted by name. A folder with such a name, and a
 * team's second file (`x.yml` beside `x.yaml`, which would define the team twice), carry a problem
 * instead of being loaded. With `missingOk`, a `dir` that does not exist has no entries.
 */
export async function listTeamFiles(dir: string, missingOk = false): Promise<TeamFile[]> {
  let all: string[];
  try {
    all = await readdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (missingOk && code === 'ENOENT') return [];
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new Error(`no folder ${dir}/; it holds one <team>.yaml per team`);
    }
    throw e;
  }
  const names = all.filter((f) => ENVIRONMENT_FILE.test(f)).sort();
  const first = new Map<string, string>();
  const entries: TeamFile[] = [];
  for (const name of names) {
    const team = name.replace(ENVIRONMENT_FILE, '');
    const file = join(dir, name);
    const whole = { file, line: 0, column: 0, field: '' };
    const kind = await stat(file).then(
      (s) => (s.isFile() ? 'file' : s.isDirectory() ? 'folder' : 'not a regular file'),
      (e: NodeJS.ErrnoException) => e.code ?? 'unreadable',
    );
    if (kind !== 'file') {
      const problem =
        kind === 'folder'
          ? folderProblem(file)
          : { ...whole, message: `cannot be read (${kind}); fix or remove it` };
      entries.push({ team, file, problem });
      continue;
    }
    const other = first.get(team);
    if (other !== undefined) {
      entries.push({
        team,
        file,
        problem: {
          ...whole,
          message: `team "${team}" already has ${other}; a team has one environment file: merge the two and delete one`,
        },
      });
      continue;
    }
    first.set(team, file);
    entries.push({ team, file });
  }
  return entries;
}

/** Loads every `*.yaml` and `*.yml` in `dir`; problems from all files are reported together. */
export async function loadEnvironments(dir: string): Promise<Environment[]> {
  const envs: Environment[] = [];
  const problems: ConfigProblem[] = [];
  for (const entry of await listTeamFiles(dir)) {
    if (entry.problem !== undefined) {
      problems.push(entry.problem);
      continue;
    }
    try {
      envs.push(await loadEnvironmentFile(entry.file));
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return envs;
}

/**
 * Loads `<dir>/<team>.yaml` (or `.yml`). A missing team names the file it looked for, the closest
 * existing team when one is near, and the teams that exist.
 */
export async function loadTeam(dir: string, team: string): Promise<Environment> {
  const entries = await listTeamFiles(dir, true);
  const mine = entries.filter((e) => e.team === team);
  if (mine.length === 0) {
    const teams = [...new Set(entries.map((e) => e.team))];
    const meant = closestName(team, teams);
    const known = `teams: ${teams.join(', ') || 'none'}`;
    throw new Error(
      meant === undefined
        ? `no ${join(dir, `${team}.yaml`)} (${known}); add it, or name one of the teams`
        : `no ${join(dir, `${team}.yaml`)}; did you mean ${meant}? (${known})`,
    );
  }
  const problems = mine.flatMap((e) => (e.problem === undefined ? [] : [e.problem]));
  if (problems.length > 0) throw new ConfigError(problems);
  return loadEnvironmentFile((mine[0] as TeamFile).file);
}
