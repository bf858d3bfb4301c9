import type { Command } from 'commander';
import { readMigrations } from '../lib/migrations/files.js';
import { migrate } from '../lib/migrations/runner.js';
import type { Warehouse } from '../lib/warehouse/warehouse.js';
import {
  backendOption,
  cli,
  databaseUrlOption,
  openAwsTeam,
  openLocalTeam,
  stackOutputsOption,
} from './context.js';

interface MigrateFlags {
  team?: string;
  dryRun?: boolean;
  backend: 'local' | 'aws';
  databaseUrl?: string;
  stackOutputs?: string;
}

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply sql/migrations to the team warehouse')
    .option('--team <id>', 'team id')
    .option('--dry-run', 'list pending files without running them')
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .addOption(stackOutputsOption())
    .action(async (o: MigrateFlags) => {
      let wh: Warehouse;
      let release = (): void => undefined;
      if (o.backend === 'aws') {
        const aws = await openAwsTeam(o.team, o.stackOutputs);
        ({ wh, release } = aws);
      } else {
        ({ wh } = await openLocalTeam(o.team, o.databaseUrl));
      }
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
        release();
      }
    });
}
