/** The job summary of a migration run: one row per file, in the order the runner takes them. */
import type { MigrationFile } from '../lib/migrations/files.js';
import type { MigrationOutcome } from '../lib/migrations/runner.js';

/** Characters of the sha256 checksum shown; enough to tell versions of a file apart. */
const CHECKSUM_CHARS = 12;

export interface SummaryInput {
  readonly team: string;
  readonly backend: string;
  readonly dryRun: boolean;
  readonly files: readonly MigrationFile[];
  readonly outcome: MigrationOutcome;
}

/** Markdown for `core.summary`: totals, then file, type, status, checksum and time. */
export function renderSummary(input: SummaryInput): string {
  const { outcome } = input;
  const applied = new Map(outcome.applied.map((a) => [a.file.name, a.ms]));
  const status = input.dryRun ? 'pending' : 'applied';
  const totals = input.dryRun
    ? `Dry run: ${outcome.applied.length} pending, ${outcome.skipped.length} unchanged; nothing was executed.`
    : `${outcome.applied.length} applied, ${outcome.skipped.length} unchanged.`;
  const rows = input.files.map((f) => {
    const ms = applied.get(f.name);
    const time = ms === undefined || input.dryRun ? '' : `${(ms / 1000).toFixed(1)} s`;
    const state = ms === undefined ? 'skipped (unchanged)' : status;
    return `| ${f.name} | ${f.type} | ${state} | \`${f.checksum.slice(0, CHECKSUM_CHARS)}\` | ${time} |`;
  });
  return [
    `### Migrations: ${input.team} (${input.backend})`,
    '',
    totals,
    '',
    '| file | type | status | checksum (sha256) | time |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ].join('\n');
}
