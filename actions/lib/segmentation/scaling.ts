/**
 * The space KMeans clusters in: each feature read in real units (days, purchases, money), maybe
 * log-transformed, then scaled with parameters fitted on the customers trained on. The parameters
 * are stored with the model version, so scoring applies the very same transform and centroids map
 * back to real units.
 */
import { z } from 'zod';
import {
  MODEL_FEATURES,
  MODEL_SCALINGS,
  type ModelFeature,
  type ModelScaling,
} from '../../../contracts/environment/schema.js';
import { sqlDouble } from '../sql/literal.js';
import type { FeatureMatrix } from './features.js';

/** Applied to a real value before it is scaled. */
export type FeatureTransform = 'none' | 'log1p';

/** How one feature is scaled, with the parameters fitted on the training data. */
export type FeatureScaling =
  | {
      readonly feature: ModelFeature;
      readonly transform: FeatureTransform;
      /** (t − mean) / sd, t the transformed value; 0 when sd is 0. */
      readonly method: 'standard';
      readonly mean: number;
      /** Population standard deviation of the transformed values. */
      readonly sd: number;
    }
  | {
      readonly feature: ModelFeature;
      readonly transform: 'none';
      /** The seed's 5 · (x − min) / (max − min); 0 when max = min. */
      readonly method: 'min-max';
      readonly min: number;
      readonly max: number;
    };

/** A model version's scaling: the setting, and one entry per clustered feature in column order. */
export interface ScalingParameters {
  readonly scaling: ModelScaling;
  readonly features: readonly FeatureScaling[];
}

/** The upper end of the seed's min-max scale. */
export const SEED_RANGE = 5;

/**
 * The transform of each feature under `log-standard`: frequency and money are heavy-tailed
 * (most customers buy once, a few buy often or spend a lot), recency is not.
 */
export const LOG_STANDARD_TRANSFORMS: Readonly<Record<ModelFeature, FeatureTransform>> = {
  recency: 'none',
  frequency: 'log1p',
  monetary: 'log1p',
};

/**
 * log(1 + x), written as SQL's `ln(1 + x)` is, so the TypeScript and the warehouse compute the
 * same double (Math.log1p can differ from it in the last bit).
 */
const log1p = (x: number): number => Math.log(1 + x);

/** The transformed value of a real value. */
export function transformValue(x: number, transform: FeatureTransform): number {
  return transform === 'log1p' ? log1p(x) : x;
}

/** One real value in the clustered space; the same arithmetic, in the same order, as the SQL. */
export function scaleValue(x: number, f: FeatureScaling): number {
  if (f.method === 'min-max') {
    return f.max === f.min ? 0 : (SEED_RANGE * (x - f.min)) / (f.max - f.min);
  }
  const t = transformValue(x, f.transform);
  return f.sd === 0 ? 0 : (t - f.mean) / f.sd;
}

/** A clustered-space value back in real units (the inverse of {@link scaleValue}). */
export function unscaleValue(z: number, f: FeatureScaling): number {
  if (f.method === 'min-max') return f.min + (z * (f.max - f.min)) / SEED_RANGE;
  const t = f.mean + z * f.sd;
  return f.transform === 'log1p' ? Math.exp(t) - 1 : t;
}

/**
 * Fits the scaling of `features` on `raw` (real units, one column per feature, in that order).
 * `transforms` overrides {@link LOG_STANDARD_TRANSFORMS} (the bench compares variants with it).
 */
export function fitScaling(
  raw: FeatureMatrix,
  features: readonly ModelFeature[],
  scaling: ModelScaling,
  transforms: Readonly<Record<ModelFeature, FeatureTransform>> = LOG_STANDARD_TRANSFORMS,
): ScalingParameters {
  if (features.length !== raw.dim) {
    throw new Error(
      `${features.length} features (${features.join(', ')}) for a matrix of ${raw.dim} columns; read the features the model clusters`,
    );
  }
  if (raw.n === 0) throw new Error('no customers to fit the feature scaling on; load data first');
  return {
    scaling,
    features: features.map((feature, j): FeatureScaling => {
      if (scaling === 'seed') {
        let min = Infinity;
        let max = -Infinity;
        for (let i = 0; i < raw.n; i++) {
          const x = raw.points[i * raw.dim + j]!;
          if (x < min) min = x;
          if (x > max) max = x;
        }
        return { feature, transform: 'none', method: 'min-max', min, max };
      }
      const transform = transforms[feature];
      // Two passes: the mean first, then the squared deviations from it.
      let sum = 0;
      for (let i = 0; i < raw.n; i++)
        sum += transformValue(raw.points[i * raw.dim + j]!, transform);
      const mean = sum / raw.n;
      let squares = 0;
      for (let i = 0; i < raw.n; i++) {
        const d = transformValue(raw.points[i * raw.dim + j]!, transform) - mean;
        squares += d * d;
      }
      return { feature, transform, method: 'standard', mean, sd: Math.sqrt(squares / raw.n) };
    }),
  };
}

/** `raw` (real units) in the clustered space of `params`. */
export function applyScaling(raw: FeatureMatrix, params: ScalingParameters): FeatureMatrix {
  const { dim } = raw;
  if (params.features.length !== dim) {
    throw new Error(
      `the scaling has ${params.features.length} features, the matrix ${dim} columns`,
    );
  }
  const points = new Float64Array(raw.points.length);
  for (let i = 0; i < raw.n; i++) {
    for (let j = 0; j < dim; j++) {
      points[i * dim + j] = scaleValue(raw.points[i * dim + j]!, params.features[j]!);
    }
  }
  return { n: raw.n, dim, points };
}

/** A centroid (clustered space) in real units, feature by feature. */
export function toRealUnits(centroid: readonly number[], params: ScalingParameters): number[] {
  return params.features.map((f, j) => unscaleValue(centroid[j]!, f));
}

/** A real-unit point in the clustered space of `params`. */
export function fromRealUnits(point: readonly number[], params: ScalingParameters): number[] {
  return params.features.map((f, j) => scaleValue(point[j]!, f));
}

/**
 * True when two scalings put the same features through the same transforms and methods, so a
 * centroid of one maps exactly (feature by feature, affinely) into the other's space.
 */
export function sameSpace(a: ScalingParameters, b: ScalingParameters): boolean {
  return (
    a.scaling === b.scaling &&
    a.features.length === b.features.length &&
    a.features.every((f, j) => {
      const g = b.features[j]!;
      return f.feature === g.feature && f.transform === g.transform && f.method === g.method;
    })
  );
}

const sqlNumber = (x: number): string => sqlDouble(x, 'scaling parameter');

/**
 * The SQL expression of one feature in the clustered space, from `real` (an expression of the
 * real value as double precision), with the parameters as literals: what the SageMaker path
 * unloads. The scoring view computes the same from the stored parameters.
 */
export function scaledSql(real: string, f: FeatureScaling): string {
  if (f.method === 'min-max') {
    return f.max === f.min
      ? '0.0'
      : `${SEED_RANGE}.0 * (${real} - ${sqlNumber(f.min)}) / (${sqlNumber(f.max)} - ${sqlNumber(f.min)})`;
  }
  if (f.sd === 0) return '0.0';
  const t = f.transform === 'log1p' ? `ln(1.0 + ${real})` : real;
  return `(${t} - ${sqlNumber(f.mean)}) / ${sqlNumber(f.sd)}`;
}

/** {@link ScalingParameters} as stored in model.json and the metrics JSON. */
export const scalingParametersSchema = z.strictObject({
  scaling: z.enum(MODEL_SCALINGS),
  features: z
    .array(
      z.discriminatedUnion('method', [
        z.strictObject({
          feature: z.enum(MODEL_FEATURES),
          transform: z.enum(['none', 'log1p']),
          method: z.literal('standard'),
          mean: z.number(),
          sd: z.number().min(0),
        }),
        z.strictObject({
          feature: z.enum(MODEL_FEATURES),
          transform: z.literal('none'),
          method: z.literal('min-max'),
          min: z.number(),
          max: z.number(),
        }),
      ]),
    )
    .min(1),
});

/** A short description of a space, e.g. `log-standard scaling of recency, frequency`. */
export function describeSpace(params: ScalingParameters): string {
  return `${params.scaling} scaling of ${params.features.map((f) => f.feature).join(', ')}`;
}
