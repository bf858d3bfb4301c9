/**
 * The migrate-redshift action's logic, with typed inputs and an open warehouse: apply (or, on a
 * dry run, list) the pending migration files and describe what happened.
 */
import type { Environment } from '../../contracts/environment/schema.js';
import { readMigrations } from '../lib/migrations/files.js';
import { migrate, type MigrationOutcome } from '../lib/migrations/runner.js';
import type { Warehouse } from '../lib/warehouse/warehouse.js';
import { renderSummary } from './summary.js';

/** The action's inputs, parsed. */
export interface MigrateRedshiftInputs {
  readonly team: string;
  readonly backend: 'aws' | 'local';
  /** Absolute path of the migrations folder. */
  readonly sqlDir: string;
  readonly dryRun: boolean;
}

export interface MigrateRedshiftContext {
  readonly env: Environment;
  /** Redshift (Data API) for `aws`; PGlite or PostgreSQL for `local`. */
  readonly wh: Warehouse;
  readonly log?: (line: string) => void;
}

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
  inputs: MigrateRedshiftInputs,
  context: MigrateRedshiftContext,
): Promise<MigrateRedshiftResult> {
  const { env, wh, log } = context;
  if (inputs.team !== env.team) {
    throw new Error(
      `input team "${inputs.team}" does not match the environment file's team "${env.team}"`,
    );
  }
  const files = await readMigrations(inputs.sqlDir);
  const outcome = await migrate(wh, files, {
    dryRun: inputs.dryRun,
    onApplied: (a) => log?.(`applied ${a.file.name} in ${Math.round(a.ms)} ms`),
  });
  // On a dry run the runner reports what it would apply as `applied`.
  const listed = outcome.applied.map((a) => a.file);
  const applied = inputs.dryRun ? [] : listed;
  const pending = inputs.dryRun ? listed : [];
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
      team: env.team,
      backend: inputs.backend,
      dryRun: inputs.dryRun,
      files,
      outcome,
    }),
    outcome,
  };
}
