/**
 * The deploy records: the store contract, checked on the in-memory store and on the S3 store
 * against a moto server (moto 5.2.1 implements conditional PutObject: If-Match and
 * If-None-Match: *), and what the record functions do with it.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  forgetDeploy,
  parseDeployRecord,
  readDeployRecord,
  recordDeploy,
  recordedTeams,
  recordKey,
  type RecordStore,
} from '../../../../actions/lib/gitops/deploy-record.js';
import { s3RecordStore } from '../../../../actions/lib/gitops/deploy-record-s3.js';
import { motoS3Client, startMoto, type MotoServer } from '../../../support/moto.js';
import { testRepo, type TestRepo } from './git-repo.js';
import { memoryStore } from './memory-store.js';

let moto: MotoServer;
let s3: S3Client;
let bucketCount = 0;

beforeAll(async () => {
  moto = await startMoto();
  s3 = motoS3Client(moto);
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await moto?.stop();
});

/** A fresh S3 store on its own bucket. */
async function s3Store(): Promise<RecordStore> {
  const bucket = `state-${++bucketCount}`;
  await s3.send(
    new CreateBucketCommand({
      Bucket: bucket,
      CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
    }),
  );
  return s3RecordStore(s3, bucket);
}

describe.each([
  ['in memory', async () => memoryStore()],
  ['S3 (moto)', s3Store],
] as const)('the record store contract: %s', (_name, makeStore) => {
  let store: RecordStore;
  beforeEach(async () => {
    store = await makeStore();
  });

  test('a missing key reads as undefined', async () => {
    expect(await store.read('teams/acme/deployed.json')).toBeUndefined();
  });

  test('a first write needs the key to be absent', async () => {
    expect(await store.write('k', 'one', undefined)).toBe(true);
    expect(await store.write('k', 'two', undefined)).toBe(false);
    expect((await store.read('k'))?.text).toBe('one');
  });

  test('a later write needs the revision it read; a stale one is refused', async () => {
    await store.write('k', 'one', undefined);
    const first = await store.read('k');
    expect(await store.write('k', 'two', first!.revision)).toBe(true);
    expect(await store.write('k', 'three', first!.revision)).toBe(false);
    expect((await store.read('k'))?.text).toBe('two');
  });

  test('remove deletes, and removing a missing key is fine', async () => {
    await store.write('k', 'one', undefined);
    await store.remove('k');
    expect(await store.read('k')).toBeUndefined();
    await expect(store.remove('k')).resolves.toBeUndefined();
  });

  test('list returns the keys under a prefix', async () => {
    for (const key of ['teams/a/deployed.json', 'teams/b/terraform.tfstate', 'bootstrap/x']) {
      await store.write(key, '{}', undefined);
    }
    expect((await store.list('teams/')).sort()).toEqual([
      'teams/a/deployed.json',
      'teams/b/terraform.tfstate',
    ]);
  });
});

test('an S3 failure names the bucket and key and says what to check', async () => {
  const store = s3RecordStore(s3, 'no-such-bucket');
  await expect(store.write('teams/acme/deployed.json', '{}', undefined)).rejects.toThrow(
    /S3 PutObject s3:\/\/no-such-bucket\/teams\/acme\/deployed\.json failed: NoSuchBucket: .*WORKSHOP_STATE_BUCKET/,
  );
});

describe('records', () => {
  let repo: TestRepo;
  let a: string;
  let b: string;
  beforeAll(async () => {
    repo = await testRepo();
    [a, b] = await repo.commits('A', 'B');
  });
  const at = (commit: string) => ({ commit, deployedAt: '2027-01-02T03:04:05.000Z' });

  test('live beside the Terraform state, under the prefix the deploy role may write', () => {
    expect(recordKey({ team: 'acme' })).toBe('teams/acme/deployed.json');
    expect(recordKey({ bootstrap: true })).toBe('bootstrap/deployed.json');
  });

  test('recordDeploy writes, moves forward, and keeps a newer record', async () => {
    const store = memoryStore();
    expect(await recordDeploy(store, repo.git, { team: 'acme' }, at(a))).toEqual({
      action: 'written',
      record: at(a),
    });
    expect((await recordDeploy(store, repo.git, { team: 'acme' }, at(b))).action).toBe('written');
    expect(await recordDeploy(store, repo.git, { team: 'acme' }, at(a))).toEqual({
      action: 'kept',
      newer: at(b),
    });
    expect((await readDeployRecord(store, { team: 'acme' }))?.record.commit).toBe(b);
  });

  test('recordDeploy on S3 writes the JSON a later run reads back', async () => {
    const store = await s3Store();
    await recordDeploy(store, repo.git, { bootstrap: true }, { ...at(b), run: 'https://x/1' });
    const stored = await readDeployRecord(store, { bootstrap: true });
    expect(stored?.record).toEqual({ ...at(b), run: 'https://x/1' });
    expect(JSON.parse((await store.read('bootstrap/deployed.json'))!.text)).toEqual(stored?.record);
  });

  test('recordDeploy reads again when another run wrote in between, and keeps the newer one', async () => {
    const inner = memoryStore();
    await recordDeploy(inner, repo.git, { team: 'acme' }, at(a));
    let raced = false;
    // Another run records B between this run's read and its write.
    const racing: RecordStore = {
      ...inner,
      async write(key, text, expected) {
        if (!raced) {
          raced = true;
          const current = await inner.read(key);
          await inner.write(key, JSON.stringify(at(b)), current?.revision);
        }
        return inner.write(key, text, expected);
      },
    };
    expect(await recordDeploy(racing, repo.git, { team: 'acme' }, at(a))).toEqual({
      action: 'kept',
      newer: at(b),
    });
  });

  test('recordedTeams lists team records only; forgetDeploy removes one', async () => {
    const store = memoryStore();
    await recordDeploy(store, repo.git, { team: 'globex' }, at(a));
    await recordDeploy(store, repo.git, { team: 'acme' }, at(a));
    await recordDeploy(store, repo.git, { bootstrap: true }, at(a));
    await store.write('teams/initech/terraform.tfstate', '{}', undefined);
    expect(await recordedTeams(store)).toEqual(['acme', 'globex']);
    await forgetDeploy(store, { team: 'acme' });
    expect(await recordedTeams(store)).toEqual(['globex']);
  });

  test('a damaged record is an error naming the key and the field', () => {
    expect(() => parseDeployRecord('{', 'teams/acme/deployed.json')).toThrow(
      /^teams\/acme\/deployed\.json: not JSON .*delete it to redeploy/,
    );
    expect(() =>
      parseDeployRecord(
        JSON.stringify({ commit: 'abc', deployedAt: '2027-01-01T00:00:00Z' }),
        'teams/acme/deployed.json',
      ),
    ).toThrow('teams/acme/deployed.json: commit: expected a full 40-character commit SHA');
  });
});
