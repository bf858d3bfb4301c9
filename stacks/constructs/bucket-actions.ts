/**
 * The calls that configure a new SecureBucket after s3:CreateBucket (ownership, policy, public
 * access block, tags, versioning, encryption, lifecycle): whoever applies a stack with one needs them.
 */
export const SECURE_BUCKET_SETUP_ACTIONS = [
  's3:PutBucketOwnershipControls',
  's3:PutBucketPolicy',
  's3:PutBucketPublicAccessBlock',
  's3:PutBucketTagging',
  's3:PutBucketVersioning',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
] as const;
