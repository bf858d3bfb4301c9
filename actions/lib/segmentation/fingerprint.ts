import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  MODEL_FEATURES,
  MODEL_SCALINGS,
  type ModelFeature,
  type ModelScaling,
} from '../../../contracts/environment/schema.js';
import type { FeatureTransform } from './scaling.js';

/**
 * Identifies the exact training data: `sha256:<hex>` over the raw bytes of the Float64Array (the
 * platform's byte order, little-endian on every supported target). Any changed value, row order or
 * length gives a different fingerprint.
 */
export function fingerprint(points: Float64Array): string {
  const bytes = new Uint8Array(points.buffer, points.byteOffset, points.byteLength);
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/**
 * Everything besides the data that decides what a training run produces. The same data
 * fingerprint and the same parameters would register an identical model, so the version that
 * has them is reused instead.
 */
export interface TrainingParameters {
  readonly source: 'local' | 'sagemaker';
  readonly features: readonly ModelFeature[];
  readonly scaling: ModelScaling;
  /** Per feature, for `log-standard`; the seed's min-max has no transform. */
  readonly transforms?: readonly FeatureTransform[];
  /** As configured: a number, or `auto` with the range searched. */
  readonly k: number | 'auto';
  readonly k_range?: readonly [number, number];
  readonly seed: number;
  readonly restarts: number;
  /** The trainer's own settings (the SageMaker job's), when it has any. */
  readonly trainer?: Readonly<Record<string, string | number>>;
}

/** `sha256:<hex>` of the parameters in a fixed key order. */
export function trainingKey(parameters: TrainingParameters): string {
  const canonical = JSON.stringify(parameters, (_key, value: unknown) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : value,
  );
  return `sha256:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** {@link TrainingParameters} as stored in model.json and the metrics JSON. */
export const trainingParametersSchema = z.strictObject({
  source: z.enum(['local', 'sagemaker']),
  features: z.array(z.enum(MODEL_FEATURES)).min(1),
  scaling: z.enum(MODEL_SCALINGS),
  transforms: z.array(z.enum(['none', 'log1p'])).optional(),
  k: z.union([z.int().min(1), z.literal('auto')]),
  k_range: z.tuple([z.int(), z.int()]).optional(),
  seed: z.int(),
  restarts: z.int().min(1),
  trainer: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
