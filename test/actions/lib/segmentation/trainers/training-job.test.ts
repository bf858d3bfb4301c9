import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
  StopTrainingJobCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import {
  CSV_CONTENT_TYPE,
  resolveSageMakerSettings,
  startTrainingJob,
  trainingJobName,
  trainingJobRequest,
  waitForTrainingJob,
  type TrainingJobSpec,
} from '../../../../../actions/lib/segmentation/trainers/training-job.js';
import type { Clock } from '../../../../../actions/lib/wait.js';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/k1';
const ROLE = 'arn:aws:iam::123456789012:role/team-sagemaker';

const spec = (over: Partial<TrainingJobSpec> = {}): TrainingJobSpec => ({
  jobName: 'retail-bank-kmeans-20260501-100000-000',
  region: 'eu-west-1',
  roleArn: ROLE,
  kmsKeyArn: KEY,
  channels: { train: 's3://b/p/training/j/train/' },
  outputPath: 's3://b/p/models/',
  k: 5,
  featureDim: 3,
  trainRows: 90_000,
  settings: resolveSageMakerSettings({}),
  tags: { team: 'retail-bank', commit: 'abc123', runId: '77-1' },
  ...over,
});

/** Sleeps return at once and only move the clock. */
function instantClock(): { clock: Clock; sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    clock: {
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    },
  };
}

describe('trainingJobRequest', () => {
  test('the built-in KMeans image, the hyperparameters, CSV channels, KMS output, tags', () => {
    expect(trainingJobRequest(spec())).toEqual({
      TrainingJobName: 'retail-bank-kmeans-20260501-100000-000',
      AlgorithmSpecification: {
        TrainingImage: '438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1',
        TrainingInputMode: 'File',
      },
      RoleArn: ROLE,
      HyperParameters: {
        k: '5',
        feature_dim: '3',
        init_method: 'kmeans++',
        mini_batch_size: '5000',
        epochs: '1',
        extra_center_factor: 'auto',
        eval_metrics: '["msd","ssd"]',
        force_dense: 'True',
      },
      InputDataConfig: [
        {
          ChannelName: 'train',
          DataSource: {
            S3DataSource: {
              S3DataType: 'S3Prefix',
              S3Uri: 's3://b/p/training/j/train/',
              S3DataDistributionType: 'ShardedByS3Key',
            },
          },
          ContentType: 'text/csv;label_size=0',
          CompressionType: 'None',
        },
      ],
      OutputDataConfig: { S3OutputPath: 's3://b/p/models/', KmsKeyId: KEY },
      ResourceConfig: {
        InstanceType: 'ml.c5.xlarge',
        InstanceCount: 1,
        VolumeSizeInGB: 10,
        VolumeKmsKeyId: KEY,
      },
      EnableNetworkIsolation: true,
      StoppingCondition: { MaxRuntimeInSeconds: 3600 },
      EnableInterContainerTrafficEncryption: false,
      Tags: [
        { Key: 'team', Value: 'retail-bank' },
        { Key: 'commit', Value: 'abc123' },
        { Key: 'run-id', Value: '77-1' },
      ],
    });
  });

  test("in the team's VPC when the stack gives its subnets and security group", () => {
    const vpc = { subnetIds: ['subnet-0aaa', 'subnet-0bbb'], securityGroupIds: ['sg-0abc'] };
    expect(trainingJobRequest(spec({ vpc })).VpcConfig).toEqual({
      Subnets: ['subnet-0aaa', 'subnet-0bbb'],
      SecurityGroupIds: ['sg-0abc'],
    });
    expect(trainingJobRequest(spec())).not.toHaveProperty('VpcConfig');
  });

  test('a test channel, the environment settings, a mini-batch no larger than the data', () => {
    const request = trainingJobRequest(
      spec({
        channels: { train: 's3://b/t/train/', test: 's3://b/t/test/' },
        trainRows: 1200,
        settings: resolveSageMakerSettings(
          {
            sagemaker: {
              instanceType: 'ml.m5.large',
              instanceCount: 2,
              epochs: 4,
              miniBatchSize: 5000,
              extraCenterFactor: 8,
              maxRuntimeMinutes: 20,
              testPercent: 10,
            },
          },
          { instanceType: 'ml.c5.2xlarge' },
        ),
      }),
    );
    expect(request.HyperParameters).toMatchObject({
      mini_batch_size: '1200',
      epochs: '4',
      extra_center_factor: '8',
    });
    expect(request.InputDataConfig?.map((c) => [c.ChannelName, c.ContentType])).toEqual([
      ['train', CSV_CONTENT_TYPE],
      ['test', CSV_CONTENT_TYPE],
    ]);
    expect(request.InputDataConfig?.[1]?.DataSource?.S3DataSource?.S3DataDistributionType).toBe(
      'FullyReplicated',
    );
    expect(request.ResourceConfig).toMatchObject({
      InstanceType: 'ml.c5.2xlarge',
      InstanceCount: 2,
    });
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 1200 });
    expect(request.EnableInterContainerTrafficEncryption).toBe(true);
  });

  test('an unknown region fails before anything is created', () => {
    expect(() => trainingJobRequest(spec({ region: 'xx-nowhere-1' }))).toThrow(
      'no SageMaker KMeans image is known for region "xx-nowhere-1"',
    );
  });
});

describe('trainingJobName', () => {
  test('team, algorithm and UTC time to the millisecond', () => {
    expect(trainingJobName('retail-bank', new Date('2026-05-01T10:02:03.045Z'))).toBe(
      'retail-bank-kmeans-20260501-100203-045',
    );
    expect(trainingJobName('a'.repeat(21), new Date(0)).length).toBeLessThanOrEqual(63);
  });
});

describe('startTrainingJob and waitForTrainingJob', () => {
  const sm = mockClient(SageMakerClient);
  const client = new SageMakerClient({ region: 'eu-west-1' });
  const name = 'retail-bank-kmeans-20260501-100000-000';
  beforeEach(() => {
    sm.reset();
  });

  test('polls with backoff until Completed and returns the artifact and reported metrics', async () => {
    sm.on(DescribeTrainingJobCommand)
      .resolvesOnce({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting' })
      .resolvesOnce({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' })
      .resolvesOnce({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Uploading' })
      .resolves({
        TrainingJobStatus: 'Completed',
        SecondaryStatus: 'Completed',
        TrainingJobArn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}`,
        ModelArtifacts: { S3ModelArtifacts: `s3://b/p/models/${name}/output/model.tar.gz` },
        FinalMetricDataList: [{ MetricName: 'test:msd', Value: 0.25 }],
        BillableTimeInSeconds: 71,
      });
    const time = instantClock();
    const lines: string[] = [];
    const job = await waitForTrainingJob(client, name, {
      timeoutMs: 90 * 60_000,
      clock: time.clock,
      random: () => 1 - Number.EPSILON,
      log: (l) => lines.push(l),
    });
    expect(job).toEqual({
      name,
      arn: `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}`,
      modelDataUrl: `s3://b/p/models/${name}/output/model.tar.gz`,
      reported: { 'test:msd': 0.25 },
      billableSeconds: 71,
    });
    expect(time.sleeps.map((ms) => Math.round(ms / 1000))).toEqual([30, 60, 60]);
    expect(lines).toEqual([
      `training job ${name}: InProgress/Starting`,
      `training job ${name}: InProgress/Training`,
      `training job ${name}: InProgress/Uploading`,
      `training job ${name}: Completed/Completed`,
    ]);
  });

  test('a failed job surfaces its FailureReason', async () => {
    sm.on(DescribeTrainingJobCommand).resolves({
      TrainingJobStatus: 'Failed',
      SecondaryStatus: 'Failed',
      FailureReason: 'ClientError: Unable to read data channel train: no files found',
    });
    await expect(
      waitForTrainingJob(client, name, { timeoutMs: 60_000, clock: instantClock().clock }),
    ).rejects.toThrow(
      `training job ${name} failed: ClientError: Unable to read data channel train: no files found; its log is in CloudWatch, group /aws/sagemaker/TrainingJobs, stream ${name}/algo-1-…`,
    );
  });

  test('a job stopped at its stopping condition says which setting to raise', async () => {
    sm.on(DescribeTrainingJobCommand).resolves({
      TrainingJobStatus: 'Stopped',
      SecondaryStatus: 'MaxRuntimeExceeded',
    });
    await expect(
      waitForTrainingJob(client, name, { timeoutMs: 60_000, clock: instantClock().clock }),
    ).rejects.toThrow(
      `training job ${name} was stopped (MaxRuntimeExceeded); raise model.sagemaker.maxRuntimeMinutes in the environment file`,
    );
  });

  test('the wait is bounded', async () => {
    sm.on(DescribeTrainingJobCommand).resolves({ TrainingJobStatus: 'InProgress' });
    const time = instantClock();
    await expect(
      waitForTrainingJob(client, name, { timeoutMs: 5 * 60_000, clock: time.clock }),
    ).rejects.toThrow(
      new RegExp(
        `^training job ${name} did not finish within 300 s \\(\\d+ attempts\\); the job keeps running until its stopping condition`,
      ),
    );
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(5 * 60_000);
  });

  test('a cancelled wait stops the job', async () => {
    sm.on(DescribeTrainingJobCommand).resolves({ TrainingJobStatus: 'InProgress' });
    sm.on(StopTrainingJobCommand).resolves({});
    const abort = new AbortController();
    const time = instantClock();
    const clock: Clock = {
      now: time.clock.now,
      sleep: async (ms, signal) => {
        abort.abort();
        await time.clock.sleep(ms, signal);
        if (signal?.aborted === true) throw new Error('aborted');
      },
    };
    await expect(
      waitForTrainingJob(client, name, { timeoutMs: 60 * 60_000, clock, signal: abort.signal }),
    ).rejects.toThrow(`training job ${name} was interrupted; the job was asked to stop`);
    expect(sm.commandCalls(StopTrainingJobCommand)[0]?.args[0].input).toEqual({
      TrainingJobName: name,
    });
  });

  test('CreateTrainingJob errors name the job', async () => {
    sm.on(CreateTrainingJobCommand).rejects(new Error('ResourceLimitExceeded: ml.c5.xlarge'));
    await expect(startTrainingJob(client, trainingJobRequest(spec()))).rejects.toThrow(
      `CreateTrainingJob ${name} failed: ResourceLimitExceeded: ml.c5.xlarge`,
    );
  });
});
