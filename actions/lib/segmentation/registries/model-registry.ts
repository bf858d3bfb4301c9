/**
 * A registry versions trained models with their metrics JSON and approval status. Local: a
 * folder; AWS: the team's model package group.
 */
import type { ApprovalDecision, ApprovalStatus } from '../approval.js';
import type { TrainedModel } from '../trainers/trainer.js';
import type { ModelMetricsReport } from '../metrics.js';
import type { ScalingParameters } from '../scaling.js';

/** The latest approved version: what a candidate is compared against. */
export interface ApprovedVersion {
  readonly version: number;
  /** The model.json path or the model package ARN. */
  readonly ref: string;
  readonly centroids: number[][];
  /** Its space; undefined for versions registered before the scaling was stored (seed 0-5). */
  readonly scaling?: ScalingParameters;
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

/** A registered version as the registry holds it: enough to activate it in the warehouse. */
export interface StoredVersion {
  readonly version: number;
  readonly ref: string;
  readonly status: ApprovalStatus;
  readonly centroids: number[][];
  readonly metrics: ModelMetricsReport;
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
  /** One version with its centroids and metrics; throws naming the version when it is unknown. */
  get(version: number): Promise<StoredVersion>;
  /** Records a person's decision (approve, reject) on a version. */
  setStatus(version: number, status: ApprovalStatus, reason: string): Promise<void>;
}
