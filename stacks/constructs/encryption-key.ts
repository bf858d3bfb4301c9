import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { Construct } from 'constructs';
import { iamArn } from '../../contracts/permissions/statement.js';
import { policyDocument } from './policy-document.js';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `workshop-acme`. */
  readonly alias: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** Days a deleted key waits before it is gone, 7 to 30. Default 7. */
  readonly deletionWindowInDays?: number;
  /** Who the key policy names. */
  readonly keyPolicy: KeyPolicyScope;
}

/** The principals of an explicit key policy. */
export interface KeyPolicyScope {
  readonly partition: string;
  readonly accountId: string;
  /** Roles that administer and use the key by the key policy itself; they must already exist. */
  readonly administratorArns: readonly string[];
}

/** Key administration and use that the named administrators get from the key policy. */
const ADMINISTRATOR_ACTIONS = [
  'kms:CreateAlias',
  'kms:CreateGrant',
  'kms:Decrypt',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:EnableKeyRotation',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:ScheduleKeyDeletion',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/**
 * An explicit key policy: the account's IAM policies decide (so a role is never locked out by a
 * stale principal id, and the team's service roles get the key through their IAM policies and
 * permissions boundary), and the named administrators may administer and use the key directly.
 */
export function keyPolicyDocument(scope: KeyPolicyScope): string {
  return policyDocument([
    {
      Sid: 'AccountIamPoliciesDecide',
      Effect: 'Allow',
      Principal: { AWS: iamArn(scope, 'root') },
      Action: 'kms:*',
      Resource: '*',
    },
    ...(scope.administratorArns.length === 0
      ? []
      : [
          {
            Sid: 'KeyAdministrators',
            Effect: 'Allow' as const,
            Principal: { AWS: scope.administratorArns },
            Action: ADMINISTRATOR_ACTIONS,
            Resource: '*',
          },
        ]),
  ]);
}

/** A symmetric customer managed KMS key with yearly rotation, an explicit key policy, and its alias. */
export class EncryptionKey extends Construct {
  public readonly key: KmsKey;
  public readonly alias: KmsAlias;

  constructor(scope: Construct, id: string, props: EncryptionKeyProps) {
    super(scope, id);
    const deletionWindowInDays = props.deletionWindowInDays ?? 7;
    if (deletionWindowInDays < 7 || deletionWindowInDays > 30) {
      throw new Error(`deletionWindowInDays must be 7 to 30, got ${deletionWindowInDays}`);
    }
    this.key = new KmsKey(this, 'this', {
      description: props.description,
      enableKeyRotation: true,
      deletionWindowInDays,
      policy: keyPolicyDocument(props.keyPolicy),
    });
    this.alias = new KmsAlias(this, 'alias', {
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
    });
  }
}
