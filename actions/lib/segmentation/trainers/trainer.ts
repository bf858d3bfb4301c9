/**
 * A trainer turns features into centroids. Local: the TypeScript trainer; AWS: a SageMaker
 * training job.
 */
import type { FeatureMatrix } from '../features.js';
import type { KMeansResult } from '../kmeans/kmeans.js';

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
  readonly features: FeatureMatrix;
  readonly k: number;
  /** The model of this k from the `k: auto` sweep, when there was one (the local trainer reuses it). */
  readonly selected?: KMeansResult;
}

/** Trains KMeans on the features. */
export interface Trainer {
  readonly source: 'local' | 'sagemaker';
  train(request: TrainingRequest): Promise<TrainedModel>;
}
