import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { Testing } from 'cdktf';
import { EncryptionKey, keyPolicyDocument } from '../../../stacks/constructs/encryption-key.js';
import { setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

const deployRole = 'arn:aws:iam::111122223333:role/workshop-acme-deploy';
const keyPolicy = { partition: 'aws', accountId: '111122223333', administratorArns: [deployRole] };

describe('EncryptionKey', () => {
  test('rotates yearly, waits 7 days before deletion, and has an alias', () => {
    const synth = Testing.synthScope((scope) => {
      new EncryptionKey(scope, 'key', { alias: 'workshop-acme', description: 'acme', keyPolicy });
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, {
      enable_key_rotation: true,
      deletion_window_in_days: 7,
    });
    expect(synth).toHaveResourceWithProperties(KmsAlias, { name: 'alias/workshop-acme' });
  });

  test('rejects a deletion window outside 7 to 30 days', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new EncryptionKey(scope, 'key', {
          alias: 'a',
          description: 'd',
          deletionWindowInDays: 3,
          keyPolicy,
        });
      }),
    ).toThrow(/7 to 30/);
  });

  test('has an explicit key policy: IAM decides for the account, the deploy role administers', () => {
    const policy = JSON.parse(keyPolicyDocument(keyPolicy)) as {
      Statement: Array<{ Sid: string; Principal: { AWS: unknown }; Action: unknown }>;
    };
    expect(policy.Statement.map((s) => [s.Sid, s.Principal.AWS])).toEqual([
      ['AccountIamPoliciesDecide', 'arn:aws:iam::111122223333:root'],
      ['KeyAdministrators', [deployRole]],
    ]);
    expect(policy.Statement[1]!.Action).not.toContain('kms:*');
    const synth = Testing.synthScope((scope) => {
      new EncryptionKey(scope, 'key', { alias: 'workshop-acme', description: 'acme', keyPolicy });
    });
    expect(synth).toHaveResourceWithProperties(KmsKey, { policy: keyPolicyDocument(keyPolicy) });
  });
});
