import type { Command } from 'commander';
import { resolve } from 'node:path';
import { decideStep } from '../lib/pipeline/steps.js';
import type { Decision } from '../lib/segmentation/decide.js';
import { cli, withBackend, type BackendFlags } from './context.js';
import { teamOption, wholeNumberArg, addBackendOptions } from './options.js';

const DECISIONS: Record<Decision, string> = {
  approve: 'approve a registered version (e.g. one left PendingManualApproval) and make it active',
  reject: 'reject a registered version; the active one stays active',
  activate: 'make an approved version the active one again (a rollback)',
};

/** `workshop model inspect FILE.tar.gz` and `workshop model approve|reject|activate VERSION`. */
export function registerModel(program: Command): void {
  const model = program
    .command('model')
    .description('look inside trained models; approve, reject or activate a version');
  for (const [decision, description] of Object.entries(DECISIONS) as [Decision, string][]) {
    addBackendOptions(
      model
        .command(decision)
        .description(description)
        .argument('<version>', 'the version number in the registry', wholeNumberArg(1, 2 ** 31 - 1))
        .addOption(teamOption()),
    )
      .option('--reason <text>', 'recorded with the decision (default: who decided, from where)')
      .addHelpText(
        'after',
        `
Examples:
  $ workshop model ${decision} 3
  $ workshop model ${decision} 7 --backend aws --stack-outputs outputs.json --reason "reviewed by @ana"`,
      )
      .action(async (version: number, o: BackendFlags & { reason?: string }) => {
        const reason =
          o.reason ??
          `${decision} by ${process.env.GITHUB_ACTOR ?? process.env.USER ?? 'someone'} (workshop model ${decision})`;
        const outcome = await withBackend(o, (backend) =>
          decideStep(backend, decision, version, reason),
        );
        cli.out(JSON.stringify(outcome));
      });
  }
  model
    .command('inspect')
    .description(
      'print the centroids of a SageMaker KMeans model.tar.gz as JSON: {"k":…,"dim":…,"centroids":[[…]]}',
    )
    .argument('<file>', 'a model.tar.gz written by a SageMaker KMeans training job')
    .addHelpText(
      'after',
      `
Examples:
  $ workshop model inspect model.tar.gz
  $ workshop model inspect downloads/model.tar.gz | jq .centroids`,
    )
    .action(async (file: string) => {
      const { readModelArtifactFile } =
        await import('../lib/segmentation/artifacts/model-artifact.js');
      const { k, dim, centroids } = await readModelArtifactFile(resolve(process.cwd(), file));
      cli.out(JSON.stringify({ k, dim, centroids }));
    });
}
