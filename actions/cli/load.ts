import { Option, type Command } from 'commander';
import { formatRejected } from '../lib/load/report.js';
import {
  featuresStep,
  loadConfiguredStep,
  loadFromBucketStep,
  loadSampleStep,
  loadStep,
  migrateStep,
} from '../lib/pipeline/steps.js';
import {
  formatTransactionSummary,
  readTransactionSummary,
} from '../lib/pipeline/transaction-summary.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import {
  dataOption,
  envFileOption,
  ordersOption,
  teamOption,
  addBackendOptions,
} from './options.js';

export function registerLoad(program: Command): void {
  addBackendOptions(
    program
      .command('load')
      .description(
        "load the team's data as its environment's source says (the three Olist CSVs, or transactions files), replacing what was loaded, then rebuild the features",
      )
      .usage('--data <path> | --sample | --from-s3 | --configured [options]')
      .addOption(dataOption({ defaultText: 'required unless --sample, --from-s3 or --configured' }))
      .addOption(
        new Option(
          '--sample',
          "load the team's generated sample, unless the warehouse holds the team's own data (then only the features are rebuilt)",
        ).conflicts('data'),
      )
      .addOption(
        new Option(
          '--from-s3',
          'load the files the team uploaded to <team>/incoming/ in its data bucket (--backend aws)',
        ).conflicts(['data', 'sample']),
      )
      .addOption(
        new Option(
          '--configured',
          "load what the environment's source.data says: the bucket's files, or the sample (what a deploy runs)",
        ).conflicts(['data', 'sample', 'fromS3']),
      )
      .addOption(ordersOption().conflicts('data'))
      .addOption(teamOption())
      .addOption(envFileOption()),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ workshop load --data ~/Downloads/olist
  $ workshop load --data ../olist --team retail-bank --backend aws --stack-outputs outputs.json
  $ workshop load --sample --team retail-bank --backend aws --stack-outputs outputs.json
  $ workshop load --from-s3 --team retail-bank --backend aws --stack-outputs outputs.json`,
    )
    .hook('preAction', (command) => {
      const o = command.opts<{
        data?: string;
        sample?: boolean;
        fromS3?: boolean;
        configured?: boolean;
      }>();
      if (
        o.data === undefined &&
        !(o.sample === true || o.fromS3 === true || o.configured === true)
      ) {
        command.error(
          "error: required option '--data <path>', '--sample', '--from-s3' or '--configured' not specified",
        );
      }
    })
    .action(
      async (
        o: BackendFlags & {
          data?: string;
          sample?: boolean;
          fromS3?: boolean;
          configured?: boolean;
          orders: number;
        },
      ) => {
        const { reports, transactions } = await withBackend(o, async (backend) => {
          await migrateStep(backend, cli.sql);
          // A load rebuilds the features in its own transaction; when nothing was loaded (a
          // sample kept off the team's own data) they are rebuilt on what is there.
          const loaded =
            o.data !== undefined
              ? await loadStep(backend, cli.sql, o.data)
              : o.fromS3 === true
                ? await loadFromBucketStep(backend, cli.sql, cli.log)
                : o.configured === true
                  ? await loadConfiguredStep(backend, cli.sql, o.orders, cli.log)
                  : await loadSampleStep(backend, cli.sql, o.orders, cli.log);
          if (loaded.length === 0) await featuresStep(backend, cli.sql);
          return { reports: loaded, transactions: await readTransactionSummary(backend.wh) };
        });
        for (const r of reports) {
          cli.out(`${r.table}\t${r.rowsIn} in\t${r.rowsLoaded} loaded\t${r.rowsRejected} rejected`);
          for (const row of r.rejected) cli.out(formatRejected(row));
        }
        cli.out(`transactions\t${formatTransactionSummary(transactions)}`);
      },
    );
}
