import type { Command } from 'commander';
import { retrainStep } from '../lib/pipeline/steps.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import { approvalOption, kOption, teamOption, addBackendOptions } from './options.js';

interface TrainFlags extends BackendFlags {
  k?: number | 'auto';
  approval?: 'auto' | 'manual';
  instanceType?: string;
  lifetimeValue: boolean;
}

/** `workshop train [--backend local|aws]`. */
export function registerTrain(program: Command): void {
  addBackendOptions(
    program
      .command('train')
      .description(
        'run the data checks, fit lifetime value, then train a KMeans model on the loaded data, register it, and make it the active version when approved (what a deploy runs)',
      )
      .addOption(teamOption()),
  )
    .addOption(kOption())
    .addOption(approvalOption("the environment file's model.approval.policy"))
    .option('--instance-type <type>', 'SageMaker training instance type (backend aws)')
    .option(
      '--no-lifetime-value',
      'skip the BG/NBD and Gamma-Gamma fit: the version is registered without CLV parameters',
    )
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
        async (backend) =>
          (
            await retrainStep(backend, cli.sql, {
              log: cli.log,
              lifetimeValue: o.lifetimeValue,
              ...(o.k === undefined ? {} : { k: o.k }),
              ...(o.approval === undefined ? {} : { approvalPolicy: o.approval }),
            })
          ).training,
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
