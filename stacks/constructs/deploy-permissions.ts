import {
  BOOTSTRAP_ROLE_NAME,
  PLAN_ROLE_NAME,
  deployRoleName,
  driftRoleName,
  modelPackageGroupName,
  permissionsBoundaryName,
  quicksightVpcRoleName,
  redshiftRoleName,
  sagemakerRoleName,
  teamKeyAlias,
  teamServiceRoleNames,
  teamWarehouseName,
} from '../../contracts/naming.js';
import {
  TEAM_TAG,
  aliasedForTeam,
  iamArn,
  taggedForTeam,
  type IamStatement,
  type TeamScope,
} from '../../contracts/permissions/statement.js';
import { teamResources } from '../../contracts/permissions/team-resources.js';
import { SECURE_BUCKET_SETUP_ACTIONS } from './bucket-actions.js';

/** What one team's deploy role may touch. */
export interface DeployScope extends TeamScope {
  /** The team's existing VPC and subnets (environment `network`), when it brings its own. */
  readonly existingNetwork?: { readonly vpcId: string; readonly subnetIds: readonly string[] };
  /** QuickSight user names (the owners' e-mail addresses) the team's group may hold. */
  readonly quicksightMembers: readonly string[];
}

const requestTagged = (team: string) => ({
  StringEquals: { [`aws:RequestTag/${TEAM_TAG}`]: team },
});
/** A tag change that leaves the `team` tag alone. */
const teamTagUntouched = (team: string) => ({
  ...taggedForTeam(team),
  'ForAllValues:StringNotEquals': { 'aws:TagKeys': [TEAM_TAG] },
});

/** ARN of the team's permissions boundary. */
export const boundaryArn = (scope: Pick<TeamScope, 'partition' | 'accountId' | 'team'>): string =>
  iamArn(scope, `policy/${permissionsBoundaryName(scope.team)}`);

/**
 * Storage, keys, roles, warehouse, SageMaker and QuickSight of one team stack. Every resource is
 * named exactly, by a fixed-length pattern, or pinned by its `team` tag (contracts/naming.ts);
 * roles are created and changed only with the team's permissions boundary on them.
 */
export function teamInfrastructureStatements(scope: DeployScope): IamStatement[] {
  const { team } = scope;
  const r = teamResources(scope);
  const roles = teamServiceRoleNames(team).map(r.role);
  const withBoundary = { StringEquals: { 'iam:PermissionsBoundary': boundaryArn(scope) } };
  const serverless = [
    r.regional('redshift-serverless', 'namespace/*'),
    r.regional('redshift-serverless', 'workgroup/*'),
  ];
  const name = teamWarehouseName(team);
  return [
    {
      Sid: 'TeamBucket',
      Effect: 'Allow',
      Action: [
        's3:CreateBucket',
        's3:DeleteBucket',
        's3:DeleteBucketPolicy',
        's3:GetBucketPolicy',
        's3:ListBucketVersions',
        ...SECURE_BUCKET_SETUP_ACTIONS,
      ],
      Resource: [r.bucket],
    },
    {
      // force_destroy empties the bucket when an expired team is torn down.
      Sid: 'EmptyTeamBucket',
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:DeleteObjectVersion'],
      Resource: [`${r.bucket}/*`],
    },
    {
      // CreateKey has no resource type. The key is created untagged: tagging it would need
      // kms:TagResource, which IAM cannot limit to the key being created.
      Sid: 'CreateTeamKey',
      Effect: 'Allow',
      Action: ['kms:CreateKey'],
      Resource: ['*'],
      Condition: {
        StringEquals: { 'kms:KeySpec': 'SYMMETRIC_DEFAULT', 'kms:KeyUsage': 'ENCRYPT_DECRYPT' },
        Bool: { 'kms:MultiRegion': 'false', 'kms:BypassPolicyLockoutSafetyCheck': 'false' },
      },
    },
    {
      // Only the key behind the team's alias; the key policy also names the deploy role.
      Sid: 'ManageTeamKey',
      Effect: 'Allow',
      Action: [
        'kms:CreateAlias',
        'kms:CreateGrant',
        'kms:DeleteAlias',
        'kms:EnableKeyRotation',
        'kms:Encrypt',
        'kms:PutKeyPolicy',
        'kms:ScheduleKeyDeletion',
        'kms:UpdateAlias',
        'kms:UpdateKeyDescription',
      ],
      Resource: [r.anyKey],
      Condition: aliasedForTeam(team),
    },
    {
      // The key side of these alias calls is ManageTeamKey.
      Sid: 'TeamKeyAlias',
      Effect: 'Allow',
      Action: ['kms:CreateAlias', 'kms:DeleteAlias', 'kms:UpdateAlias'],
      Resource: [r.regional('kms', teamKeyAlias(team))],
    },
    {
      Sid: 'BoundedTeamRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
      ],
      Resource: roles,
      Condition: withBoundary,
    },
    {
      Sid: 'DescribeTeamRoles',
      Effect: 'Allow',
      Action: ['iam:TagRole', 'iam:UntagRole', 'iam:UpdateRole', 'iam:UpdateRoleDescription'],
      Resource: roles,
    },
    {
      Sid: 'PassRedshiftRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [r.role(redshiftRoleName(team))],
      Condition: {
        StringEquals: {
          'iam:PassedToService': ['redshift.amazonaws.com', 'redshift-serverless.amazonaws.com'],
        },
      },
    },
    {
      Sid: 'PassNotebookRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [r.role(sagemakerRoleName(team))],
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    },
    {
      Sid: 'PassQuickSightVpcRole',
      Effect: 'Allow',
      Action: ['iam:PassRole'],
      Resource: [r.role(quicksightVpcRoleName(team))],
      Condition: { StringEquals: { 'iam:PassedToService': 'quicksight.amazonaws.com' } },
    },
    {
      Sid: 'RedshiftServiceLinkedRole',
      Effect: 'Allow',
      Action: ['iam:CreateServiceLinkedRole'],
      Resource: [r.role('aws-service-role/redshift.amazonaws.com/AWSServiceRoleForRedshift')],
      Condition: { StringEquals: { 'iam:AWSServiceName': 'redshift.amazonaws.com' } },
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
        r.regional('redshift', `cluster:${name}`),
        r.regional('redshift', `parametergroup:${name}`),
        r.regional('redshift', `subnetgroup:${name}`),
      ],
    },
    {
      Sid: 'CreateTaggedServerless',
      Effect: 'Allow',
      Action: ['redshift-serverless:CreateNamespace', 'redshift-serverless:CreateWorkgroup'],
      Resource: serverless,
      Condition: requestTagged(team),
    },
    {
      Sid: 'ManageTeamServerless',
      Effect: 'Allow',
      Action: [
        'redshift-serverless:DeleteNamespace',
        'redshift-serverless:DeleteWorkgroup',
        'redshift-serverless:UpdateNamespace',
        'redshift-serverless:UpdateWorkgroup',
      ],
      Resource: serverless,
      Condition: taggedForTeam(team),
    },
    {
      Sid: 'RetagTeamServerless',
      Effect: 'Allow',
      Action: ['redshift-serverless:TagResource', 'redshift-serverless:UntagResource'],
      Resource: serverless,
      Condition: teamTagUntouched(team),
    },
    {
      // Redshift creates and rotates the managed admin secret with the caller's permissions.
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
      Resource: [r.adminSecret],
    },
    {
      // GetRandomPassword has no resource type; it is a read that touches nothing.
      Sid: 'ManagedAdminPassword',
      Effect: 'Allow',
      Action: ['secretsmanager:GetRandomPassword'],
      Resource: ['*'],
      Condition: { StringEquals: { 'aws:RequestedRegion': scope.region } },
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
        r.regional('sagemaker', `notebook-instance/${name}`),
        r.regional('sagemaker', `model-package-group/${modelPackageGroupName(team)}`),
      ],
    },
    {
      Sid: 'TeamQuickSightGroup',
      Effect: 'Allow',
      Action: [
        'quicksight:CreateGroup',
        'quicksight:DeleteGroup',
        'quicksight:DescribeGroup',
        'quicksight:UpdateGroup',
      ],
      Resource: [r.quicksightGroup(name)],
    },
    ...(scope.quicksightMembers.length === 0
      ? []
      : [
          {
            // Only the owners the environment file lists.
            Sid: 'TeamQuickSightMembers',
            Effect: 'Allow' as const,
            Action: [
              'quicksight:CreateGroupMembership',
              'quicksight:DeleteGroupMembership',
              'quicksight:DescribeGroupMembership',
            ],
            Resource: [r.quicksightGroup(name)],
            Condition: { StringEquals: { 'quicksight:UserName': scope.quicksightMembers } },
          },
        ]),
    {
      // CreateVPCConnection has no resource type; the connection must carry the team's tag.
      Sid: 'CreateTaggedQuickSightVpcConnection',
      Effect: 'Allow',
      Action: ['quicksight:CreateVPCConnection'],
      Resource: ['*'],
      Condition: requestTagged(team),
    },
    {
      Sid: 'TeamQuickSightVpcConnection',
      Effect: 'Allow',
      Action: [
        'quicksight:DeleteVPCConnection',
        'quicksight:DescribeVPCConnection',
        'quicksight:TagResource',
        'quicksight:UntagResource',
        'quicksight:UpdateVPCConnection',
      ],
      Resource: [r.regional('quicksight', `vpcConnection/${name}`), r.quicksightGroup(name)],
    },
  ];
}

const EC2_CREATES = {
  vpc: 'CreateVpc',
  subnet: 'CreateSubnet',
  'route-table': 'CreateRouteTable',
  'security-group': 'CreateSecurityGroup',
  'vpc-endpoint': 'CreateVpcEndpoint',
} as const;

/**
 * The team network, by tag: what the team creates must carry its `team` tag, and what it changes
 * or deletes must already carry it. A new resource is allowed by its request tag only as the
 * resource being created; a parent it is created in (a VPC, a route table, a security group)
 * must carry the team's tag, so no team can add a subnet, route or rule to another team's VPC.
 */
export function teamNetworkStatements(scope: DeployScope): IamStatement[] {
  const { team } = scope;
  const ec2 = (resource: string): string => teamResources(scope).regional('ec2', resource);
  const creates: IamStatement[] = Object.entries(EC2_CREATES).map(([type, action]) => ({
    Sid: `New${action.replace('Create', '')}`,
    Effect: 'Allow',
    Action: [`ec2:${action}`],
    Resource: [ec2(`${type}/*`)],
    Condition: requestTagged(team),
  }));
  const owned = [
    'vpc',
    'subnet',
    'route-table',
    'security-group',
    'vpc-endpoint',
    'security-group-rule',
  ].map((t) => ec2(`${t}/*`));
  const statements: IamStatement[] = [
    ...creates,
    {
      Sid: 'NewSecurityGroupRules',
      Effect: 'Allow',
      Action: ['ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress'],
      Resource: [ec2('security-group-rule/*')],
      Condition: requestTagged(team),
    },
    {
      Sid: 'TagOnCreate',
      Effect: 'Allow',
      Action: ['ec2:CreateTags'],
      Resource: owned,
      Condition: {
        StringEquals: {
          [`aws:RequestTag/${TEAM_TAG}`]: team,
          'ec2:CreateAction': [
            ...Object.values(EC2_CREATES),
            'AuthorizeSecurityGroupEgress',
            'AuthorizeSecurityGroupIngress',
          ],
        },
      },
    },
    {
      Sid: 'ChangeTeamNetwork',
      Effect: 'Allow',
      Action: [
        'ec2:AssociateRouteTable',
        'ec2:AuthorizeSecurityGroupEgress',
        'ec2:AuthorizeSecurityGroupIngress',
        'ec2:CreateRouteTable',
        'ec2:CreateSecurityGroup',
        'ec2:CreateSubnet',
        'ec2:CreateVpcEndpoint',
        'ec2:DeleteRouteTable',
        'ec2:DeleteSecurityGroup',
        'ec2:DeleteSubnet',
        'ec2:DeleteVpc',
        'ec2:DeleteVpcEndpoints',
        'ec2:DisassociateRouteTable',
        'ec2:ModifySecurityGroupRules',
        'ec2:ModifySubnetAttribute',
        'ec2:ModifyVpcAttribute',
        'ec2:ModifyVpcEndpoint',
        'ec2:RevokeSecurityGroupEgress',
        'ec2:RevokeSecurityGroupIngress',
        'ec2:UpdateSecurityGroupRuleDescriptionsEgress',
        'ec2:UpdateSecurityGroupRuleDescriptionsIngress',
      ],
      Resource: owned,
      Condition: taggedForTeam(team),
    },
    {
      Sid: 'RetagTeamNetwork',
      Effect: 'Allow',
      Action: ['ec2:CreateTags', 'ec2:DeleteTags'],
      Resource: owned,
      Condition: teamTagUntouched(team),
    },
  ];
  if (scope.existingNetwork !== undefined) {
    statements.push({
      // The team's own VPC from its environment file: only its security group goes there.
      Sid: 'SecurityGroupInExistingVpc',
      Effect: 'Allow',
      Action: ['ec2:CreateSecurityGroup'],
      Resource: [ec2(`vpc/${scope.existingNetwork.vpcId}`)],
    });
  }
  return statements;
}

/**
 * Explicit denials that no other statement can outweigh: the team's deploy role never changes a
 * platform identity (deploy, drift, plan and bootstrap roles, the managed policies, the OIDC provider),
 * never removes or swaps a permissions boundary, and never makes users, groups, keys or policies.
 */
export function deployGuardrailStatements(scope: DeployScope): IamStatement[] {
  return [
    {
      Sid: 'NoPlatformIdentityChanges',
      Effect: 'Deny',
      Action: [
        'iam:AttachRolePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:DeleteRole',
        'iam:DeleteRolePermissionsBoundary',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:SetDefaultPolicyVersion',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
      ],
      Resource: [
        iamArn(scope, `role/${deployRoleName('*')}`),
        iamArn(scope, `role/${driftRoleName('*')}`),
        iamArn(scope, `role/${PLAN_ROLE_NAME}`),
        iamArn(scope, `role/${BOOTSTRAP_ROLE_NAME}`),
        iamArn(scope, 'policy/workshop-*'),
      ],
    },
    {
      Sid: 'BoundariesStay',
      Effect: 'Deny',
      Action: ['iam:DeleteRolePermissionsBoundary'],
      Resource: ['*'],
    },
    {
      Sid: 'OnlyTheTeamBoundary',
      Effect: 'Deny',
      Action: ['iam:CreateRole', 'iam:PutRolePermissionsBoundary'],
      Resource: ['*'],
      Condition: { StringNotEquals: { 'iam:PermissionsBoundary': boundaryArn(scope) } },
    },
    {
      Sid: 'NoNewIdentities',
      Effect: 'Deny',
      Action: [
        'iam:AddUserToGroup',
        'iam:AttachGroupPolicy',
        'iam:AttachUserPolicy',
        'iam:CreateAccessKey',
        'iam:CreateGroup',
        'iam:CreateLoginProfile',
        'iam:CreateOpenIDConnectProvider',
        'iam:CreatePolicy',
        'iam:CreateSAMLProvider',
        'iam:CreateServiceSpecificCredential',
        'iam:CreateUser',
        'iam:PutGroupPolicy',
        'iam:PutUserPolicy',
        'iam:UpdateOpenIDConnectProviderThumbprint',
      ],
      Resource: ['*'],
    },
    {
      // A team that rewrote a service role's trust still cannot become that role.
      Sid: 'NoRoleChaining',
      Effect: 'Deny',
      Action: ['sts:AssumeRole'],
      Resource: ['*'],
    },
  ];
}
