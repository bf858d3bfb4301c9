import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../contracts/environment/schema.js';
import { SecurityAspect } from './aspects/security.js';
import { TagsAspect } from './aspects/tags.js';
import { useStateBackend, type StateBackend } from './backend.js';
import type { AwsContext } from './constructs/aws-context.js';
import { CiAccess } from './constructs/ci-access.js';
import { EncryptionKey } from './constructs/encryption-key.js';
import { SecureBucket } from './constructs/secure-bucket.js';
import {
  BOOTSTRAP_ROLE_NAME,
  BOOTSTRAP_STATE_KEY,
  deployRoleName,
  driftRoleName,
  PLAN_ROLE_NAME,
  githubEnvironmentName,
  STATE_KEY_ALIAS,
  teamStateKey,
  WORKSHOP_TAG,
} from '../contracts/naming.js';
import { quickSightOwners } from '../contracts/quicksight-members.js';
import { awsProvider, type EmulatorEndpoint } from './provider.js';
import type { GitHubRepository } from './settings.js';

export interface BootstrapStackProps {
  /** Region of the state bucket. */
  readonly region: string;
  /** Name of the state bucket to create; without it AWS picks a `workshop-tfstate-` name. */
  readonly stateBucket?: string;
  /** Where this stack's own state goes: local for the first apply, then the bucket it made. */
  readonly backend: StateBackend;
  /** The repository whose workflows may plan and deploy. */
  readonly repository: GitHubRepository;
  /** Every team, for one deploy role each. */
  readonly environments: readonly Environment[];
  /** Point the provider at an AWS emulator; tests only. */
  readonly emulator?: EmulatorEndpoint;
}

/**
 * What must exist before any team stack: the Terraform state bucket (versioned, KMS-encrypted,
 * TLS-only, protected from destroy), the GitHub OIDC roles that plan, deploy and apply this stack,
 * and each team's permissions boundary.
 */
export class BootstrapStack extends TerraformStack {
  public readonly stateBucket: SecureBucket;
  public readonly ciAccess: CiAccess;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    super(scope, id);
    awsProvider(this, props.region, props.emulator);
    useStateBackend(this, props.backend, BOOTSTRAP_STATE_KEY);
    const aws: AwsContext = {
      partition: new DataAwsPartition(this, 'partition').partition,
      accountId: new DataAwsCallerIdentity(this, 'account').accountId,
      region: props.region,
    };

    const key = new EncryptionKey(this, 'state-key', {
      alias: STATE_KEY_ALIAS.replace(/^alias\//, ''),
      description: 'Terraform state of the workshop stacks',
      deletionWindowInDays: 30,
      // The bootstrap role administers it through IAM (by alias); it may not exist yet.
      keyPolicy: { ...aws, administratorArns: [] },
    });
    this.stateBucket = new SecureBucket(this, 'state', {
      ...(props.stateBucket === undefined
        ? { bucketPrefix: 'workshop-tfstate-' }
        : { bucketName: props.stateBucket }),
      kmsKeyArn: key.key.arn,
      preventDestroy: true,
      noncurrentVersionExpirationDays: 90,
    });
    this.ciAccess = new CiAccess(this, 'ci', {
      repository: props.repository,
      aws,
      planRoleName: PLAN_ROLE_NAME,
      bootstrapRoleName: BOOTSTRAP_ROLE_NAME,
      stateBucket: this.stateBucket.bucket.bucket,
      stateKeyArn: key.key.arn,
      teams: props.environments.map((env) => ({
        team: env.team,
        region: env.region,
        warehouseType: env.warehouse.type,
        ...(env.network === undefined ? {} : { existingNetwork: env.network }),
        quicksightMembers: quickSightOwners(env.owners).members,
        deployRoleName: deployRoleName(env.team),
        githubEnvironment: githubEnvironmentName(env.team),
        driftRoleName: driftRoleName(env.team),
        database: env.warehouse.database,
        stateKey: teamStateKey(env.team),
      })),
    });

    new TerraformOutput(this, 'state_bucket', { value: this.stateBucket.bucket.bucket });
    new TerraformOutput(this, 'plan_role_arn', { value: this.ciAccess.planRole.arn });
    new TerraformOutput(this, 'bootstrap_role_arn', { value: this.ciAccess.bootstrapRole.arn });
    for (const [team, role] of this.ciAccess.deployRoles) {
      new TerraformOutput(this, `deploy_role_arn_${team.replaceAll('-', '_')}`, {
        value: role.arn,
      });
    }
    Aspects.of(this).add(
      new TagsAspect({ workshop: WORKSHOP_TAG, 'managed-by': 'cdktf', component: 'bootstrap' }),
    );
    Aspects.of(this).add(new SecurityAspect());
  }
}
