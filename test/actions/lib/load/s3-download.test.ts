/**
 * `source.data: bucket`: the files a team uploaded to `<team>/incoming/` are downloaded from S3
 * (a moto server) and loaded with the same checks and mapping as local files, recorded in
 * load_history with their S3 URL; an empty folder is an error naming it.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadFolder } from '../../../../actions/lib/load/s3-download.js';
import { latestLoad } from '../../../../actions/lib/pipeline/load-history.js';
import { loadConfiguredStep } from '../../../../actions/lib/pipeline/steps.js';
import { writeSample } from '../../../../actions/lib/sample-data/kinds.js';
import { exampleEnvironment, migratedLocalBackend, SQL } from '../../../support/backend.js';
import { motoS3Client, startMoto, type MotoServer } from '../../../support/moto.js';

let moto: MotoServer;
let s3: S3Client;
const BUCKET = 'workshop-retail-bank-data-20260101120000000000000001';

beforeAll(async () => {
  moto = await startMoto();
  s3 = motoS3Client(moto);
  await s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  const sample = await writeSample('olist', await mkdtemp(join(tmpdir(), 'upload-')), {
    size: 400,
    seed: 4,
  });
  for (const f of sample.files) {
    const name = f.path.split('/').pop() ?? '';
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `retail-bank/incoming/${name}`,
        Body: await readFile(f.path),
      }),
    );
  }
  // Not in the folder itself: neither is downloaded.
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'retail-bank/incoming/old/x.csv', Body: 'a' }),
  );
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: 'retail-bank/loads/y.csv', Body: 'b' }),
  );
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

test('downloads the files directly in the folder, by name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'incoming-'));
  const folder = await downloadFolder(s3, BUCKET, 'retail-bank/incoming/', dir);
  expect(folder.url).toBe(`s3://${BUCKET}/retail-bank/incoming/`);
  expect(folder.files.map((f) => f.key).sort()).toEqual([
    'retail-bank/incoming/olist_customers_dataset.csv',
    'retail-bank/incoming/olist_order_payments_dataset.csv',
    'retail-bank/incoming/olist_orders_dataset.csv',
  ]);
  expect((await readFile(join(dir, 'olist_orders_dataset.csv'), 'utf8')).split('\n')[0]).toContain(
    'order_id',
  );
});

test('an empty folder names itself and what to do', async () => {
  await expect(
    downloadFolder(s3, BUCKET, 'retail-bank/nothing/', await mkdtemp(join(tmpdir(), 'x-'))),
  ).rejects.toThrow(
    `s3://${BUCKET}/retail-bank/nothing/ holds no files; upload the team's files there (aws s3 cp FILE s3://${BUCKET}/retail-bank/nothing/), or set source.data: sample`,
  );
});

test('source.data: bucket loads the uploaded files through the same checks, as files', async () => {
  const env = await exampleEnvironment();
  const { backend, dispose } = await migratedLocalBackend({
    ...env,
    source: { ...env.source, data: 'bucket' },
  });
  try {
    // The local backend has no bucket; this one reads the moto bucket as the AWS loader does.
    const withBucket = {
      ...backend,
      loader: {
        ...backend.loader,
        downloadIncoming: (dir: string) => downloadFolder(s3, BUCKET, 'retail-bank/incoming/', dir),
      },
    };
    const lines: string[] = [];
    const reports = await loadConfiguredStep(withBucket, SQL, 999, (l) => lines.push(l));
    expect(reports.map((r) => [r.table, r.rowsRejected])).toEqual([
      ['customers', 0],
      ['orders', 0],
      ['payments', 0],
    ]);
    expect(lines).toEqual([`downloaded 3 file(s) from s3://${BUCKET}/retail-bank/incoming/`]);
    expect(await latestLoad(backend.wh)).toMatchObject({
      origin: 'files',
      detail: `s3://${BUCKET}/retail-bank/incoming/`,
    });
    // Without a bucket (the local backend), the step says to load with --data.
    await expect(loadConfiguredStep(backend, SQL, 999, () => undefined)).rejects.toThrow(
      'the local backend has no bucket to load from; load the team',
    );
  } finally {
    await dispose();
  }
});
