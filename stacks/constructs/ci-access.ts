import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider/index.js';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy/index.js';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment/index.js';
import { Construct } from 'constructs';
import {
  BOOTSTRAP_STATE_KEY,
  DEPLOY_BRANCH,
  DEPLOY_RECORD_FILE,
  permissionsBoundaryName,
  WORKFLOW_FILES,
} from '../../contracts/naming.js';
import { driftStatements } from '../../contracts/permissions/drift.js';
import { pipelineStatements } from '../../contracts/permissions/pipeline.js';
import type { IamStatement } from '../../contracts/permissions/statement.js';
import {
  GITHUB_OIDC_AUDIENCE,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_URL,
  workflowSubjects,
  type SubjectContext,
  type WorkflowRef,
} from '../github-oidc.js';
import type { GitHubRepository } from '../settings.js';
import type { AwsContext } from './aws-context.js';
import { bootstrapStatements } from './bootstrap-permissions.js';
import {
  deployGuardrailStatements,
  teamInfrastructureStatements,
  teamNetworkStatements,
  type DeployScope,
} from './deploy-permissions.js';
import { permissionsBoundaryStatements } from './permissions-boundary.js';
import { policyDocument } from './policy-document.js';
import { teamResources } from '../../contracts/permissions/team-resources.js';
import { headBucketStatement, terraformReadStatements } from './terraform-read.js';

/** A team whose deploy role and permissions boundary this construct makes. */
export interface DeployTarget extends Omit<DeployScope, 'partition' | 'accountId'> {
  /** Name of the team's deploy role. */
  readonly deployRoleName: string;
  /** GitHub environment whose jobs may assume the role. */
  readonly githubEnvironment: string;
  /** Name of the team's read-only drift role. */
  readonly driftRoleName: string;
  /** The team's warehouse database, which the drift role reads the migration history of. */
  readonly database: string;
  /** State object key of the team stack. */
  readonly stateKey: string;
}

export interface CiAccessProps {
  readonly repository: GitHubRepository;
  readonly aws: AwsContext;
  /** Name of the read-only plan role. */
  readonly planRoleName: string;
  /** Name of the role that applies the bootstrap stack from the deploy workflow. */
  readonly bootstrapRoleName: string;
  /** Name of the state bucket. */
  readonly stateBucket: string;
  /** Key that encrypts the state bucket. */
  readonly stateKeyArn: string;
  /** Branch whose workflows may deploy and detect drift. Default `main`. */
  readonly defaultBranch?: string;
  readonly teams: readonly DeployTarget[];
}

/** One way into a role: a job of `workflow` in `context`. */
interface Trust {
  readonly context: SubjectContext;
  readonly workflow: WorkflowRef;
}

/**
 * GitHub Actions' way into AWS: the OIDC provider; a plan role that reads configuration and state
 * (pull requests of pr.yml, and drift.yml on the default branch); per team a permissions boundary,
 * a deploy role that only deploy.yml, retrain.yml and expire.yml on the default branch, in the
 * team's GitHub environment, can assume, and a drift role that only drift.yml on that branch can
 * assume; and the bootstrap role for deploy.yml on that branch.
 */
export class CiAccess extends Construct {
  public readonly provider: IamOpenidConnectProvider;
  public readonly planRole: IamRole;
  public readonly bootstrapRole: IamRole;
  public readonly deployRoles: ReadonlyMap<string, IamRole>;
  public readonly driftRoles: ReadonlyMap<string, IamRole>;
  public readonly boundaries: ReadonlyMap<string, IamPolicy>;
  private readonly repository: GitHubRepository;

  constructor(scope: Construct, id: string, props: CiAccessProps) {
    super(scope, id);
    this.repository = props.repository;
    const { partition, accountId } = props.aws;
    const branch = props.defaultBranch ?? DEPLOY_BRANCH;
    const onBranch = (file: string): WorkflowRef => ({ file, ref: `refs/heads/${branch}` });
    this.provider = new IamOpenidConnectProvider(this, 'github', {
      url: GITHUB_OIDC_URL,
      clientIdList: [GITHUB_OIDC_AUDIENCE],
    });
    const bucketArn = `arn:${partition}:s3:::${props.stateBucket}`;
    const read = this.managedPolicy(
      'terraform-read',
      'workshop-terraform-read',
      'Read what terraform plan refreshes, no data',
      [...terraformReadStatements({ ...props.aws, stateBucket: props.stateBucket })],
    );
    const headAllBuckets = this.managedPolicy(
      'head-all-buckets',
      'workshop-head-all-buckets',
      'HeadBucket on every workshop bucket (plan and bootstrap roles)',
      [headBucketStatement([`arn:${partition}:s3:::workshop-*`, bucketArn])],
    );

    this.planRole = this.role(
      'plan',
      props.planRoleName,
      'Terraform plan (no state locks, no data)',
      [
        {
          context: { kind: 'pull_request' },
          workflow: { file: WORKFLOW_FILES.pr, ref: 'refs/pull/*/merge' },
        },
        { context: { kind: 'branch', name: branch }, workflow: onBranch(WORKFLOW_FILES.drift) },
        // The deploy workflow's changes job reads the deploy records, outside any environment.
        { context: { kind: 'branch', name: branch }, workflow: onBranch(WORKFLOW_FILES.deploy) },
      ],
    );
    this.attach('plan-read', this.planRole, read);
    this.attach('plan-head-buckets', this.planRole, headAllBuckets);
    new IamRolePolicy(this, 'plan-state', {
      name: 'read-terraform-state',
      role: this.planRole.id,
      policy: policyDocument(planStateStatements(bucketArn, props.stateKeyArn)),
    });

    this.bootstrapRole = this.role(
      'bootstrap',
      props.bootstrapRoleName,
      'Terraform apply of the bootstrap stack',
      [{ context: { kind: 'branch', name: branch }, workflow: onBranch(WORKFLOW_FILES.deploy) }],
    );
    this.attach('bootstrap-read', this.bootstrapRole, read);
    this.attach('bootstrap-head-buckets', this.bootstrapRole, headAllBuckets);
    new IamRolePolicy(this, 'bootstrap-permissions', {
      name: 'bootstrap-stack',
      role: this.bootstrapRole.id,
      policy: policyDocument([
        ...bootstrapStatements({ ...props.aws, stateBucket: props.stateBucket }),
        ...stateStatements(bucketArn, folderOf(BOOTSTRAP_STATE_KEY), props.stateKeyArn),
      ]),
    });

    const deployRoles = new Map<string, IamRole>();
    const driftRoles = new Map<string, IamRole>();
    const boundaries = new Map<string, IamPolicy>();
    for (const t of props.teams) {
      const scope: DeployScope = { ...t, partition, accountId };
      boundaries.set(
        t.team,
        this.managedPolicy(
          `boundary-${t.team}`,
          permissionsBoundaryName(t.team),
          `Ceiling of every role team ${t.team} creates`,
          permissionsBoundaryStatements(scope),
        ),
      );
      const role = this.role(
        `deploy-${t.team}`,
        t.deployRoleName,
        `Terraform apply and pipeline of team ${t.team}`,
        [WORKFLOW_FILES.deploy, WORKFLOW_FILES.retrain, WORKFLOW_FILES.expire].map((file) => ({
          context: { kind: 'environment', name: t.githubEnvironment },
          workflow: onBranch(file),
        })),
      );
      this.attach(`deploy-${t.team}-read`, role, read);
      const parts: Array<[string, string, IamStatement[]]> = [
        [
          'infrastructure',
          'Storage, keys, roles, warehouse, SageMaker, QuickSight',
          teamInfrastructureStatements(scope),
        ],
        ['network', 'The team VPC, by team tag', teamNetworkStatements(scope)],
        [
          'pipeline',
          'migrate, load, train and publish (contracts/permissions/pipeline.ts)',
          pipelineStatements(scope),
        ],
      ];
      for (const [part, description, statements] of parts) {
        const policy = this.managedPolicy(
          `deploy-${t.team}-${part}`,
          `${t.deployRoleName}-${part}`,
          `Team ${t.team}: ${description}`,
          statements,
        );
        this.attach(`deploy-${t.team}-${part}-attachment`, role, policy);
      }
      const statePrefix = folderOf(t.stateKey);
      new IamRolePolicy(this, `deploy-${t.team}-state-and-guardrails`, {
        name: 'state-and-guardrails',
        role: role.id,
        policy: policyDocument([
          ...stateStatements(bucketArn, statePrefix, props.stateKeyArn),
          headBucketStatement([teamResources(scope).bucket, bucketArn]),
          ...deployGuardrailStatements(scope),
        ]),
      });
      deployRoles.set(t.team, role);
      driftRoles.set(t.team, this.driftRole(t, scope, onBranch(WORKFLOW_FILES.drift), branch));
    }
    this.deployRoles = deployRoles;
    this.driftRoles = driftRoles;
    this.boundaries = boundaries;
  }

  /**
   * The team's drift role: reads its migration history (as the database user IAMR:<role>) and its
   * dashboard, nothing else (contracts/permissions/drift.ts). A role of its own rather than the
   * plan role, which pull requests assume and which must not reach any warehouse, and rather than
   * the deploy role, which can change everything and is kept to the deploy workflows.
   */
  private driftRole(t: DeployTarget, scope: DeployScope, workflow: WorkflowRef, branch: string) {
    const role = this.role(
      `drift-${t.team}`,
      t.driftRoleName,
      `Drift check of team ${t.team}: its migration history and dashboard, read only`,
      [{ context: { kind: 'branch', name: branch }, workflow }],
    );
    new IamRolePolicy(this, `drift-${t.team}-checks`, {
      name: 'drift-checks',
      role: role.id,
      policy: policyDocument(driftStatements({ ...scope, database: t.database })),
    });
    return role;
  }

  private managedPolicy(
    id: string,
    name: string,
    description: string,
    statements: readonly IamStatement[],
  ): IamPolicy {
    return new IamPolicy(this, id, { name, description, policy: policyDocument(statements) });
  }

  private attach(id: string, role: IamRole, policy: IamPolicy): void {
    new IamRolePolicyAttachment(this, id, { role: role.name, policyArn: policy.arn });
  }

  private role(id: string, name: string, description: string, trusts: readonly Trust[]): IamRole {
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
              [`${GITHUB_OIDC_HOST}:sub`]: trusts.flatMap((t) =>
                workflowSubjects(repository, t.context, t.workflow),
              ),
            },
          },
        },
      ]),
    });
  }
}

/** `teams/acme/` of `teams/acme/terraform.tfstate`: the folder a stack's state and records share. */
const folderOf = (key: string): string => key.slice(0, key.lastIndexOf('/') + 1);

const stateKeyStatement = (keyArn: string, actions: string[]): IamStatement => ({
  Sid: 'StateKey',
  Effect: 'Allow',
  Action: actions,
  Resource: [keyArn],
});

/**
 * Read the state and deploy record of every stack, and nothing else: no lock files (plans run
 * with -lock=false), so a pull request cannot take or break any team's lock.
 */
function planStateStatements(bucketArn: string, keyArn: string): IamStatement[] {
  return [
    {
      Sid: 'ListState',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [bucketArn],
      Condition: { StringLike: { 's3:prefix': ['teams/*', `${folderOf(BOOTSTRAP_STATE_KEY)}*`] } },
    },
    {
      Sid: 'ReadState',
      Effect: 'Allow',
      Action: ['s3:GetObject'],
      Resource: [
        `${bucketArn}/teams/*/terraform.tfstate`,
        `${bucketArn}/teams/*/${DEPLOY_RECORD_FILE}`,
        `${bucketArn}/${BOOTSTRAP_STATE_KEY}`,
        `${bucketArn}/${folderOf(BOOTSTRAP_STATE_KEY)}${DEPLOY_RECORD_FILE}`,
      ],
    },
    stateKeyStatement(keyArn, ['kms:Decrypt']),
  ];
}

/** Read and write state objects under `prefix`, including S3-native lock files. */
function stateStatements(bucketArn: string, prefix: string, keyArn: string): IamStatement[] {
  return [
    {
      Sid: 'ListState',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [bucketArn],
      Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    },
    {
      Sid: 'ReadWriteState',
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      Resource: [`${bucketArn}/${prefix}*`],
    },
    stateKeyStatement(keyArn, ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']),
  ];
}
