import { Testing, TerraformStack } from 'cdktf';
import { useStateBackend } from '../../stacks/backend.js';
import { parseSynth } from '../support/cdktf.js';

function synthBackend(backend: Parameters<typeof useStateBackend>[1]): Record<string, unknown> {
  const stack = new TerraformStack(Testing.app(), 'stack');
  useStateBackend(stack, backend, 'teams/acme/terraform.tfstate');
  return parseSynth(Testing.synth(stack)).terraform?.backend as Record<string, unknown>;
}

describe('useStateBackend', () => {
  test('S3 with a per-team key, encryption and S3-native locking', () => {
    expect(synthBackend({ kind: 's3', bucket: 'acme-tfstate', region: 'eu-west-1' })).toEqual({
      s3: {
        bucket: 'acme-tfstate',
        key: 'teams/acme/terraform.tfstate',
        region: 'eu-west-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test('local with a relative path, so the JSON does not depend on the machine', () => {
    expect(synthBackend({ kind: 'local' })).toEqual({ local: { path: 'terraform.tfstate' } });
  });
});
