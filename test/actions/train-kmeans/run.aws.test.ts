/**
 * The AWS path end to end, against a moto server this test starts (SageMaker and S3) and the Data
 * API mock (Redshift), with the warehouse tables in PGlite.
 *
 * What moto does not do, and what stands in for it here:
 * - Training jobs complete the moment they are created and write nothing. `playKMeansAlgorithm`
 *   plays the algorithm: after CreateTrainingJob it reads the train channel's CSV from moto's S3,
 *   clusters it with the TypeScript trainer and puts a model.tar.gz (MXNet NDArray, float32)
 *   where the job's output points. FinalMetricDataList holds only a canned `train:progress`.
 * - It runs no container, so the image, the role, the KMS key and the instance type are accepted
 *   without being checked, and nothing is billed or logged.
 * - Its redshift-data runs no SQL (DescribeStatement stays STARTED, BatchExecuteStatement is not
 *   implemented), so Redshift is the FakeDataApi mock executing SQL on PGlite. PGlite has no
 *   UNLOAD either: `routeUnloads` records the UNLOAD statement that went through the Data API
 *   client and carries it out (the SELECT on PGlite, the CSV into moto's S3).
 * - Approval in the console, EventBridge events and the model registry's UI are out of reach.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { PGlite } from '@electric-sql/pglite';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import {
  CreateBucketCommand,
  GetObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  DescribeModelPackageCommand,
  DescribeTrainingJobCommand,
  ListModelPackagesCommand,
  ListTagsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { join } from 'node:path';
import { loadEnvironmentFile } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import { openTeamBackend } from '../../../actions/lib/pipeline/backend.js';
import { migrateStep } from '../../../actions/lib/pipeline/steps.js';
import { toPostgres } from '../../../actions/lib/warehouse/redshift-compat.js';
import { runTrainKMeans } from '../../../actions/train-kmeans/run.js';
import { FakeDataApi } from '../lib/warehouse/fake-data-api.js';
import { groupedFeatures, seedFeatures } from '../../support/features.js';
import { playKMeansAlgorithm, type PlayedJob } from '../../support/kmeans-algorithm.js';
import { startMoto, type MotoServer } from '../../support/moto.js';
import { routeUnloads, type UnloadCall } from '../../support/redshift-unload.js';
import { givenClients, INSTANT_WAITS, SQL } from '../../support/backend.js';
import { freshPgliteDatabase } from '../../support/pglite.js';
import { REPO_ROOT } from '../../support/warehouse.js';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const STACK: StackOutputs = {
  region: REGION,
  dataBucket: 'retail-bank-data',
  dataPrefix: 'teams/retail-bank/',
  kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-1111-2222-3333-444455556666`,
  redshiftRoleArn: `arn:aws:iam::${ACCOUNT}:role/retail-bank-redshift`,
  sagemakerRoleArn: `arn:aws:iam::${ACCOUNT}:role/retail-bank-sagemaker`,
  modelPackageGroup: 'retail-bank-kmeans',
  quicksightGroup: 'retail-bank-analysts',
  trainingVpc: { subnetIds: ['subnet-0aaa1111', 'subnet-0bbb2222'], securityGroupIds: ['sg-0abc'] },
  warehouse: {
    type: 'serverless',
    workgroup: 'retail-bank',
    namespace: 'retail-bank',
    database: 'rfm',
    secretArn: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rfm-admin-AbCdEf`,
  },
};
const GROUPS: [number, number, number][] = [
  [0.5, 0.5, 0.5],
  [4, 1, 1],
  [2, 4, 3.5],
];
const PER_GROUP = 50;

let moto: MotoServer;
let db: PGlite;
let dataApi: RedshiftDataClient;
let sagemaker: SageMakerClient;
let s3: S3Client;
let env: Environment;
let unloads: UnloadCall[];
let played: PlayedJob[];
const clients: { destroy(): void }[] = [];

beforeAll(async () => {
  moto = await startMoto();
  const aws = {
    region: REGION,
    endpoint: moto.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  };
  sagemaker = new SageMakerClient(aws);
  s3 = new S3Client({ ...aws, forcePathStyle: true });
  await s3.send(
    new CreateBucketCommand({
      Bucket: STACK.dataBucket,
      CreateBucketConfiguration: { LocationConstraint: REGION },
    }),
  );
  played = playKMeansAlgorithm(sagemaker, s3);

  db = await freshPgliteDatabase();
  dataApi = new RedshiftDataClient({ region: REGION });
  const behindApi = new RedshiftDataClient({ region: REGION });
  clients.push(sagemaker, s3, dataApi, behindApi);
  await FakeDataApi.install(mockClient(behindApi), db);
  unloads = routeUnloads(mockClient(dataApi), behindApi, async (call) => {
    const result = await db.query<Record<string, number>>(
      toPostgres({ sql: call.select, line: 1 }),
    );
    const csv = result.rows.map((r) => Object.values(r).join(',')).join('\n');
    const target = /^s3:\/\/([^/]+)\/(.*)$/.exec(call.to);
    await s3.send(
      new PutObjectCommand({ Bucket: target?.[1], Key: `${target?.[2]}000`, Body: `${csv}\n` }),
    );
  });
  env = await loadEnvironmentFile(join(REPO_ROOT, 'environments', 'retail-bank.yaml'));
  const backend = await open('2026-05-01T09:00:00.000Z');
  await migrateStep(backend, SQL);
  await seedFeatures(backend.wh, groupedFeatures(GROUPS, PER_GROUP));
  await backend.close();
}, 120_000);

afterAll(async () => {
  await moto?.stop();
  await db?.close();
  for (const c of clients) c.destroy();
});

/** The team's aws backend over moto and the Data API mock, as the action opens it. */
const open = (at: string, instanceType?: string) =>
  openTeamBackend({
    env,
    backend: 'aws',
    stateRoot: REPO_ROOT,
    stackOutputs: STACK,
    run: { commit: '0123456789abcdef0123456789abcdef01234567', runId: '4242-1' },
    clients: givenClients({
      redshiftData: () => dataApi,
      s3: () => s3,
      sagemaker: () => sagemaker,
    }),
    waits: INSTANT_WAITS,
    now: () => new Date(at),
    ...(instanceType === undefined ? {} : { instanceType }),
  });

async function train(at: string, options: { k: number | 'auto'; instanceType?: string }) {
  const backend = await open(at, options.instanceType);
  try {
    // Features only, seeded: no purchases to fit lifetime values on.
    return await runTrainKMeans(backend, SQL, { k: options.k, lifetimeValue: false });
  } finally {
    await backend.close();
  }
}

const modelRows = () =>
  db.query<{
    model_version: number;
    source: string;
    model_ref: string;
    status: string;
    is_active: boolean;
  }>(
    'select model_version, source, model_ref, status, is_active from public.segment_models order by model_version',
  );

describe('train-kmeans on the AWS backend (moto + Data API mock)', () => {
  test('k auto: UNLOAD, training job, model package with metrics, centroids active in the warehouse', async () => {
    const result = await train('2026-05-01T10:00:00.000Z', { k: 'auto' });
    const job = 'retail-bank-kmeans-20260501-100000-000';
    const packageArn = `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/retail-bank-kmeans/1`;

    // The features left Redshift through one UNLOAD, as header-less CSV, encrypted.
    expect(unloads).toHaveLength(1);
    expect(unloads[0]?.to).toBe(
      `s3://retail-bank-data/teams/retail-bank/training/${job}/train/part_`,
    );
    expect(unloads[0]?.sql).toContain(`iam_role '${STACK.redshiftRoleArn}'`);
    expect(unloads[0]?.sql).toContain(`kms_key_id '${STACK.kmsKeyArn}' encrypted`);
    // Unloaded in the clustered space: log1p of purchases and money, then standardised with
    // the parameters registered with the version.
    const scaling = result.training.scaling;
    expect(scaling.scaling).toBe('log-standard');
    expect(unloads[0]?.select).toContain('(ln(1.0 + cast(frequency as double precision)) - cast(');
    for (const f of scaling.features)
      if (f.method === 'standard') expect(unloads[0]?.select).toContain(`'${f.mean}'`);
    expect(played[0]?.rows).toBe(GROUPS.length * PER_GROUP);

    // The job as SageMaker recorded it.
    const described = await sagemaker.send(
      new DescribeTrainingJobCommand({ TrainingJobName: job }),
    );
    expect(described.AlgorithmSpecification?.TrainingImage).toBe(
      '438346466558.dkr.ecr.eu-west-1.amazonaws.com/kmeans:1',
    );
    expect(described.HyperParameters).toEqual({
      k: '3',
      feature_dim: '3',
      init_method: 'kmeans++',
      mini_batch_size: '150',
      epochs: '1',
      extra_center_factor: 'auto',
      eval_metrics: '["msd","ssd"]',
      force_dense: 'True',
    });
    expect(described.InputDataConfig?.[0]).toMatchObject({
      ChannelName: 'train',
      ContentType: 'text/csv;label_size=0',
      DataSource: {
        S3DataSource: { S3Uri: `s3://retail-bank-data/teams/retail-bank/training/${job}/train/` },
      },
    });
    expect(described.OutputDataConfig).toEqual({
      S3OutputPath: 's3://retail-bank-data/teams/retail-bank/models/',
      KmsKeyId: STACK.kmsKeyArn,
    });
    expect(described.RoleArn).toBe(STACK.sagemakerRoleArn);
    expect(described.ResourceConfig).toMatchObject({
      InstanceType: 'ml.c5.xlarge',
      InstanceCount: 1,
    });
    expect(described.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(described.EnableNetworkIsolation).toBe(true);
    expect(described.VpcConfig).toEqual({
      Subnets: ['subnet-0aaa1111', 'subnet-0bbb2222'],
      SecurityGroupIds: ['sg-0abc'],
    });
    const tags = await sagemaker.send(
      new ListTagsCommand({ ResourceArn: described.TrainingJobArn }),
    );
    expect(tags.Tags).toEqual([
      { Key: 'team', Value: 'retail-bank' },
      { Key: 'commit', Value: '0123456789abcdef0123456789abcdef01234567' },
      { Key: 'run-id', Value: '4242-1' },
    ]);

    // The version in the model registry, pointing at its metrics JSON.
    expect(result.outputs).toEqual({
      'model-version': '1',
      'model-package-arn': packageArn,
      k: '3',
      msd: String(result.training.metrics.msd),
      'approval-status': 'Approved',
    });
    const pkg = await sagemaker.send(
      new DescribeModelPackageCommand({ ModelPackageName: packageArn }),
    );
    expect(pkg.ModelApprovalStatus).toBe('Approved');
    expect(pkg.InferenceSpecification?.Containers?.[0]?.ModelDataUrl).toBe(played[0]?.artifactUrl);
    const metricsUri = `s3://retail-bank-data/teams/retail-bank/models/${job}/metrics.json`;
    expect(pkg.ModelMetrics?.ModelQuality?.Statistics?.S3Uri).toBe(metricsUri);
    expect(pkg.CustomerMetadataProperties).toMatchObject({
      training_job: job,
      k: '3',
      run_id: '4242-1',
      scaling: 'log-standard',
      features: 'recency frequency monetary',
      training_key: result.training.metrics.training_key,
    });
    const stored = await s3.send(
      new GetObjectCommand({
        Bucket: STACK.dataBucket,
        Key: `teams/retail-bank/models/${job}/metrics.json`,
      }),
    );
    const metrics = JSON.parse((await stored.Body?.transformToString()) ?? '') as Record<
      string,
      unknown
    >;
    expect(metrics).toEqual(result.training.metrics);
    expect(metrics).toMatchObject({ source: 'sagemaker', k: 3, n: 150, sizes: [50, 50, 50] });
    expect(metrics.reported).toEqual({ 'train:progress': 100 });
    expect(metrics.scaling).toEqual(scaling);
    expect((metrics.clusters as { name: string }[]).map((c) => c.name)).toEqual(
      result.training.clusters.map((c) => c.name),
    );

    // The centroids, read back from model.tar.gz as float32, are the active version.
    expect((await modelRows()).rows).toEqual([
      {
        model_version: 1,
        source: 'sagemaker',
        model_ref: packageArn,
        status: 'active',
        is_active: true,
      },
    ]);
    const centroids = await db.query<{ cluster_id: number; feature: string; value: number }>(
      `select cluster_id, feature, value from public.segment_centroid_values
       where model_version = 1 order by cluster_id, feature`,
    );
    const byFeature = ['frequency', 'monetary', 'recency'].map((f) =>
      scaling.features.findIndex((s) => s.feature === f),
    );
    expect(centroids.rows.map((c) => c.value)).toEqual(
      played[0]?.centroids.flatMap((row) => byFeature.map((j) => Math.fround(row[j]!))),
    );
    const scored = await db.query<{ n: number }>(
      'select count(*)::int as n from public.scored_customers where model_version = 1 group by cluster order by cluster',
    );
    expect(scored.rows.map((r) => r.n)).toEqual([50, 50, 50]);

    // The job summary: metrics and one profile per cluster, with raw averages once active.
    expect(result.summary).toContain('## KMeans v1 for retail-bank (aws)');
    expect(result.summary).toContain('**Approved** and now the active version');
    expect(result.summary).toContain(`| training job | \`${job}\` |`);
    expect(result.profiles).toHaveLength(3);
    expect(result.profiles.every((p) => p.customers === 50 && p.avgRecencyDays !== undefined)).toBe(
      true,
    );
  });

  test('the same data and parameters reuse v1: no UNLOAD, no job, no new package', async () => {
    const jobs = played.length;
    const result = await train('2026-05-01T10:30:00.000Z', { k: 'auto' });
    expect(result.training).toMatchObject({ version: 1, reused: true, activated: true });
    expect(result.outputs['model-package-arn']).toBe(
      `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model-package/retail-bank-kmeans/1`,
    );
    expect(played).toHaveLength(jobs);
    expect(unloads).toHaveLength(1);
    expect(result.training.metricsUri).toBe(
      's3://retail-bank-data/teams/retail-bank/models/retail-bank-kmeans-20260501-100000-000/metrics.json',
    );
  });

  test('a worse model is registered PendingManualApproval and recorded, not activated', async () => {
    const result = await train('2026-05-01T11:00:00.000Z', { k: 2, instanceType: 'ml.m5.large' });
    expect(result.outputs['approval-status']).toBe('PendingManualApproval');
    expect(result.outputs['model-version']).toBe('2');
    expect(result.training.baseline?.version).toBe(1);
    expect(played[1]?.input.ResourceConfig?.InstanceType).toBe('ml.m5.large');

    const pending = await sagemaker.send(
      new ListModelPackagesCommand({
        ModelPackageGroupName: 'retail-bank-kmeans',
        ModelApprovalStatus: 'PendingManualApproval',
      }),
    );
    expect(pending.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion)).toEqual([2]);
    expect((await modelRows()).rows.map((r) => [r.model_version, r.status, r.is_active])).toEqual([
      [1, 'active', true],
      [2, 'pending', false],
    ]);
    expect(result.summary).toContain('**PendingManualApproval**: recorded, not activated');
  });
});
