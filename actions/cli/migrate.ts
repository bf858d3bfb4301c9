import type { Command } from 'commander';
import { readMigrations } from '../lib/migrations/files.js';
import { migrate } from '../lib/migrations/runner.js';
import { cli, openLocalTeam } from './context.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply sql/migrations to the team warehouse')
    .option('--team <id>', 'team id')
    .option('--dry-run', 'list pending files without running them')
    .action(async (o: { team?: string; dryRun?: boolean }) => {
      const { wh } = await openLocalTeam(o.team);
      try {
        const outcome = await migrate(wh, await readMigrations(cli.migrationsDir), {
          dryRun: o.dryRun === true,
        });
        const verb = o.dryRun === true ? 'pending' : 'applied';
        for (const a of outcome.applied)
          cli.out(`${verb}\t${a.file.name}\t${a.file.checksum.slice(0, 12)}`);
        cli.out(`${outcome.applied.length} ${verb}, ${outcome.skipped.length} unchanged`);
      } finally {
        await wh.close();
      }
    });
}
