import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { Construct } from 'constructs';
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  githubSubjects,
  type SubjectContext,
} from '../github-oidc.js';
import type { GitHubRepository } from '../settings.js';
import type { AwsContext } from './aws-context.js';
import { teamDeployStatements } from './deploy-permissions.js';
import { policyDocument, type PolicyStatement } from './policy-document.js';

/** A team whose deploy role this construct makes. */
export interface DeployTarget {
  readonly team: string;
  readonly region: string;
  /** Name prefix of the team's resources. */
  readonly resourcePrefix: string;
  /** Name of the team's deploy role. */
  readonly deployRoleName: string;
  /** GitHub environment whose jobs may assume the role. */
  readonly githubEnvironment: string;
  /** State object key of the team stack. */
  readonly stateKey: string;
}

export interface CiAccessProps {
  readonly repository: GitHubRepository;
  readonly aws: AwsContext;
  /** Name of the read-only plan role. */
  readonly planRoleName: string;
  /** Name of the state bucket. */
  readonly stateBucket: string;
  /** Key that encrypts the state bucket. */
  readonly stateKeyArn: string;
  /** Branch whose scheduled and push runs may plan (drift detection). Default `main`. */
  readonly defaultBranch?: string;
  readonly teams: readonly DeployTarget[];
}

/**
 * GitHub Actions' way into AWS: the OIDC provider, a read-only plan role for pull requests and
 * the default branch, and one deploy role per team that only that team's GitHub environment of
 * this repository can assume.
 */
export class CiAccess extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  public readonly planRole: IamRole;
  public readonly deployRoles: ReadonlyMap<string, IamRole>;
  private readonly repository: GitHubRepository;

  constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(scope, id);
    this.repository = props.repository;
    const { partition } = props.aws;
    this.provider = new IamOpenidConnectProvider(this, 'github', {
      url: GITHUB_OIDC_URL,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    const bucketArn = `arn:${partition}:s3:::${props.stateBucket}`;
    const readOnly = `arn:${partition}:iam::aws:policy/ReadOnlyAccess`;

    this.planRole = this.role('plan', props.planRoleName, 'Terraform plan from pull requests', [
      { kind: 'pull_request' },
      { kind: 'branch', name: props.defaultBranch ?? 'main' },
    ]);
    new IamRolePolicyAttachment(this, 'plan-read-only', {
      role: this.planRole.name,
      policyArn: readOnly,
    });
    new IamRolePolicy(this, 'plan-state', {
      name: 'terraform-state',
      role: this.planRole.id,
      policy: policyDocument([
        ...planStateStatements(bucketArn, props.stateKeyArn),
        ...noDataReads(bucketArn),
      ]),
    });

    const deployRoles = new Map<string, IamRole>();
    for (const t of props.teams) {
      const role = this.role(
        `deploy-${t.team}`,
        t.deployRoleName,
        `Terraform apply of team ${t.team}`,
        [{ kind: 'environment', name: t.githubEnvironment }],
      );
      new IamRolePolicyAttachment(this, `deploy-${t.team}-read-only`, {
        role: role.name,
        policyArn: readOnly,
      });
      const statePrefix = t.stateKey.slice(0, t.stateKey.lastIndexOf('/') + 1);
      new IamRolePolicy(this, `deploy-${t.team}-permissions`, {
        name: 'team-stack',
        role: role.id,
        policy: policyDocument([
          ...stateStatements(bucketArn, statePrefix, props.stateKeyArn),
          ...noDataReads(bucketArn),
          ...teamDeployStatements({ ...props.aws, ...t }),
        ]),
      });
      deployRoles.set(t.team, role);
    }
    this.deployRoles = deployRoles;
  }

  private role(id: string, name: string, description: string, contexts: SubjectContext[]): IamRole {
    const repository = this.repository;
    return new IamRole(this, id, {
      name,
      description,
      maxSessionDuration: 3600,
      assumeRolePolicy: policyDocument([
        {
          Effect: 'Allow',
          Principal: { Federated: this.provider.arn },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { [`${GITHUB_OIDC_HOST}:aud`]: GITHUB_OIDC_AUDIENCE },
            StringLike: {
              [`${GITHUB_OIDC_HOST}:sub`]: contexts.flatMap((c) => githubSubjects(repository, c)),
            },
          },
        },
      ]),
    });
  }
}

const stateKeyStatement = (keyArn: string): PolicyStatement => ({
  Sid: 'StateKey',
  Effect: 'Allow',
  Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'],
  Resource: keyArn,
});

/** Read every state object; write only S3-native lock files, which plan takes too. */
function planStateStatements(bucketArn: string, keyArn: string): PolicyStatement[] {
  return [
    { Sid: 'ListState', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucketArn },
    { Sid: 'ReadState', Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucketArn}/*` },
    {
      Sid: 'LockState',
      Effect: 'Allow',
      Action: ['s3:PutObject', 's3:DeleteObject'],
      Resource: `${bucketArn}/*.tflock`,
    },
    stateKeyStatement(keyArn),
  ];
}

/** Read and write state objects under `prefix`, including S3-native lock files. */
function stateStatements(bucketArn: string, prefix: string, keyArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'ListState',
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    },
    {
      Sid: 'ReadWriteState',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: `${bucketArn}/${prefix}*`,
    },
    stateKeyStatement(keyArn),
  ];
}

/** ReadOnlyAccess would read every team's data; CI only needs state objects. */
function noDataReads(stateBucketArn: string): PolicyStatement[] {
  return [
    {
      Sid: 'NoDataReads',
      Effect: 'Deny',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      NotResource: `${stateBucketArn}/*`,
    },
  ];
}
