import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatRejected } from '../lib/load/report.js';
import { featuresStep, loadStep, migrateStep } from '../lib/pipeline/steps.js';
import {
  backendOption,
  cli,
  databaseUrlOption,
  stackOutputsOption,
  teamOption,
  withBackend,
  type BackendFlags,
} from './context.js';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(
      'load the three Olist CSVs into customers, orders and payments (replacing them), then rebuild the features',
    )
    .requiredOption('--data <dir>', 'folder with the CSVs')
    .addOption(teamOption())
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .addOption(stackOutputsOption())
    .action(async (o: BackendFlags & { data: string }) => {
      const reports = await withBackend(o, async (backend) => {
        await migrateStep(backend, cli.sql);
        const loaded = await loadStep(backend, resolve(o.data));
        await featuresStep(backend, cli.sql);
        return loaded;
      });
      for (const r of reports) {
        cli.out(`${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected`);
        for (const row of r.rejected) cli.out(formatRejected(row));
      }
    });
}
