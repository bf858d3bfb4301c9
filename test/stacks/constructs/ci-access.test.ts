import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { Testing } from 'cdktf';
import { CiAccess } from '../../../stacks/constructs/ci-access.js';
import { resourcesOf, setupCdktfMatchers, type PolicyJson } from '../../support/cdktf.js';

setupCdktfMatchers();

const aws = { partition: 'aws', accountId: '111122223333', region: 'eu-west-1' };
const team = (name: string) => ({
  team: name,
  region: 'eu-west-1',
  warehouseType: 'serverless' as const,
  quicksightMembers: [],
  deployRoleName: `workshop-${name}-deploy`,
  githubEnvironment: `workshop-${name}`,
  driftRoleName: `workshop-${name}-drift`,
  database: 'rfm',
  stateKey: `teams/${name}/terraform.tfstate`,
});

function synthCi(repository: {
  owner: string;
  name: string;
  ownerId?: string;
  repositoryId?: string;
}) {
  return Testing.synthScope((scope) => {
    new CiAccess(scope, 'ci', {
      repository,
      aws,
      planRoleName: 'workshop-plan',
      bootstrapRoleName: 'workshop-bootstrap',
      stateBucket: 'acme-tfstate',
      stateKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/state',
      teams: [team('fintech'), team('insurance')],
    });
  });
}

function trustOf(synth: string, name: string): PolicyJson {
  const role = resourcesOf(synth, 'aws_iam_role').find((r) => r.name === name)!;
  return JSON.parse(String(role.assume_role_policy)) as PolicyJson;
}

const SUB = 'token.actions.githubusercontent.com:sub';
const workflow = (file: string, ref = 'refs/heads/main') =>
  `job_workflow_ref:acme/rfm-workshop/.github/workflows/${file}@${ref}`;

describe('CiAccess', () => {
  const synth = synthCi({ owner: 'acme', name: 'rfm-workshop' });

  test('the GitHub OIDC provider for the STS audience', () => {
    expect(synth).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  test("a team's deploy role trusts deploy, retrain and expire on main in that team's environment only", () => {
    const trust = trustOf(synth, 'workshop-fintech-deploy');
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]!.Condition!.StringLike![SUB]).toEqual(
      ['deploy.yml', 'retrain.yml', 'expire.yml'].flatMap((file) => [
        `repo:acme/rfm-workshop:environment:workshop-fintech:${workflow(file)}`,
        `repo:acme@*/rfm-workshop@*:environment:workshop-fintech:${workflow(file)}`,
      ]),
    );
  });

  test('with the repository ids, the immutable subject is exact', () => {
    const pinned = synthCi({
      owner: 'acme',
      name: 'rfm-workshop',
      ownerId: '42',
      repositoryId: '4242',
    });
    const subjects = trustOf(pinned, 'workshop-insurance-deploy').Statement[0]!.Condition!
      .StringLike![SUB];
    expect(subjects).toContain(
      `repo:acme@42/rfm-workshop@4242:environment:workshop-insurance:${workflow('deploy.yml')}`,
    );
  });

  test('the plan role: pr.yml on pull requests, drift.yml and deploy.yml on main', () => {
    expect(trustOf(synth, 'workshop-plan').Statement[0]!.Condition!.StringLike![SUB]).toEqual([
      `repo:acme/rfm-workshop:pull_request:${workflow('pr.yml', 'refs/pull/*/merge')}`,
      `repo:acme@*/rfm-workshop@*:pull_request:${workflow('pr.yml', 'refs/pull/*/merge')}`,
      `repo:acme/rfm-workshop:ref:refs/heads/main:${workflow('drift.yml')}`,
      `repo:acme@*/rfm-workshop@*:ref:refs/heads/main:${workflow('drift.yml')}`,
      `repo:acme/rfm-workshop:ref:refs/heads/main:${workflow('deploy.yml')}`,
      `repo:acme@*/rfm-workshop@*:ref:refs/heads/main:${workflow('deploy.yml')}`,
    ]);
  });

  test("a team's drift role: drift.yml on main only, outside any environment, with the drift checks' policy", () => {
    expect(
      trustOf(synth, 'workshop-fintech-drift').Statement[0]!.Condition!.StringLike![SUB],
    ).toEqual([
      `repo:acme/rfm-workshop:ref:refs/heads/main:${workflow('drift.yml')}`,
      `repo:acme@*/rfm-workshop@*:ref:refs/heads/main:${workflow('drift.yml')}`,
    ]);
    const role = resourcesOf(synth, 'aws_iam_role').find(
      (r) => r.name === 'workshop-fintech-drift',
    );
    const policies = resourcesOf(synth, 'aws_iam_role_policy').filter((p) =>
      String(p.role).includes('drift-fintech'),
    );
    expect(role).toBeDefined();
    expect(policies.map((p) => p.name)).toEqual(['drift-checks']);
    // Nothing is attached: the inline drift-checks policy is all it has.
    expect(
      resourcesOf(synth, 'aws_iam_role_policy_attachment').filter((a) =>
        String(a.role).includes('drift-fintech'),
      ),
    ).toEqual([]);
  });

  test('the bootstrap role: deploy.yml on main only', () => {
    expect(trustOf(synth, 'workshop-bootstrap').Statement[0]!.Condition!.StringLike![SUB]).toEqual([
      `repo:acme/rfm-workshop:ref:refs/heads/main:${workflow('deploy.yml')}`,
      `repo:acme@*/rfm-workshop@*:ref:refs/heads/main:${workflow('deploy.yml')}`,
    ]);
  });

  test('no AWS managed policy is attached to any role', () => {
    for (const a of resourcesOf(synth, 'aws_iam_role_policy_attachment')) {
      expect(String(a.policy_arn)).not.toMatch(/:aws:policy\//);
    }
  });

  test('one permissions boundary per team', () => {
    const names = resourcesOf(synth, 'aws_iam_policy').map((p) => p.name);
    expect(names).toEqual(
      expect.arrayContaining(['workshop-fintech-boundary', 'workshop-insurance-boundary']),
    );
  });
});
