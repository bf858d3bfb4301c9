import type { Command } from 'commander';
import { formatRejected } from '../lib/load/report.js';
import { featuresStep, loadStep, migrateStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import {
  backendOption,
  dataOption,
  databaseUrlOption,
  stackOutputsOption,
  teamOption,
} from './options.js';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(
      'load the three Olist CSVs into customers, orders and payments (replacing them), then rebuild the features',
    )
    .usage('--data <dir> [options]')
    .addOption(dataOption({ required: true }))
    .addOption(teamOption())
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .addOption(stackOutputsOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop load --data ~/Downloads/olist
  $ workshop load --data ../olist --team retail-bank --backend aws --stack-outputs outputs.json`,
    )
    .action(async (o: BackendFlags & { data: string }) => {
      const reports = await withBackend(o, async (backend) => {
        await migrateStep(backend, cli.sql);
        const loaded = await loadStep(backend, o.data);
        await featuresStep(backend, cli.sql);
        return loaded;
      });
      for (const r of reports) {
        cli.out(`${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected`);
        for (const row of r.rejected) cli.out(formatRejected(row));
      }
    });
}
