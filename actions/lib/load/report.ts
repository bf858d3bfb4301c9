import type { RejectedRow } from '../csv/rejected-row.js';

/** What happened to one file: every data row is either loaded or rejected with a reason. */
export interface FileLoadReport {
  readonly table: string;
  readonly file: string;
  readonly rowsIn: number;
  readonly rowsLoaded: number;
  readonly rowsRejected: number;
  readonly rejected: readonly RejectedRow[];
}

/** More rows were rejected than the environment's `load.maxErrors` allows; nothing was loaded. */
export class LoadError extends Error {
  override name = 'LoadError';
  constructor(
    readonly reports: readonly FileLoadReport[],
    readonly maxErrors: number,
  ) {
    super(describeFailure(reports, maxErrors));
  }
}

const SHOWN_PER_FILE = 20;

export function formatRejected(row: RejectedRow): string {
  const raw = row.raw.length > 120 ? `${row.raw.slice(0, 117)}...` : row.raw;
  return `${row.file}:${row.line}: ${row.reason}\n    ${raw}`;
}

function describeFailure(reports: readonly FileLoadReport[], maxErrors: number): string {
  const lines = [
    `load failed: more than ${maxErrors} rejected rows in a file (load.maxErrors); nothing was loaded`,
  ];
  for (const r of reports.filter((x) => x.rowsRejected > maxErrors)) {
    lines.push(`${r.file}: ${r.rowsRejected} of ${r.rowsIn} rows rejected`);
    lines.push(...r.rejected.slice(0, SHOWN_PER_FILE).map(formatRejected));
    if (r.rejected.length > SHOWN_PER_FILE)
      lines.push(`    ... and ${r.rejected.length - SHOWN_PER_FILE} more`);
  }
  lines.push(
    'Fix the rows above, or raise load.maxErrors in the environment file if they may be skipped.',
  );
  return lines.join('\n');
}
