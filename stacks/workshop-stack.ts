import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
import { Aspects, Fn, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { Environment } from '../contracts/environment/schema.js';
import { STACK_OUTPUT, type StackOutputName } from '../contracts/stack-outputs.js';
import { iamArn } from '../contracts/permissions/statement.js';
import { SecurityAspect } from './aspects/security.js';
import { TagsAspect } from './aspects/tags.js';
import { useStateBackend, type StateBackend } from './backend.js';
import type { AwsContext } from './constructs/aws-context.js';
import { DataBucket } from './constructs/data-bucket.js';
import { EncryptionKey } from './constructs/encryption-key.js';
import { ModelRegistry } from './constructs/model-registry.js';
import { TeamNetwork } from './constructs/network.js';
import { TeamNotebook } from './constructs/notebook.js';
import { QuickSightAccess } from './constructs/quicksight-access.js';
import { RedshiftClusterWarehouse } from './constructs/redshift-cluster-warehouse.js';
import { RedshiftRole } from './constructs/redshift-role.js';
import { RedshiftServerlessWarehouse } from './constructs/redshift-serverless-warehouse.js';
import { SageMakerRole } from './constructs/sagemaker-role.js';
import { quickSightOwners } from '../contracts/quicksight-members.js';
import { boundaryArn } from './constructs/deploy-permissions.js';
import {
  deployRoleName,
  quicksightVpcRoleName,
  teamKeyAlias,
  dataBucketPrefix,
  modelPackageGroupName,
  redshiftRoleName,
  sagemakerRoleName,
  teamDataPrefix,
  teamResourcePrefix,
  teamStateKey,
  WORKSHOP_TAG,
} from '../contracts/naming.js';
import { awsProvider, type EmulatorEndpoint } from './provider.js';

export interface WorkshopStackProps {
  /** The team's validated environment file. */
  readonly environment: Environment;
  /** Where the stack keeps its state. */
  readonly backend: StateBackend;
  /** Point the provider at an AWS emulator; tests only. */
  readonly emulator?: EmulatorEndpoint;
}

/** One team's isolated environment: key, bucket, network, warehouse, roles, ML and BI access. */
export class WorkshopStack extends TerraformStack {
  public readonly dataBucket: DataBucket;
  public readonly key: EncryptionKey;
  public readonly network: TeamNetwork;
  public readonly warehouse: RedshiftClusterWarehouse | RedshiftServerlessWarehouse;
  public readonly redshiftRole: RedshiftRole;
  public readonly sagemakerRole: SageMakerRole;
  public readonly registry: ModelRegistry;
  public readonly quicksight: QuickSightAccess;
  public readonly notebook?: TeamNotebook;

  constructor(scope: Construct, id: string, props: WorkshopStackProps) {
    super(scope, id);
    const env = props.environment;
    const prefix = teamResourcePrefix(env.team);
    awsProvider(this, env.region, props.emulator);
    useStateBackend(this, props.backend, teamStateKey(env.team));
    const aws: AwsContext = {
      partition: new DataAwsPartition(this, 'partition').partition,
      accountId: new DataAwsCallerIdentity(this, 'account').accountId,
      region: env.region,
    };

    const deployRoleArn = iamArn(aws, `role/${deployRoleName(env.team)}`);
    const permissionsBoundaryArn = boundaryArn({ ...aws, team: env.team });
    this.key = new EncryptionKey(this, 'key', {
      alias: teamKeyAlias(env.team).replace(/^alias\//, ''),
      description: `Workshop team ${env.team}: data, warehouse and notebook`,
      keyPolicy: { ...aws, administratorArns: [deployRoleArn] },
    });
    const kmsKeyArn = this.key.key.arn;
    this.dataBucket = new DataBucket(this, 'data', {
      bucketPrefix: dataBucketPrefix(env.team),
      dataPrefix: teamDataPrefix(env.team),
      kmsKeyArn,
    });
    const data = {
      bucketArn: this.dataBucket.bucket.bucket.arn,
      prefix: this.dataBucket.dataPrefix,
      kmsKeyArn,
    };

    const serverless = env.warehouse.type === 'serverless';
    this.network = new TeamNetwork(this, 'network', {
      namePrefix: prefix,
      region: env.region,
      ...(env.network === undefined ? {} : { existing: env.network }),
      // Redshift Serverless places a workgroup in three Availability Zones.
      availabilityZoneCount: serverless ? 3 : 2,
    });
    const placement = {
      subnetIds: this.network.subnetIds,
      securityGroupIds: [this.network.securityGroup.id],
    };

    this.redshiftRole = new RedshiftRole(this, 'redshift-role', {
      roleName: redshiftRoleName(env.team),
      data,
      accountId: aws.accountId,
      permissionsBoundaryArn,
    });
    this.sagemakerRole = new SageMakerRole(this, 'sagemaker-role', {
      roleName: sagemakerRoleName(env.team),
      aws,
      data,
      // Training jobs run in the team's subnets (VpcConfig), as the notebook does.
      vpcAccess: true,
      permissionsBoundaryArn,
    });

    const warehouse = {
      name: prefix,
      database: env.warehouse.database,
      kmsKeyArn,
      roleArn: this.redshiftRole.role.arn,
      ...placement,
    };
    this.warehouse =
      env.warehouse.type === 'provisioned'
        ? new RedshiftClusterWarehouse(this, 'warehouse', {
            ...warehouse,
            nodeType: env.warehouse.nodeType,
            nodeCount: env.warehouse.nodeCount,
          })
        : new RedshiftServerlessWarehouse(this, 'warehouse', {
            ...warehouse,
            baseCapacity: env.warehouse.baseCapacity,
          });

    if (env.notebook.enabled) {
      this.notebook = new TeamNotebook(this, 'notebook', {
        name: prefix,
        instanceType: env.notebook.instanceType,
        volumeSizeGb: env.notebook.volumeSizeGb,
        roleArn: this.sagemakerRole.role.arn,
        kmsKeyArn,
        subnetId: this.network.subnetIds[0]!,
        securityGroupIds: placement.securityGroupIds,
      });
    }
    this.registry = new ModelRegistry(this, 'model-registry', {
      groupName: modelPackageGroupName(env.team),
    });
    this.quicksight = new QuickSightAccess(this, 'quicksight', {
      name: prefix,
      aws,
      vpcRoleName: quicksightVpcRoleName(env.team),
      permissionsBoundaryArn,
      members: quickSightOwners(env.owners).members,
      ...(env.quicksight.vpcConnection ? { vpc: placement } : {}),
    });

    this.addOutputs(env);
    Aspects.of(this).add(
      new TagsAspect({
        team: env.team,
        workshop: WORKSHOP_TAG,
        expires: env.expires,
        'managed-by': 'cdktf',
      }),
    );
    Aspects.of(this).add(new SecurityAspect());
  }

  private addOutputs(env: Environment): void {
    const output = (name: StackOutputName, value: string, description: string): void => {
      new TerraformOutput(this, name, { value, description });
    };
    output(STACK_OUTPUT.region, env.region, 'AWS region of the team');
    output(STACK_OUTPUT.dataBucket, this.dataBucket.bucket.bucket.bucket, 'Team data bucket');
    output(STACK_OUTPUT.dataPrefix, this.dataBucket.dataPrefix, 'Key prefix of the team data');
    output(STACK_OUTPUT.kmsKeyArn, this.key.key.arn, 'Team KMS key');
    output(STACK_OUTPUT.redshiftRoleArn, this.redshiftRole.role.arn, 'Role for COPY and UNLOAD');
    output(STACK_OUTPUT.sagemakerRoleArn, this.sagemakerRole.role.arn, 'SageMaker execution role');
    output(
      STACK_OUTPUT.modelPackageGroup,
      this.registry.group.modelPackageGroupName,
      'Model registry',
    );
    output(STACK_OUTPUT.quicksightGroup, this.quicksight.group.groupName, 'QuickSight group');
    if (this.quicksight.vpcConnection !== undefined) {
      output(
        STACK_OUTPUT.quicksightVpcConnectionArn,
        this.quicksight.vpcConnection.arn,
        'QuickSight VPC connection',
      );
    }
    output(
      STACK_OUTPUT.trainingSubnetIds,
      Fn.join(',', this.network.subnetIds),
      'Private subnets of training jobs, comma-separated',
    );
    output(
      STACK_OUTPUT.trainingSecurityGroupId,
      this.network.securityGroup.id,
      'Security group of training jobs',
    );
    output(STACK_OUTPUT.warehouseType, this.warehouse.type, 'provisioned or serverless');
    output(STACK_OUTPUT.database, this.warehouse.database, 'Database of the RFM schema');
    output(STACK_OUTPUT.secretArn, this.warehouse.secretArn, 'Secret with the admin credentials');
    if (this.warehouse instanceof RedshiftClusterWarehouse) {
      output(STACK_OUTPUT.clusterId, this.warehouse.name, 'Redshift cluster identifier');
    } else {
      output(STACK_OUTPUT.workgroup, this.warehouse.name, 'Redshift Serverless workgroup');
      output(
        STACK_OUTPUT.namespace,
        this.warehouse.namespace.namespaceName,
        'Redshift Serverless namespace',
      );
    }
  }
}
