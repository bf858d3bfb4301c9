/**
 * The train-kmeans action's logic over an open backend: the pipeline's train step, then the
 * outputs and the job summary.
 */
import type { TeamBackend } from '../lib/pipeline/backend.js';
import type { SqlDirs } from '../lib/pipeline/sql-dirs.js';
import { retrainStep, type RetrainStepOptions } from '../lib/pipeline/steps.js';
import type { TrainModelResult } from '../lib/segmentation/train-model.js';
import { readClusterProfiles, renderSummary, type ClusterProfile } from './summary.js';

/** The action's outputs, as strings. */
export interface TrainKMeansOutputs {
  readonly 'model-version': string;
  /** Empty on the local backend. */
  readonly 'model-package-arn': string;
  readonly k: string;
  readonly msd: string;
  readonly 'approval-status': string;
}

/** Outputs, summary and the details behind them. */
export interface TrainKMeansResult {
  readonly outputs: TrainKMeansOutputs;
  /** Markdown for the job summary. */
  readonly summary: string;
  readonly training: TrainModelResult;
  readonly profiles: readonly ClusterProfile[];
}

/**
 * Runs the data checks, then trains, registers and (when approved) activates one KMeans model
 * for the backend's team: the pipeline's retrain step, as `workshop train` runs it.
 */
export async function runTrainKMeans(
  backend: TeamBackend,
  dirs: Pick<SqlDirs, 'checks' | 'loadChecks'>,
  options: RetrainStepOptions = {},
): Promise<TrainKMeansResult> {
  const { training } = await retrainStep(backend, dirs, options);
  const profiles = await readClusterProfiles(backend.wh, training);
  return {
    outputs: {
      'model-version': String(training.version),
      'model-package-arn': backend.registry.kind === 'sagemaker' ? training.ref : '',
      k: String(training.metrics.k),
      msd: String(training.metrics.msd),
      'approval-status': training.status,
    },
    summary: renderSummary({
      team: backend.env.team,
      backend: backend.kind,
      training,
      profiles,
    }),
    training,
    profiles,
  };
}
