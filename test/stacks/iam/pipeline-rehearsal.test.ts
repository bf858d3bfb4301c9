/**
 * The IAM rehearsal: the bootstrap stack and the stacks of teams `retail` and `retail-bank` (ids
 * that prefix each other) applied with Terraform to one moto server, moto's IAM enforcement on,
 * team retail's deploy role assumed through STS with the deploy workflow's web identity, and the
 * pipeline (migrate → load → train → publish, the real step functions over `openTeamBackend`) run
 * as that role. Then, with the same credentials, the calls the role must never make.
 *
 * Every call passes two checks:
 * - the condition-aware simulator (@cloud-copilot/iam-simulate) evaluates the IAM requests the
 *   call makes (authorization.ts: its action, resource ARN and context keys, plus what AWS checks
 *   on the caller's behalf, such as PassRole, AddTags, the secret and key behind a Data API
 *   statement) against the role's policies as Terraform applied them; a denial fails the call
 *   with AccessDenied before it is sent (permission-gate.ts);
 * - moto, with IAM enforcement on, checks the call's own action again where it can: it takes
 *   every Condition as met and ignores NotResource, so an action that a conditioned statement
 *   names is left to the simulator (`conditions` in the summary).
 *
 * What moto does not implement, and stands in for it (each stand-in answers only after the
 * simulator allowed the call):
 * - the Redshift Data API (moto 5.2.1 runs no SQL, its DescribeStatement never finishes and it has
 *   no BatchExecuteStatement): FakeDataApi executes the statements on PGlite; COPY lists and reads
 *   the uploaded objects in moto's S3 and UNLOAD writes there, each S3 call checked by the
 *   simulator as the team's Redshift role (moto sees a services user, so it judges none of them);
 * - SageMaker's training container (moto's jobs complete at once and write nothing):
 *   playKMeansAlgorithm reads the train channel and writes model.tar.gz, checked as the team's
 *   SageMaker role in the same way;
 * - QuickSight calls moto lacks (DescribeDataSet, UpdateDataSet, DescribeIngestion,
 *   UpdateDashboard, UpdateDashboardPublishedVersion, the Update*Permissions calls, and
 *   DescribeDashboard and CreateDataSet, which the fake completes): fillMotoGaps; DeleteDataSet,
 *   for which moto has no route, is decided by the simulator alone.
 * moto does implement S3, SageMaker's registry and training-job API, the rest of QuickSight's
 * calls here, STS, IAM, KMS, Secrets Manager, EC2 and Redshift. The deny list's IAM, KMS, Secrets
 * Manager, EC2 and Redshift calls go to moto through boto3 (test/support/moto_calls.py), since the
 * project's SDK has no clients for them. test/support/moto_server.py lists what its launcher
 * patches for enforcement.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { PGlite } from '@electric-sql/pglite';
import * as quicksightApi from '@aws-sdk/client-quicksight';
import * as dataApiCommands from '@aws-sdk/client-redshift-data';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import * as s3Api from '@aws-sdk/client-s3';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import * as sagemakerApi from '@aws-sdk/client-sagemaker';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import type { Environment } from '../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import {
  PIPELINE_STEPS,
  pipelinePermissions,
  type PipelineStep,
} from '../../../contracts/permissions/pipeline.js';
import {
  deployRoleName,
  githubEnvironmentName,
  WORKFLOW_FILES,
} from '../../../contracts/naming.js';
import type { AwsClientFactory } from '../../../actions/lib/pipeline/aws-clients.js';
import { openTeamBackend, type TeamBackend } from '../../../actions/lib/pipeline/backend.js';
import { loadConfiguredStep } from '../../../actions/lib/pipeline/steps.js';
import { toPostgres } from '../../../actions/lib/warehouse/redshift-compat.js';
import { runMigrateRedshift } from '../../../actions/migrate-redshift/run.js';
import { runPublishQuickSight } from '../../../actions/publish-quicksight/run.js';
import { runTrainKMeans } from '../../../actions/train-kmeans/run.js';
import { FakeDataApi } from '../../actions/lib/warehouse/fake-data-api.js';
import { INSTANT_WAITS, SQL, TEST_RUN } from '../../support/backend.js';
import { playKMeansAlgorithm } from '../../support/kmeans-algorithm.js';
import { botoCalls, type SessionCredentials } from '../../support/moto-calls.js';
import { acceptMotoTimestamps, fillMotoGaps, motoGapState } from '../../support/moto-quicksight.js';
import { findMotoPython } from '../../support/moto.js';
import { freshPgliteDatabase } from '../../support/pglite.js';
import { routeUnloads } from '../../support/redshift-unload.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { motoTeamEnvironment } from '../moto-team-stack.js';
import type { AccountFacts, ApiCall } from './authorization.js';
import { PermissionGate, type GateEntry } from './permission-gate.js';
import {
  applyRehearsalAccount,
  MOTO_ACCOUNT,
  REPOSITORY,
  type RehearsalAccount,
} from './rehearsal-account.js';
import type { Caller } from './simulator.js';
import type { PolicyDoc } from './synthesized-policies.js';
import { deployJobClaims, githubToken, trustAdmits } from './web-identity.js';

const REGION = 'eu-west-1';
/** moto has no Redshift Serverless: both teams have a provisioned warehouse (moto-team-stack.ts). */
const TEAMS: Environment[] = [motoTeamEnvironment('retail'), motoTeamEnvironment('retail-bank')];
const [RETAIL] = TEAMS as [Environment, Environment];
/** Orders in the generated sample the load step loads. */
const SAMPLE_ORDERS = 1500;
const SESSION_NAME = `deploy-retail-${TEST_RUN.runId}`;
const STEPS = PIPELINE_STEPS.filter(
  (s): s is Exclude<PipelineStep, 'teardown'> => s !== 'teardown',
);

/**
 * The QuickSight calls moto 5.2.1 lacks, answered by fillMotoGaps (moto-quicksight.ts), and
 * calls moto has no route for at all, which never reach its IAM check (no stand-in answers them).
 */
const QUICKSIGHT_UNROUTED = new Set(['DeleteDataSet']);
const QUICKSIGHT_GAPS = new Set([
  'CreateDataSet',
  'DescribeDataSet',
  'UpdateDataSet',
  'DescribeIngestion',
  'UpdateDashboard',
  'UpdateDashboardPublishedVersion',
  'DescribeDashboard',
  'UpdateDataSourcePermissions',
  'UpdateDataSetPermissions',
  'UpdateDashboardPermissions',
]);

type Command = new (input: never) => never;
/** The SDK command `<operation>Command` of a client package. */
const commandOf = (api: object, operation: string): Command => {
  const found = (api as Record<string, unknown>)[`${operation}Command`];
  if (typeof found !== 'function') throw new Error(`no ${operation}Command in the SDK package`);
  return found as Command;
};

const motoPython = ((): string | undefined => {
  try {
    return findMotoPython();
  } catch {
    return undefined;
  }
})();
const maybe = motoPython === undefined ? describe.skip : describe;
if (motoPython === undefined) {
  console.warn(
    "pipeline-rehearsal: skipped, no Python with moto (pip install 'moto[server]==5.2.1')",
  );
}

let account: RehearsalAccount;
let gate: PermissionGate;
/** The team's Redshift and SageMaker roles: what COPY, UNLOAD and the training job do as them. */
let serviceGates: { readonly redshift: PermissionGate; readonly sagemaker: PermissionGate };
/** Labels the calls that follow with `step`, for every gate. */
const setStep = (step: string) => {
  for (const g of [gate, serviceGates.redshift, serviceGates.sagemaker]) g.step = step;
};
let credentials: SessionCredentials;
let db: PGlite | undefined;
let clients: AwsClientFactory;
const destroy: Array<{ destroy(): void }> = [];

const stackOf = (team: string): StackOutputs => account.outputs.get(team)!;
const roleArn = (name: string) => `arn:aws:iam::${MOTO_ACCOUNT}:role/${name}`;

/** What IAM knows about the applied resources, from Terraform's state and the stack outputs. */
function accountFacts(a: RehearsalAccount): AccountFacts {
  const tagsByArn = new Map<string, Record<string, string>>();
  for (const r of a.resources) {
    const arn = r.values.arn;
    const tags = r.values.tags_all;
    if (typeof arn === 'string' && tags !== null && typeof tags === 'object') {
      tagsByArn.set(arn, tags as Record<string, string>);
    }
  }
  return {
    account: MOTO_ACCOUNT,
    region: REGION,
    bucketKey: (bucket) => {
      const config = a
        .all('aws_s3_bucket_server_side_encryption_configuration')
        .find((r) => r.values.bucket === bucket);
      const rule = (
        config?.values.rule as
          | Array<{ apply_server_side_encryption_by_default: Array<{ kms_master_key_id: string }> }>
          | undefined
      )?.[0];
      return rule?.apply_server_side_encryption_by_default[0]?.kms_master_key_id;
    },
    keyAliases: (keyArn) =>
      a
        .all('aws_kms_alias')
        .filter((r) => r.values.target_key_arn === keyArn)
        .map((r) => String(r.values.name)),
    // The stack gives Redshift's managed admin secret the team key (redshift-cluster-warehouse.ts).
    secretKey: (secretArn) =>
      [...a.outputs.values()].find((o) => o.warehouse.secretArn === secretArn)?.kmsKeyArn,
    resourceTags: (arn) => tagsByArn.get(arn) ?? {},
    roleBoundary: (arn) => {
      const role = a.all('aws_iam_role').find((r) => r.values.arn === arn);
      const boundary = role?.values.permissions_boundary;
      return typeof boundary === 'string' && boundary !== '' ? boundary : undefined;
    },
  };
}

/** The key policy of a key, or the bucket policy of a bucket or object, as applied. */
function resourcePolicyOf(a: RehearsalAccount): (resource: string) => PolicyDoc | undefined {
  return (resource) => {
    if (resource.startsWith('arn:aws:kms:')) {
      const key = a.all('aws_kms_key').find((r) => r.values.arn === resource);
      return key === undefined ? undefined : (JSON.parse(String(key.values.policy)) as PolicyDoc);
    }
    if (resource.startsWith('arn:aws:s3:::')) {
      const bucket = resource.slice('arn:aws:s3:::'.length).split('/')[0];
      const policy = a.all('aws_s3_bucket_policy').find((r) => r.values.bucket === bucket);
      return policy === undefined
        ? undefined
        : (JSON.parse(String(policy.values.policy)) as PolicyDoc);
    }
    return undefined;
  };
}

/** The deploy role's session as the simulator sees it. */
function deployCaller(a: RehearsalAccount, team: string): Caller {
  const name = deployRoleName(team);
  return { principal: roleArn(name), ...a.rolePolicies(name) };
}

/** STS AssumeRoleWithWebIdentity as configure-aws-credentials makes it, unsigned. */
async function assumeWithWebIdentity(role: string, token: string) {
  const [result] = await botoCalls(account.moto, null, [
    {
      service: 'sts',
      operation: 'AssumeRoleWithWebIdentity',
      params: {
        RoleArn: roleArn(role),
        RoleSessionName: SESSION_NAME,
        WebIdentityToken: token,
        DurationSeconds: 3600,
      },
    },
  ]);
  if (result === undefined || !result.ok) throw new Error(`AssumeRoleWithWebIdentity failed`);
  return result.response as {
    Credentials: SessionCredentials;
    AssumedRoleUser: { AssumedRoleId: string; Arn: string };
  };
}

const s3Url = (url: string) => {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (m === null) throw new Error(`not an s3:// URL: ${url}`);
  return { Bucket: m[1]!, Key: m[2]! };
};

/** SDK v3's shape of STS credentials. */
const sdkCredentials = (c: SessionCredentials) => ({
  accessKeyId: c.AccessKeyId,
  secretAccessKey: c.SecretAccessKey,
  ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
});

/** The clients the backend gets: each behind the gate, with the session's credentials. */
async function gatedClients(session: SessionCredentials): Promise<AwsClientFactory> {
  const creds = sdkCredentials(session);
  const admin = sdkCredentials(account.admin);
  const aws = { region: REGION, endpoint: account.moto.url, maxAttempts: 1 };
  // What the services do in the team's bucket, checked as the role each runs as.
  const asRole = (g: PermissionGate) =>
    g.guard(new S3Client({ ...aws, forcePathStyle: true, credentials: admin }), 's3');
  const asRedshift = asRole(serviceGates.redshift);
  const asSageMaker = asRole(serviceGates.sagemaker);
  destroy.push(asRedshift, asSageMaker);

  // Redshift: the Data API on PGlite; COPY reads and UNLOAD writes moto's S3.
  db = await freshPgliteDatabase();
  const behind = new RedshiftDataClient({ region: REGION });
  const routed = new RedshiftDataClient({ region: REGION });
  destroy.push(behind, routed);
  await FakeDataApi.install(mockClient(behind), db, {
    // COPY lists the key as a prefix, then reads what it found.
    copyFrom: async (url) => {
      const { Bucket, Key } = s3Url(url);
      await asRedshift.send(new ListObjectsV2Command({ Bucket, Prefix: Key }));
      const out = await asRedshift.send(new GetObjectCommand({ Bucket, Key }));
      return out.Body!.transformToByteArray();
    },
  });
  await db.exec(`create table public.sys_load_error_detail (
    file_name text, line_number int, column_name text, error_code int, error_message text)`);
  routeUnloads(mockClient(routed), behind, async (call) => {
    const result = await db!.query<Record<string, unknown>>(
      toPostgres({ sql: call.select, line: 1 }),
    );
    const csv = result.rows.map((r) => Object.values(r).join(',')).join('\n');
    const key = /kms_key_id\s+'([^']+)'/i.exec(call.sql)?.[1];
    await asRedshift.send(
      new PutObjectCommand({
        ...s3Url(`${call.to}000`),
        Body: `${csv}\n`,
        ...(key === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key }),
      }),
    );
  });
  const dataApi = gate.guard(
    new RedshiftDataClient({ region: REGION, endpoint: 'http://127.0.0.1:9', credentials: creds }),
    'redshift-data',
    (operation) => (input) =>
      routed.send(new (commandOf(dataApiCommands, operation))(input as never)) as Promise<unknown>,
  );

  const s3 = gate.guard(new S3Client({ ...aws, forcePathStyle: true, credentials: creds }), 's3');
  const sagemaker = gate.guard(new SageMakerClient({ ...aws, credentials: creds }), 'sagemaker');
  playKMeansAlgorithm(sagemaker, asSageMaker);

  const qsGaps = new quicksightApi.QuickSightClient({ ...aws, credentials: admin });
  acceptMotoTimestamps(qsGaps);
  fillMotoGaps(qsGaps, motoGapState());
  const quicksight = new quicksightApi.QuickSightClient({ ...aws, credentials: creds });
  acceptMotoTimestamps(quicksight);
  gate.guard(quicksight, 'quicksight', (operation) => {
    if (QUICKSIGHT_UNROUTED.has(operation)) {
      return () => Promise.reject(new Error(`moto has no ${operation}, the rehearsal no stand-in`));
    }
    if (!QUICKSIGHT_GAPS.has(operation)) return undefined;
    return (input) =>
      qsGaps.send(new (commandOf(quicksightApi, operation))(input as never)) as Promise<unknown>;
  });
  destroy.push(dataApi, s3, sagemaker, qsGaps, quicksight);
  return {
    redshiftData: () => dataApi,
    s3: () => s3,
    sagemaker: () => sagemaker,
    quicksight: () => quicksight,
  };
}

const openRetail = (): Promise<TeamBackend> =>
  openTeamBackend({
    env: RETAIL,
    backend: 'aws',
    stateRoot: REPO_ROOT,
    stackOutputs: stackOf('retail'),
    run: TEST_RUN,
    clients,
    waits: INSTANT_WAITS,
    now: () => new Date('2026-03-01T10:20:30.456Z'),
  });

const entriesOf = (step: string) => gate.log.filter((e) => e.step === step);
const describeEntry = (e: GateEntry) =>
  `${e.call.service}:${e.call.operation} [${e.requests.map((r) => `${r.action} ${r.resource} ${r.decision}`).join('; ')}] moto ${e.moto ?? 'not sent'}`;

/** Names and ARNs the deny list needs. */
interface DenyContext {
  readonly own: StackOutputs;
  readonly other: StackOutputs;
  readonly otherVpc: string;
  readonly stateKey: string;
  readonly boundary: (team: string) => string;
}

const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});
const TRUST_ACCOUNT = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${MOTO_ACCOUNT}:root` },
      Action: 'sts:AssumeRole',
    },
  ],
});
const call = (service: string, operation: string, input: Record<string, unknown>): ApiCall => ({
  service,
  operation,
  input,
});
const ISOLATED_JOB = (c: DenyContext, roleArn: string) => ({
  TrainingJobName: 'retail-kmeans-20260301-110000-000',
  AlgorithmSpecification: { TrainingImage: 'kmeans:1', TrainingInputMode: 'File' },
  RoleArn: roleArn,
  OutputDataConfig: {
    S3OutputPath: `s3://${c.own.dataBucket}/retail/models/`,
    KmsKeyId: c.own.kmsKeyArn,
  },
  ResourceConfig: {
    InstanceType: 'ml.c5.xlarge',
    InstanceCount: 1,
    VolumeSizeInGB: 10,
    VolumeKmsKeyId: c.own.kmsKeyArn,
  },
  VpcConfig: {
    Subnets: [...(c.own.trainingVpc?.subnetIds ?? [])],
    SecurityGroupIds: [...(c.own.trainingVpc?.securityGroupIds ?? [])],
  },
  EnableNetworkIsolation: true,
  StoppingCondition: { MaxRuntimeInSeconds: 3600 },
  Tags: [{ Key: 'team', Value: 'retail' }],
});
const qs = (team: string) => ({ AwsAccountId: MOTO_ACCOUNT, DashboardId: `rfm-${team}` });

/**
 * What team retail's deploy role must never do, made with the credentials the pipeline ran with:
 * through the SDK clients behind the gate where the project has one (`sdk`), else boto3.
 */
const DENY_LIST: ReadonlyArray<readonly [string, 'sdk' | 'boto', (c: DenyContext) => ApiCall]> = [
  // Its own role and boundary.
  [
    'own role: an inline policy',
    'boto',
    () =>
      call('iam', 'PutRolePolicy', {
        RoleName: deployRoleName('retail'),
        PolicyName: 'x',
        PolicyDocument: ALLOW_ALL,
      }),
  ],
  [
    'own role: AdministratorAccess',
    'boto',
    () =>
      call('iam', 'AttachRolePolicy', {
        RoleName: deployRoleName('retail'),
        PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
      }),
  ],
  [
    'own role: its trust policy',
    'boto',
    () =>
      call('iam', 'UpdateAssumeRolePolicy', {
        RoleName: deployRoleName('retail'),
        PolicyDocument: TRUST_ACCOUNT,
      }),
  ],
  [
    'own role: a boundary',
    'boto',
    (c) =>
      call('iam', 'PutRolePermissionsBoundary', {
        RoleName: deployRoleName('retail'),
        PermissionsBoundary: c.boundary('retail'),
      }),
  ],
  [
    'own boundary: a new default version',
    'boto',
    (c) =>
      call('iam', 'CreatePolicyVersion', {
        PolicyArn: c.boundary('retail'),
        PolicyDocument: ALLOW_ALL,
        SetAsDefault: true,
      }),
  ],
  [
    'own Redshift role: boundary removed',
    'boto',
    () => call('iam', 'DeleteRolePermissionsBoundary', { RoleName: 'workshop-retail-redshift' }),
  ],
  [
    "own SageMaker role: retail-bank's boundary",
    'boto',
    (c) =>
      call('iam', 'PutRolePermissionsBoundary', {
        RoleName: 'workshop-retail-sagemaker',
        PermissionsBoundary: c.boundary('retail-bank'),
      }),
  ],
  // New identities and credentials.
  ['a new user', 'boto', () => call('iam', 'CreateUser', { UserName: 'intruder' })],
  [
    "an access key for the services' user",
    'boto',
    () => call('iam', 'CreateAccessKey', { UserName: 'rehearsal-services' }),
  ],
  [
    'its SageMaker role, assumed',
    'boto',
    () =>
      call('sts', 'AssumeRole', {
        RoleArn: roleArn('workshop-retail-sagemaker'),
        RoleSessionName: 'chain',
      }),
  ],
  // Team retail-bank's resources.
  [
    "retail-bank's bucket: an upload",
    'sdk',
    (c) =>
      call('s3', 'PutObject', {
        Bucket: c.other.dataBucket,
        Key: 'retail-bank/loads/x.csv',
        Body: 'x',
      }),
  ],
  [
    "retail-bank's bucket: its files",
    'sdk',
    (c) =>
      call('s3', 'GetObject', { Bucket: c.other.dataBucket, Key: 'retail-bank/incoming/x.csv' }),
  ],
  [
    "retail-bank's bucket: its policy",
    'sdk',
    (c) => call('s3', 'PutBucketPolicy', { Bucket: c.other.dataBucket, Policy: ALLOW_ALL }),
  ],
  [
    "retail-bank's bucket: deleted",
    'sdk',
    (c) => call('s3', 'DeleteBucket', { Bucket: c.other.dataBucket }),
  ],
  [
    "own bucket: retail-bank's prefix",
    'sdk',
    (c) =>
      call('s3', 'PutObject', {
        Bucket: c.own.dataBucket,
        Key: 'retail-bank/loads/x.csv',
        Body: 'x',
      }),
  ],
  [
    "retail-bank's deploy role: an inline policy",
    'boto',
    () =>
      call('iam', 'PutRolePolicy', {
        RoleName: deployRoleName('retail-bank'),
        PolicyName: 'x',
        PolicyDocument: ALLOW_ALL,
      }),
  ],
  [
    "retail-bank's SageMaker role: its trust policy",
    'boto',
    () =>
      call('iam', 'UpdateAssumeRolePolicy', {
        RoleName: 'workshop-retail-bank-sagemaker',
        PolicyDocument: TRUST_ACCOUNT,
      }),
  ],
  [
    "retail-bank's SageMaker role: passed to a job",
    'sdk',
    (c) =>
      call(
        'sagemaker',
        'CreateTrainingJob',
        ISOLATED_JOB(c, roleArn('workshop-retail-bank-sagemaker')),
      ),
  ],
  [
    "retail-bank's key: decrypt",
    'boto',
    (c) => call('kms', 'Decrypt', { KeyId: c.other.kmsKeyArn, CiphertextBlob: 'x' }),
  ],
  [
    "retail-bank's key: scheduled for deletion",
    'boto',
    (c) => call('kms', 'ScheduleKeyDeletion', { KeyId: c.other.kmsKeyArn, PendingWindowInDays: 7 }),
  ],
  [
    "retail-bank's key: its key policy",
    'boto',
    (c) =>
      call('kms', 'PutKeyPolicy', {
        KeyId: c.other.kmsKeyArn,
        PolicyName: 'default',
        Policy: ALLOW_ALL,
      }),
  ],
  [
    'the state key: tagged for retail',
    'boto',
    (c) =>
      call('kms', 'TagResource', {
        KeyId: c.stateKey,
        Tags: [{ TagKey: 'team', TagValue: 'retail' }],
      }),
  ],
  [
    "retail-bank's secret: read",
    'boto',
    (c) => call('secretsmanager', 'GetSecretValue', { SecretId: c.other.warehouse.secretArn }),
  ],
  [
    "retail-bank's secret: deleted",
    'boto',
    (c) => call('secretsmanager', 'DeleteSecret', { SecretId: c.other.warehouse.secretArn }),
  ],
  ["retail-bank's VPC: deleted", 'boto', (c) => call('ec2', 'DeleteVpc', { VpcId: c.otherVpc })],
  [
    "retail-bank's security group: opened",
    'boto',
    (c) =>
      call('ec2', 'AuthorizeSecurityGroupIngress', {
        GroupId: c.other.trainingVpc?.securityGroupIds[0],
        IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      }),
  ],
  [
    "retail-bank's warehouse: SQL through the Data API",
    'sdk',
    (c) =>
      call('redshift-data', 'ExecuteStatement', {
        ClusterIdentifier: 'workshop-retail-bank',
        Database: 'rfm',
        SecretArn: c.other.warehouse.secretArn,
        Sql: 'select * from customer_features',
      }),
  ],
  [
    "retail-bank's warehouse: deleted",
    'boto',
    () =>
      call('redshift', 'DeleteCluster', {
        ClusterIdentifier: 'workshop-retail-bank',
        SkipFinalClusterSnapshot: true,
      }),
  ],
  [
    "retail-bank's warehouse: a new admin password",
    'boto',
    () =>
      call('redshift', 'ModifyCluster', {
        ClusterIdentifier: 'workshop-retail-bank',
        MasterUserPassword: 'Intruder-1234',
      }),
  ],
  [
    "retail-bank's model packages: a new version",
    'sdk',
    (c) =>
      call('sagemaker', 'CreateModelPackage', {
        ModelPackageGroupName: c.other.modelPackageGroup,
        ModelApprovalStatus: 'Approved',
        InferenceSpecification: {
          Containers: [
            {
              Image: 'kmeans:1',
              ModelDataUrl: `s3://${c.own.dataBucket}/retail/models/x/model.tar.gz`,
            },
          ],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
      }),
  ],
  [
    "retail-bank's model packages: one approved",
    'sdk',
    (c) =>
      call('sagemaker', 'UpdateModelPackage', {
        ModelPackageArn: `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:model-package/${c.other.modelPackageGroup}/1`,
        ModelApprovalStatus: 'Approved',
      }),
  ],
  [
    "retail-bank's model packages: one read",
    'sdk',
    (c) =>
      call('sagemaker', 'DescribeModelPackage', {
        ModelPackageName: `arn:aws:sagemaker:${REGION}:${MOTO_ACCOUNT}:model-package/${c.other.modelPackageGroup}/1`,
      }),
  ],
  [
    "retail-bank's dashboard: read",
    'sdk',
    () => call('quicksight', 'DescribeDashboard', qs('retail-bank')),
  ],
  [
    "retail-bank's dashboard: shared",
    'sdk',
    () =>
      call('quicksight', 'UpdateDashboardPermissions', {
        ...qs('retail-bank'),
        GrantPermissions: [
          {
            Principal: roleArn(deployRoleName('retail')),
            Actions: ['quicksight:DescribeDashboard'],
          },
        ],
      }),
  ],
  [
    "retail-bank's dashboard: deleted",
    'sdk',
    () => call('quicksight', 'DeleteDashboard', qs('retail-bank')),
  ],
  [
    "retail-bank's data set: deleted",
    'sdk',
    () =>
      call('quicksight', 'DeleteDataSet', {
        AwsAccountId: MOTO_ACCOUNT,
        DataSetId: 'rfm-retail-bank-customers',
      }),
  ],
  [
    "retail-bank's data source: read into a data set of retail",
    'sdk',
    () =>
      call('quicksight', 'CreateDataSet', {
        AwsAccountId: MOTO_ACCOUNT,
        DataSetId: 'rfm-retail-stolen',
        Name: 'stolen',
        ImportMode: 'DIRECT_QUERY',
        PhysicalTableMap: {
          t: {
            CustomSql: {
              DataSourceArn: `arn:aws:quicksight:${REGION}:${MOTO_ACCOUNT}:datasource/rfm-retail-bank-warehouse`,
              Name: 't',
              SqlQuery: 'select 1',
              Columns: [{ Name: 'x', Type: 'INTEGER' }],
            },
          },
        },
        Tags: [{ Key: 'team', Value: 'retail' }],
      }),
  ],
  [
    'a data source tagged for retail-bank',
    'sdk',
    () =>
      call('quicksight', 'CreateDataSource', {
        AwsAccountId: MOTO_ACCOUNT,
        DataSourceId: 'rfm-retail-warehouse-2',
        Name: 'x',
        Type: 'REDSHIFT',
        DataSourceParameters: {
          RedshiftParameters: { Database: 'rfm', ClusterId: 'workshop-retail-bank' },
        },
        Tags: [{ Key: 'team', Value: 'retail-bank' }],
      }),
  ],
];

const SDK_APIS: Record<string, object> = {
  s3: s3Api,
  sagemaker: sagemakerApi,
  quicksight: quicksightApi,
  'redshift-data': dataApiCommands,
};

/** Sends `c` through the gated SDK client of its service; resolves to the error, if any. */
async function sendThroughSdk(c: ApiCall): Promise<unknown> {
  const client = {
    s3: clients.s3,
    sagemaker: clients.sagemaker,
    quicksight: clients.quicksight,
    'redshift-data': clients.redshiftData,
  }[c.service]!(REGION) as { send(command: unknown): Promise<unknown> };
  return client.send(new (commandOf(SDK_APIS[c.service]!, c.operation))(c.input as never)).then(
    () => undefined,
    (error: unknown) => error ?? new Error('rejected'),
  );
}

maybe("IAM rehearsal: team retail's pipeline as its deploy role, on moto with IAM enforced", () => {
  beforeAll(async () => {
    account = await applyRehearsalAccount(TEAMS);
    const token = githubToken(
      deployJobClaims(REPOSITORY, githubEnvironmentName('retail'), WORKFLOW_FILES.deploy),
    );
    const assumed = await assumeWithWebIdentity(deployRoleName('retail'), token);
    credentials = assumed.Credentials;
    const facts = accountFacts(account);
    gate = new PermissionGate(
      deployCaller(account, 'retail'),
      facts,
      assumed.AssumedRoleUser.AssumedRoleId,
      resourcePolicyOf(account),
    );
    const serviceGate = (role: string) =>
      new PermissionGate(
        { principal: roleArn(role), ...account.rolePolicies(role) },
        facts,
        `AROASERVICE:${role}`,
        resourcePolicyOf(account),
        false,
      );
    serviceGates = {
      redshift: serviceGate('workshop-retail-redshift'),
      sagemaker: serviceGate('workshop-retail-sagemaker'),
    };
    clients = await gatedClients(credentials);
  }, 240_000);

  afterAll(async () => {
    for (const c of destroy) c.destroy();
    await db?.close();
    await account?.stop();
    if (gate !== undefined) {
      const pipeline = gate.log.filter((e) => (STEPS as readonly string[]).includes(e.step));
      const service = [...serviceGates.redshift.log, ...serviceGates.sagemaker.log];
      const denied = gate.log.filter((e) => e.step === 'deny');
      const requests = pipeline.flatMap((e) => e.requests);
      console.log(
        [
          `IAM rehearsal: ${pipeline.length} allowed calls (${requests.length} IAM requests, ` +
            `${new Set(requests.map((r) => r.action)).size} actions) and ${denied.length} denied calls checked`,
          `  pipeline, by moto: ${pipeline.filter((e) => e.moto === 'Allowed').length} allowed, ` +
            `${pipeline.filter((e) => e.moto === 'conditions').length} left to the simulator (conditions), ` +
            `${pipeline.filter((e) => e.moto === 'stand-in').length} answered by stand-ins`,
          `  service side: ${service.length} calls of COPY, UNLOAD and the training job, allowed as ` +
            `the team's Redshift and SageMaker roles (simulator only)`,
          `  deny list, by moto: ${denied.filter((e) => e.moto === 'Denied').length} denied, ` +
            `${denied.filter((e) => e.moto === 'conditions').length} left to the simulator (conditions), ` +
            `${denied.filter((e) => e.moto === 'stand-in').length} answered by stand-ins`,
        ].join('\n'),
      );
    }
  }, 60_000);

  test("the deploy workflow's token is trusted by retail's deploy role only", () => {
    const provider = String(account.all('aws_iam_openid_connect_provider')[0]?.values.arn);
    const trust = (team: string) =>
      JSON.parse(
        String(
          account.find('aws_iam_role', 'name', deployRoleName(team)).values.assume_role_policy,
        ),
      ) as PolicyDoc;
    const job = (workflow: string, environment = 'retail', ref?: string) =>
      deployJobClaims(REPOSITORY, githubEnvironmentName(environment), workflow, ref);
    expect(trustAdmits(trust('retail'), provider, job(WORKFLOW_FILES.deploy))).toBe(true);
    expect(trustAdmits(trust('retail-bank'), provider, job(WORKFLOW_FILES.deploy))).toBe(false);
    expect(trustAdmits(trust('retail'), provider, job(WORKFLOW_FILES.pr))).toBe(false);
    expect(
      trustAdmits(trust('retail'), provider, job(WORKFLOW_FILES.deploy, 'retail', 'refs/heads/x')),
    ).toBe(false);
    expect(gate.session.userid).toMatch(new RegExp(`^[A-Z0-9]+:${SESSION_NAME}$`));
  });

  test('migrate → load → train → publish run as the role, every call allowed', async () => {
    const backend = await openRetail();
    try {
      setStep('migrate');
      const migrated = await runMigrateRedshift(backend, { dirs: SQL, dryRun: false });
      expect(Number(migrated.outputs['applied-count'])).toBeGreaterThan(0);

      setStep('load');
      const loaded = await loadConfiguredStep(backend, SQL, SAMPLE_ORDERS, () => undefined);
      expect(loaded.map((r) => r.rowsLoaded).every((n) => n > 0)).toBe(true);

      setStep('train');
      const trained = await runTrainKMeans(backend, SQL);
      expect(trained.outputs['approval-status']).toBe('Approved');

      setStep('publish');
      const publish = (modelVersion: number, runId: string) =>
        runPublishQuickSight(backend, {
          modelVersion,
          refresh: 'auto',
          waitForIngestions: true,
          timeoutMs: 60_000,
          runId,
        });
      const version = Number(trained.outputs['model-version']);
      const published = await publish(version, TEST_RUN.runId);
      expect(published.outputs).toMatchObject({ 'dashboard-id': 'rfm-retail', changed: 'true' });
      // A later deploy that approved a new version: the datasets are refreshed and retagged.
      const republished = await publish(version + 1, '4243-1');
      expect(republished.report.changes.some((c) => c.resource === 'ingestion')).toBe(true);
    } finally {
      await backend.close();
    }
    const refused = [gate, serviceGates.redshift, serviceGates.sagemaker]
      .flatMap((g) => g.log)
      .filter((e) => !e.allowed || e.moto === 'Denied')
      .map(describeEntry);
    expect(refused).toEqual([]);
    for (const step of STEPS) expect(entriesOf(step).length).toBeGreaterThan(0);
  });

  test(`as the role, these ${DENY_LIST.length} calls are denied`, async () => {
    const other = stackOf('retail-bank');
    const context: DenyContext = {
      own: stackOf('retail'),
      other,
      otherVpc: String(
        account
          .all('aws_vpc')
          .find((v) => (v.values.tags_all as Record<string, string>).team === 'retail-bank')?.values
          .id,
      ),
      stateKey: String(
        account.find('aws_kms_alias', 'name', 'alias/workshop-terraform-state').values
          .target_key_arn,
      ),
      boundary: (team) => `arn:aws:iam::${MOTO_ACCOUNT}:policy/workshop-${team}-boundary`,
    };
    setStep('deny');
    const outcomes: Array<{ what: string; entry: GateEntry; failed: boolean }> = [];
    for (const [what, via, make] of DENY_LIST.filter(([, v]) => v === 'sdk')) {
      const before = gate.log.length;
      const error = await sendThroughSdk(make(context));
      outcomes.push({
        what: `${what} (${via})`,
        entry: gate.log[before]!,
        failed: error !== undefined,
      });
    }
    const viaBoto = DENY_LIST.filter(([, v]) => v === 'boto');
    const entries = await gate.viaBoto(
      viaBoto.map(([, , make]) => make(context)),
      async (batch) =>
        (
          await botoCalls(
            account.moto,
            credentials,
            batch.map(({ call: c, iamResource }) => ({
              service: c.service,
              operation: c.operation,
              params: c.input,
              iamResource,
            })),
          )
        ).map(
          (r) => !r.ok && (r.status === 403 || /AccessDenied|UnauthorizedOperation/.test(r.code)),
        ),
    );
    entries.forEach((entry, i) =>
      outcomes.push({ what: `${viaBoto[i]![0]} (boto)`, entry, failed: true }),
    );

    const table = outcomes.map(({ what, entry }) => [
      what,
      entry.allowed ? 'Allowed' : 'Denied',
      entry.moto ?? 'not sent',
    ]);
    console.log(`Denied calls (simulator, moto):\n${table.map((r) => r.join(' | ')).join('\n')}`);
    // Every call is denied by the simulator, fails, and moto denies each one it can judge.
    const wrong = outcomes
      .filter(({ entry, failed }) => entry.allowed || entry.moto === 'Allowed' || !failed)
      .map(({ what, entry }) => `${what}: ${describeEntry(entry)}`);
    expect(wrong).toEqual([]);
    expect(outcomes).toHaveLength(DENY_LIST.length);
  });

  test('each step needed only actions its declared list grants', () => {
    const declared = pipelinePermissions({
      team: 'retail',
      partition: 'aws',
      accountId: MOTO_ACCOUNT,
      region: REGION,
      warehouseType: 'provisioned',
    });
    const needed = Object.fromEntries(
      STEPS.map((step) => [
        step,
        [...new Set(entriesOf(step).flatMap((e) => e.requests.map((r) => r.action)))].sort(),
      ]),
    );
    const byService = (g: PermissionGate) =>
      Object.fromEntries(
        STEPS.map((step) => [
          step,
          [
            ...new Set(
              g.log.filter((e) => e.step === step).flatMap((e) => e.requests.map((r) => r.action)),
            ),
          ].sort(),
        ]).filter(([, actions]) => actions.length > 0),
      );
    console.log(
      `AWS actions each step needed:\n${JSON.stringify(
        {
          'deploy role': needed,
          'Redshift role (COPY, UNLOAD)': byService(serviceGates.redshift),
          'SageMaker role (training job)': byService(serviceGates.sagemaker),
        },
        null,
        1,
      )}`,
    );
    for (const step of STEPS) {
      const granted = new Set(declared[step].flatMap((s) => s.Action));
      expect({ step, undeclared: needed[step]!.filter((a) => !granted.has(a)) }).toEqual({
        step,
        undeclared: [],
      });
    }
  });

  test('the checks can fail: a grant taken away stops the pipeline, a grant added opens the deny list', async () => {
    const pipeline = gate.log.filter((e) => (STEPS as readonly string[]).includes(e.step));
    const withoutSecret = gate.withPolicies(
      gate.caller.identityPolicies.map(({ name, policy }) => ({
        name,
        policy: {
          ...policy,
          Statement: policy.Statement.filter(
            (st) => (st as { Sid?: string }).Sid !== 'ReadWarehouseSecret',
          ),
        },
      })),
    );
    const replayed: GateEntry[] = [];
    for (const e of pipeline) replayed.push(await withoutSecret.evaluate(e.call));
    const refused = replayed.filter((e) => !e.allowed);
    // Every statement the Data API runs needs the warehouse secret, and nothing else broke.
    expect(
      new Set(
        refused.flatMap((e) =>
          e.requests.filter((r) => r.decision !== 'Allowed').map((r) => r.action),
        ),
      ),
    ).toEqual(new Set(['secretsmanager:GetSecretValue']));
    expect(refused.map((e) => e.call.operation)).toEqual(
      pipeline
        .filter((e) => /^(Batch)?ExecuteStatement$/.test(e.call.operation))
        .map((e) => e.call.operation),
    );

    // An allow-everything policy opens retail-bank's bucket to the simulator and to moto alike.
    const upload = {
      service: 's3',
      operation: 'PutObject',
      params: {
        Bucket: stackOf('retail-bank').dataBucket,
        Key: 'retail-bank/loads/x.csv',
        Body: 'x',
      },
    };
    const widened = gate.withPolicies([
      ...gate.caller.identityPolicies,
      { name: 'widened', policy: JSON.parse(ALLOW_ALL) as PolicyDoc },
    ]);
    expect(
      (await widened.evaluate({ service: 's3', operation: 'PutObject', input: upload.params }))
        .allowed,
    ).toBe(true);
    // In moto: the same upload, as the role, with the policy put on it and after it was removed.
    const onRole = { RoleName: deployRoleName('retail'), PolicyName: 'widened' };
    const admin = { credentials: account.admin };
    const [put, opened, removed, closed] = await botoCalls(account.moto, credentials, [
      {
        service: 'iam',
        operation: 'PutRolePolicy',
        params: { ...onRole, PolicyDocument: ALLOW_ALL },
        ...admin,
      },
      upload,
      { service: 'iam', operation: 'DeleteRolePolicy', params: onRole, ...admin },
      upload,
    ]);
    expect([put, opened, removed]).toMatchObject([{ ok: true }, { ok: true }, { ok: true }]);
    expect(closed).toMatchObject({ ok: false, status: 403 });
  });
});
