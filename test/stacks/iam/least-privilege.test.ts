import { RFM_DASHBOARD } from '../../../actions/lib/dashboards/definition.js';
import { quickSightNames } from '../../../actions/lib/dashboards/quicksight-names.js';
import { trainingJobName } from '../../../actions/lib/segmentation/trainers/training-job.js';
import {
  DRIFT_CHECKS,
  driftPermissions,
  type DriftCheckName,
} from '../../../contracts/permissions/drift.js';
import {
  PIPELINE_STEPS,
  pipelinePermissions,
  type PipelineStep,
} from '../../../contracts/permissions/pipeline.js';
import type { IamStatement, TeamScope } from '../../../contracts/permissions/statement.js';
import { decide, type Call, type Caller, type Decision } from './simulator.js';
import {
  ACCOUNT,
  REGION,
  STATE_BUCKET,
  synthesizeWorkshop,
  type PolicyDoc,
} from './synthesized-policies.js';

const { bootstrap, teams } = synthesizeWorkshop();
const iam = (r: string) => `arn:aws:iam::${ACCOUNT}:${r}`;
const arn = (service: string, r: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${r}`;
const deployer = (team: string): Caller => ({
  principal: iam(`role/workshop-${team}-deploy`),
  identityPolicies: bootstrap.identityPolicies(`workshop-${team}-deploy`),
});
const retail = deployer('retail');
const drifter = (team: string): Caller => ({
  principal: iam(`role/workshop-${team}-drift`),
  identityPolicies: bootstrap.identityPolicies(`workshop-${team}-drift`),
});
const plan: Caller = {
  principal: iam('role/workshop-plan'),
  identityPolicies: bootstrap.identityPolicies('workshop-plan'),
};
const bootstrapRole: Caller = {
  principal: iam('role/workshop-bootstrap'),
  identityPolicies: bootstrap.identityPolicies('workshop-bootstrap'),
};

/** Concrete resources of a team, named the way AWS and the actions name them. */
function resourcesOf(team: string) {
  const bucket = `workshop-${team}-data-20260101120000000000000001`;
  const job = trainingJobName(team, new Date('2026-03-01T10:20:30.456Z'));
  const qs = quickSightNames(RFM_DASHBOARD, team);
  const keyId =
    team === 'retail'
      ? '11111111-1111-4111-8111-111111111111'
      : '22222222-2222-4222-8222-222222222222';
  return {
    bucket: `arn:aws:s3:::${bucket}`,
    object: (key: string) => `arn:aws:s3:::${bucket}/${team}/${key}`,
    key: {
      resource: arn('kms', `key/${keyId}`),
      context: { 'kms:ResourceAliases': [`alias/workshop-${team}`] },
    },
    keyPolicy: teams.get(team)!.keyPolicy(),
    secret: arn('secretsmanager', `secret:redshift!workshop-${team}-workshop_admin-Ab12Cd`),
    workgroup: arn('redshift-serverless', 'workgroup/0b1c2d3e-4f50-4a6b-9c8d-7e6f5a4b3c2d'),
    cluster: arn('redshift', `cluster:workshop-${team}`),
    database: arn('redshift', `dbname:workshop-${team}/rfm`),
    job: arn('sagemaker', `training-job/${job}`),
    group: arn('sagemaker', `model-package-group/workshop-${team}-segments`),
    modelPackage: arn('sagemaker', `model-package/workshop-${team}-segments/3`),
    dataSource: arn('quicksight', `datasource/${qs.dataSourceId}`),
    dataSet: arn('quicksight', `dataset/${qs.dataSetId('customers')}`),
    dataSets: RFM_DASHBOARD.datasets.map((d) => arn('quicksight', `dataset/${qs.dataSetId(d.id)}`)),
    ingestion: arn('quicksight', `dataset/${qs.dataSetId('customers')}/ingestion/run-1`),
    dashboard: arn('quicksight', `dashboard/${qs.dashboardId}`),
    role: (kind: string) => iam(`role/workshop-${team}-${kind}`),
    boundary: iam(`policy/workshop-${team}-boundary`),
    vpc: arn('ec2', 'vpc/vpc-0abc'),
    securityGroup: arn('ec2', 'sg-0abc'.replace('sg-', 'security-group/sg-')),
  };
}
const own = resourcesOf('retail');
const other = resourcesOf('retail-bank');
const teamTag = (team: string) => ({ 'aws:ResourceTag/team': team });
const requestTag = (team: string) => ({ 'aws:RequestTag/team': team, 'aws:TagKeys': ['team'] });
/**
 * What training-job.ts sends: network isolation, the team's subnets and security group, and the
 * team's key for volume and output.
 */
const ISOLATED_ENCRYPTED_JOB = {
  'sagemaker:NetworkIsolation': 'true',
  'sagemaker:VpcSubnets': ['subnet-0aaa', 'subnet-0bbb'],
  'sagemaker:VpcSecurityGroupIds': ['sg-0abc'],
  'sagemaker:VolumeKmsKeyArn': `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-1111-4111-8111-111111111111`,
  'sagemaker:OutputKmsKeyArn': `arn:aws:kms:${REGION}:${ACCOUNT}:key/11111111-1111-4111-8111-111111111111`,
};
const USERID = 'AROAEXAMPLEROLEID:deploy-retail-1';

/** `action` on team retail's own workgroup, which carries the team's tag. */
const onOwnWorkgroup = (action: string): Call => ({
  action,
  resource: own.workgroup,
  context: teamTag('retail'),
});
/** The Data API calls on statements the caller itself ran: describe, result, cancel. */
const OWN_STATEMENT_CALLS: Call[] = [
  'DescribeStatement',
  'GetStatementResult',
  'CancelStatement',
].map((a) => ({
  action: `redshift-data:${a}`,
  resource: '*',
  context: { 'redshift-data:statement-owner-iam-userid': USERID, 'aws:userid': USERID },
}));

/** `quicksight:<name>` on `resource` for each name, with `context` when given. */
const quicksightCalls = (names: string[], resource: string, context?: Call['context']): Call[] =>
  names.map((a) => ({
    action: `quicksight:${a}`,
    resource,
    ...(context === undefined ? {} : { context }),
  }));

/** The calls each pipeline step makes for team retail (serverless), on its own resources. */
const PIPELINE_CALLS: Record<PipelineStep, Call[]> = (() => {
  const warehouse: Call[] = [
    onOwnWorkgroup('redshift-data:ExecuteStatement'),
    onOwnWorkgroup('redshift-data:BatchExecuteStatement'),
    ...OWN_STATEMENT_CALLS,
    { action: 'secretsmanager:GetSecretValue', resource: own.secret },
    ...['kms:Decrypt', 'kms:DescribeKey', 'kms:GenerateDataKey'].map((action) => ({
      action,
      ...own.key,
    })),
  ];
  return {
    migrate: warehouse,
    load: [
      ...warehouse,
      {
        action: 's3:ListBucket',
        resource: own.bucket,
        context: { 's3:prefix': 'retail/incoming/' },
      },
      { action: 's3:GetObject', resource: own.object('incoming/bookings.csv') },
      { action: 's3:PutObject', resource: own.object('loads/2026-03-01/orders.csv') },
      { action: 's3:AbortMultipartUpload', resource: own.object('loads/2026-03-01/orders.csv') },
    ],
    train: [
      ...warehouse,
      // The lifetime values, uploaded for the COPY into customer_clv.
      { action: 's3:PutObject', resource: own.object('loads/derived/customer_clv/1.csv') },
      {
        action: 's3:AbortMultipartUpload',
        resource: own.object('loads/derived/customer_clv/1.csv'),
      },
      { action: 's3:GetObject', resource: own.object('models/job/output/model.tar.gz') },
      { action: 's3:PutObject', resource: own.object('models/job/metrics.json') },
      {
        action: 'sagemaker:CreateTrainingJob',
        resource: own.job,
        context: { ...requestTag('retail'), ...ISOLATED_ENCRYPTED_JOB },
      },
      { action: 'sagemaker:AddTags', resource: own.job, context: requestTag('retail') },
      { action: 'sagemaker:DescribeTrainingJob', resource: own.job },
      { action: 'sagemaker:StopTrainingJob', resource: own.job },
      {
        action: 'iam:PassRole',
        resource: own.role('sagemaker'),
        context: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
      },
      {
        action: 'sagemaker:CreateModelPackageGroup',
        resource: own.group,
        context: requestTag('retail'),
      },
      { action: 'sagemaker:DescribeModelPackageGroup', resource: own.group },
      { action: 'sagemaker:CreateModelPackage', resource: own.modelPackage },
      { action: 'sagemaker:DescribeModelPackage', resource: own.modelPackage },
      { action: 'sagemaker:UpdateModelPackage', resource: own.modelPackage },
      { action: 'sagemaker:ListModelPackages', resource: '*' },
    ],
    publish: [
      { action: 'quicksight:CreateDataSource', resource: '*', context: requestTag('retail') },
      ...quicksightCalls(
        ['DescribeDataSource', 'PassDataSource', 'UpdateDataSource', 'UpdateDataSourcePermissions'],
        own.dataSource,
      ),
      {
        action: 'quicksight:CreateDataSet',
        resource: own.dataSource,
        context: requestTag('retail'),
      },
      ...quicksightCalls(
        ['DescribeDataSet', 'PassDataSet', 'UpdateDataSet', 'UpdateDataSetPermissions'],
        own.dataSet,
      ),
      { action: 'quicksight:CreateIngestion', resource: own.ingestion },
      { action: 'quicksight:DescribeIngestion', resource: own.ingestion },
      ...quicksightCalls(
        [
          'CreateDashboard',
          'DescribeDashboard',
          'UpdateDashboard',
          'UpdateDashboardPermissions',
          'UpdateDashboardPublishedVersion',
        ],
        own.dashboard,
        requestTag('retail'),
      ),
      {
        action: 'quicksight:TagResource',
        resource: own.dataSet,
        context: { 'aws:TagKeys': ['rfm-workshop:model-version'] },
      },
      { action: 'quicksight:ListTagsForResource', resource: own.dashboard },
    ],
    teardown: [
      { action: 'quicksight:DeleteDashboard', resource: own.dashboard },
      ...own.dataSets.map((resource) => ({ action: 'quicksight:DeleteDataSet', resource })),
      { action: 'quicksight:DeleteDataSource', resource: own.dataSource },
    ],
  };
})();

const counts = { allowed: 0, denied: 0 };
async function expectDecision(
  caller: Caller,
  call: Call,
  expected: Decision | 'Denied',
  resourcePolicy?: PolicyDoc,
) {
  const decision = await decide(caller, call, resourcePolicy);
  const ok = expected === 'Denied' ? decision !== 'Allowed' : decision === expected;
  if (expected === 'Allowed') counts.allowed++;
  else counts.denied++;
  expect({ ...call, decision: ok ? expected : decision }).toEqual({ ...call, decision: expected });
}
/** Team retail (serverless) as the permission contracts take a team. */
const RETAIL_SCOPE: TeamScope = {
  team: 'retail',
  partition: 'aws',
  accountId: ACCOUNT,
  region: REGION,
  warehouseType: 'serverless',
};
/** The calls checked name exactly the actions the statements declare. */
function expectSameActions(calls: readonly Call[], declared: readonly IamStatement[]) {
  expect(new Set(calls.map((c) => c.action))).toEqual(new Set(declared.flatMap((s) => s.Action)));
}
/** Each call with its expected decision, checked in order. */
async function expectDecisions(
  caller: Caller,
  cases: Array<[Call, Decision | 'Denied']>,
  resourcePolicy?: PolicyDoc,
) {
  for (const [call, expected] of cases)
    await expectDecision(caller, call, expected, resourcePolicy);
}
afterAll(() => {
  console.log(
    `IAM simulation: ${counts.allowed} allowed and ${counts.denied} denied calls checked`,
  );
});

describe('finding 6: the pipeline can run, each step exactly as declared', () => {
  test.each(PIPELINE_STEPS)('the declared %s calls are the ones checked', (step) => {
    expectSameActions(PIPELINE_CALLS[step], pipelinePermissions(RETAIL_SCOPE)[step]);
  });

  test.each(PIPELINE_STEPS)(
    'every %s call is allowed for team retail on its own resources',
    async (step) => {
      for (const call of PIPELINE_CALLS[step]) {
        const keyPolicy = call.action.startsWith('kms:') ? own.keyPolicy : undefined;
        await expectDecision(retail, call, 'Allowed', keyPolicy);
      }
    },
  );
});

/** The calls each drift check makes for team retail (serverless), on its own resources. */
const DRIFT_CALLS: Record<DriftCheckName, Call[]> = {
  migrations: [
    onOwnWorkgroup('redshift-data:ExecuteStatement'),
    onOwnWorkgroup('redshift-serverless:GetCredentials'),
    ...OWN_STATEMENT_CALLS,
  ],
  dashboard: quicksightCalls(['DescribeDashboard', 'ListTagsForResource'], own.dashboard),
};

describe('the drift role reads the migration history and the dashboard, and nothing else', () => {
  const retailDrift = drifter('retail');
  const bankDrift = drifter('retail-bank');

  test.each(DRIFT_CHECKS)('the declared %s calls are the ones checked', (check) => {
    const declared = driftPermissions({ ...RETAIL_SCOPE, database: 'rfm' })[check];
    expectSameActions(DRIFT_CALLS[check], declared);
  });

  test.each(DRIFT_CHECKS)(
    'every %s call is allowed for team retail on its own resources',
    async (check) => {
      for (const call of DRIFT_CALLS[check]) await expectDecision(retailDrift, call, 'Allowed');
    },
  );

  test("a provisioned team's drift role gets credentials for its own cluster's database only", async () => {
    const credentials = (resource: string): Call => ({
      action: 'redshift:GetClusterCredentialsWithIAM',
      resource,
    });
    await expectDecisions(bankDrift, [
      [{ action: 'redshift-data:ExecuteStatement', resource: other.cluster }, 'Allowed'],
      [credentials(other.database), 'Allowed'],
      [credentials(arn('redshift', 'dbname:workshop-retail-bank/dev')), 'Denied'],
      [credentials(arn('redshift', 'dbname:workshop-retail/rfm')), 'Denied'],
      [{ action: 'redshift-data:ExecuteStatement', resource: own.cluster }, 'Denied'],
    ]);
  });

  test.each<[string, Call]>([
    ['batches (writes)', onOwnWorkgroup('redshift-data:BatchExecuteStatement')],
    ['the admin secret', { action: 'secretsmanager:GetSecretValue', resource: own.secret }],
    [
      "retail-bank's warehouse",
      {
        action: 'redshift-data:ExecuteStatement',
        resource: other.workgroup,
        context: teamTag('retail-bank'),
      },
    ],
    [
      "retail-bank's database user",
      {
        action: 'redshift-serverless:GetCredentials',
        resource: other.workgroup,
        context: teamTag('retail-bank'),
      },
    ],
    [
      "retail-bank's dashboard",
      { action: 'quicksight:DescribeDashboard', resource: other.dashboard },
    ],
    ['changing the dashboard', { action: 'quicksight:UpdateDashboard', resource: own.dashboard }],
    ['changing its tags', { action: 'quicksight:TagResource', resource: own.dashboard }],
    ['the datasets', { action: 'quicksight:DescribeDataSet', resource: own.dataSet }],
    ['team data', { action: 's3:GetObject', resource: own.object('loads/x.csv') }],
    [
      'Terraform state',
      {
        action: 's3:GetObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/teams/retail/terraform.tfstate`,
      },
    ],
    ['its own role', { action: 'iam:PutRolePolicy', resource: iam('role/workshop-retail-drift') }],
  ])('%s: %j is denied', async (_what, call) => {
    await expectDecision(retailDrift, call, 'Denied');
  });

  test('no team deploy role can change a drift role; the bootstrap role creates them', async () => {
    await expectDecisions(retail, [
      [
        { action: 'iam:PutRolePolicy', resource: iam('role/workshop-retail-drift') },
        'ExplicitlyDenied',
      ],
      [
        { action: 'iam:UpdateAssumeRolePolicy', resource: iam('role/workshop-retail-bank-drift') },
        'ExplicitlyDenied',
      ],
    ]);
    await expectDecisions(bootstrapRole, [
      [{ action: 'iam:CreateRole', resource: iam('role/workshop-newteam-drift') }, 'Allowed'],
      [{ action: 'iam:PutRolePolicy', resource: iam('role/workshop-newteam-drift') }, 'Allowed'],
    ]);
  });
});

describe('training jobs: isolated, in a VPC and encrypted, or not started', () => {
  const without = (key: keyof typeof ISOLATED_ENCRYPTED_JOB): Record<string, string | string[]> =>
    Object.fromEntries(Object.entries(ISOLATED_ENCRYPTED_JOB).filter(([k]) => k !== key));
  const withNetwork = without('sagemaker:NetworkIsolation');
  const plainVolume = without('sagemaker:VolumeKmsKeyArn');
  const plainOutput = without('sagemaker:OutputKmsKeyArn');
  test.each([
    ['with network access', { ...withNetwork, 'sagemaker:NetworkIsolation': 'false' }],
    ['without network isolation set', withNetwork],
    ['with an unencrypted volume', plainVolume],
    ['with unencrypted output', plainOutput],
    ['outside a VPC (no subnets)', without('sagemaker:VpcSubnets')],
    ['outside a VPC (no security groups)', without('sagemaker:VpcSecurityGroupIds')],
  ])('a job %s is denied', async (_what, job) => {
    await expectDecision(
      retail,
      {
        action: 'sagemaker:CreateTrainingJob',
        resource: own.job,
        context: { ...requestTag('retail'), ...job },
      },
      'Denied',
    );
  });
});

describe('finding 1: no self-escalation', () => {
  test.each([
    'iam:PutRolePolicy',
    'iam:AttachRolePolicy',
    'iam:UpdateAssumeRolePolicy',
    'iam:DeleteRolePermissionsBoundary',
  ])('%s on its own deploy role is denied', async (action) => {
    await expectDecision(
      retail,
      { action, resource: iam('role/workshop-retail-deploy') },
      'ExplicitlyDenied',
    );
  });

  test('the boundary cannot be changed or removed', async () => {
    await expectDecisions(retail, [
      [{ action: 'iam:CreatePolicyVersion', resource: own.boundary }, 'ExplicitlyDenied'],
      [
        {
          action: 'iam:DeleteRolePermissionsBoundary',
          resource: own.role('redshift'),
          context: { 'iam:PermissionsBoundary': own.boundary },
        },
        'ExplicitlyDenied',
      ],
    ]);
  });

  test('team roles are created only with the team boundary', async () => {
    const createRole = (kind: string, boundary?: string): Call => ({
      action: 'iam:CreateRole',
      resource: own.role(kind),
      ...(boundary === undefined ? {} : { context: { 'iam:PermissionsBoundary': boundary } }),
    });
    await expectDecisions(retail, [
      [createRole('redshift', own.boundary), 'Allowed'],
      [createRole('redshift'), 'Denied'],
      [createRole('redshift', other.boundary), 'Denied'],
      [createRole('admin', own.boundary), 'Denied'],
    ]);
  });

  test.each(['iam:CreateUser', 'iam:CreateAccessKey', 'iam:CreatePolicy', 'sts:AssumeRole'])(
    '%s is denied',
    async (action) => {
      const resource =
        action === 'iam:CreateAccessKey' || action === 'iam:CreateUser'
          ? iam('user/intruder')
          : action === 'sts:AssumeRole'
            ? own.role('sagemaker')
            : iam('policy/anything');
      await expectDecision(retail, { action, resource }, 'Denied');
    },
  );

  test('PassRole only to its own service roles, only to their services', async () => {
    const passRole = (resource: string, service: string): [Call, 'Denied'] => [
      { action: 'iam:PassRole', resource, context: { 'iam:PassedToService': service } },
      'Denied',
    ];
    await expectDecisions(retail, [
      passRole(own.role('sagemaker'), 'ec2.amazonaws.com'),
      passRole(other.role('sagemaker'), 'sagemaker.amazonaws.com'),
      passRole(iam('role/workshop-retail-deploy'), 'sagemaker.amazonaws.com'),
      passRole(iam('role/workshop-plan'), 'sagemaker.amazonaws.com'),
    ]);
  });
});

describe("finding 2: team retail cannot reach team retail-bank's resources", () => {
  const cases: Array<[string, Call]> = [
    [
      'bucket objects',
      { action: 's3:GetObject', resource: other.object('models/job/output/model.tar.gz') },
    ],
    ['bucket objects', { action: 's3:PutObject', resource: other.object('loads/x.csv') }],
    ['uploaded files', { action: 's3:GetObject', resource: other.object('incoming/bookings.csv') }],
    [
      'uploaded files',
      {
        action: 's3:ListBucket',
        resource: other.bucket,
        context: { 's3:prefix': 'retail-bank/incoming/' },
      },
    ],
    ['bucket policy', { action: 's3:PutBucketPolicy', resource: other.bucket }],
    ['bucket', { action: 's3:DeleteBucket', resource: other.bucket }],
    [
      'service role',
      {
        action: 'iam:PutRolePolicy',
        resource: other.role('redshift'),
        context: { 'iam:PermissionsBoundary': other.boundary },
      },
    ],
    [
      'service role trust',
      {
        action: 'iam:UpdateAssumeRolePolicy',
        resource: other.role('sagemaker'),
        context: { 'iam:PermissionsBoundary': other.boundary },
      },
    ],
    [
      'deploy role',
      { action: 'iam:PutRolePolicy', resource: iam('role/workshop-retail-bank-deploy') },
    ],
    ['secret', { action: 'secretsmanager:GetSecretValue', resource: other.secret }],
    ['cluster', { action: 'redshift-data:ExecuteStatement', resource: other.cluster }],
    ['cluster', { action: 'redshift:DeleteCluster', resource: other.cluster }],
    [
      'workgroup',
      {
        action: 'redshift-serverless:DeleteWorkgroup',
        resource: other.workgroup,
        context: teamTag('retail-bank'),
      },
    ],
    ['training jobs', { action: 'sagemaker:StopTrainingJob', resource: other.job }],
    ['model packages', { action: 'sagemaker:UpdateModelPackage', resource: other.modelPackage }],
    ['model packages', { action: 'sagemaker:CreateModelPackage', resource: other.modelPackage }],
    ['dashboard', { action: 'quicksight:UpdateDashboard', resource: other.dashboard }],
    ['data source', { action: 'quicksight:UpdateDataSource', resource: other.dataSource }],
    [
      'datasets',
      {
        action: 'quicksight:CreateIngestion',
        resource: arn('quicksight', 'dataset/rfm-retail-bank-customers/ingestion/x'),
      },
    ],
    [
      'VPC',
      {
        action: 'ec2:CreateSubnet',
        resource: other.vpc,
        context: { ...teamTag('retail-bank'), ...requestTag('retail') },
      },
    ],
    ['VPC', { action: 'ec2:DeleteVpc', resource: other.vpc, context: teamTag('retail-bank') }],
    [
      'security group',
      {
        action: 'ec2:AuthorizeSecurityGroupIngress',
        resource: other.securityGroup,
        context: { ...teamTag('retail-bank'), ...requestTag('retail') },
      },
    ],
    [
      'security group',
      {
        action: 'ec2:CreateTags',
        resource: other.securityGroup,
        context: { ...teamTag('retail-bank'), ...requestTag('retail') },
      },
    ],
  ];
  // Every row has exactly as many values as the callback has parameters: a callback with one more
  // parameter than the row would be given jest's `done` and wait for it forever.
  test.each(cases)("retail-bank's %s: %j is denied", async (_what, call) => {
    await expectDecision(retail, call, 'Denied');
  });

  test("retail-bank's key: no use, no administration", async () => {
    for (const action of [
      'kms:Decrypt',
      'kms:GenerateDataKey',
      'kms:PutKeyPolicy',
      'kms:ScheduleKeyDeletion',
    ]) {
      await expectDecision(retail, { action, ...other.key }, 'Denied', other.keyPolicy);
    }
  });
});

describe('finding 3: no key can be taken over by tagging', () => {
  test('retail cannot tag any key: its own, retail-bank, the state key', async () => {
    for (const [key, policy] of [
      [own.key, own.keyPolicy],
      [other.key, other.keyPolicy],
      [
        {
          resource: arn('kms', 'key/00000000-0000-4000-8000-00000000aaaa'),
          context: { 'kms:ResourceAliases': ['alias/workshop-terraform-state'] },
        },
        bootstrap.keyPolicy(),
      ],
    ] as Array<[{ resource: string; context: Record<string, string[]> }, PolicyDoc]>) {
      await expectDecision(
        retail,
        {
          action: 'kms:TagResource',
          resource: key.resource,
          context: { ...key.context, ...requestTag('retail') },
        },
        'Denied',
        policy,
      );
    }
  });

  test('every key has an explicit key policy whose administrators are named roles', () => {
    for (const stack of [bootstrap, ...teams.values()]) {
      const statements = stack.keyPolicy().Statement as Array<{
        Sid: string;
        Principal: { AWS: unknown };
      }>;
      expect(statements[0]!.Sid).toBe('AccountIamPoliciesDecide');
    }
    const admins = (
      teams.get('retail')!.keyPolicy().Statement[1] as { Principal: { AWS: unknown } }
    ).Principal.AWS;
    expect(admins).toEqual([iam('role/workshop-retail-deploy')]);
  });
});

describe('finding 4: the plan role reads configuration and state only', () => {
  test.each<[string, Call]>([
    ['team data', { action: 's3:GetObject', resource: own.object('loads/x.csv') }],
    [
      'logs',
      {
        action: 'logs:GetLogEvents',
        resource: arn('logs', 'log-group:/aws/sagemaker/TrainingJobs:log-stream:x'),
      },
    ],
    ['DynamoDB', { action: 'dynamodb:Scan', resource: arn('dynamodb', 'table/anything') }],
    ['secrets', { action: 'secretsmanager:GetSecretValue', resource: own.secret }],
    [
      "retail-bank's lock",
      {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/teams/retail-bank/terraform.tfstate.tflock`,
      },
    ],
    [
      "retail's lock",
      {
        action: 's3:DeleteObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/teams/retail/terraform.tfstate.tflock`,
      },
    ],
  ])('%s: %j is denied', async (_what, call) => {
    await expectDecision(plan, call, 'Denied');
  });

  test('state and configuration are readable', async () => {
    await expectDecisions(plan, [
      [
        {
          action: 's3:GetObject',
          resource: `arn:aws:s3:::${STATE_BUCKET}/teams/retail/terraform.tfstate`,
        },
        'Allowed',
      ],
      [{ action: 'iam:GetRole', resource: own.role('redshift') }, 'Allowed'],
    ]);
  });

  test("a deploy role cannot write or delete another team's lock", async () => {
    const lock = (team: string) =>
      `arn:aws:s3:::${STATE_BUCKET}/teams/${team}/terraform.tfstate.tflock`;
    await expectDecisions(retail, [
      [{ action: 's3:PutObject', resource: lock('retail') }, 'Allowed'],
      [{ action: 's3:PutObject', resource: lock('retail-bank') }, 'Denied'],
      [{ action: 's3:DeleteObject', resource: lock('retail-bank') }, 'Denied'],
    ]);
  });
});

describe('finding 5: network and serverless writes are pinned to the team, not the region', () => {
  test('no Allow of a write action on "*" without a condition, in any synthesized policy', () => {
    const writesOnStar: string[] = [];
    for (const stack of [bootstrap, ...teams.values()]) {
      for (const [where, json] of stack.everyPolicy()) {
        for (const s of (
          JSON.parse(json) as {
            Statement: Array<{
              Effect: string;
              Action?: unknown;
              Resource?: unknown;
              Condition?: unknown;
              Principal?: unknown;
              Sid?: string;
            }>;
          }
        ).Statement) {
          const resources = ([] as unknown[]).concat(s.Resource ?? []);
          if (
            s.Effect === 'Allow' &&
            s.Principal === undefined &&
            resources.includes('*') &&
            s.Condition === undefined
          ) {
            const actions = ([] as string[]).concat((s.Action as string | string[]) ?? []);
            const writes = actions.filter((a) => !/:(Describe|Get|List)[A-Za-z]*$/.test(a));
            if (writes.length > 0)
              writesOnStar.push(`${where} ${s.Sid ?? ''}: ${writes.join(', ')}`);
          }
        }
      }
    }
    expect(writesOnStar).toEqual([]);
  });

  test('its own tagged network is writable', async () => {
    await expectDecisions(retail, [
      [{ action: 'ec2:CreateSubnet', resource: own.vpc, context: teamTag('retail') }, 'Allowed'],
      [{ action: 'ec2:CreateVpc', resource: own.vpc, context: requestTag('retail') }, 'Allowed'],
      [{ action: 'ec2:CreateVpc', resource: own.vpc }, 'Denied'],
    ]);
  });
});

describe('finding 7: the bootstrap role applies the bootstrap stack and nothing else', () => {
  test("it can create a new team's deploy role and boundary", async () => {
    await expectDecisions(bootstrapRole, [
      [{ action: 'iam:CreateRole', resource: iam('role/workshop-newteam-deploy') }, 'Allowed'],
      [
        { action: 'iam:CreatePolicy', resource: iam('policy/workshop-newteam-boundary') },
        'Allowed',
      ],
    ]);
  });

  test.each<[string, Call]>([
    ['itself', { action: 'iam:PutRolePolicy', resource: iam('role/workshop-bootstrap') }],
    ['team service roles', { action: 'iam:PutRolePolicy', resource: own.role('redshift') }],
    ['team data', { action: 's3:GetObject', resource: own.object('loads/x.csv') }],
    [
      'team state',
      {
        action: 's3:PutObject',
        resource: `arn:aws:s3:::${STATE_BUCKET}/teams/retail/terraform.tfstate`,
      },
    ],
    ['team network', { action: 'ec2:CreateVpc', resource: own.vpc, context: requestTag('retail') }],
    ['users', { action: 'iam:CreateUser', resource: iam('user/x') }],
    [
      'AWS managed policies',
      {
        action: 'iam:AttachRolePolicy',
        resource: iam('role/workshop-retail-deploy'),
        context: { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' },
      },
    ],
  ])('%s: %j is denied', async (_what, call) => {
    await expectDecision(bootstrapRole, call, 'Denied');
  });
});

describe('finding 12: service roles trust their service for this account only', () => {
  test.each(['redshift', 'sagemaker'])('the %s role trust names aws:SourceAccount', (kind) => {
    const stack = teams.get('retail-bank')!;
    const trust = stack.trustPolicy(`workshop-retail-bank-${kind}`).Statement[0] as {
      Condition: Record<string, Record<string, unknown>>;
    };
    expect(trust.Condition.StringEquals!['aws:SourceAccount']).toBe(ACCOUNT);
  });

  test('the SageMaker role also pins aws:SourceArn to SageMaker in the account', () => {
    const trust = teams.get('retail')!.trustPolicy('workshop-retail-sagemaker').Statement[0] as {
      Condition: Record<string, Record<string, unknown>>;
    };
    expect(trust.Condition.ArnLike!['aws:SourceArn']).toEqual([
      `arn:aws:sagemaker:${REGION}:${ACCOUNT}:*`,
    ]);
  });

  test('every team role carries the team boundary', () => {
    for (const [team, stack] of teams) {
      for (const kind of ['redshift', 'sagemaker', 'quicksight-vpc']) {
        expect(stack.roleBoundary(`workshop-${team}-${kind}`)).toBe(
          iam(`policy/workshop-${team}-boundary`),
        );
      }
    }
  });
});

const stateObject = (key: string) => `arn:aws:s3:::${STATE_BUCKET}/${key}`;
const listState = (prefix: string): Call => ({
  action: 's3:ListBucket',
  resource: `arn:aws:s3:::${STATE_BUCKET}`,
  context: { 's3:prefix': prefix },
});

describe('deploy records, state and QuickSight ids for the workflows', () => {
  test('the bootstrap role reads and writes bootstrap/ (state, lock, record) and lists it', async () => {
    for (const key of [
      'bootstrap/terraform.tfstate',
      'bootstrap/terraform.tfstate.tflock',
      'bootstrap/deployed.json',
    ]) {
      for (const action of ['s3:GetObject', 's3:PutObject', 's3:DeleteObject']) {
        await expectDecision(bootstrapRole, { action, resource: stateObject(key) }, 'Allowed');
      }
    }
    await expectDecision(bootstrapRole, listState('bootstrap/'), 'Allowed');
    for (const action of ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']) {
      await expectDecision(
        bootstrapRole,
        {
          action,
          resource: arn('kms', 'key/00000000-0000-4000-8000-00000000aaaa'),
          context: { 'kms:ResourceAliases': ['alias/workshop-terraform-state'] },
        },
        'Allowed',
        bootstrap.keyPolicy(),
      );
    }
  });

  test.each<[string, Call]>([
    [
      "a team's record",
      { action: 's3:PutObject', resource: stateObject('teams/retail/deployed.json') },
    ],
    [
      "a team's state",
      { action: 's3:GetObject', resource: stateObject('teams/retail/terraform.tfstate') },
    ],
    [
      'another folder',
      { action: 's3:PutObject', resource: stateObject('bootstrap-x/deployed.json') },
    ],
  ])('the bootstrap role: %s is denied', async (_what, call) => {
    await expectDecision(bootstrapRole, call, 'Denied');
  });

  test("a deploy role reads and writes its own team's record, not another team's", async () => {
    for (const action of ['s3:GetObject', 's3:PutObject']) {
      await expectDecision(
        retail,
        { action, resource: stateObject('teams/retail/deployed.json') },
        'Allowed',
      );
      for (const key of ['teams/retail-bank/deployed.json', 'bootstrap/deployed.json']) {
        await expectDecision(retail, { action, resource: stateObject(key) }, 'Denied');
      }
    }
  });

  test('the plan role reads every record, writes none', async () => {
    for (const key of ['teams/retail/deployed.json', 'bootstrap/deployed.json']) {
      await expectDecision(plan, { action: 's3:GetObject', resource: stateObject(key) }, 'Allowed');
      await expectDecision(plan, { action: 's3:PutObject', resource: stateObject(key) }, 'Denied');
    }
    await expectDecision(plan, listState('teams/'), 'Allowed');
  });

  // rfm-retail-* would match team retail-bank's ids: the grants name the exact ids instead.
  const QUICKSIGHT_CHANGES: Array<[string, keyof ReturnType<typeof resourcesOf>]> = [
    ['quicksight:DescribeDashboard', 'dashboard'],
    ['quicksight:UpdateDashboard', 'dashboard'],
    ['quicksight:UpdateDashboardPermissions', 'dashboard'],
    ['quicksight:DeleteDashboard', 'dashboard'],
    ['quicksight:DescribeDataSet', 'dataSet'],
    ['quicksight:UpdateDataSet', 'dataSet'],
    ['quicksight:UpdateDataSetPermissions', 'dataSet'],
    ['quicksight:DeleteDataSet', 'dataSet'],
    ['quicksight:DescribeDataSource', 'dataSource'],
    ['quicksight:UpdateDataSource', 'dataSource'],
    ['quicksight:UpdateDataSourcePermissions', 'dataSource'],
    ['quicksight:DeleteDataSource', 'dataSource'],
  ];
  test.each(QUICKSIGHT_CHANGES)(
    "%s: allowed on retail's %s, denied on retail-bank's",
    async (action, kind) => {
      await expectDecision(retail, { action, resource: own[kind] as string }, 'Allowed');
      await expectDecision(retail, { action, resource: other[kind] as string }, 'Denied');
    },
  );

  test("retail-bank's data sets cannot be created from retail's data source or deleted", async () => {
    for (const resource of other.dataSets) {
      await expectDecision(retail, { action: 'quicksight:DeleteDataSet', resource }, 'Denied');
    }
    await expectDecision(
      retail,
      {
        action: 'quicksight:CreateDataSet',
        resource: other.dataSource,
        context: requestTag('retail'),
      },
      'Denied',
    );
  });
});

describe('the checks can fail', () => {
  const allowEverything: PolicyDoc = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
  };
  const withoutDenies = (caller: Caller): Caller => ({
    ...caller,
    identityPolicies: caller.identityPolicies.map(({ name, policy }) => ({
      name,
      policy: {
        ...policy,
        Statement: policy.Statement.filter((s) => (s as { Effect: string }).Effect !== 'Deny'),
      },
    })),
  });

  test('a context key the action does not have is an error, not a silent denial', async () => {
    // The reason trust policies are compared as text: the service data has no
    // token.actions.githubusercontent.com keys for sts:AssumeRoleWithWebIdentity.
    await expect(
      decide(retail, {
        action: 'sts:AssumeRoleWithWebIdentity',
        resource: iam('role/workshop-retail-deploy'),
        context: { 'token.actions.githubusercontent.com:sub': 'repo:acme/rfm-workshop:x' },
      }),
    ).rejects.toThrow(/ignores context keys token\.actions\.githubusercontent\.com:sub/);
  });

  test('an allow-everything statement makes a cross-team call allowed', async () => {
    const broken: Caller = {
      ...retail,
      identityPolicies: [...retail.identityPolicies, { name: 'broken', policy: allowEverything }],
    };
    expect(await decide(retail, { action: 's3:DeleteBucket', resource: other.bucket })).not.toBe(
      'Allowed',
    );
    expect(await decide(broken, { action: 's3:DeleteBucket', resource: other.bucket })).toBe(
      'Allowed',
    );
  });

  test('without its explicit denies, the deploy role is no longer kept from itself', async () => {
    const call = { action: 'iam:PutRolePolicy', resource: iam('role/workshop-retail-deploy') };
    expect(await decide(retail, call)).toBe('ExplicitlyDenied');
    expect(await decide(withoutDenies(retail), call)).not.toBe('ExplicitlyDenied');
  });

  test('a pipeline grant widened to rfm-retail-* reaches retail-bank', async () => {
    const widened: Caller = {
      ...retail,
      identityPolicies: [
        ...retail.identityPolicies,
        {
          name: 'widened',
          policy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: 'quicksight:DeleteDataSet',
                Resource: arn('quicksight', 'dataset/rfm-retail-*'),
              },
            ],
          },
        },
      ],
    };
    expect(
      await decide(widened, { action: 'quicksight:DeleteDataSet', resource: other.dataSet }),
    ).toBe('Allowed');
  });
});
