import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias/index.js';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key/index.js';
import { Testing } from 'cdktf';
import { EncryptionKey } from '../../../stacks/constructs/encryption-key.js';
import { setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

describe('EncryptionKey', () => {
  test('rotates yearly, waits 7 days before deletion, and has an alias', () => {
    const synth = Testing.synthScope((scope) => {
      new EncryptionKey(scope, 'key', { alias: 'workshop-acme', description: 'acme' });
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
        new EncryptionKey(scope, 'key', { alias: 'a', description: 'd', deletionWindowInDays: 3 });
      }),
    ).toThrow(/7 to 30/);
  });
});
