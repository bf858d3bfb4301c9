import type { Command } from 'commander';
import { resolve } from 'node:path';
import { loadLocal } from '../lib/load/local-loader.js';
import { formatRejected } from '../lib/load/report.js';
import { readMigrations } from '../lib/migrations/files.js';
import { migrate } from '../lib/migrations/runner.js';
import { deriveFeatures } from '../lib/workshop/refresh.js';
import { cli, openLocalTeam } from './context.js';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description('load the three Olist CSVs into customers, orders and payments (replacing them)')
    .requiredOption('--data <dir>', 'folder with the CSVs')
    .option('--team <id>', 'team id')
    .action(async (o: { data: string; team?: string }) => {
      const { env, wh } = await openLocalTeam(o.team);
      try {
        await migrate(wh, await readMigrations(cli.migrationsDir));
        const reports = await loadLocal(wh, resolve(o.data), { maxErrors: env.load.maxErrors });
        await deriveFeatures(wh, cli.refreshDir, env.asOf);
        for (const r of reports) {
          cli.out(`${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected`);
          for (const row of r.rejected) cli.out(formatRejected(row));
        }
      } finally {
        await wh.close();
      }
    });
}
