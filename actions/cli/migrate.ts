import { InvalidArgumentError, type Command } from 'commander';
import type { MigrationDrift } from '../lib/migrations/drift.js';
import { migrateStep, migrationCheckStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import { teamOption, addBackendOptions } from './options.js';

/** Exit code of `migrate --check` when the warehouse differs from sql/migrations. */
export const MIGRATION_DRIFT_EXIT_CODE = 2;

type MigrateFlags = BackendFlags & { dryRun?: boolean; check?: boolean; json?: boolean };

export function registerMigrate(program: Command): void {
  addBackendOptions(
    program
      .command('migrate')
      .description('apply sql/migrations to the team warehouse')
      .addOption(teamOption()),
  )
    .option('--dry-run', 'list pending files without running them')
    .option(
      '--check',
      `compare the warehouse's history with sql/migrations without applying anything; exit ${MIGRATION_DRIFT_EXIT_CODE} when they differ`,
    )
    .option('--json', 'with --check: print the comparison as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ workshop migrate --dry-run
  $ workshop migrate --check
  $ workshop migrate --team retail-bank --backend aws --stack-outputs outputs.json`,
    )
    .action(async (o: MigrateFlags) => {
      if (o.check === true) {
        if (o.dryRun === true)
          throw new InvalidArgumentError('--check and --dry-run exclude each other');
        printCheck(await withBackend(o, (backend) => migrationCheckStep(backend, cli.sql)), o.json);
        return;
      }
      if (o.json === true) throw new InvalidArgumentError('--json goes with --check');
      const dryRun = o.dryRun === true;
      const outcome = await withBackend(o, (backend) => migrateStep(backend, cli.sql, { dryRun }));
      const verb = dryRun ? 'pending' : 'applied';
      for (const a of outcome.applied)
        cli.out(`${verb}\t${a.file.name}\t${a.file.checksum.slice(0, 12)}`);
      cli.out(`${outcome.applied.length} ${verb}, ${outcome.skipped.length} unchanged`);
    });
}

function printCheck(drift: MigrationDrift, json: boolean | undefined): void {
  if (json === true) cli.out(JSON.stringify(drift, null, 2));
  else {
    for (const f of drift.findings) cli.out(`${f.kind}\t${f.script}\t${f.detail}`);
    cli.out(
      drift.findings.length === 0
        ? `in sync: ${drift.files} files, ${drift.historyRows} history rows`
        : `${drift.findings.length} difference${drift.findings.length === 1 ? '' : 's'} between the warehouse and sql/migrations`,
    );
  }
  if (drift.findings.length > 0) process.exitCode = MIGRATION_DRIFT_EXIT_CODE;
}
