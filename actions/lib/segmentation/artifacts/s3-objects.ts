/** The few S3 reads and writes of a training run, addressed by `s3://bucket/key` URLs. */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** A bucket and key. */
export interface S3Location {
  readonly bucket: string;
  readonly key: string;
}

/** Splits `s3://bucket/key`; throws naming the URL when it is not one. */
export function parseS3Url(url: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(url);
  if (match === null) throw new Error(`"${url}" is not an s3://bucket/key URL`);
  return { bucket: match[1] as string, key: match[2] as string };
}

/** `s3://bucket/key`. */
export const s3Url = (bucket: string, key: string): string => `s3://${bucket}/${key}`;

/** The whole object at `url`; a missing object is an error that names it. */
export async function getObjectBytes(s3: S3Client, url: string): Promise<Uint8Array> {
  const { bucket, key } = parseS3Url(url);
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (out.Body === undefined) throw new Error('empty response body');
    return await out.Body.transformToByteArray();
  } catch (err) {
    const name = (err as { name?: string }).name;
    const hint =
      name === 'NoSuchKey'
        ? 'the object does not exist'
        : name === 'AccessDenied'
          ? "access denied; the role running this needs s3:GetObject (and kms:Decrypt) on the team's data prefix"
          : (err as Error).message;
    throw new Error(`cannot read ${url}: ${hint}`);
  }
}

/** Writes `body` to `url`, encrypted with the team's KMS key. */
export async function putObject(
  s3: S3Client,
  url: string,
  body: string | Uint8Array,
  options: { contentType: string; kmsKeyArn: string },
): Promise<void> {
  const { bucket, key } = parseS3Url(url);
  try {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: options.contentType,
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: options.kmsKeyArn,
      }),
    );
  } catch (err) {
    throw new Error(`cannot write ${url}: ${(err as Error).message}`);
  }
}
