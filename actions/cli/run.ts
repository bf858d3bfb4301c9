import type { Command } from 'commander';
import { resolve } from 'node:path';
import { resolveEnvironment } from '../lib/workshop/environment.js';
import { DEFAULT_ORDERS } from '../lib/sample-data/generate.js';
import { runWorkshop } from '../lib/workshop/run.js';
import { formatSummary } from '../lib/workshop/summary.js';
import { cli, databaseUrlOption, kOption, positiveInt } from './context.js';

interface RunFlags {
  team?: string;
  data?: string;
  out?: string;
  k?: number | 'auto';
  orders?: number;
  screenshot?: boolean;
  databaseUrl?: string;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description(
      'the whole pipeline on the local backend: migrate, load, checks, train, score, dashboard',
    )
    .option('--team <id>', 'team (environments/<id>.yaml); optional when there is one team')
    .option('--data <dir>', 'folder with the three Olist CSVs (default: generated sample data)')
    .option('--out <dir>', 'output folder (default: out/<team>)')
    .option('--k <k>', 'number of clusters or auto (default: the environment file)', kOption)
    .option(
      '--orders <n>',
      `orders in the generated sample (default ${DEFAULT_ORDERS})`,
      positiveInt('--orders'),
    )
    .option(
      '--screenshot',
      'also write dashboard.png next to dashboard.html (headless Chromium: scripts/ensure-chromium.sh)',
    )
    .addOption(databaseUrlOption())
    .action(async (o: RunFlags) => {
      const env = await resolveEnvironment(cli.environmentsDir, o.team);
      const result = await runWorkshop({
        root: cli.root,
        env,
        log: cli.log,
        ...(o.data === undefined ? {} : { dataDir: resolve(o.data) }),
        ...(o.out === undefined ? {} : { outDir: resolve(o.out) }),
        ...(o.k === undefined ? {} : { k: o.k }),
        ...(o.orders === undefined ? {} : { sampleOrders: o.orders }),
        ...(o.screenshot === true ? { screenshot: true } : {}),
        ...(o.databaseUrl === undefined ? {} : { databaseUrl: o.databaseUrl }),
      });
      cli.out(formatSummary(result));
    });
}
