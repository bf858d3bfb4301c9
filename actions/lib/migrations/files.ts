import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitStatements } from '../sql/split.js';
import type { SqlStatement } from '../sql/statement.js';

/** `V001__create_sources.sql`: applied once, in version order, never edited afterwards. */
const VERSIONED = /^V(\d+)__([a-z0-9_]+)\.sql$/;
/** `R__20_customer_rfm.sql`: re-applied whenever its checksum changes, after all versioned files. */
const REPEATABLE = /^R__([a-z0-9_]+)\.sql$/;

export interface MigrationFile {
  readonly type: 'versioned' | 'repeatable';
  /** Numeric version for versioned files (`V007` → 7); null for repeatable ones. */
  readonly version: number | null;
  readonly description: string;
  /** File name, the identity recorded in the history table (independent of where `sql/` lives). */
  readonly name: string;
  /** Path as given to `readMigrations` joined with the file name, used in every message. */
  readonly script: string;
  readonly checksum: string;
  readonly statements: readonly SqlStatement[];
}

/** sha256 of the file with line endings normalised, so a checkout's CRLF does not count as an edit. */
export function checksumOf(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');
}

/**
 * Reads `dir` and returns versioned files by version, then repeatable files by name. A name that
 * follows neither pattern, or two files with one version, is an error naming the files.
 */
export async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => !n.startsWith('.')).sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const script = join(dir, name);
    const text = await readFile(script, 'utf8');
    const v = VERSIONED.exec(name);
    const r = REPEATABLE.exec(name);
    if (v === null && r === null) {
      throw new Error(
        `${script}: not a migration file name; use V###__lowercase_words.sql (applied once) or R__lowercase_words.sql (repeatable views)`,
      );
    }
    const statements = splitStatements(text, script);
    if (statements.length === 0) throw new Error(`${script}: the file holds no SQL statement`);
    files.push({
      type: v === null ? 'repeatable' : 'versioned',
      version: v === null ? null : Number(v[1]),
      description: v !== null ? (v[2] as string) : ((r as RegExpExecArray)[1] as string),
      name,
      script,
      checksum: checksumOf(text),
      statements,
    });
  }
  assertUniqueVersions(files);
  const versioned = files
    .filter((f) => f.type === 'versioned')
    .sort((a, b) => (a.version ?? 0) - (b.version ?? 0));
  return [...versioned, ...files.filter((f) => f.type === 'repeatable')];
}

function assertUniqueVersions(files: readonly MigrationFile[]): void {
  const seen = new Map<number, string>();
  for (const f of files) {
    if (f.version === null) continue;
    const other = seen.get(f.version);
    if (other !== undefined) {
      throw new Error(
        `${f.script}: version ${f.version} is also used by ${other}; give one of them the next free number`,
      );
    }
    seen.set(f.version, f.script);
  }
}
