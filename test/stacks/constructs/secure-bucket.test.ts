import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Testing } from 'cdktf';
import { SecureBucket } from '../../../stacks/constructs/secure-bucket.js';
import { onlyResource, policiesOf, setupCdktfMatchers } from '../../support/cdktf.js';

setupCdktfMatchers();

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/abc';

describe('SecureBucket', () => {
  const synth = Testing.synthScope((scope) => {
    new SecureBucket(scope, 'bucket', {
      bucketPrefix: 'acme-data-',
      kmsKeyArn: KEY,
      transitions: [{ id: 'old-output', prefix: 'acme/out/', infrequentAccessAfterDays: 45 }],
    });
  });

  test('blocks every kind of public access and disables ACLs', () => {
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synth).toHaveResourceWithProperties(S3BucketOwnershipControls, {
      rule: { object_ownership: 'BucketOwnerEnforced' },
    });
  });

  test('encrypts with the given KMS key and a bucket key', () => {
    expect(synth).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: KEY,
          },
          bucket_key_enabled: true,
        },
      ],
    });
  });

  test('is versioned and keeps old versions for 30 days', () => {
    expect(synth).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
    expect(synth).toHaveResourceWithProperties(S3BucketLifecycleConfiguration, {
      rule: expect.arrayContaining([
        expect.objectContaining({
          noncurrent_version_expiration: [{ noncurrent_days: 30 }],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        }),
        expect.objectContaining({
          id: 'old-output',
          filter: [{ prefix: 'acme/out/' }],
          transition: [{ days: 45, storage_class: 'STANDARD_IA' }],
        }),
      ]),
    });
  });

  test('denies any request without TLS', () => {
    const [policy] = policiesOf(synth, 'aws_s3_bucket_policy');
    expect(policy!.Statement).toContainEqual({
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: expect.arrayContaining([expect.stringMatching(/\.arn\}$/)]),
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
    expect(onlyResource(synth, 'aws_s3_bucket_policy').depends_on).toEqual([
      expect.stringContaining('aws_s3_bucket_public_access_block.'),
    ]);
  });

  test('keeps objects on destroy unless asked, and can refuse destroy altogether', () => {
    expect(synth).toHaveResourceWithProperties(S3Bucket, { force_destroy: false });
    const guarded = Testing.synthScope((scope) => {
      new SecureBucket(scope, 'state', {
        bucketName: 'acme-state',
        kmsKeyArn: KEY,
        preventDestroy: true,
      });
    });
    expect(guarded).toHaveResourceWithProperties(S3Bucket, {
      bucket: 'acme-state',
      lifecycle: { prevent_destroy: true },
    });
  });

  test('wants exactly one of bucketName and bucketPrefix, and transitions of 30 days or more', () => {
    expect(() =>
      Testing.synthScope((scope) => {
        new SecureBucket(scope, 'b', { kmsKeyArn: KEY });
      }),
    ).toThrow(/exactly one of bucketName and bucketPrefix/);
    expect(() =>
      Testing.synthScope((scope) => {
        new SecureBucket(scope, 'b', {
          bucketPrefix: 'x-',
          kmsKeyArn: KEY,
          transitions: [{ id: 'soon', prefix: 'p/', infrequentAccessAfterDays: 7 }],
        });
      }),
    ).toThrow(/"soon" must wait at least 30 days/);
  });
});
