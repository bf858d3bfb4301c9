import { Option, type Command } from 'commander';
import { formatRejected } from '../lib/load/report.js';
import { featuresStep, loadSampleStep, loadStep, migrateStep } from '../lib/pipeline/steps.js';
import {
  formatTransactionSummary,
  readTransactionSummary,
} from '../lib/pipeline/transaction-summary.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import {
  backendOption,
  dataOption,
  envFileOption,
  ordersOption,
  databaseUrlOption,
  stackOutputsOption,
  teamOption,
} from './options.js';

export function registerLoad(program: Command): void {
  program
    .command('load')
    .description(
      "load the team's data as its environment's source says (the three Olist CSVs, or transactions files), replacing what was loaded, then rebuild the features",
    )
    .usage('--data <path> | --sample [options]')
    .addOption(dataOption({ defaultText: 'required unless --sample' }))
    .addOption(
      new Option(
        '--sample',
        "load the team's generated sample, unless the warehouse holds the team's own data (then only the features are rebuilt): what a deploy does",
      ).conflicts('data'),
    )
    .addOption(ordersOption().conflicts('data'))
    .addOption(teamOption())
    .addOption(envFileOption())
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .addOption(stackOutputsOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop load --data ~/Downloads/olist
  $ workshop load --data ../olist --team retail-bank --backend aws --stack-outputs outputs.json
  $ workshop load --sample --team retail-bank --backend aws --stack-outputs outputs.json`,
    )
    .hook('preAction', (command) => {
      const o = command.opts<{ data?: string; sample?: boolean }>();
      if (o.data === undefined && o.sample !== true) {
        command.error("error: required option '--data <path>' or '--sample' not specified");
      }
    })
    .action(async (o: BackendFlags & { data?: string; sample?: boolean; orders: number }) => {
      const { reports, transactions } = await withBackend(o, async (backend) => {
        await migrateStep(backend, cli.sql);
        const loaded =
          o.data === undefined
            ? await loadSampleStep(backend, cli.sql, o.orders, cli.log)
            : await loadStep(backend, cli.sql, o.data);
        await featuresStep(backend, cli.sql);
        return { reports: loaded, transactions: await readTransactionSummary(backend.wh) };
      });
      for (const r of reports) {
        cli.out(`${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected`);
        for (const row of r.rejected) cli.out(formatRejected(row));
      }
      cli.out(`transactions\t${formatTransactionSummary(transactions)}`);
    });
}
