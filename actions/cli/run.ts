import type { Command } from 'commander';
import { PREVIEW_APPROVAL, runWorkshop } from '../lib/pipeline/run.js';
import { formatSummary } from '../lib/pipeline/summary.js';
import { cli, interruptible, teamEnvironment } from './context.js';
import {
  approvalOption,
  dataOption,
  envFileOption,
  databaseUrlOption,
  kOption,
  ordersOption,
  outOption,
  screenshotOption,
  teamOption,
} from './options.js';

interface RunFlags {
  team?: string;
  envFile?: string;
  data?: string;
  out?: string;
  k?: number | 'auto';
  orders: number;
  screenshot?: boolean;
  databaseUrl?: string;
  approval?: 'auto' | 'manual';
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'the whole pipeline on the local backend: migrate, load, checks, train, score, dashboard',
    )
    .addOption(teamOption())
    .addOption(envFileOption())
    .addOption(dataOption({ defaultText: 'a generated sample of --orders orders' }))
    .addOption(ordersOption().conflicts('data'))
    .addOption(outOption({ defaultText: 'out/<team> in the repository' }))
    .addOption(kOption())
    .addOption(screenshotOption())
    .addOption(approvalOption(`${PREVIEW_APPROVAL}, for a local preview`))
    .addOption(databaseUrlOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop run                                    # generated sample, the only team
  $ workshop run --data ~/Downloads/olist --screenshot
  $ workshop run --orders 10000 --k 5 --out preview
  $ workshop run --env-file examples/environments/demo-bank.yaml   # generated bank transactions`,
    )
    .action(async (o: RunFlags) => {
      const env = await teamEnvironment(o.team, o.envFile);
      const result = await interruptible((signal) =>
        runWorkshop({
          root: cli.root,
          signal,
          env,
          log: cli.log,
          ...(o.data === undefined ? { sampleOrders: o.orders } : { dataDir: o.data }),
          ...(o.out === undefined ? {} : { outDir: o.out }),
          ...(o.k === undefined ? {} : { k: o.k }),
          ...(o.screenshot === true ? { screenshot: true } : {}),
          ...(o.databaseUrl === undefined ? {} : { databaseUrl: o.databaseUrl }),
          ...(o.approval === undefined ? {} : { approvalPolicy: o.approval }),
        }),
      );
      cli.out(formatSummary(result));
    });
}
