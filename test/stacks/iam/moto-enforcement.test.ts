import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findMotoPython } from '../../support/moto.js';
import {
  ACCOUNT,
  REGION,
  STATE_BUCKET,
  synthesizeWorkshop,
  type PolicyDoc,
} from './synthesized-policies.js';

/**
 * A rehearsal of team retail's deploy role against moto with IAM enforcement on. moto evaluates
 * identity policies without request context and takes every Condition as met, so conditioned
 * Allows and Denies both apply unconditionally (see moto_iam_rehearsal.py): an allowed row is
 * evidence only where no conditioned Allow names the action, a denied row only where no
 * conditioned Deny does. That holds for these rows (the deploy role's conditioned statements
 * name s3:ListBucket, iam:CreateRole, iam:PutRolePermissionsBoundary and role changes on the
 * team's own service roles only); everything else is checked by the simulator test.
 */
const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '../../support/moto_iam_rehearsal.py');
const MOTO_ACCOUNT = '123456789012';

interface RehearsalCall {
  readonly service: 's3' | 'iam';
  readonly operation: string;
  readonly params: Record<string, string>;
}

const dataBucket = (team: string) => `workshop-${team}-data-20260101120000000000000001`;
const put = (bucket: string, key: string): RehearsalCall => ({
  service: 's3',
  operation: 'put_object',
  params: { Bucket: bucket, Key: key, Body: '{}' },
});
const get = (bucket: string, key: string): RehearsalCall => ({
  service: 's3',
  operation: 'get_object',
  params: { Bucket: bucket, Key: key },
});
const iamCall = (operation: string, params: Record<string, string>): RehearsalCall => ({
  service: 'iam',
  operation,
  params,
});
const policyJson = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

const CASES: Array<[string, RehearsalCall, 'Allowed' | 'Denied']> = [
  ['its own deploy record', put(STATE_BUCKET, 'teams/retail/deployed.json'), 'Allowed'],
  ['its own deploy record, read back', get(STATE_BUCKET, 'teams/retail/deployed.json'), 'Allowed'],
  ['its own data prefix', put(dataBucket('retail'), 'retail/loads/orders.csv'), 'Allowed'],
  ["retail-bank's deploy record", put(STATE_BUCKET, 'teams/retail-bank/deployed.json'), 'Denied'],
  ["retail-bank's state", get(STATE_BUCKET, 'teams/retail-bank/terraform.tfstate'), 'Denied'],
  ['the bootstrap record', put(STATE_BUCKET, 'bootstrap/deployed.json'), 'Denied'],
  ["retail-bank's data", put(dataBucket('retail-bank'), 'retail-bank/loads/orders.csv'), 'Denied'],
  ['another prefix in its own bucket', put(dataBucket('retail'), 'retail-bank/x.csv'), 'Denied'],
  ['a new user', iamCall('create_user', { UserName: 'intruder' }), 'Denied'],
  ['an access key', iamCall('create_access_key', { UserName: 'intruder' }), 'Denied'],
  [
    'a policy on its own role',
    iamCall('put_role_policy', {
      RoleName: 'workshop-retail-deploy',
      PolicyName: 'x',
      PolicyDocument: policyJson,
    }),
    'Denied',
  ],
  [
    "a policy on retail-bank's deploy role",
    iamCall('put_role_policy', {
      RoleName: 'workshop-retail-bank-deploy',
      PolicyName: 'x',
      PolicyDocument: policyJson,
    }),
    'Denied',
  ],
];

function toMoto<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll(ACCOUNT, MOTO_ACCOUNT)) as T;
}

function motoPython(): string | undefined {
  try {
    return findMotoPython();
  } catch {
    return undefined;
  }
}

const python = motoPython();
const maybe = python === undefined ? test.skip : test;
if (python === undefined) {
  console.warn(
    "moto-enforcement: skipped, no Python with moto (pip install 'moto[server]==5.2.1')",
  );
}

/** Runs CASES as team retail's deploy role, with `extra` policies added to it. */
function rehearse(extra: Array<{ name: string; policy: PolicyDoc }> = []): string[] {
  const { bootstrap } = synthesizeWorkshop();
  const role = (name: string, policies = bootstrap.identityPolicies(name)) => ({
    name,
    inline: [],
    managed: policies.map((p, i) => ({ name: `${name}-${i}-${p.name}`, policy: p.policy })),
  });
  const spec = toMoto({
    account: ACCOUNT,
    region: REGION,
    buckets: [STATE_BUCKET, dataBucket('retail'), dataBucket('retail-bank')],
    roles: [
      role('workshop-retail-deploy', [
        ...bootstrap.identityPolicies('workshop-retail-deploy'),
        ...extra,
      ]),
      role('workshop-retail-bank-deploy'),
    ],
    caller: 'workshop-retail-deploy',
    calls: CASES.map(([, call]) => call),
  });
  const run = spawnSync(python!, [SCRIPT], {
    input: JSON.stringify(spec),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) {
    throw new Error(`moto_iam_rehearsal.py exited ${run.status}:\n${run.stderr}`);
  }
  return (JSON.parse(run.stdout.trim().split('\n').pop()!) as { decisions: string[] }).decisions;
}

maybe("team retail's deploy role against moto with IAM enforcement", () => {
  const decisions = rehearse();
  const got = CASES.map(([what], i) => [what, decisions[i]]);
  expect(got).toEqual(CASES.map(([what, , expected]) => [what, expected]));
  const allowed = CASES.filter(([, , e]) => e === 'Allowed').length;
  console.log(
    `moto rehearsal: ${allowed} allowed and ${CASES.length - allowed} denied calls checked`,
  );
});

maybe('the rehearsal can fail: an allow-everything policy opens the S3 rows', () => {
  const decisions = rehearse([{ name: 'broken', policy: JSON.parse(policyJson) as PolicyDoc }]);
  const opened = CASES.filter(([, , e], i) => e === 'Denied' && decisions[i] === 'Allowed').map(
    ([what]) => what,
  );
  // The IAM rows stay denied: the deploy role denies them explicitly.
  expect(opened).toEqual(
    CASES.filter(([, call, e]) => e === 'Denied' && call.service === 's3').map(([what]) => what),
  );
});
