/** The SageMaker training job of the built-in KMeans: its request, and a bounded wait for it. */
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  StopTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type SageMakerClient,
  type TrainingInstanceType,
} from '@aws-sdk/client-sagemaker';
import {
  MODEL_DEFAULTS,
  type ModelConfig,
  type SageMakerTrainingConfig,
} from '../../../../contracts/environment/schema.js';
import {
  waitFor,
  WaitAbortedError,
  WaitTimeoutError,
  type Backoff,
  type Clock,
} from '../../wait.js';
import { kmeansImageUri } from '../../../../contracts/kmeans-image.js';
import type { TrainingVpc } from '../../../../contracts/stack-outputs.js';
import type { UnloadedChannels } from './unload.js';

/** CSV without labels, the only CSV flavour KMeans trains on (File mode only). */
export const CSV_CONTENT_TYPE = 'text/csv;label_size=0';
/** The CSV of one run is a few MB; the minimum EBS volume is plenty. */
const VOLUME_SIZE_GB = 10;
/** SageMaker job names: 1–63 letters, digits and single dashes. */
const JOB_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Everything one training job needs. */
export interface TrainingJobSpec {
  readonly jobName: string;
  readonly region: string;
  /** The SageMaker execution role of the team stack. */
  readonly roleArn: string;
  readonly kmsKeyArn: string;
  readonly channels: UnloadedChannels;
  /** `s3://bucket/prefix/`; SageMaker writes `<jobName>/output/model.tar.gz` below it. */
  readonly outputPath: string;
  readonly k: number;
  readonly featureDim: number;
  /** Rows in the train channel; the mini-batch is never larger. */
  readonly trainRows: number;
  readonly settings: SageMakerTrainingConfig;
  readonly tags: { readonly team: string; readonly commit: string; readonly runId: string };
  /** The team's private subnets and security group; absent for a stack without them. */
  readonly vpc?: TrainingVpc;
}

/** A job that completed, with where its model is and the metrics SageMaker reported. */
export interface CompletedTrainingJob {
  readonly name: string;
  readonly arn: string;
  readonly modelDataUrl: string;
  readonly reported: Record<string, number>;
  readonly billableSeconds?: number;
}

/** DescribeTrainingJob every 30 s, then 60 s, with jitter: a job takes minutes, not seconds. */
export const TRAINING_POLL_BACKOFF: Backoff = { initialMs: 30_000, factor: 2, maxMs: 60_000 };

/** Timing of the wait; the clock and jitter are injectable so tests never sleep. */
export interface TrainingWaitOptions {
  readonly timeoutMs: number;
  readonly backoff?: Backoff;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly signal?: AbortSignal;
  readonly log?: (line: string) => void;
}

/** The environment's `model.sagemaker` with defaults filled in and the instance type overridable. */
export function resolveSageMakerSettings(
  model: Pick<ModelConfig, 'sagemaker'>,
  override: { instanceType?: string } = {},
): SageMakerTrainingConfig {
  return {
    ...MODEL_DEFAULTS.sagemaker,
    ...model.sagemaker,
    ...(override.instanceType === undefined ? {} : { instanceType: override.instanceType }),
  };
}

/** `<team>-kmeans-YYYYMMDD-HHMMSS-mmm` (UTC), at most 44 characters for a 21-character team. */
export function trainingJobName(team: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace('T', '-')
    .replace('.', '-')
    .replace('Z', '');
  const name = `${team}-kmeans-${stamp}`;
  if (!JOB_NAME.test(name)) throw new Error(`"${name}" is not a valid SageMaker job name`);
  return name;
}

/** The CreateTrainingJob request; pure, so it can be checked field by field. */
export function trainingJobRequest(spec: TrainingJobSpec): CreateTrainingJobCommandInput {
  const { settings } = spec;
  const channel = (name: 'train' | 'test', uri: string) => ({
    ChannelName: name,
    DataSource: {
      S3DataSource: {
        S3DataType: 'S3Prefix' as const,
        S3Uri: uri,
        // Recommended in the KMeans docs: shard train across instances, replicate test.
        S3DataDistributionType:
          name === 'train' ? ('ShardedByS3Key' as const) : ('FullyReplicated' as const),
      },
    },
    ContentType: CSV_CONTENT_TYPE,
    CompressionType: 'None' as const,
  });
  return {
    TrainingJobName: spec.jobName,
    AlgorithmSpecification: {
      TrainingImage: kmeansImageUri(spec.region),
      TrainingInputMode: 'File',
    },
    RoleArn: spec.roleArn,
    HyperParameters: {
      k: String(spec.k),
      feature_dim: String(spec.featureDim),
      init_method: 'kmeans++',
      mini_batch_size: String(Math.max(1, Math.min(settings.miniBatchSize, spec.trainRows))),
      epochs: String(settings.epochs),
      extra_center_factor: String(settings.extraCenterFactor),
      eval_metrics: '["msd","ssd"]',
      // The SageMaker Python SDK always sends this for KMeans.
      force_dense: 'True',
    },
    InputDataConfig: [
      channel('train', spec.channels.train),
      ...(spec.channels.test === undefined ? [] : [channel('test', spec.channels.test)]),
    ],
    OutputDataConfig: { S3OutputPath: spec.outputPath, KmsKeyId: spec.kmsKeyArn },
    ResourceConfig: {
      // The environment schema checks the shape; SageMaker checks the type exists.
      InstanceType: settings.instanceType as TrainingInstanceType,
      InstanceCount: settings.instanceCount,
      VolumeSizeInGB: VOLUME_SIZE_GB,
      VolumeKmsKeyId: spec.kmsKeyArn,
    },
    // The built-in KMeans needs no network: SageMaker itself reads the channels and writes the model.
    EnableNetworkIsolation: true,
    // In the team's VPC, SageMaker reaches S3 through the VPC's S3 endpoint, not the internet.
    ...(spec.vpc === undefined
      ? {}
      : {
          VpcConfig: {
            Subnets: [...spec.vpc.subnetIds],
            SecurityGroupIds: [...spec.vpc.securityGroupIds],
          },
        }),
    StoppingCondition: { MaxRuntimeInSeconds: settings.maxRuntimeMinutes * 60 },
    EnableInterContainerTrafficEncryption: settings.instanceCount > 1,
    Tags: [
      { Key: 'team', Value: spec.tags.team },
      { Key: 'commit', Value: spec.tags.commit },
      { Key: 'run-id', Value: spec.tags.runId },
    ],
  };
}

/** Starts the job; returns its ARN. */
export async function startTrainingJob(
  sm: SageMakerClient,
  request: CreateTrainingJobCommandInput,
): Promise<string> {
  try {
    const out = await sm.send(new CreateTrainingJobCommand(request));
    if (out.TrainingJobArn === undefined) throw new Error('no TrainingJobArn in the response');
    return out.TrainingJobArn;
  } catch (err) {
    throw new Error(
      `CreateTrainingJob ${request.TrainingJobName ?? ''} failed: ${(err as Error).message}`,
    );
  }
}

/**
 * Polls DescribeTrainingJob until the job completes, within `timeoutMs`. A Failed job throws with
 * its FailureReason, a Stopped one with its secondary status.
 */
export async function waitForTrainingJob(
  sm: SageMakerClient,
  jobName: string,
  options: TrainingWaitOptions,
): Promise<CompletedTrainingJob> {
  const log = options.log ?? ((): void => undefined);
  let lastStatus = '';
  const probe = async (): Promise<CompletedTrainingJob | undefined> => {
    const job = await sm.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));
    const status = `${job.TrainingJobStatus ?? '?'}/${job.SecondaryStatus ?? '?'}`;
    if (status !== lastStatus) log(`training job ${jobName}: ${status}`);
    lastStatus = status;
    switch (job.TrainingJobStatus) {
      case 'Completed': {
        const url = job.ModelArtifacts?.S3ModelArtifacts;
        if (url === undefined) {
          throw new Error(
            `training job ${jobName} completed without ModelArtifacts.S3ModelArtifacts`,
          );
        }
        return {
          name: jobName,
          arn: job.TrainingJobArn ?? jobName,
          modelDataUrl: url,
          reported: Object.fromEntries(
            (job.FinalMetricDataList ?? [])
              .filter((m) => m.MetricName !== undefined && Number.isFinite(m.Value))
              .map((m) => [m.MetricName as string, m.Value as number]),
          ),
          ...(job.BillableTimeInSeconds === undefined
            ? {}
            : { billableSeconds: job.BillableTimeInSeconds }),
        };
      }
      case 'Failed':
        throw new Error(
          `training job ${jobName} failed: ${job.FailureReason ?? 'SageMaker gave no FailureReason'}; ` +
            `its log is in CloudWatch, group /aws/sagemaker/TrainingJobs, stream ${jobName}/algo-1-…`,
        );
      case 'Stopped':
        throw new Error(
          `training job ${jobName} was stopped (${job.SecondaryStatus ?? 'no reason given'})` +
            (job.SecondaryStatus === 'MaxRuntimeExceeded'
              ? '; raise model.sagemaker.maxRuntimeMinutes in the environment file'
              : ''),
        );
      default:
        return undefined;
    }
  };
  try {
    return await waitFor(probe, {
      what: `training job ${jobName}`,
      timeoutMs: options.timeoutMs,
      backoff: options.backoff ?? TRAINING_POLL_BACKOFF,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      ...(options.random === undefined ? {} : { random: options.random }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (error) {
    if (error instanceof WaitAbortedError) {
      // A cancelled workflow should not leave an instance billing until the stopping condition.
      const stopped = await sm.send(new StopTrainingJobCommand({ TrainingJobName: jobName })).then(
        () => 'the job was asked to stop',
        (e: unknown) => `stopping the job failed too (${(e as Error).message}); stop it by hand`,
      );
      throw new Error(`${error.message}; ${stopped}`);
    }
    if (!(error instanceof WaitTimeoutError)) throw error;
    throw new Error(
      `${error.message}; the job keeps running until its stopping condition: follow it in the SageMaker console, or stop it with aws sagemaker stop-training-job --training-job-name ${jobName}`,
    );
  }
}
