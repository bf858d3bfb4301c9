import type { PolicyStatement } from './policy-document.js';

/** What one team's deploy role may touch. */
export interface DeployScope {
  readonly team: string;
  /** Name prefix of all the team's resources, e.g. `workshop-acme`. */
  readonly resourcePrefix: string;
  readonly region: string;
  readonly partition: string;
  readonly accountId: string;
}

const EC2_NETWORK_ACTIONS = [
  'ec2:AssociateRouteTable',
  'ec2:AuthorizeSecurityGroupEgress',
  'ec2:AuthorizeSecurityGroupIngress',
  'ec2:CreateRouteTable',
  'ec2:CreateSecurityGroup',
  'ec2:CreateSubnet',
  'ec2:CreateTags',
  'ec2:CreateVpc',
  'ec2:CreateVpcEndpoint',
  'ec2:DeleteRouteTable',
  'ec2:DeleteSecurityGroup',
  'ec2:DeleteSubnet',
  'ec2:DeleteTags',
  'ec2:DeleteVpc',
  'ec2:DeleteVpcEndpoints',
  'ec2:DisassociateRouteTable',
  'ec2:ModifySecurityGroupRules',
  'ec2:ModifySubnetAttribute',
  'ec2:ModifyVpcAttribute',
  'ec2:ModifyVpcEndpoint',
  'ec2:RevokeSecurityGroupEgress',
  'ec2:RevokeSecurityGroupIngress',
];

/**
 * Write access to the resources of one team stack, by name where the service allows it and by
 * `team` tag for KMS keys. Reads come from the AWS managed ReadOnlyAccess policy. EC2 and Redshift
 * Serverless ids are generated, so those statements are limited to the team's region only.
 */
export function teamDeployStatements(scope: DeployScope): PolicyStatement[] {
  const { partition: p, region, accountId, resourcePrefix: prefix, team } = scope;
  const arn = (service: string, resource: string, inRegion = region): string =>
    `arn:${p}:${service}:${inRegion}:${accountId}:${resource}`;
  const inRegion = { StringEquals: { 'aws:RequestedRegion': region } };
  return [
    {
      Sid: 'TeamBuckets',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:DeleteObject',
        's3:DeleteObjectVersion',
        's3:Get*',
        's3:List*',
        's3:Put*',
      ],
      Resource: [`arn:${p}:s3:::${prefix}-*`, `arn:${p}:s3:::${prefix}-*/*`],
    },
    {
      Sid: 'TeamRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:PassRole',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
      ],
      Resource: `arn:${p}:iam::${accountId}:role/${prefix}-*`,
    },
    {
      Sid: 'CreateTeamKey',
      Effect: 'Allow',
      Action: ['kms:CreateKey', 'kms:TagResource'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:RequestTag/team': team } },
    },
    {
      Sid: 'ManageTeamKey',
      Effect: 'Allow',
      Action: [
        'kms:CreateAlias',
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DeleteAlias',
        'kms:DescribeKey',
        'kms:EnableKeyRotation',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:PutKeyPolicy',
        'kms:RetireGrant',
        'kms:ScheduleKeyDeletion',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateKeyDescription',
      ],
      Resource: arn('kms', 'key/*'),
      Condition: { StringEquals: { 'aws:ResourceTag/team': team } },
    },
    {
      Sid: 'TeamKeyAlias',
      Effect: 'Allow',
      Action: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      Resource: arn('kms', `alias/${prefix}`),
    },
    {
      Sid: 'TeamNetwork',
      Effect: 'Allow',
      Action: EC2_NETWORK_ACTIONS,
      Resource: '*',
      Condition: inRegion,
    },
    {
      Sid: 'TeamCluster',
      Effect: 'Allow',
      Action: [
        'redshift:CreateCluster',
        'redshift:CreateClusterParameterGroup',
        'redshift:CreateClusterSubnetGroup',
        'redshift:CreateTags',
        'redshift:DeleteCluster',
        'redshift:DeleteClusterParameterGroup',
        'redshift:DeleteClusterSubnetGroup',
        'redshift:DeleteTags',
        'redshift:DisableLogging',
        'redshift:EnableLogging',
        'redshift:ModifyCluster',
        'redshift:ModifyClusterIamRoles',
        'redshift:ModifyClusterParameterGroup',
        'redshift:ModifyClusterSubnetGroup',
      ],
      Resource: [
        arn('redshift', `cluster:${prefix}`),
        arn('redshift', `parametergroup:${prefix}`),
        arn('redshift', `subnetgroup:${prefix}`),
      ],
    },
    {
      Sid: 'TeamServerless',
      Effect: 'Allow',
      Action: [
        'redshift-serverless:CreateNamespace',
        'redshift-serverless:CreateWorkgroup',
        'redshift-serverless:DeleteNamespace',
        'redshift-serverless:DeleteWorkgroup',
        'redshift-serverless:TagResource',
        'redshift-serverless:UntagResource',
        'redshift-serverless:UpdateNamespace',
        'redshift-serverless:UpdateWorkgroup',
      ],
      Resource: '*',
      Condition: inRegion,
    },
    {
      // Redshift creates the managed admin secret with the caller's permissions.
      Sid: 'ManagedAdminSecret',
      Effect: 'Allow',
      Action: [
        'secretsmanager:CreateSecret',
        'secretsmanager:DeleteSecret',
        'secretsmanager:DescribeSecret',
        'secretsmanager:PutSecretValue',
        'secretsmanager:RotateSecret',
        'secretsmanager:TagResource',
        'secretsmanager:UpdateSecret',
      ],
      Resource: arn('secretsmanager', 'secret:redshift!*'),
    },
    {
      Sid: 'ManagedAdminPassword',
      Effect: 'Allow',
      Action: 'secretsmanager:GetRandomPassword',
      Resource: '*',
    },
    {
      Sid: 'TeamSageMaker',
      Effect: 'Allow',
      Action: [
        'sagemaker:AddTags',
        'sagemaker:CreateModelPackageGroup',
        'sagemaker:CreateNotebookInstance',
        'sagemaker:DeleteModelPackageGroup',
        'sagemaker:DeleteNotebookInstance',
        'sagemaker:DeleteTags',
        'sagemaker:StartNotebookInstance',
        'sagemaker:StopNotebookInstance',
        'sagemaker:UpdateNotebookInstance',
      ],
      Resource: [
        arn('sagemaker', `notebook-instance/${prefix}`),
        arn('sagemaker', `model-package-group/${prefix}-*`),
      ],
    },
    {
      Sid: 'TeamQuickSight',
      Effect: 'Allow',
      Action: [
        'quicksight:CreateGroup',
        'quicksight:CreateVPCConnection',
        'quicksight:DeleteGroup',
        'quicksight:DeleteVPCConnection',
        'quicksight:TagResource',
        'quicksight:UntagResource',
        'quicksight:UpdateGroup',
        'quicksight:UpdateVPCConnection',
      ],
      Resource: [
        arn('quicksight', `group/default/${prefix}`),
        arn('quicksight', `vpcConnection/${prefix}`),
      ],
    },
  ];
}
