import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** Parts of a multipart upload; files below this go up in a single PutObject. */
export const PART_SIZE = 8 * 1024 * 1024;
/** Parts in flight at once. */
const QUEUE_SIZE = 4;

export interface UploadRequest {
  readonly bucket: string;
  readonly key: string;
  readonly body: Uint8Array;
  /** The team's KMS key: every object is written SSE-KMS with it. */
  readonly kmsKeyArn: string;
  readonly contentType: string;
}

/**
 * Uploads one object with lib-storage's Upload: one PutObject for small files, a multipart upload
 * for large ones (aborted, parts included, when a part fails). Returns its `s3://` URL.
 */
export async function uploadObject(s3: S3Client, request: UploadRequest): Promise<string> {
  const url = `s3://${request.bucket}/${request.key}`;
  const upload = new Upload({
    client: s3,
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    leavePartsOnError: false,
    params: {
      Bucket: request.bucket,
      Key: request.key,
      Body: request.body,
      ContentType: request.contentType,
      ServerSideEncryption: 'aws:kms',
      SSEKMSKeyId: request.kmsKeyArn,
      BucketKeyEnabled: true,
    },
  });
  try {
    await upload.done();
  } catch (error) {
    const name = (error as { name?: unknown }).name;
    const hint =
      name === 'AccessDenied'
        ? "access denied: the role running this needs s3:PutObject on the team's data prefix and kms:GenerateDataKey on the team key"
        : error instanceof Error
          ? error.message
          : String(error);
    throw new Error(`cannot upload ${url}: ${hint}`);
  }
  return url;
}
