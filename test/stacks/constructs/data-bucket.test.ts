import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { Testing } from 'cdktf';
import { DataBucket } from '../../../stacks/constructs/data-bucket.js';
import { setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

describe('DataBucket', () => {
  test('a team bucket that moves training output to Standard-IA and empties on destroy', () => {
    let handles: DataBucket | undefined;
    const synth = Testing.synthScope((scope) => {
      handles = new DataBucket(scope, 'data', {
        bucketPrefix: 'workshop-acme-data-',
        dataPrefix: 'acme/',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:111122223333:key/abc',
      });
    });
    expect(handles!.trainingPrefix).toBe('acme/training/');
    expect(synth).toHaveResourceWithProperties(S3Bucket, {
      bucket_prefix: 'workshop-acme-data-',
      force_destroy: true,
    });
    expect(synth).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([
        expect.objectContaining({
          filter: [{ prefix: 'acme/training/' }],
          transition: [{ days: 30, storage_class: 'STANDARD_IA' }],
        }),
      ]),
    });
  });

  test('rejects a prefix without a trailing slash', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new DataBucket(scope, 'data', { bucketPrefix: 'x-', dataPrefix: 'acme', kmsKeyArn: 'k' });
      }),
    ).toThrow(/dataPrefix must end in "\/"/);
  });
});
