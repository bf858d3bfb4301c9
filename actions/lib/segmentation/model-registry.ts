/**
 * What both backends share: a trainer turns features into centroids, a registry versions them
 * with their metrics JSON and approval status. Local: the TypeScript trainer and a folder;
 * AWS: a SageMaker training job and the team's model package group.
 */
import type { ApprovalDecision, ApprovalStatus } from './approval.js';
import type { FeatureMatrix } from './features.js';
import type { KMeansResult } from './kmeans.js';
import type { ModelMetricsReport } from './metrics.js';

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

/** The latest approved version: what a candidate is compared against. */
export interface ApprovedVersion {
  readonly version: number;
  /** The model.json path or the model package ARN. */
  readonly ref: string;
  readonly centroids: number[][];
}

/** What is registered: the model, its metrics JSON and the approval decision. */
export interface Registration {
  readonly model: TrainedModel;
  readonly metrics: ModelMetricsReport;
  readonly approval: ApprovalDecision;
}

/** A registered version. */
export interface RegisteredVersion {
  readonly version: number;
  readonly ref: string;
  readonly status: ApprovalStatus;
  /** Where the metrics JSON is: a file path or an s3:// URL. */
  readonly metricsUri: string;
}

/** Versions models; one implementation per backend, same metrics JSON in both. */
export interface ModelRegistry {
  readonly kind: 'local' | 'sagemaker';
  /** Creates what registering needs when it is missing (the folder, the model package group). */
  prepare(): Promise<void>;
  /** The newest version with status Approved, or undefined. */
  latestApproved(): Promise<ApprovedVersion | undefined>;
  register(registration: Registration): Promise<RegisteredVersion>;
}
