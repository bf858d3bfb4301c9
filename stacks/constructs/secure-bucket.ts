import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration/index.js';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls/index.js';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning/index.js';
import { Construct } from 'constructs';
import { denyInsecureTransport, policyDocument, type PolicyStatement } from './policy-document.js';

/** Moves objects under a prefix to S3 Standard-IA after some days. */
export interface PrefixTransition {
  /** Rule id, unique in the bucket. */
  readonly id: string;
  /** Key prefix the rule applies to, e.g. `acme/training/`. */
  readonly prefix: string;
  /** Days after creation; at least 30 (an S3 minimum for Standard-IA). */
  readonly infrequentAccessAfterDays: number;
}

export interface SecureBucketProps {
  /** Exact bucket name; when absent, `bucketPrefix` is used and AWS adds a unique suffix. */
  readonly bucketName?: string;
  /** Name prefix (at most 37 characters) for a generated bucket name. */
  readonly bucketPrefix?: string;
  /** ARN of the KMS key for SSE-KMS; S3 bucket keys are on to cut KMS requests. */
  readonly kmsKeyArn: string;
  /** Allow `terraform destroy` to empty the bucket. Default false. */
  readonly forceDestroy?: boolean;
  /** Make Terraform refuse any plan that destroys the bucket. Default false. */
  readonly preventDestroy?: boolean;
  /** Days until a noncurrent object version is deleted. Default 30. */
  readonly noncurrentVersionExpirationDays?: number;
  /** Extra lifecycle transitions per prefix. */
  readonly transitions?: readonly PrefixTransition[];
  /** Statements added to the bucket policy after the TLS-only denial. */
  readonly policyStatements?: readonly PolicyStatement[];
}

/**
 * An S3 bucket with the terraform-aws-modules secure defaults always on: all four public access
 * blocks, ACLs disabled (BucketOwnerEnforced), SSE-KMS with a bucket key, versioning, a TLS-only
 * bucket policy, and lifecycle rules for old versions and abandoned uploads.
 */
export class SecureBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly publicAccessBlock: S3BucketPublicAccessBlock;
  public readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  public readonly policy: S3BucketPolicy;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if ((props.bucketName === undefined) === (props.bucketPrefix === undefined)) {
      throw new Error(`${this.node.path}: give exactly one of bucketName and bucketPrefix`);
    }
    this.bucket = new S3Bucket(this, 'this', {
      ...(props.bucketName === undefined ? {} : { bucket: props.bucketName }),
      ...(props.bucketPrefix === undefined ? {} : { bucketPrefix: props.bucketPrefix }),
      forceDestroy: props.forceDestroy ?? false,
      lifecycle: { preventDestroy: props.preventDestroy ?? false },
    });
    const bucket = this.bucket.id;
    for (const t of props.transitions ?? []) {
      if (t.infrequentAccessAfterDays < 30) {
        throw new Error(`${this.node.path}: transition "${t.id}" must wait at least 30 days`);
      }
    }

    this.publicAccessBlock = new S3BucketPublicAccessBlock(this, 'public-access-block', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    this.encryption = new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: 'aws:kms',
            kmsMasterKeyId: props.kmsKeyArn,
          },
          bucketKeyEnabled: true,
        },
      ],
    });
    const versioning = new S3BucketVersioningA(this, 'versioning', {
      bucket,
      versioningConfiguration: { status: 'Enabled' },
    });
    this.policy = new S3BucketPolicy(this, 'policy', {
      bucket,
      policy: policyDocument([
        denyInsecureTransport(this.bucket.arn),
        ...(props.policyStatements ?? []),
      ]),
      dependsOn: [this.publicAccessBlock],
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      rule: [
        {
          id: 'expire-noncurrent-versions-and-abandoned-uploads',
          status: 'Enabled',
          filter: [{}],
          noncurrentVersionExpiration: [
            { noncurrentDays: props.noncurrentVersionExpirationDays ?? 30 },
          ],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.transitions ?? []).map((t) => ({
          id: t.id,
          status: 'Enabled',
          filter: [{ prefix: t.prefix }],
          transition: [{ days: t.infrequentAccessAfterDays, storageClass: 'STANDARD_IA' }],
        })),
      ],
      dependsOn: [versioning],
    });
  }
}
