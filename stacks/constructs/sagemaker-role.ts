import { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
import { Construct } from 'constructs';
import type { AwsContext } from './aws-context.js';
import { teamDataStatements, type TeamDataScope } from './data-access.js';
import { kmeansRepositoryArn } from './kmeans-image.js';
import { policyDocument, serviceTrustPolicy, type PolicyStatement } from './policy-document.js';
import { SERVICE_ROLE_ACTIONS as ACTIONS, sagemakerLogGroupArns } from './service-role-actions.js';

/**
 * Network interfaces a service makes for the role in the team's VPC. Their ids are not known in
 * advance; the permissions boundary keeps them to subnets and security groups of the team.
 */
export function networkInterfaceStatements(aws: AwsContext, sidPrefix: string): PolicyStatement[] {
  const ec2 = (resource: string): string =>
    `arn:${aws.partition}:ec2:${aws.region}:${aws.accountId}:${resource}`;
  return [
    {
      Sid: `${sidPrefix}NetworkInterfaces`,
      Effect: 'Allow',
      Action: ACTIONS.networkInterfaces,
      Resource: [ec2('network-interface/*'), ec2('subnet/*'), ec2('security-group/*')],
    },
    {
      // Describe calls have no resource type.
      Sid: `${sidPrefix}DescribeNetwork`,
      Effect: 'Allow',
      Action: ACTIONS.describeNetwork,
      Resource: '*',
    },
  ];
}

export interface SageMakerRoleProps {
  /** IAM role name, e.g. `workshop-acme-sagemaker`. */
  readonly roleName: string;
  readonly aws: AwsContext;
  /** The only data the role may touch. */
  readonly data: TeamDataScope;
  /**
   * Also allow managing network interfaces, which training jobs and a notebook instance in the
   * team's VPC need.
   */
  readonly vpcAccess?: boolean;
  /** The team's permissions boundary (from the bootstrap stack). */
  readonly permissionsBoundaryArn: string;
}

/**
 * The SageMaker execution role: the team's prefix and key, pulling the built-in KMeans image,
 * writing its logs and metrics, and (for jobs and a notebook in the VPC) its network interfaces.
 */
export class SageMakerRole extends Construct {
  public readonly role: IamRole;

  constructor(scope: Construct, id: string, props: SageMakerRoleProps) {
    super(scope, id);
    const { partition, accountId, region } = props.aws;
    this.role = new IamRole(this, 'this', {
      name: props.roleName,
      description: 'SageMaker KMeans training and notebook on the team prefix',
      assumeRolePolicy: serviceTrustPolicy(['sagemaker.amazonaws.com'], {
        sourceAccount: accountId,
        sourceArns: [`arn:${partition}:sagemaker:${region}:${accountId}:*`],
      }),
      permissionsBoundary: props.permissionsBoundaryArn,
    });

    const statements: PolicyStatement[] = [
      ...teamDataStatements(props.data),
      {
        Sid: 'EncryptTrainingVolumes',
        Effect: 'Allow',
        Action: 'kms:CreateGrant',
        Resource: props.data.kmsKeyArn,
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      // GetAuthorizationToken has no resource-level permissions.
      { Sid: 'EcrLogin', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' },
      {
        Sid: 'PullKMeansImage',
        Effect: 'Allow',
        Action: ACTIONS.kmeansPull,
        Resource: kmeansRepositoryArn(partition, region),
      },
      {
        Sid: 'WriteLogs',
        Effect: 'Allow',
        Action: ACTIONS.logWrite,
        Resource: sagemakerLogGroupArns(partition, region, accountId),
      },
      {
        Sid: 'PutSageMakerMetrics',
        Effect: 'Allow',
        Action: 'cloudwatch:PutMetricData',
        Resource: '*',
        Condition: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
      },
    ];
    if (props.vpcAccess ?? false) {
      statements.push(...networkInterfaceStatements(props.aws, 'Vpc'));
    }
    new IamRolePolicy(this, 'permissions', {
      name: 'kmeans-training',
      role: this.role.id,
      policy: policyDocument(statements),
    });
  }
}
