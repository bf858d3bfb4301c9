import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { Construct } from 'constructs';

export interface EncryptionKeyProps {
  /** Alias without the `alias/` prefix, e.g. `workshop-acme`. */
  readonly alias: string;
  /** What the key protects, shown in the console. */
  readonly description: string;
  /** Days a deleted key waits before it is gone, 7 to 30. Default 7. */
  readonly deletionWindowInDays?: number;
}

/** A symmetric customer managed KMS key with yearly rotation, and its alias. */
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
    });
    this.alias = new KmsAlias(this, 'alias', {
      name: `alias/${props.alias}`,
      targetKeyId: this.key.keyId,
    });
  }
}
