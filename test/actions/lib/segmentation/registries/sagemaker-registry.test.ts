import { beforeEach, describe, expect, test } from '@jest/globals';
import {
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DescribeModelPackageCommand,
  DescribeModelPackageGroupCommand,
  ListModelPackagesCommand,
  SageMakerClient,
  SageMakerServiceException,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { createHash } from 'node:crypto';
import { metricsJson, metricsReport } from '../../../../../actions/lib/segmentation/metrics.js';
import type { TrainedModel } from '../../../../../actions/lib/segmentation/trainers/trainer.js';
import {
  SageMakerModelRegistry,
  versionOf,
} from '../../../../../actions/lib/segmentation/registries/sagemaker-registry.js';
import { kmeansArtifact } from '../../../../support/model-artifact.js';

const sm = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const GROUP = 'retail-bank-kmeans';
const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/k1';
const JOB = 'retail-bank-kmeans-20260501-100000-000';
const JOB_ARN = `arn:aws:sagemaker:eu-west-1:123456789012:training-job/${JOB}`;
const MODEL_URL = `s3://bucket/teams/retail-bank/models/${JOB}/output/model.tar.gz`;
const PACKAGE_ARN = `arn:aws:sagemaker:eu-west-1:123456789012:model-package/${GROUP}/3`;

const registry = () =>
  new SageMakerModelRegistry({
    sagemaker: new SageMakerClient({ region: 'eu-west-1' }),
    s3: new S3Client({ region: 'eu-west-1' }),
    stack: {
      modelPackageGroup: GROUP,
      dataBucket: 'bucket',
      dataPrefix: 'teams/retail-bank/',
      kmsKeyArn: KEY,
    },
    team: 'retail-bank',
  });

const serviceError = (name: string, message: string) =>
  new SageMakerServiceException({ name, message, $fault: 'client', $metadata: {} });

/** An S3 GetObject answer whose body is `payload`. */
const objectBody = (payload: Uint8Array): GetObjectCommandOutput => ({
  Body: {
    transformToByteArray: async () => payload,
  } as unknown as GetObjectCommandOutput['Body'],
  $metadata: {},
});

/** Version 3 of the group is the newest approved one; `metricsUrl`: its metrics JSON. */
function givenApprovedVersion3(metricsUrl?: string): void {
  sm.on(ListModelPackagesCommand).resolves({
    ModelPackageSummaryList: [
      {
        ModelPackageArn: PACKAGE_ARN,
        ModelPackageGroupName: GROUP,
        CreationTime: new Date(),
        ModelPackageStatus: 'Completed',
      },
    ],
  });
  sm.on(DescribeModelPackageCommand).resolves({
    ModelPackageVersion: 3,
    InferenceSpecification: { Containers: [{ Image: 'img', ModelDataUrl: MODEL_URL }] },
    ...(metricsUrl === undefined
      ? {}
      : {
          ModelMetrics: {
            ModelQuality: { Statistics: { ContentType: 'application/json', S3Uri: metricsUrl } },
          },
        }),
  });
}

const CENTROIDS = [
  [0.5, 1, 2],
  [3, 4, 4.5],
];
const model: TrainedModel = {
  source: 'sagemaker',
  centroids: CENTROIDS,
  job: {
    name: JOB,
    arn: JOB_ARN,
    image: '438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1',
    modelDataUrl: MODEL_URL,
  },
  reported: {},
};
const metrics = metricsReport({
  source: 'sagemaker',
  centroids: CENTROIDS,
  featureNames: ['recency_n', 'frequency_n', 'monetary_n'],
  evaluation: { n: 100, ssd: 25, msd: 0.25, sizes: [60, 40] },
  dataFingerprint: `sha256:${'c'.repeat(64)}`,
  commit: 'abc123',
  runId: '77-1',
  createdAt: new Date('2026-05-01T10:00:00Z'),
});

beforeEach(() => {
  sm.reset();
  s3.reset();
});

describe('prepare', () => {
  test('leaves an existing group alone', async () => {
    sm.on(DescribeModelPackageGroupCommand).resolves({ ModelPackageGroupName: GROUP });
    await registry().prepare();
    expect(sm.commandCalls(CreateModelPackageGroupCommand)).toHaveLength(0);
  });

  test('creates the group, tagged with the team, when it does not exist', async () => {
    sm.on(DescribeModelPackageGroupCommand).rejects(
      serviceError('ValidationException', `ModelPackageGroup arn:…/${GROUP} does not exist.`),
    );
    sm.on(CreateModelPackageGroupCommand).resolves({});
    await registry().prepare();
    expect(sm.commandCalls(CreateModelPackageGroupCommand)[0]?.args[0].input).toEqual({
      ModelPackageGroupName: GROUP,
      ModelPackageGroupDescription: 'KMeans customer segments of team retail-bank',
      Tags: [{ Key: 'team', Value: 'retail-bank' }],
    });
  });

  test('any other error names the group', async () => {
    sm.on(DescribeModelPackageGroupCommand).rejects(
      serviceError('AccessDeniedException', 'not authorized to perform DescribeModelPackageGroup'),
    );
    await expect(registry().prepare()).rejects.toThrow(
      `cannot read model package group ${GROUP}: not authorized to perform DescribeModelPackageGroup`,
    );
  });
});

describe('register', () => {
  test('writes the metrics JSON, then a versioned package that points at it', async () => {
    s3.on(PutObjectCommand).resolves({});
    sm.on(CreateModelPackageCommand).resolves({ ModelPackageArn: PACKAGE_ARN });
    const registered = await registry().register({
      model,
      metrics,
      approval: {
        status: 'PendingManualApproval',
        reason: 'auto: worse than allowed: msd 2, margin 5%',
      },
    });
    const metricsUri = `s3://bucket/teams/retail-bank/models/${JOB}/metrics.json`;
    expect(registered).toEqual({
      version: 3,
      ref: PACKAGE_ARN,
      status: 'PendingManualApproval',
      metricsUri,
    });

    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'bucket',
      Key: `teams/retail-bank/models/${JOB}/metrics.json`,
      ContentType: 'application/json',
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: KEY,
    });
    expect(put?.Body).toBe(metricsJson(metrics));

    const input = sm.commandCalls(CreateModelPackageCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      ModelPackageGroupName: GROUP,
      InferenceSpecification: {
        Containers: [{ Image: model.job?.image, ModelDataUrl: MODEL_URL }],
        SupportedContentTypes: ['text/csv'],
        SupportedResponseMIMETypes: ['text/csv', 'application/json'],
      },
      ModelApprovalStatus: 'PendingManualApproval',
      ModelMetrics: {
        ModelQuality: {
          Statistics: {
            ContentType: 'application/json',
            S3Uri: metricsUri,
            ContentDigest: `sha256:${createHash('sha256').update(metricsJson(metrics)).digest('hex')}`,
          },
        },
      },
      MetadataProperties: { CommitId: 'abc123', GeneratedBy: JOB_ARN, ProjectId: 'retail-bank' },
      CustomerMetadataProperties: {
        team: 'retail-bank',
        commit: 'abc123',
        run_id: '77-1',
        training_job: JOB,
        k: '2',
        msd: '0.25',
        data_fingerprint: `sha256:${'c'.repeat(64)}`,
      },
    });
    expect(input?.ModelPackageName).toBeUndefined();
    expect(input?.ModelPackageDescription).toContain('Approval: auto: worse than allowed');
    expect(input?.ClientToken).toMatch(/^[0-9a-f]{32}$/);
  });

  test('metadata values lose the characters SageMaker refuses', async () => {
    s3.on(PutObjectCommand).resolves({});
    sm.on(CreateModelPackageCommand).resolves({ ModelPackageArn: PACKAGE_ARN });
    await registry().register({
      model,
      metrics: { ...metrics, commit: 'local, dirty (x)' },
      approval: { status: 'Approved', reason: 'auto: first approved version' },
    });
    const input = sm.commandCalls(CreateModelPackageCommand)[0]?.args[0].input;
    expect(input?.CustomerMetadataProperties?.commit).toBe('local_ dirty _x_');
  });

  test('takes SageMaker-trained models only, and names the group when creation fails', async () => {
    await expect(
      registry().register({
        model: { source: 'local', centroids: CENTROIDS, reported: {} },
        metrics,
        approval: { status: 'Approved', reason: '' },
      }),
    ).rejects.toThrow('the SageMaker model registry takes models trained by a SageMaker job only');

    s3.on(PutObjectCommand).resolves({});
    sm.on(CreateModelPackageCommand).rejects(serviceError('ValidationException', 'bad image'));
    await expect(
      registry().register({ model, metrics, approval: { status: 'Approved', reason: '' } }),
    ).rejects.toThrow(`CreateModelPackage in group ${GROUP} failed: bad image`);
  });
});

describe('latestApproved', () => {
  test('undefined when nothing is approved', async () => {
    sm.on(ListModelPackagesCommand).resolves({ ModelPackageSummaryList: [] });
    expect(await registry().latestApproved()).toBeUndefined();
    expect(sm.commandCalls(ListModelPackagesCommand)[0]?.args[0].input).toEqual({
      ModelPackageGroupName: GROUP,
      ModelApprovalStatus: 'Approved',
      SortBy: 'CreationTime',
      SortOrder: 'Descending',
      MaxResults: 1,
    });
  });

  test('the newest approved version with the centroids of its model.tar.gz', async () => {
    givenApprovedVersion3();
    s3.on(GetObjectCommand).resolves(objectBody(await kmeansArtifact(CENTROIDS)));
    expect(await registry().latestApproved()).toEqual({
      version: 3,
      ref: PACKAGE_ARN,
      centroids: CENTROIDS,
    });
    expect(s3.commandCalls(GetObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'bucket',
      Key: `teams/retail-bank/models/${JOB}/output/model.tar.gz`,
    });
  });

  test("with its scaling, read from the version's metrics JSON", async () => {
    const METRICS_URL = `s3://bucket/teams/retail-bank/models/${JOB}/metrics.json`;
    const scaling = {
      scaling: 'log-standard' as const,
      features: [
        {
          feature: 'recency' as const,
          transform: 'none' as const,
          method: 'standard' as const,
          mean: 250,
          sd: 150,
        },
        {
          feature: 'frequency' as const,
          transform: 'log1p' as const,
          method: 'standard' as const,
          mean: 0.7,
          sd: 0.1,
        },
        {
          feature: 'monetary' as const,
          transform: 'log1p' as const,
          method: 'standard' as const,
          mean: 4.6,
          sd: 0.8,
        },
      ],
    };
    givenApprovedVersion3(METRICS_URL);
    s3.on(GetObjectCommand, {
      Key: `teams/retail-bank/models/${JOB}/output/model.tar.gz`,
    }).resolves(objectBody(await kmeansArtifact(CENTROIDS)));
    s3.on(GetObjectCommand, { Key: `teams/retail-bank/models/${JOB}/metrics.json` }).resolves(
      objectBody(Buffer.from(metricsJson({ ...metrics, scaling }))),
    );
    expect(await registry().latestApproved()).toEqual({
      version: 3,
      ref: PACKAGE_ARN,
      centroids: CENTROIDS,
      scaling,
    });

    // Parameters that cannot be applied are refused, naming the file and the field.
    const broken = { ...scaling, features: [{ ...scaling.features[0], sd: -1 }] };
    s3.on(GetObjectCommand, { Key: `teams/retail-bank/models/${JOB}/metrics.json` }).resolves(
      objectBody(Buffer.from(JSON.stringify({ ...metrics, scaling: broken }))),
    );
    await expect(registry().latestApproved()).rejects.toThrow(
      `${METRICS_URL}: field scaling.features.0.sd: `,
    );
  });
});

test('versionOf reads the version at the end of the ARN', () => {
  expect(versionOf(PACKAGE_ARN)).toBe(3);
  expect(() => versionOf('arn:aws:sagemaker:eu-west-1:1:model-package/unversioned')).toThrow(
    'is not the ARN of a versioned model package',
  );
});
