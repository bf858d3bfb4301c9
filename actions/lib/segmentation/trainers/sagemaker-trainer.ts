/**
 * The AWS backend's {@link Trainer}: UNLOAD the features to the team bucket, run SageMaker's
 * built-in KMeans on them, wait (bounded), and read the centroids out of its model.tar.gz.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { SageMakerTrainingConfig } from '../../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../../contracts/stack-outputs.js';
import type { Warehouse } from '../../warehouse/warehouse.js';
import { kmeansImageUri } from '../../../../contracts/kmeans-image.js';
import { readModelArtifact } from '../artifacts/model-artifact.js';
import type { Trainer, TrainedModel } from './trainer.js';
import { getObjectBytes, s3Url } from '../artifacts/s3-objects.js';
import {
  startTrainingJob,
  trainingJobName,
  trainingJobRequest,
  waitForTrainingJob,
  type TrainingWaitOptions,
} from './training-job.js';
import { unloadFeatures } from './unload.js';

/** Time allowed on top of the job's own stopping condition: provisioning, download, upload. */
const WAIT_OVERHEAD_MINUTES = 30;

/** What the SageMaker trainer needs; clients are created by the caller. */
export interface SageMakerTrainerOptions {
  readonly wh: Warehouse;
  readonly sagemaker: SageMakerClient;
  readonly s3: S3Client;
  readonly stack: Pick<
    StackOutputs,
    | 'region'
    | 'dataBucket'
    | 'dataPrefix'
    | 'kmsKeyArn'
    | 'redshiftRoleArn'
    | 'sagemakerRoleArn'
    | 'trainingVpc'
  >;
  readonly settings: SageMakerTrainingConfig;
  readonly team: string;
  readonly commit: string;
  readonly runId: string;
  readonly now?: () => Date;
  /** Clock, jitter and abort signal of the wait (tests pass a fake clock). */
  readonly wait?: Pick<TrainingWaitOptions, 'clock' | 'random' | 'signal'>;
  readonly log?: (line: string) => void;
}

/** S3 layout of a run under the team's data prefix. */
export function runLocations(
  stack: SageMakerTrainerOptions['stack'],
  jobName: string,
): { input: string; output: string } {
  const prefix = stack.dataPrefix.endsWith('/') ? stack.dataPrefix : `${stack.dataPrefix}/`;
  return {
    input: s3Url(stack.dataBucket, `${prefix}training/${jobName}/`),
    output: s3Url(stack.dataBucket, `${prefix}models/`),
  };
}

/** A trainer that runs one SageMaker job per `train` call. */
export function sageMakerTrainer(options: SageMakerTrainerOptions): Trainer {
  const log = options.log ?? ((): void => undefined);
  const now = options.now ?? (() => new Date());
  const { stack, settings } = options;
  return {
    source: 'sagemaker',
    settings: { ...settings },
    async train({ features, k, scaling }): Promise<TrainedModel> {
      const image = kmeansImageUri(stack.region);
      const jobName = trainingJobName(options.team, now());
      const where = runLocations(stack, jobName);
      const n = Math.floor(features.points.length / features.dim);

      log(`unloading features to ${where.input}`);
      const channels = await unloadFeatures(options.wh, {
        s3Prefix: where.input,
        iamRoleArn: stack.redshiftRoleArn,
        kmsKeyArn: stack.kmsKeyArn,
        testPercent: settings.testPercent,
        parallel: settings.instanceCount > 1,
        scaling,
      });

      const request = trainingJobRequest({
        jobName,
        region: stack.region,
        roleArn: stack.sagemakerRoleArn,
        kmsKeyArn: stack.kmsKeyArn,
        channels,
        outputPath: where.output,
        k,
        featureDim: features.dim,
        trainRows: Math.ceil((n * (100 - settings.testPercent)) / 100),
        settings,
        tags: { team: options.team, commit: options.commit, runId: options.runId },
        ...(stack.trainingVpc === undefined ? {} : { vpc: stack.trainingVpc }),
      });
      log(
        `starting training job ${jobName} (k = ${k}, ${settings.instanceCount} × ${settings.instanceType})`,
      );
      await startTrainingJob(options.sagemaker, request);
      const job = await waitForTrainingJob(options.sagemaker, jobName, {
        timeoutMs: (settings.maxRuntimeMinutes + WAIT_OVERHEAD_MINUTES) * 60_000,
        log,
        ...options.wait,
      });

      const artifact = await readModelArtifact(
        await getObjectBytes(options.s3, job.modelDataUrl),
        job.modelDataUrl,
      );
      if (artifact.k !== k || artifact.dim !== features.dim) {
        throw new Error(
          `${job.modelDataUrl}: holds ${artifact.k} × ${artifact.dim} centroids, expected ${k} × ${features.dim} (k × feature_dim of job ${jobName})`,
        );
      }
      return {
        source: 'sagemaker',
        centroids: artifact.centroids,
        job: {
          name: jobName,
          arn: job.arn,
          image,
          modelDataUrl: job.modelDataUrl,
          ...(job.billableSeconds === undefined ? {} : { billableSeconds: job.billableSeconds }),
        },
        reported: job.reported,
      };
    },
  };
}
