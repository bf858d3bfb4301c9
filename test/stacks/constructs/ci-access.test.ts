import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { Testing } from 'cdktf';
import { CiAccess } from '../../../stacks/constructs/ci-access.js';
import { teamDeployStatements } from '../../../stacks/constructs/deploy-permissions.js';
import { resourcesOf, setupCdktfMatchers, type PolicyJson } from '../../support/cdktf.js';

setupCdktfMatchers();

const aws = { partition: 'aws', accountId: '111122223333', region: 'eu-west-1' };
const team = (name: string) => ({
  team: name,
  region: 'eu-west-1',
  resourcePrefix: `workshop-${name}`,
  deployRoleName: `workshop-${name}-deploy`,
  githubEnvironment: `workshop-${name}`,
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
      stateBucket: 'acme-tfstate',
      stateKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/state',
      teams: [team('fintech'), team('insurance')],
    });
  });
}

function role(synth: string, name: string): { trust: PolicyJson; id: string } {
  const roles = Object.entries(
    (JSON.parse(synth) as { resource: Record<string, Record<string, Record<string, unknown>>> })
      .resource.aws_iam_role!,
  );
  const [id, r] = roles.find(([, r]) => r.name === name)!;
  return { id, trust: JSON.parse(String(r.assume_role_policy)) as PolicyJson };
}

function policyOfRole(synth: string, roleId: string): PolicyJson {
  const policy = resourcesOf(synth, 'aws_iam_role_policy').find(
    (p) => p.role === `\${aws_iam_role.${roleId}.id}`,
  )!;
  return JSON.parse(String(policy.policy)) as PolicyJson;
}

describe('CiAccess', () => {
  const synth = synthCi({ owner: 'acme', name: 'rfm-workshop' });

  test('the GitHub OIDC provider for the STS audience', () => {
    expect(synth).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  test("a team's deploy role trusts only that team's environment in this repository", () => {
    const { trust } = role(synth, 'workshop-fintech-deploy');
    expect(trust.Statement).toHaveLength(1);
    expect(trust.Statement[0]).toMatchObject({
      Effect: 'Allow',
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
        StringLike: {
          'token.actions.githubusercontent.com:sub': [
            'repo:acme/rfm-workshop:environment:workshop-fintech',
            'repo:acme@*/rfm-workshop@*:environment:workshop-fintech',
          ],
        },
      },
    });
  });

  test('with the repository ids, the immutable subject is exact', () => {
    const pinned = synthCi({
      owner: 'acme',
      name: 'rfm-workshop',
      ownerId: '42',
      repositoryId: '4242',
    });
    const { trust } = role(pinned, 'workshop-insurance-deploy');
    expect(trust.Statement[0]!.Condition!.StringLike).toEqual({
      'token.actions.githubusercontent.com:sub': [
        'repo:acme/rfm-workshop:environment:workshop-insurance',
        'repo:acme@42/rfm-workshop@4242:environment:workshop-insurance',
      ],
    });
  });

  test('the plan role: pull requests and the default branch, read-only, no data reads', () => {
    const { trust, id } = role(synth, 'workshop-plan');
    expect(
      trust.Statement[0]!.Condition!.StringLike!['token.actions.githubusercontent.com:sub'],
    ).toEqual([
      'repo:acme/rfm-workshop:pull_request',
      'repo:acme@*/rfm-workshop@*:pull_request',
      'repo:acme/rfm-workshop:ref:refs/heads/main',
      'repo:acme@*/rfm-workshop@*:ref:refs/heads/main',
    ]);
    expect(synth).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
    });
    const policy = policyOfRole(synth, id);
    expect(policy.Statement.find((s) => s.Sid === 'LockState')!.Resource).toBe(
      'arn:aws:s3:::acme-tfstate/*.tflock',
    );
    expect(policy.Statement.find((s) => s.Sid === 'NoDataReads')).toMatchObject({
      Effect: 'Deny',
      NotResource: 'arn:aws:s3:::acme-tfstate/*',
    });
  });

  test("a deploy role writes only its own team's state", () => {
    const { id } = role(synth, 'workshop-fintech-deploy');
    const policy = policyOfRole(synth, id);
    expect(policy.Statement.find((s) => s.Sid === 'ReadWriteState')!.Resource).toBe(
      'arn:aws:s3:::acme-tfstate/teams/fintech/*',
    );
  });
});

describe('teamDeployStatements', () => {
  const statements = teamDeployStatements({
    ...aws,
    team: 'fintech',
    resourcePrefix: 'workshop-fintech',
  });

  test('never a service wildcard, and names scoped to the team where the service allows it', () => {
    for (const s of statements) {
      const actions = typeof s.Action === 'string' ? [s.Action] : s.Action;
      expect(actions.filter((a) => /(^\*$|:\*$)/.test(a))).toEqual([]);
    }
    const byName = statements.filter((s) =>
      ['TeamBuckets', 'TeamRoles', 'TeamCluster', 'TeamSageMaker', 'TeamQuickSight'].includes(
        s.Sid!,
      ),
    );
    for (const s of byName) {
      const resources = typeof s.Resource === 'string' ? [s.Resource] : s.Resource!;
      for (const r of resources) expect(r).toContain('workshop-fintech');
    }
  });

  test('keys by tag, other unnamed resources in the team region only', () => {
    expect(statements.find((s) => s.Sid === 'ManageTeamKey')!.Condition).toEqual({
      StringEquals: { 'aws:ResourceTag/team': 'fintech' },
    });
    expect(statements.find((s) => s.Sid === 'TeamNetwork')!.Condition).toEqual({
      StringEquals: { 'aws:RequestedRegion': 'eu-west-1' },
    });
  });
});
