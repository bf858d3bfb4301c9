/** The local backend's {@link Trainer}: the TypeScript KMeans trainer. */
import type { ModelConfig } from '../../../../contracts/environment/schema.js';
import { trainKMeans, type KMeansResult } from '../kmeans/kmeans.js';
import type { Trainer, TrainedModel } from './trainer.js';

/** Trains with the environment's seed and restarts; reuses the sweep's model of the same k. */
export function localTrainer(config: Pick<ModelConfig, 'seed' | 'restarts'>): Trainer {
  return {
    source: 'local',
    async train({ features, k, selected }): Promise<TrainedModel> {
      const { points, dim } = features;
      const result: KMeansResult =
        selected !== undefined && selected.k === k
          ? selected
          : trainKMeans(points, dim, { k, seed: config.seed, restarts: config.restarts });
      const centroids: number[][] = [];
      for (let c = 0; c < result.k; c++) {
        centroids.push(Array.from(result.centroids.subarray(c * dim, (c + 1) * dim)));
      }
      return {
        source: 'local',
        centroids,
        local: { iterations: result.iterations, restarts: result.restarts, seed: config.seed },
        reported: { 'train:msd': result.msd },
      };
    },
  };
}
