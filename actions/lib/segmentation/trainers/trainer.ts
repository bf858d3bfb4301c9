/**
 * A trainer turns features into centroids. Local: the TypeScript trainer; AWS: a SageMaker
 * training job.
 */
import type { FeatureMatrix } from '../features.js';
import type { KMeansResult } from '../kmeans/kmeans.js';
import type { ScalingParameters } from '../scaling.js';

/** A trained model, whichever trainer made it. */
export interface TrainedModel {
  readonly source: 'local' | 'sagemaker';
  /** k rows of feature values; row i is cluster id i. */
  readonly centroids: number[][];
  /** SageMaker only: the job and its model.tar.gz. */
  readonly job?: {
    readonly name: string;
    readonly arn: string;
    readonly image: string;
    readonly modelDataUrl: string;
    readonly billableSeconds?: number;
  };
  /** Local only: how the TypeScript trainer ran. */
  readonly local?: {
    readonly iterations: number;
    readonly restarts: number;
    readonly seed: number;
  };
  /** Metrics the trainer reported itself (SageMaker's FinalMetricDataList); may be empty. */
  readonly reported: Record<string, number>;
}

/** One training request: the features and the number of clusters. */
export interface TrainingRequest {
  /** The features in the clustered space (scaled with `scaling`). */
  readonly features: FeatureMatrix;
  /** How the real-unit features were scaled; a trainer that reads them itself applies it. */
  readonly scaling: ScalingParameters;
  readonly k: number;
  /** The model of this k from the `k: auto` sweep, when there was one (the local trainer reuses it). */
  readonly selected?: KMeansResult;
}

/** Trains KMeans on the features. */
export interface Trainer {
  readonly source: 'local' | 'sagemaker';
  /** Settings of the trainer that change its models, part of the training parameters. */
  readonly settings?: Readonly<Record<string, string | number>>;
  train(request: TrainingRequest): Promise<TrainedModel>;
}
