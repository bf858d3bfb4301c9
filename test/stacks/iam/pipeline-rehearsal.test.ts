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
 * - the Redshift Data API (moto runs no SQL): FakeDataApi executes the statements on PGlite, COPY
 *   reads the uploaded object from moto's S3 and UNLOAD writes to it, as Redshift would with the
 *   team's Redshift role (done here with a services identity, not checked);
 * - SageMaker's training container: playKMeansAlgorithm reads the train channel and writes
 *   model.tar.gz (as the services identity);
 * - QuickSight calls moto lacks (DescribeDataSet, UpdateDataSet, DescribeIngestion,
 *   UpdateDashboard, UpdateDashboardPublishedVersion, the Update*Permissions calls, and
 *   DescribeDashboard and CreateDataSet, which the fake completes): fillMotoGaps.
 * IAM, KMS, Secrets Manager, EC2 and Redshift calls of the deny list go to moto through boto3
 * (test/support/moto_calls.py), since the project's SDK has no clients for them.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { PGlite } from '@electric-sql/pglite';
import * as quicksightApi from '@aws-sdk/client-quicksight';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import {
  DeleteBucketCommand,
  GetObjectCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  CreateModelPackageCommand,
  CreateTrainingJobCommand,
  DescribeModelPackageCommand,
  SageMakerClient,
  UpdateModelPackageCommand,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import type { Environment } from '../../../contracts/environment/schema.js';
import type { StackOutputs } from '../../../contracts/stack-outputs.js';
import {
  PIPELINE_STEPS,
  pipelinePermissions,
  type PipelineStep,
} from '../../../contracts/permissions/pipeline.js';
import { deployRoleName, githubEnvironmentName, WORKFLOW_FILES } from '../../../contracts/naming.js';
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
import { botoCalls, type BotoCall, type SessionCredentials } from '../../support/moto-calls.js';
import { acceptMotoTimestamps, fillMotoGaps, motoGapState } from '../../support/moto-quicksight.js';
import { findMotoPython } from '../../support/moto.js';
import { freshPgliteDatabase } from '../../support/pglite.js';
import { routeUnloads } from '../../support/redshift-unload.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { motoTeamEnvironment } from '../moto-team-stack.js';
import type { AccountFacts, ApiCall } from './authorization.js';
import { AccessDenied, PermissionGate, type GateEntry } from './permission-gate.js';
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
const [RETAIL, RETAIL_BANK] = TEAMS as [Environment, Environment];
/** Orders in the generated sample the load step loads. */
const SAMPLE_ORDERS = 1500;
const SESSION_NAME = `deploy-retail-${TEST_RUN.runId}`;
const STEPS = PIPELINE_STEPS.filter((s): s is Exclude<PipelineStep, 'teardown'> => s !== 'teardown');

/** The QuickSight calls moto 5.2.1 lacks, answered by fillMotoGaps (moto-quicksight.ts). */
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

const DATA_API_COMMANDS = {
  ExecuteStatement: ExecuteStatementCommand,
  BatchExecuteStatement: BatchExecuteStatementCommand,
  DescribeStatement: DescribeStatementCommand,
  GetStatementResult: GetStatementResultCommand,
  CancelStatement: CancelStatementCommand,
} as const;

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
      const config = a.all('aws_s3_bucket_server_side_encryption_configuration').find(
        (r) => r.values.bucket === bucket,
      );
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
  const services = new S3Client({ ...aws, forcePathStyle: true, credentials: admin });
  destroy.push(services);

  // Redshift: the Data API on PGlite; COPY reads and UNLOAD writes moto's S3.
  db = await freshPgliteDatabase();
  const behind = new RedshiftDataClient({ region: REGION });
  const routed = new RedshiftDataClient({ region: REGION });
  destroy.push(behind, routed);
  await FakeDataApi.install(mockClient(behind), db, {
    copyFrom: async (url) => {
      const out = await services.send(new GetObjectCommand(s3Url(url)));
      return out.Body!.transformToByteArray();
    },
  });
  await db.exec(`create table public.sys_load_error_detail (
    file_name text, line_number int, column_name text, error_code int, error_message text)`);
  routeUnloads(mockClient(routed), behind, async (call) => {
    const result = await db!.query<Record<string, unknown>>(toPostgres({ sql: call.select, line: 1 }));
    const csv = result.rows.map((r) => Object.values(r).join(',')).join('\n');
    const target = s3Url(`${call.to}000`);
    await services.send(new PutObjectCommand({ ...target, Body: `${csv}\n` }));
  });
  const dataApi = gate.guard(
    new RedshiftDataClient({ region: REGION, endpoint: 'http://127.0.0.1:9', credentials: creds }),
    'redshift-data',
    (operation, input) => {
      const Command = DATA_API_COMMANDS[operation as keyof typeof DATA_API_COMMANDS];
      return routed.send(new Command(input as never) as never) as Promise<unknown>;
    },
  );

  const s3 = gate.guard(new S3Client({ ...aws, forcePathStyle: true, credentials: creds }), 's3');
  const sagemaker = gate.guard(new SageMakerClient({ ...aws, credentials: creds }), 'sagemaker');
  playKMeansAlgorithm(sagemaker, services);

  const qsGaps = new quicksightApi.QuickSightClient({ ...aws, credentials: admin });
  acceptMotoTimestamps(qsGaps);
  fillMotoGaps(qsGaps, motoGapState());
  const quicksight = new quicksightApi.QuickSightClient({ ...aws, credentials: creds });
  acceptMotoTimestamps(quicksight);
  gate.guard(quicksight, 'quicksight', (operation, input) => {
    if (!QUICKSIGHT_GAPS.has(operation)) return undefined;
    const Command = (quicksightApi as unknown as Record<string, new (i: unknown) => never>)[
      `${operation}Command`
    ]!;
    return qsGaps.send(new Command(input)) as Promise<unknown>;
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

maybe("IAM rehearsal: team retail's pipeline as its deploy role, on moto with IAM enforced", () => {
  beforeAll(async () => {
    const t0 = Date.now();
    account = await applyRehearsalAccount(TEAMS);
    console.log('TIMING applied', Date.now() - t0);
    const token = githubToken(
      deployJobClaims(REPOSITORY, githubEnvironmentName('retail'), WORKFLOW_FILES.deploy),
    );
    const assumed = await assumeWithWebIdentity(deployRoleName('retail'), token);
    credentials = assumed.Credentials;
    gate = new PermissionGate(
      deployCaller(account, 'retail'),
      accountFacts(account),
      assumed.AssumedRoleUser.AssumedRoleId,
      resourcePolicyOf(account),
    );
    clients = await gatedClients(credentials);
    console.log('TIMING ready', Date.now() - t0);
  }, 240_000);

  afterAll(async () => {
    for (const c of destroy) c.destroy();
    await db?.close();
    await account?.stop();
    if (gate !== undefined) {
      const pipeline = gate.log.filter((e) => (STEPS as readonly string[]).includes(e.step));
      const denied = gate.log.filter((e) => e.step === 'deny');
      const requests = pipeline.flatMap((e) => e.requests);
      console.log(
        [
          `IAM rehearsal: ${pipeline.length} allowed calls (${requests.length} IAM requests, ` +
            `${new Set(requests.map((r) => r.action)).size} actions) and ${denied.length} denied calls checked`,
          `  pipeline, by moto: ${pipeline.filter((e) => e.moto === 'Allowed').length} allowed, ` +
            `${pipeline.filter((e) => e.moto === 'conditions').length} left to the simulator (conditions), ` +
            `${pipeline.filter((e) => e.moto === 'stand-in').length} answered by stand-ins`,
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
        String(account.find('aws_iam_role', 'name', deployRoleName(team)).values.assume_role_policy),
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
      console.log('TIMING migrate', Date.now());
      gate.step = 'migrate';
      const migrated = await runMigrateRedshift(backend, { dirs: SQL, dryRun: false });
      expect(Number(migrated.outputs['applied-count'])).toBeGreaterThan(0);

      console.log('TIMING load', Date.now());
      gate.step = 'load';
      const loaded = await loadConfiguredStep(backend, SQL, SAMPLE_ORDERS, () => undefined);
      expect(loaded.map((r) => r.rowsLoaded).every((n) => n > 0)).toBe(true);

      console.log('TIMING train', Date.now());
      gate.step = 'train';
      const trained = await runTrainKMeans(backend, SQL);
      expect(trained.outputs['approval-status']).toBe('Approved');

      console.log('TIMING publish', Date.now());
      gate.step = 'publish';
      const published = await runPublishQuickSight(backend, {
        modelVersion: Number(trained.outputs['model-version']),
        refresh: 'auto',
        waitForIngestions: true,
        timeoutMs: 60_000,
        runId: TEST_RUN.runId,
      });
      expect(published.outputs['dashboard-id']).toBe('rfm-retail');
    } finally {
      console.log('TIMING done', Date.now());
      await backend.close();
    }
    const refused = gate.log.filter((e) => !e.allowed || e.moto === 'Denied').map(describeEntry);
    expect(refused).toEqual([]);
    for (const step of STEPS) expect(entriesOf(step).length).toBeGreaterThan(0);
  });
});
