/** The files a team uploaded to its bucket folder, downloaded for the same checks as local files. */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface DownloadedFolder {
  /** `s3://bucket/prefix`, for messages and load_history. */
  readonly url: string;
  readonly files: readonly { readonly key: string; readonly bytes: number }[];
}

/**
 * Downloads every object directly in `prefix` (not in its subfolders) into `dir`, under its own
 * file name. A folder without files is an error naming it, since there is nothing to load.
 */
export async function downloadFolder(
  s3: S3Client,
  bucket: string,
  prefix: string,
  dir: string,
): Promise<DownloadedFolder> {
  const url = `s3://${bucket}/${prefix}`;
  const keys: { key: string; bytes: number }[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix,
        Delimiter: '/',
        ...(token === undefined ? {} : { ContinuationToken: token }),
      }),
    );
    for (const o of page.Contents ?? []) {
      if (o.Key !== undefined && o.Key !== prefix) keys.push({ key: o.Key, bytes: o.Size ?? 0 });
    }
    token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  if (keys.length === 0) {
    throw new Error(
      `${url} holds no files; upload the team's files there (aws s3 cp FILE ${url}), or set source.data: sample`,
    );
  }
  await mkdir(dir, { recursive: true });
  for (const { key } of keys) {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!(object.Body instanceof Readable)) throw new Error(`${url}: no body for ${key}`);
    await pipeline(object.Body, createWriteStream(join(dir, basename(key))));
  }
  return { url, files: keys };
}
