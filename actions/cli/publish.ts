import { Option, type Command } from 'commander';
import { resolve } from 'node:path';
import type { RefreshMode } from '../lib/dashboards/quicksight.js';
import { publishStep } from '../lib/pipeline/steps.js';
import {
  backendOption,
  cli,
  databaseUrlOption,
  positiveInt,
  stackOutputsOption,
  teamOption,
  withBackend,
  type BackendFlags,
} from './context.js';

interface PublishFlags extends BackendFlags {
  out?: string;
  screenshot?: boolean;
  modelVersion?: number;
  refresh: RefreshMode;
  wait: boolean;
}

/** `workshop publish`: the local page, or QuickSight with `--backend aws`. */
export function registerPublish(program: Command): void {
  program
    .command('publish')
    .description(
      'publish the dashboard: locally dashboard.html from the team warehouse, or QuickSight with --backend aws',
    )
    .addOption(teamOption())
    .addOption(backendOption())
    .addOption(databaseUrlOption())
    .option('--out <dir>', 'local: output folder (default: out/<team>)')
    .option('--screenshot', 'local: also write dashboard.png (headless Chromium)')
    .addOption(stackOutputsOption())
    .option('--model-version <n>', 'aws: the active model version', positiveInt('--model-version'))
    .addOption(
      new Option('--refresh <mode>', 'aws: SPICE refresh')
        .choices(['auto', 'always', 'never'])
        .default('auto'),
    )
    .option('--no-wait', 'aws: do not wait for SPICE ingestions to complete')
    .action(async (o: PublishFlags) => {
      const result = await withBackend(o, (backend) =>
        publishStep(backend, {
          log: cli.log,
          refresh: o.refresh,
          waitForIngestions: o.wait,
          ...(o.out === undefined ? {} : { outDir: resolve(o.out) }),
          ...(o.screenshot === true ? { screenshot: true } : {}),
          ...(o.modelVersion === undefined ? {} : { modelVersion: o.modelVersion }),
        }),
      );
      if (result.report === undefined) {
        for (const file of result.files) cli.out(file);
      } else {
        cli.log(result.summary);
        cli.out(
          JSON.stringify({
            dashboardId: result.report.dashboardId,
            dashboardUrl: result.report.url,
            publishedVersion: result.report.publishedVersion,
            changed: result.report.changed,
          }),
        );
      }
    });
}
