import type { Command } from 'commander';
import { migrateStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import { teamOption, addBackendOptions } from './options.js';

export function registerMigrate(program: Command): void {
  addBackendOptions(
    program
      .command('migrate')
      .description('apply sql/migrations to the team warehouse')
      .addOption(teamOption()),
  )
    .option('--dry-run', 'list pending files without running them')
    .addHelpText(
      'after',
      `
Examples:
  $ workshop migrate --dry-run
  $ workshop migrate --team retail-bank --backend aws --stack-outputs outputs.json`,
    )
    .action(async (o: BackendFlags & { dryRun?: boolean }) => {
      const dryRun = o.dryRun === true;
      const outcome = await withBackend(o, (backend) => migrateStep(backend, cli.sql, { dryRun }));
      const verb = dryRun ? 'pending' : 'applied';
      for (const a of outcome.applied)
        cli.out(`${verb}\t${a.file.name}\t${a.file.checksum.slice(0, 12)}`);
      cli.out(`${outcome.applied.length} ${verb}, ${outcome.skipped.length} unchanged`);
    });
}
