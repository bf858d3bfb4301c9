/**
 * The migrate-redshift action's logic over an open backend: the pipeline's migrate step (on a dry
 * run, a listing of the pending files), then the outputs and the job summary.
 */
import type { MigrationOutcome } from '../lib/migrations/runner.js';
import type { TeamBackend } from '../lib/pipeline/backend.js';
import type { SqlDirs } from '../lib/pipeline/sql-dirs.js';
import { migrateStep } from '../lib/pipeline/steps.js';
import { renderSummary } from './summary.js';

/** The action's outputs, as strings. */
export interface MigrateRedshiftOutputs {
  readonly 'applied-count': string;
  readonly 'applied-versions': string;
  readonly 'applied-files': string;
  readonly 'pending-files': string;
}

export interface MigrateRedshiftResult {
  readonly outputs: MigrateRedshiftOutputs;
  /** Markdown for the job summary. */
  readonly summary: string;
  readonly outcome: MigrationOutcome;
}

/** Applies the team's pending migrations, or lists them when `dryRun` is set. */
export async function runMigrateRedshift(
  backend: TeamBackend,
  options: {
    readonly dirs: Pick<SqlDirs, 'migrations'>;
    readonly dryRun: boolean;
    readonly log?: (line: string) => void;
  },
): Promise<MigrateRedshiftResult> {
  const { dryRun, log } = options;
  const outcome = await migrateStep(backend, options.dirs, {
    dryRun,
    onApplied: (a) => log?.(`applied ${a.file.name} in ${Math.round(a.ms)} ms`),
  });
  // On a dry run the runner reports what it would apply as `applied`.
  const listed = outcome.applied.map((a) => a.file);
  const applied = dryRun ? [] : listed;
  const pending = dryRun ? listed : [];
  for (const f of pending) log?.(`pending ${f.name}`);
  return {
    outputs: {
      'applied-count': String(applied.length),
      'applied-versions': applied
        .filter((f) => f.version !== null)
        .map((f) => String(f.version))
        .join(','),
      'applied-files': JSON.stringify(applied.map((f) => f.name)),
      'pending-files': JSON.stringify(pending.map((f) => f.name)),
    },
    summary: renderSummary({
      team: backend.env.team,
      backend: backend.kind,
      dryRun,
      files: outcome.files,
      outcome,
    }),
    outcome,
  };
}
