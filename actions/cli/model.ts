import type { Command } from 'commander';
import { resolve } from 'node:path';
import { readModelArtifactFile } from '../lib/segmentation/artifacts/model-artifact.js';
import { cli } from './context.js';

/** `workshop model inspect FILE.tar.gz`. */
export function registerModel(program: Command): void {
  const model = program.command('model').description('look inside trained models');
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
      const { k, dim, centroids } = await readModelArtifactFile(resolve(process.cwd(), file));
      cli.out(JSON.stringify({ k, dim, centroids }));
    });
}
