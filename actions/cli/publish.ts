import { InvalidArgumentError, type Command } from 'commander';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { QuickSightClient } from '@aws-sdk/client-quicksight';
import { readDashboardData } from '../lib/dashboards/data.js';
import { screenshotDashboard } from '../lib/dashboards/screenshot.js';
import { renderDashboardHtml } from '../lib/dashboards/to-html.js';
import { run as publishToQuickSight } from '../publish-quicksight/run.js';
import {
  backendOption,
  cli,
  databaseUrlOption,
  openLocalTeam,
  positiveInt,
  stackOutputsOption,
} from './context.js';

interface PublishFlags {
  team?: string;
  backend: 'local' | 'aws';
  out?: string;
  screenshot?: boolean;
  stackOutputs?: string;
  modelVersion?: number;
  refresh: 'auto' | 'always' | 'never';
  wait: boolean;
  databaseUrl?: string;
}
const refresh = (value: string): 'auto' | 'always' | 'never' => {
  if (value === 'auto' || value === 'always' || value === 'never') return value;
  throw new InvalidArgumentError(`--refresh must be auto, always or never, got "${value}"`);
};

async function publishLocal(o: PublishFlags): Promise<void> {
  const { env, wh } = await openLocalTeam(o.team, o.databaseUrl);
  let html: string;
  try {
    html = await renderDashboardHtml(await readDashboardData(wh, env.team));
  } finally {
    await wh.close();
  }
  const outDir = o.out === undefined ? join(cli.root, 'out', env.team) : resolve(o.out);
  await mkdir(outDir, { recursive: true });
  const page = join(outDir, 'dashboard.html');
  await writeFile(page, html);
  cli.out(page);
  if (o.screenshot === true) {
    const png = join(outDir, 'dashboard.png');
    await screenshotDashboard(page, png);
    cli.out(png);
  }
}

async function publishAws(o: PublishFlags): Promise<void> {
  if (o.team === undefined || o.stackOutputs === undefined)
    throw new InvalidArgumentError(
      "--backend aws needs --team and --stack-outputs FILE (the team stack's `terraform output -json`)",
    );
  const { outputs, summary } = await publishToQuickSight(
    {
      team: o.team,
      environmentsDir: cli.environmentsDir,
      stackOutputs: resolve(o.stackOutputs),
      refresh: o.refresh,
      waitForIngestion: o.wait,
      timeoutMinutes: 15,
      ...(o.modelVersion === undefined ? {} : { modelVersion: o.modelVersion }),
    },
    {
      quicksight: (region) => new QuickSightClient({ region, customUserAgent: 'rfm-workshop/cli' }),
    },
    cli.log,
  );
  cli.log(summary);
  cli.out(JSON.stringify(outputs));
}

/** `workshop publish`: the local page, or QuickSight with `--backend aws`. */
export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description(
      'publish the dashboard: locally dashboard.html from the team warehouse, or QuickSight with --backend aws',
    )
    .option('--team <id>', 'team id (required with --backend aws)')
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .option('--out <dir>', 'local: output folder (default: out/<team>)')
    .option('--screenshot', 'local: also write dashboard.png (headless Chromium)')
    .addOption(stackOutputsOption())
    .option('--model-version <n>', 'aws: the active model version', positiveInt('--model-version'))
    .option(
      '--refresh <mode>',
      'aws: SPICE refresh: auto, always or never',
      refresh,
      'auto' as const,
    )
    .option('--no-wait', 'aws: do not wait for SPICE ingestions to complete')
    .action(async (o: PublishFlags) => {
      await (o.backend === 'aws' ? publishAws(o) : publishLocal(o));
    });
}
