/**
 * Deploy records as objects in the Terraform state bucket. The bucket is versioned and encrypted
 * with the state key, each team's deploy role may already read and write its own `teams/<team>/`
 * prefix, and the plan role may read every object, so the records need no new permissions.
 * Writes are conditional (`If-Match` on the ETag read, `If-None-Match: *` for a first record).
 */
import {
  DeleteObjectCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { RecordStore } from './deploy-record.js';

/** S3 errors that mean "the object changed since it was read". */
const CONFLICTS = new Set(['PreconditionFailed', 'ConditionalRequestConflict']);

const errorName = (e: unknown): string => (e instanceof Error ? e.name : '');
const status = (e: unknown): number | undefined =>
  (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

const HINTS: Readonly<Record<string, string>> = {
  AccessDenied:
    "the role needs s3:GetObject, s3:PutObject and s3:DeleteObject on the record's prefix, s3:ListBucket on the bucket, and kms:Decrypt/Encrypt/GenerateDataKey on the state key",
  NoSuchBucket: 'check the repository variable WORKSHOP_STATE_BUCKET',
};

function failure(action: string, bucket: string, key: string, e: unknown): Error {
  const name = errorName(e) || 'Error';
  const hint = HINTS[name];
  return new Error(
    `S3 ${action} s3://${bucket}/${key} failed: ${name}: ${(e as Error).message}${hint === undefined ? '' : `; ${hint}`}`,
    { cause: e },
  );
}

/** A {@link RecordStore} over `bucket`; the client is the caller's (region, credentials, endpoint). */
export function s3RecordStore(client: S3Client, bucket: string): RecordStore {
  return {
    async read(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        const text = (await out.Body?.transformToString('utf8')) ?? '';
        if (out.ETag === undefined) throw new Error('the response has no ETag');
        return { text, revision: out.ETag };
      } catch (e) {
        if (errorName(e) === 'NoSuchKey' || status(e) === 404) return undefined;
        throw failure('GetObject', bucket, key, e);
      }
    },

    async write(key, text, expected) {
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body: text,
            ContentType: 'application/json',
            ...(expected === undefined ? { IfNoneMatch: '*' } : { IfMatch: expected }),
          }),
        );
        return true;
      } catch (e) {
        if (CONFLICTS.has(errorName(e)) || status(e) === 412 || status(e) === 409) return false;
        // If-Match on an object deleted since it was read.
        if (expected !== undefined && (errorName(e) === 'NoSuchKey' || status(e) === 404)) {
          return false;
        }
        throw failure('PutObject', bucket, key, e);
      }
    },

    async remove(key) {
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
      } catch (e) {
        throw failure('DeleteObject', bucket, key, e);
      }
    },

    async list(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        let out;
        try {
          out = await client.send(
            new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          );
        } catch (e) {
          throw failure('ListObjectsV2', bucket, `${prefix}*`, e);
        }
        for (const o of out.Contents ?? []) if (o.Key !== undefined) keys.push(o.Key);
        token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
      } while (token !== undefined);
      return keys;
    },
  };
}
