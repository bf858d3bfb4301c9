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
import { openTeamBackend, type TeamBackend } from '../../../actions/lib/pipeline/backend.js';
import { loadConfiguredStep } from '../../../actions/lib/pipeline/steps.js';
import { runMigrateRedshift } from '../../../actions/migrate-redshift/run.js';
import { runPublishQuickSight } from '../../../actions/publish-quicksight/run.js';
import { runTrainKMeans } from '../../../actions/train-kmeans/run.js';
import { INSTANT_WAITS, SQL, TEST_RUN } from '../../support/backend.js';
import { botoCalls, type SessionCredentials } from '../../support/moto-calls.js';
import { findMotoPython } from '../../support/moto.js';
import { REPO_ROOT } from '../../support/warehouse.js';
import { motoTeamEnvironment } from '../moto-team-stack.js';
import { ALLOW_ALL, DENY_LIST, type DenyContext } from './deny-list.js';
import { PermissionGate, type GateEntry } from './permission-gate.js';
import {
  applyRehearsalAccount,
  MOTO_ACCOUNT,
  REGION,
  REPOSITORY,
  roleArn,
  type RehearsalAccount,
} from './rehearsal-account.js';
import {
  rehearsalClients,
  type RehearsalClients,
  type RehearsalGates,
} from './rehearsal-clients.js';
import { accountFacts, resourcePolicyOf, roleCaller } from './rehearsal-facts.js';
import type { PolicyDoc } from './synthesized-policies.js';
import { deployJobClaims, githubToken, trustAdmits } from './web-identity.js';

/** moto has no Redshift Serverless: both teams have a provisioned warehouse (moto-team-stack.ts). */
const TEAMS: Environment[] = [motoTeamEnvironment('retail'), motoTeamEnvironment('retail-bank')];
const [RETAIL] = TEAMS as [Environment, Environment];
/** Orders in the generated sample the load step loads. */
const SAMPLE_ORDERS = 1500;
const SESSION_NAME = `deploy-retail-${TEST_RUN.runId}`;
const STEPS = PIPELINE_STEPS.filter(
  (s): s is Exclude<PipelineStep, 'teardown'> => s !== 'teardown',
);

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
let gates: RehearsalGates;
let credentials: SessionCredentials;
let clients: RehearsalClients;
/** Labels the calls that follow with `step`, for every gate. */
const setStep = (step: string) => {
  for (const g of [gates.deploy, gates.redshift, gates.sagemaker]) g.step = step;
};
const stackOf = (team: string): StackOutputs => account.outputs.get(team)!;

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

const openRetail = (): Promise<TeamBackend> =>
  openTeamBackend({
    env: RETAIL,
    backend: 'aws',
    stateRoot: REPO_ROOT,
    stackOutputs: stackOf('retail'),
    run: TEST_RUN,
    clients: clients.factory,
    waits: INSTANT_WAITS,
    now: () => new Date('2026-03-01T10:20:30.456Z'),
  });

/** The deploy role's gate. */
const gate = (): PermissionGate => gates.deploy;
const entriesOf = (step: string) => gate().log.filter((e) => e.step === step);
const describeEntry = (e: GateEntry) =>
  `${e.call.service}:${e.call.operation} [${e.requests.map((r) => `${r.action} ${r.resource} ${r.decision}`).join('; ')}] moto ${e.moto ?? 'not sent'}`;

maybe("IAM rehearsal: team retail's pipeline as its deploy role, on moto with IAM enforced", () => {
  beforeAll(async () => {
    account = await applyRehearsalAccount(TEAMS);
    const token = githubToken(
      deployJobClaims(REPOSITORY, githubEnvironmentName('retail'), WORKFLOW_FILES.deploy),
    );
    const assumed = await assumeWithWebIdentity(deployRoleName('retail'), token);
    credentials = assumed.Credentials;
    const facts = accountFacts(account);
    const policies = resourcePolicyOf(account);
    // moto sees the services user for what the services do, so it judges none of those calls.
    const serviceGate = (role: string) =>
      new PermissionGate(roleCaller(account, role), facts, `AROASERVICE:${role}`, policies, false);
    gates = {
      deploy: new PermissionGate(
        roleCaller(account, deployRoleName('retail')),
        facts,
        assumed.AssumedRoleUser.AssumedRoleId,
        policies,
      ),
      redshift: serviceGate('workshop-retail-redshift'),
      sagemaker: serviceGate('workshop-retail-sagemaker'),
    };
    clients = await rehearsalClients(account, credentials, gates);
  }, 240_000);

  afterAll(async () => {
    await clients?.close();
    await account?.stop();
    if (gates !== undefined) {
      const pipeline = gate().log.filter((e) => (STEPS as readonly string[]).includes(e.step));
      const service = [...gates.redshift.log, ...gates.sagemaker.log];
      const denied = gate().log.filter((e) => e.step === 'deny');
      const requests = pipeline.flatMap((e) => e.requests);
      console.log(
        [
          `IAM rehearsal: ${pipeline.length} allowed calls (${requests.length} IAM requests, ` +
            `${new Set(requests.map((r) => r.action)).size} actions) and ${denied.length} denied calls checked`,
          `  by step: ${STEPS.map((step) => `${step} ${entriesOf(step).length}`).join(', ')}`,
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
    expect(gate().session.userid).toMatch(new RegExp(`^[A-Z0-9]+:${SESSION_NAME}$`));
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
    const refused = [gates.deploy, gates.redshift, gates.sagemaker]
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
      const before = gate().log.length;
      const error = await clients.send(make(context));
      outcomes.push({
        what: `${what} (${via})`,
        entry: gate().log[before]!,
        failed: error !== undefined,
      });
    }
    const viaBoto = DENY_LIST.filter(([, v]) => v === 'boto');
    const entries = await gate().viaBoto(
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
          'Redshift role (COPY, UNLOAD)': byService(gates.redshift),
          'SageMaker role (training job)': byService(gates.sagemaker),
        },
        null,
        1,
      )}`,
    );
    // Declared for paths this run does not take: cancelling, aborting, a team's own uploaded
    // files, a model version approved later, a dashboard whose definition changed.
    const unexercised = Object.fromEntries(
      STEPS.map((step) => [
        step,
        [...new Set(declared[step].flatMap((s) => s.Action))]
          .filter((a) => !needed[step]!.includes(a))
          .sort(),
      ]),
    );
    console.log(`Declared, not needed by this run:\n${JSON.stringify(unexercised, null, 1)}`);
    for (const step of STEPS) {
      const granted = new Set(declared[step].flatMap((s) => s.Action));
      expect({ step, undeclared: needed[step]!.filter((a) => !granted.has(a)) }).toEqual({
        step,
        undeclared: [],
      });
    }
  });

  test('the checks can fail: a grant taken away stops the pipeline, a grant added opens the deny list', async () => {
    const pipeline = gate().log.filter((e) => (STEPS as readonly string[]).includes(e.step));
    const withoutSecret = gate().withPolicies(
      gate().caller.identityPolicies.map(({ name, policy }) => ({
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
    const widened = gate().withPolicies([
      ...gate().caller.identityPolicies,
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
