import type { ScalingParameters } from '../../actions/lib/segmentation/scaling.js';
import type { Warehouse } from '../../actions/lib/warehouse/warehouse.js';

/** A row of public.segment_feature_scaling, without its model version and order. */
export type FeatureScalingRow = {
  readonly feature: string;
  readonly transform: string;
  readonly method: string;
  readonly mean_value: number | null;
  readonly sd_value: number | null;
  readonly min_value: number | null;
  readonly max_value: number | null;
};

/** Model `version`'s rows of public.segment_feature_scaling, in feature order. */
export const featureScalingRows = (wh: Warehouse, version: number): Promise<FeatureScalingRow[]> =>
  wh.query<FeatureScalingRow>(
    `select feature, transform, method, mean_value, sd_value, min_value, max_value
     from public.segment_feature_scaling
     where model_version = ${version}
     order by feature_order`,
  );

/** The rows `scaling` is stored as: a standard feature's mean and sd, a min-max feature's bounds. */
export const storedScalingRows = (scaling: ScalingParameters): FeatureScalingRow[] =>
  scaling.features.map((f) => ({
    feature: f.feature,
    transform: f.transform,
    method: f.method,
    mean_value: f.method === 'standard' ? f.mean : null,
    sd_value: f.method === 'standard' ? f.sd : null,
    min_value: f.method === 'min-max' ? f.min : null,
    max_value: f.method === 'min-max' ? f.max : null,
  }));
