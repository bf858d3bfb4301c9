import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket/index.js';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block/index.js';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration/index.js';
import { DefaultTokenResolver, StringConcat, TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import { isTrue, type SecurityRule } from './rule.js';

const resolver = new DefaultTokenResolver(new StringConcat());
const resolveIn = (stack: TerraformStack, value: unknown): unknown =>
  Tokenization.resolve(value, { scope: stack, resolver, preparing: false });

/**
 * The values by which another resource can name `bucket`: references to its `id` and `bucket`
 * attributes, resolved to `${aws_s3_bucket.<name>.id}`, and its literal name if it has one.
 */
function namesOf(stack: TerraformStack, bucket: S3Bucket): Set<unknown> {
  const names = new Set<unknown>([resolveIn(stack, bucket.id), resolveIn(stack, bucket.bucket)]);
  if (bucket.bucketInput !== undefined) names.add(bucket.bucketInput);
  return names;
}

/** Resources of type `kind` in the bucket's stack whose `bucket` argument names the bucket. */
function attachedTo<T extends IConstruct & { readonly bucketInput: string | undefined }>(
  bucket: S3Bucket,
  kind: abstract new (...args: never[]) => T,
): T[] {
  const stack = TerraformStack.of(bucket);
  const names = namesOf(stack, bucket);
  return stack.node
    .findAll()
    .filter((c): c is T => c instanceof kind)
    .filter((c) => names.has(resolveIn(stack, c.bucketInput)));
}

/** Every bucket has default encryption with a KMS key. */
export const s3EncryptionRule: SecurityRule = {
  id: 's3-bucket-encryption',
  check(node) {
    if (!(node instanceof S3Bucket)) return [];
    const kms = attachedTo(node, S3BucketServerSideEncryptionConfigurationA).some((c) => {
      const rules = c.ruleInput;
      return (
        Array.isArray(rules) &&
        rules.some((r) => r.applyServerSideEncryptionByDefault?.sseAlgorithm?.startsWith('aws:kms'))
      );
    });
    return kms
      ? []
      : ['no server-side encryption configuration with aws:kms; add one with the team key'];
  },
};

/** Every bucket has a public access block with all four settings on. */
export const s3PublicAccessBlockRule: SecurityRule = {
  id: 's3-bucket-public-access-block',
  check(node) {
    if (!(node instanceof S3Bucket)) return [];
    const complete = attachedTo(node, S3BucketPublicAccessBlock).some(
      (b) =>
        isTrue(b.blockPublicAclsInput) &&
        isTrue(b.blockPublicPolicyInput) &&
        isTrue(b.ignorePublicAclsInput) &&
        isTrue(b.restrictPublicBucketsInput),
    );
    return complete
      ? []
      : [
          'no public access block with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true',
        ];
  },
};
