import type { Command } from 'commander';
import { checksStep, trainStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import {
  approvalOption,
  backendOption,
  databaseUrlOption,
  kOption,
  stackOutputsOption,
  teamOption,
} from './options.js';

interface TrainFlags extends BackendFlags {
  k?: number | 'auto';
  approval?: 'auto' | 'manual';
  instanceType?: string;
}

/** `workshop train [--backend local|aws]`. */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'run the data checks, then train a KMeans model on the loaded data, register it, and make it the active version when approved',
    )
    .addOption(teamOption())
    .addOption(kOption())
    .addOption(backendOption())
    .addOption(stackOutputsOption())
    .addOption(approvalOption("the environment file's model.approval.policy"))
    .option('--instance-type <type>', 'SageMaker training instance type (backend aws)')
    .addOption(databaseUrlOption())
    .addHelpText(
      'after',
      `
Examples:
  $ workshop train --k auto
  $ workshop train --team retail-bank --backend aws --stack-outputs outputs.json --approval manual`,
    )
    .action(async (o: TrainFlags) => {
      const result = await withBackend(
        o,
        async (backend) => {
          // Never train on data that fails a check.
          await checksStep(backend, cli.sql);
          return trainStep(backend, {
            log: cli.log,
            ...(o.k === undefined ? {} : { k: o.k }),
            ...(o.approval === undefined ? {} : { approvalPolicy: o.approval }),
          });
        },
        o.instanceType === undefined ? {} : { instanceType: o.instanceType },
      );
      cli.out(
        JSON.stringify({
          version: result.version,
          status: result.status,
          active: result.activated,
          reused: result.reused,
          k: result.metrics.k,
          scaling: result.scaling.scaling,
          clusters: result.clusters.map((c) => c.name),
          msd: result.metrics.msd,
          sizes: result.metrics.sizes,
          ref: result.ref,
          metrics: result.metricsUri,
        }),
      );
    });
}
