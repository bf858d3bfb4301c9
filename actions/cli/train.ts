import type { Command } from 'commander';
import { LocalModelRegistry } from '../lib/segmentation/registry.js';
import { trainLocal } from '../lib/segmentation/train-local.js';
import { cli, kOption, openLocalTeam } from './context.js';

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a KMeans model on the loaded data and make it the active version')
    .option('--team <id>', 'team id')
    .option('--k <k>', 'number of clusters or auto', kOption)
    .action(async (o: { team?: string; k?: number | 'auto' }) => {
      const { env, paths, wh } = await openLocalTeam(o.team);
      try {
        const registry = new LocalModelRegistry(paths.models);
        const model = await trainLocal(
          wh,
          env.model,
          registry,
          o.k === undefined ? {} : { k: o.k },
        );
        cli.out(
          JSON.stringify({
            version: model.version,
            k: model.k,
            msd: model.msd,
            sizes: model.sizes,
          }),
        );
      } finally {
        await wh.close();
      }
    });
}
