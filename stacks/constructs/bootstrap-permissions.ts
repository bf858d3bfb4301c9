import { BOOTSTRAP_ROLE_NAME, STATE_KEY_ALIAS } from '../../contracts/naming.js';
import { iamArn, type IamStatement } from '../../contracts/permissions/statement.js';
import { deployRoleName, driftRoleName, PLAN_ROLE_NAME } from '../../contracts/naming.js';
import { SECURE_BUCKET_SETUP_ACTIONS } from './bucket-actions.js';

export interface BootstrapScope {
  readonly partition: string;
  readonly accountId: string;
  readonly region: string;
  /** The state bucket's name. */
  readonly stateBucket: string;
}

/**
 * What applying the bootstrap stack takes, and nothing else: the state bucket and its key, the
 * OIDC provider, the plan, deploy and drift roles with their managed policies and boundaries. Its own
 * state, lock and deploy record (`bootstrap/`) are granted beside these, like every stack's. The
 * bootstrap role cannot change itself (NoSelfChange); a change to it is applied by a person.
 */
export function bootstrapStatements(scope: BootstrapScope): IamStatement[] {
  const { partition: p, accountId: account, region } = scope;
  const bucket = `arn:${p}:s3:::${scope.stateBucket}`;
  const ciRoles = [
    iamArn(scope, `role/${deployRoleName('*')}`),
    iamArn(scope, `role/${driftRoleName('*')}`),
    iamArn(scope, `role/${PLAN_ROLE_NAME}`),
  ];
  const policies = iamArn(scope, 'policy/workshop-*');
  const alias = `arn:${p}:kms:${region}:${account}:${STATE_KEY_ALIAS}`;
  return [
    {
      Sid: 'StateBucket',
      Effect: 'Allow',
      Action: ['s3:CreateBucket', ...SECURE_BUCKET_SETUP_ACTIONS],
      Resource: [bucket],
    },
    {
      Sid: 'ManageStateKey',
      Effect: 'Allow',
      Action: [
        'kms:Decrypt',
        'kms:EnableKeyRotation',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:PutKeyPolicy',
        'kms:TagResource',
        'kms:UntagResource',
        'kms:UpdateKeyDescription',
      ],
      Resource: [`arn:${p}:kms:${region}:${account}:key/*`],
      Condition: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [STATE_KEY_ALIAS] } },
    },
    {
      Sid: 'StateKeyAlias',
      Effect: 'Allow',
      Action: ['kms:UpdateAlias'],
      Resource: [alias],
    },
    {
      Sid: 'GitHubOidcProvider',
      Effect: 'Allow',
      Action: [
        'iam:AddClientIDToOpenIDConnectProvider',
        'iam:CreateOpenIDConnectProvider',
        'iam:RemoveClientIDFromOpenIDConnectProvider',
        'iam:TagOpenIDConnectProvider',
        'iam:UntagOpenIDConnectProvider',
        'iam:UpdateOpenIDConnectProviderThumbprint',
      ],
      Resource: [iamArn(scope, 'oidc-provider/token.actions.githubusercontent.com')],
    },
    {
      Sid: 'CiRoles',
      Effect: 'Allow',
      Action: [
        'iam:CreateRole',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:PutRolePolicy',
        'iam:TagRole',
        'iam:UntagRole',
        'iam:UpdateAssumeRolePolicy',
        'iam:UpdateRole',
        'iam:UpdateRoleDescription',
      ],
      Resource: ciRoles,
    },
    {
      // Only the workshop's own managed policies, never an AWS managed one.
      Sid: 'AttachWorkshopPolicies',
      Effect: 'Allow',
      Action: ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'],
      Resource: ciRoles,
      Condition: { ArnLike: { 'iam:PolicyARN': policies } },
    },
    {
      Sid: 'WorkshopPolicies',
      Effect: 'Allow',
      Action: [
        'iam:CreatePolicy',
        'iam:CreatePolicyVersion',
        'iam:DeletePolicy',
        'iam:DeletePolicyVersion',
        'iam:TagPolicy',
        'iam:UntagPolicy',
      ],
      Resource: [policies],
    },
    {
      Sid: 'NoSelfChange',
      Effect: 'Deny',
      Action: [
        'iam:AttachRolePolicy',
        'iam:DeleteRole',
        'iam:DeleteRolePolicy',
        'iam:DetachRolePolicy',
        'iam:PutRolePermissionsBoundary',
        'iam:PutRolePolicy',
        'iam:UpdateAssumeRolePolicy',
      ],
      Resource: [iamArn(scope, `role/${BOOTSTRAP_ROLE_NAME}`)],
    },
  ];
}
