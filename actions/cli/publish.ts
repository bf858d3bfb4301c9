import { Option, type Command } from 'commander';
import type { RefreshMode } from '../lib/dashboards/quicksight.js';
import { publishStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import {
  outOption,
  positiveInt,
  screenshotOption,
  teamOption,
  addBackendOptions,
} from './options.js';

interface PublishFlags extends BackendFlags {
  out?: string;
  screenshot?: boolean;
  modelVersion?: number;
  refresh: RefreshMode;
  wait: boolean;
}

/** `workshop publish`: the local page, or QuickSight with `--backend aws`. */
export function registerPublish(program: Command): void {
  addBackendOptions(
    program
      .command('publish')
      .description(
        'publish the dashboard: locally dashboard.html from the team warehouse, or QuickSight with --backend aws',
      )
      .addOption(teamOption()),
  )
    .addOption(outOption({ defaultText: 'out/<team> in the repository (local only)' }))
    .addOption(screenshotOption())
    .option('--model-version <n>', 'aws: the active model version', positiveInt('--model-version'))
    .addOption(
      new Option('--refresh <mode>', 'aws: SPICE refresh')
        .choices(['auto', 'always', 'never'])
        .default('auto'),
    )
    .option('--no-wait', 'aws: do not wait for SPICE ingestions to complete')
    .addHelpText(
      'after',
      `
Examples:
  $ workshop publish --screenshot
  $ workshop publish --team retail-bank --backend aws --stack-outputs outputs.json --refresh always`,
    )
    .action(async (o: PublishFlags) => {
      const result = await withBackend(o, (backend) =>
        publishStep(backend, {
          log: cli.log,
          refresh: o.refresh,
          waitForIngestions: o.wait,
          ...(o.out === undefined ? {} : { outDir: o.out }),
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
