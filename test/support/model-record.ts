import type { TrainingParameters } from '../../actions/lib/segmentation/fingerprint.js';
import type { ModelRecord } from '../../actions/lib/segmentation/registries/model-folder.js';

/** A data fingerprint of the right form (`sha256:` and 64 hex digits). */
export const SAMPLE_FINGERPRINT = `sha256:${'ab'.repeat(32)}`;

/** A valid model folder record of k = 2 on the three normalised RFM features, with `overrides`. */
export function sampleModelRecord(
  overrides: Partial<Omit<ModelRecord, 'version'>> = {},
): Omit<ModelRecord, 'version'> {
  return {
    created_at: '2026-01-02T03:04:05.000Z',
    k: 2,
    feature_names: ['recency_n', 'frequency_n', 'monetary_n'],
    centroids: [
      [0.5, 0.1, 0.2],
      [3.5, 1.2, 2.5],
    ],
    inertia: 12.5,
    msd: 0.125,
    iterations: 7,
    restarts: 4,
    seed: 42,
    n: 100,
    sizes: [60, 40],
    data_fingerprint: SAMPLE_FINGERPRINT,
    ...overrides,
  };
}

/** What the local trainer records for `config` on recency, frequency and monetary (log-standard). */
export const localTrainingParameters = (config: {
  k: number | 'auto';
  kRange: readonly [number, number];
  seed: number;
  restarts: number;
}): TrainingParameters => ({
  source: 'local',
  features: ['recency', 'frequency', 'monetary'],
  scaling: 'log-standard',
  transforms: ['none', 'log1p', 'log1p'],
  k: config.k,
  k_range: config.kRange,
  seed: config.seed,
  restarts: config.restarts,
});
