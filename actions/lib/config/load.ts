import { readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { environmentSchema, type Environment } from './schema.js';

/** One problem in an environment file, located to the line and column. */
export interface ConfigProblem {
  readonly file: string;
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
  return `${p.file}:${p.line}:${p.column}${field} ${p.message}`;
}

/**
 * Parses and validates one environment file's text. Every problem names the file, line and field;
 * all problems are collected rather than stopping at the first.
 */
export function parseEnvironment(text: string, file: string): Environment {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  const syntax = [...doc.errors, ...doc.warnings];
  if (syntax.length > 0) {
    throw new ConfigError(
      syntax.map((e) => ({
        file,
        ...at(e.pos[0]),
        field: '',
        message: `${e.message.split('\n')[0]} (fix the YAML syntax)`,
      })),
    );
  }

  const result = environmentSchema.safeParse(doc.toJS({ maxAliasCount: 0 }));
  if (!result.success) {
    throw new ConfigError(result.error.issues.flatMap((i) => toProblems(i, doc, file, at)));
  }

  const env = result.data;
  const expectedTeam = basename(file).replace(/\.ya?ml$/, '');
  if (env.team !== expectedTeam) {
    const node = doc.getIn(['team'], true) as Node | undefined;
    throw new ConfigError([
      {
        file,
        ...at(node?.range?.[0] ?? 0),
        field: 'team',
        message: `team "${env.team}" must match the file name; rename the file to ${env.team}.yaml or set team: ${expectedTeam}`,
      },
    ]);
  }
  return env;
}

function toProblems(
  issue: z.core.$ZodIssue,
  doc: Document,
  file: string,
  at: (offset: number) => { line: number; column: number },
): ConfigProblem[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => {
      const offset = keyOffset(doc, path, key) ?? nodeOffset(doc, path);
      return {
        file,
        ...at(offset),
        field: [...path, key].join('.'),
        message: `unknown field "${key}"; remove it or check its spelling`,
      };
    });
  }
  const node = locate(doc, path);
  const missing = node === undefined;
  return [
    {
      file,
      ...at(missing ? nodeOffset(doc, path) : (node.range?.[0] ?? 0)),
      field: path.join('.'),
      message:
        missing && issue.code === 'invalid_type'
          ? `required field is missing (${issue.message})`
          : issue.message,
    },
  ];
}

/** The deepest existing node on `path`. Undefined when the last segment itself is absent. */
function locate(doc: Document, path: readonly PropertyKey[]): Node | undefined {
  if (path.length === 0) return doc.contents ?? undefined;
  const node = doc.getIn(path as unknown[], true);
  return node === undefined || node === null ? undefined : (node as Node);
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
  const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
  return isScalar(pair?.key) ? pair.key.range?.[0] : undefined;
}

export async function loadEnvironmentFile(file: string): Promise<Environment> {
  return parseEnvironment(await readFile(file, 'utf8'), file);
}

/** Loads every `*.yaml` in `dir`; problems from all files are reported together. */
export async function loadEnvironments(dir: string): Promise<Environment[]> {
  const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f)).sort();
  const envs: Environment[] = [];
  const problems: ConfigProblem[] = [];
  for (const f of files) {
    try {
      envs.push(await loadEnvironmentFile(join(dir, f)));
    } catch (e) {
      if (e instanceof ConfigError) problems.push(...e.problems);
      else throw e;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return envs;
}

/** Finds `environments/<team>.yaml`; a missing team lists the teams that exist. */
export async function loadTeam(dir: string, team: string): Promise<Environment> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => /\.ya?ml$/.test(f));
  const file = files.find((f) => f.replace(/\.ya?ml$/, '') === team);
  if (file === undefined) {
    const known = files.map((f) => f.replace(/\.ya?ml$/, '')).join(', ') || 'none';
    throw new Error(
      `no environment file for team "${team}" in ${dir}/ (teams: ${known}); add ${dir}/${team}.yaml`,
    );
  }
  return loadEnvironmentFile(join(dir, file));
}
