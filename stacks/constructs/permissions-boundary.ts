import type { IamStatement } from '../../contracts/permissions/statement.js';
import { aliasedForTeam, taggedForTeam } from '../../contracts/permissions/statement.js';
import { teamResources } from '../../contracts/permissions/team-resources.js';
import type { DeployScope } from './deploy-permissions.js';
import { kmeansRepositoryArn } from './kmeans-image.js';
import { SERVICE_ROLE_ACTIONS as ACTIONS, sagemakerLogGroupArns } from './service-role-actions.js';

/**
 * The ceiling of every role a team's stack creates (Redshift, SageMaker, QuickSight VPC): the
 * team's data prefix and key, the KMeans image, SageMaker's logs and metrics, and network
 * interfaces in the team's subnets. Whatever policy the team writes on such a role, the role can do
 * no more than this, and nothing in IAM or STS at all. The bootstrap stack owns it; the team's
 * deploy role can neither change it nor take it off a role.
 */
export function permissionsBoundaryStatements(scope: DeployScope): IamStatement[] {
  const r = teamResources(scope);
  const { partition: p, accountId: account, region } = scope;
  const ec2 = (resource: string): string => r.regional('ec2', resource);
  const subnets = [...(scope.existingNetwork?.subnetIds ?? []).map((id) => ec2(`subnet/${id}`))];
  return [
    {
      Sid: 'TeamBucket',
      Effect: 'Allow',
      Action: ['s3:GetBucketLocation', 's3:ListBucket'],
      Resource: [r.bucket],
    },
    {
      Sid: 'TeamPrefix',
      Effect: 'Allow',
      Action: [
        's3:AbortMultipartUpload',
        's3:DeleteObject',
        's3:GetObject',
        's3:ListMultipartUploadParts',
        's3:PutObject',
      ],
      Resource: [r.objects()],
    },
    {
      Sid: 'TeamKey',
      Effect: 'Allow',
      Action: [
        'kms:CreateGrant',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
      ],
      Resource: [r.anyKey],
      Condition: aliasedForTeam(scope.team),
    },
    {
      // GetAuthorizationToken has no resource type; it only lets the caller pull images it may pull.
      Sid: 'EcrLogin',
      Effect: 'Allow',
      Action: ['ecr:GetAuthorizationToken'],
      Resource: ['*'],
    },
    {
      Sid: 'PullKMeansImage',
      Effect: 'Allow',
      Action: [...ACTIONS.kmeansPull],
      Resource: [kmeansRepositoryArn(p, region)],
    },
    {
      Sid: 'SageMakerLogs',
      Effect: 'Allow',
      Action: [...ACTIONS.logWrite],
      Resource: sagemakerLogGroupArns(p, region, account),
    },
    {
      // PutMetricData has no resource type; the namespace pins it.
      Sid: 'SageMakerMetrics',
      Effect: 'Allow',
      Action: ['cloudwatch:PutMetricData'],
      Resource: ['*'],
      Condition: { StringLike: { 'cloudwatch:namespace': '/aws/sagemaker/*' } },
    },
    {
      Sid: 'NetworkInterfacesInTeamSubnets',
      Effect: 'Allow',
      Action: ['ec2:CreateNetworkInterface'],
      Resource: [ec2('subnet/*'), ec2('security-group/*')],
      Condition: taggedForTeam(scope.team),
    },
    ...(subnets.length === 0
      ? []
      : [
          {
            Sid: 'NetworkInterfacesInExistingSubnets',
            Effect: 'Allow' as const,
            Action: ['ec2:CreateNetworkInterface'],
            Resource: subnets,
          },
        ]),
    {
      // The interface itself; services' interfaces are requester-managed, which no team can delete.
      Sid: 'OwnNetworkInterfaces',
      Effect: 'Allow',
      Action: [...ACTIONS.networkInterfaces],
      Resource: [ec2('network-interface/*')],
    },
    {
      Sid: 'DescribeNetwork',
      Effect: 'Allow',
      Action: [...ACTIONS.describeNetwork],
      Resource: ['*'],
    },
  ];
}
