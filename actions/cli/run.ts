import type { Command } from 'commander';
import { resolve } from 'node:path';
import { resolveEnvironment } from '../lib/pipeline/environment.js';
import { DEFAULT_ORDERS } from '../lib/sample-data/generate.js';
import { PREVIEW_APPROVAL, runWorkshop } from '../lib/pipeline/run.js';
import { formatSummary } from '../lib/pipeline/summary.js';
import {
  approvalOption,
  cli,
  databaseUrlOption,
  interruptible,
  kOption,
  positiveInt,
  teamOption,
} from './context.js';

interface RunFlags {
  team?: string;
  data?: string;
  out?: string;
  k?: number | 'auto';
  orders?: number;
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
    .option('--data <dir>', 'folder with the three Olist CSVs (default: generated sample data)')
    .option('--out <dir>', 'output folder (default: out/<team>)')
    .addOption(kOption())
    .option(
      '--orders <n>',
      `orders in the generated sample (default ${DEFAULT_ORDERS})`,
      positiveInt('--orders'),
    )
    .option(
      '--screenshot',
      'also write dashboard.png next to dashboard.html (headless Chromium: scripts/ensure-chromium.sh)',
    )
    .addOption(approvalOption(`${PREVIEW_APPROVAL} (a local preview)`))
    .addOption(databaseUrlOption())
    .action(async (o: RunFlags) => {
      const env = await resolveEnvironment(cli.environmentsDir, o.team);
      const result = await interruptible((signal) =>
        runWorkshop({
          root: cli.root,
          signal,
          env,
          log: cli.log,
          ...(o.data === undefined ? {} : { dataDir: resolve(o.data) }),
          ...(o.out === undefined ? {} : { outDir: resolve(o.out) }),
          ...(o.k === undefined ? {} : { k: o.k }),
          ...(o.orders === undefined ? {} : { sampleOrders: o.orders }),
          ...(o.screenshot === true ? { screenshot: true } : {}),
          ...(o.databaseUrl === undefined ? {} : { databaseUrl: o.databaseUrl }),
          ...(o.approval === undefined ? {} : { approvalPolicy: o.approval }),
        }),
      );
      cli.out(formatSummary(result));
    });
}
