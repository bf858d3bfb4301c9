/**
 * The train-kmeans action's logic, with typed inputs and injected clients: train on the chosen
 * backend, register the version, activate it in the warehouse when approved, and describe it.
 */
import type { Environment } from '../../contracts/environment/schema.js';
import { resolveApproval } from '../lib/segmentation/approval.js';
import {
  awsBackend,
  localBackend,
  type AwsClients,
  type TrainingBackend,
} from '../lib/segmentation/backends.js';
import { trainModel, type TrainModelResult } from '../lib/segmentation/train-model.js';
import type { Warehouse } from '../lib/warehouse/warehouse.js';
import { readClusterProfiles, renderSummary, type ClusterProfile } from './summary.js';

/** The action's inputs, parsed. Absent optional inputs fall back to the environment file. */
export interface TrainKMeansInputs {
  readonly team: string;
  readonly backend: 'local' | 'aws';
  readonly k?: number | 'auto';
  readonly approvalPolicy?: 'auto' | 'manual';
  readonly instanceType?: string;
}

/** The loaded environment, the open warehouse and the clients; created by the caller. */
export interface TrainKMeansContext {
  readonly env: Environment;
  /** Redshift for `aws`, the team's PGlite database for `local`. */
  readonly wh: Warehouse;
  readonly commit: string;
  readonly runId: string;
  /** Local backend: the model folder, e.g. `.workshop/<team>/models`. */
  readonly modelsDir?: string;
  /** AWS backend: the clients, created by the caller for the stack's region. */
  readonly aws?: AwsClients;
  readonly now?: () => Date;
  readonly log?: (line: string) => void;
}

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

/** Trains, registers and (when approved) activates one KMeans model for the team. */
export async function runTrainKMeans(
  inputs: TrainKMeansInputs,
  context: TrainKMeansContext,
): Promise<TrainKMeansResult> {
  const { env, wh } = context;
  if (inputs.team !== env.team) {
    throw new Error(
      `input team "${inputs.team}" does not match the environment file's team "${env.team}"`,
    );
  }
  const { trainer, registry } = backendFor(inputs, context);
  const training = await trainModel(
    { wh, trainer, registry },
    {
      config: env.model,
      ...(inputs.k === undefined ? {} : { k: inputs.k }),
      approval: resolveApproval(
        env.model,
        inputs.approvalPolicy === undefined ? {} : { policy: inputs.approvalPolicy },
      ),
      commit: context.commit,
      runId: context.runId,
      ...(context.now === undefined ? {} : { now: context.now }),
      ...(context.log === undefined ? {} : { log: context.log }),
    },
  );
  const profiles = await readClusterProfiles(wh, training);
  return {
    outputs: {
      'model-version': String(training.version),
      'model-package-arn': registry.kind === 'sagemaker' ? training.ref : '',
      k: String(training.metrics.k),
      msd: String(training.metrics.msd),
      'approval-status': training.status,
    },
    summary: renderSummary({ team: env.team, backend: inputs.backend, training, profiles }),
    training,
    profiles,
  };
}

function backendFor(inputs: TrainKMeansInputs, context: TrainKMeansContext): TrainingBackend {
  if (inputs.backend === 'local') {
    if (context.modelsDir === undefined) {
      throw new Error('backend local needs the model folder (modelsDir)');
    }
    return localBackend(context.env, context.modelsDir);
  }
  if (context.aws === undefined) {
    throw new Error('backend aws needs the SageMaker and S3 clients and the stack outputs');
  }
  return awsBackend(context.env, context.wh, context.aws, {
    commit: context.commit,
    runId: context.runId,
    ...(inputs.instanceType === undefined ? {} : { instanceType: inputs.instanceType }),
    ...(context.now === undefined ? {} : { now: context.now }),
    ...(context.log === undefined ? {} : { log: context.log }),
  });
}
