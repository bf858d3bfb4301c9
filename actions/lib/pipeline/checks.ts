import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitStatements } from '../sql/split.js';
import type { Row, Warehouse } from '../warehouse/warehouse.js';

export interface CheckResult {
  readonly check: string;
  readonly file: string;
  readonly rows: readonly Row[];
}

/** Some data checks returned rows; the message lists them. */
export class CheckFailure extends Error {
  override name = 'CheckFailure';
  constructor(readonly failed: readonly CheckResult[]) {
    super(describe(failed));
  }
}

const SHOWN_ROWS = 10;

function describe(failed: readonly CheckResult[]): string {
  const parts = failed.map((f) => {
    const shown = f.rows.slice(0, SHOWN_ROWS).map((r) => `    ${JSON.stringify(r)}`);
    const more =
      f.rows.length > SHOWN_ROWS ? [`    ... and ${f.rows.length - SHOWN_ROWS} more`] : [];
    return [`${f.file}: ${f.rows.length} offending row(s)`, ...shown, ...more].join('\n');
  });
  return `data checks failed:\n${parts.join('\n')}`;
}

/**
 * Runs every `*.sql` in `dir` (each one query returning the offending rows) and throws
 * CheckFailure naming each failing file and its rows.
 */
export async function runChecks(wh: Warehouse, dir: string): Promise<CheckResult[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const results: CheckResult[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const statements = splitStatements(await readFile(file, 'utf8'), file);
    if (statements.length !== 1) {
      throw new Error(
        `${file}: a check is exactly one query returning the offending rows; found ${statements.length} statements`,
      );
    }
    const rows = await wh.query(statements[0]!);
    results.push({ check: name.replace(/\.sql$/, ''), file, rows });
  }
  const failed = results.filter((r) => r.rows.length > 0);
  if (failed.length > 0) throw new CheckFailure(failed);
  return results;
}
