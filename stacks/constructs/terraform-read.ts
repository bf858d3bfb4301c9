import { iamArn, type IamStatement } from '../../contracts/permissions/statement.js';

/** Where the stacks live. */
export interface ReadScope {
  readonly partition: string;
  readonly accountId: string;
  /** The state bucket, whose configuration the bootstrap stack refreshes. */
  readonly stateBucket: string;
}

/**
 * What `terraform plan` reads to refresh the workshop stacks: the configuration of every resource
 * type they declare, and nothing that holds data. Unlike ReadOnlyAccess it has no
 * s3:GetObject, logs:Get*, dynamodb:Scan, secretsmanager:GetSecretValue or
 * redshift-serverless:GetCredentials.
 */
export function terraformReadStatements(scope: ReadScope): IamStatement[] {
  const { partition: p, accountId: account } = scope;
  return [
    {
      Sid: 'ReadBucketConfiguration',
      Effect: 'Allow',
      Action: [
        's3:GetAccelerateConfiguration',
        's3:GetBucket*',
        's3:GetEncryptionConfiguration',
        's3:GetLifecycleConfiguration',
        's3:GetReplicationConfiguration',
      ],
      Resource: [`arn:${p}:s3:::workshop-*`, `arn:${p}:s3:::${scope.stateBucket}`],
    },
    {
      Sid: 'ReadIdentities',
      Effect: 'Allow',
      Action: [
        'iam:GetOpenIDConnectProvider',
        'iam:GetPolicy',
        'iam:GetPolicyVersion',
        'iam:GetRole',
        'iam:GetRolePolicy',
        'iam:ListAttachedRolePolicies',
        'iam:ListInstanceProfilesForRole',
        'iam:ListPolicyVersions',
        'iam:ListRolePolicies',
        'iam:ListRoleTags',
      ],
      Resource: [
        iamArn(scope, 'role/workshop-*'),
        iamArn(scope, 'policy/workshop-*'),
        iamArn(scope, 'oidc-provider/token.actions.githubusercontent.com'),
      ],
    },
    {
      Sid: 'ReadKeys',
      Effect: 'Allow',
      Action: [
        'kms:DescribeKey',
        'kms:GetKeyPolicy',
        'kms:GetKeyRotationStatus',
        'kms:ListResourceTags',
      ],
      Resource: [`arn:${p}:kms:*:${account}:key/*`],
    },
    {
      // These actions have no resource type; they return configuration, never data.
      Sid: 'DescribeConfiguration',
      Effect: 'Allow',
      Action: [
        'ec2:DescribeAvailabilityZones',
        'ec2:DescribePrefixLists',
        'ec2:DescribeRouteTables',
        'ec2:DescribeSecurityGroupRules',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcAttribute',
        'ec2:DescribeVpcEndpoints',
        'ec2:DescribeVpcs',
        'kms:ListAliases',
        'redshift:DescribeClusterParameterGroups',
        'redshift:DescribeClusterParameters',
        'redshift:DescribeClusterSubnetGroups',
        'redshift:DescribeClusters',
        'redshift:DescribeLoggingStatus',
        'redshift:DescribeTags',
        'redshift-serverless:GetNamespace',
        'redshift-serverless:GetWorkgroup',
        'redshift-serverless:ListTagsForResource',
        'sagemaker:DescribeModelPackageGroup',
        'sagemaker:DescribeNotebookInstance',
        'sagemaker:ListTags',
        'quicksight:DescribeGroup',
        'quicksight:DescribeGroupMembership',
        'quicksight:DescribeVPCConnection',
        'quicksight:ListTagsForResource',
      ],
      Resource: ['*'],
    },
  ];
}

/**
 * `s3:ListBucket` on `buckets`, which HeadBucket (Terraform's check that a bucket exists) needs. It
 * also lists keys, so each role gets it only on the buckets its plans refresh: the plan and
 * bootstrap roles every workshop bucket, a team's deploy role its own and the state bucket.
 */
export function headBucketStatement(buckets: readonly string[]): IamStatement {
  return { Sid: 'HeadBuckets', Effect: 'Allow', Action: ['s3:ListBucket'], Resource: buckets };
}
