import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  centroidsFromNDArrayFile,
  readModelArtifact,
  readModelArtifactFile,
} from '../../../../../actions/lib/segmentation/artifacts/model-artifact.js';
import { parseNDArrayList } from '../../../../../actions/lib/segmentation/artifacts/ndarray.js';
import {
  float32Bytes,
  kmeansArtifact,
  kmeansModelFile,
  MAGIC,
  ndarrayList,
  tarGz,
  TYPE_FLAG,
} from '../../../../support/model-artifact.js';
import { REPO_ROOT } from '../../../../support/warehouse.js';

/** A real artifact written by SageMaker, kept outside the repository (see its SOURCE.md). */
const REAL_DIR = join(REPO_ROOT, '..', 'shared', 'data', 'sagemaker-kmeans');
const REAL_ARTIFACT = join(REAL_DIR, 'census-k8-model.tar.gz');
const REAL_EXPECTED = join(REAL_DIR, 'census-k8-expected.json');
const haveReal = existsSync(REAL_ARTIFACT) && existsSync(REAL_EXPECTED);
if (!haveReal) {
  process.stderr.write(
    `model-artifact.test: SKIPPING the real-artifact test: ${REAL_DIR} is absent ` +
      '(it holds a model.tar.gz written by SageMaker KMeans and its expected centroids)\n',
  );
}

const CENTROIDS = [
  [0.5, 1.25, -2],
  [3, 0.125, 4.5],
];

describe('readModelArtifact on a real SageMaker artifact', () => {
  (haveReal ? test : test.skip)(
    'reads the 8 × 7 centroids exactly as the independent reader did',
    async () => {
      const expected = JSON.parse(readFileSync(REAL_EXPECTED, 'utf8')) as {
        k: number;
        dim: number;
        centroids: number[][];
      };
      const model = await readModelArtifactFile(REAL_ARTIFACT);
      expect(model.k).toBe(8);
      expect(model.dim).toBe(7);
      // float32 widened to double is exact, so the values match to the last bit.
      expect(model).toEqual(expected);
    },
  );
});

describe('readModelArtifact on built fixtures', () => {
  test('round-trips float32 centroids, with or without ./ before the member name', async () => {
    expect(await readModelArtifact(await kmeansArtifact(CENTROIDS), 'm.tar.gz')).toEqual({
      k: 2,
      dim: 3,
      centroids: CENTROIDS,
    });
    const dotted = await tarGz([
      { name: './notes.txt', bytes: Buffer.from('hi') },
      { name: './model_algo-1', bytes: kmeansModelFile(CENTROIDS) },
    ]);
    expect((await readModelArtifact(dotted, 'm.tar.gz')).centroids).toEqual(CENTROIDS);
  });

  test('values are widened from float32', async () => {
    const model = await readModelArtifact(await kmeansArtifact([[0.1, 0.2, 0.3]]), 'm.tar.gz');
    expect(model.centroids[0]).toEqual([Math.fround(0.1), Math.fround(0.2), Math.fround(0.3)]);
  });

  test('a file that is not gzip', async () => {
    await expect(readModelArtifact(Buffer.from('PK\u0003\u0004rest'), 'x.tar.gz')).rejects.toThrow(
      'x.tar.gz: not a gzip file (starts with 504b0304, expected 1f8b)',
    );
    await expect(readModelArtifact(new Uint8Array(0), 'empty.tar.gz')).rejects.toThrow(
      'empty.tar.gz: not a gzip file (starts with nothing',
    );
  });

  test('a truncated download', async () => {
    const whole = await kmeansArtifact(CENTROIDS);
    await expect(
      readModelArtifact(whole.subarray(0, whole.length - 20), 'cut.tar.gz'),
    ).rejects.toThrow(
      /^cut\.tar\.gz: cannot decompress \(.*\); the download is probably truncated/,
    );
  });

  test('a tar without model_algo-1 lists what it has', async () => {
    const archive = await tarGz([
      { name: 'model_algo-2', bytes: kmeansModelFile(CENTROIDS) },
      { name: 'README', bytes: Buffer.from('x') },
    ]);
    await expect(readModelArtifact(archive, 's3://b/m.tar.gz')).rejects.toThrow(
      's3://b/m.tar.gz: has no member model_algo-1 (members: model_algo-2, README); expected the output of SageMaker built-in KMeans (kmeans:1)',
    );
  });

  test('a member that is truncated inside the NDArray data', async () => {
    const file = kmeansModelFile(CENTROIDS);
    const archive = await tarGz([{ name: 'model_algo-1', bytes: file.subarray(0, 70) }]);
    await expect(readModelArtifact(archive, 'm.tar.gz')).rejects.toThrow(
      'm.tar.gz#model_algo-1: byte 64, array 0 data (2 × 3 float32): truncated: needs 24 bytes, 6 left of 70; the file is incomplete, download or extract it again',
    );
  });
});

describe('centroidsFromNDArrayFile: errors name the byte and field', () => {
  const read = (bytes: Uint8Array) => () => centroidsFromNDArrayFile(bytes, 'model_algo-1');

  test('wrong list magic', () => {
    expect(read(ndarrayList([{ shape: [2, 3] }], { listMagic: 0x113 }))).toThrow(
      'model_algo-1: byte 0, list header: is 0x113, expected 0x112 (not an MXNet NDArray list file)',
    );
  });

  test('a zip where the NDArray file should be gets a hint', () => {
    expect(read(Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(20)]))).toThrow(
      'the file is a zip archive; unzip it and read the NDArray file inside',
    );
  });

  test('wrong array magic', () => {
    expect(read(ndarrayList([{ shape: [2, 3], magic: 0x12345678 }]))).toThrow(
      'model_algo-1: byte 24, array 0 magic: is 0x12345678, expected 0xf993fac9 (V2), 0xf993fac8 (V1) or 0xf993faca (V3)',
    );
  });

  test('truncated in the header, the shape and the names', () => {
    const whole = kmeansModelFile(CENTROIDS);
    expect(read(whole.subarray(0, 12))).toThrow(
      'model_algo-1: byte 8, reserved: truncated: needs 8 bytes, 4 left of 12',
    );
    expect(read(whole.subarray(0, 40))).toThrow(
      'model_algo-1: byte 36, array 0 dimension 0: truncated: needs 8 bytes, 4 left of 40',
    );
    expect(read(whole.subarray(0, whole.length - 3))).toThrow(
      `model_algo-1: byte ${whole.length - 8}, name count: truncated: needs 8 bytes, 5 left`,
    );
  });

  test('non-float32 data', () => {
    expect(read(ndarrayList([{ shape: [2, 3], typeFlag: TYPE_FLAG.float64 }]))).toThrow(
      'model_algo-1: array 0 is float64, expected float32 (the dtype SageMaker KMeans writes)',
    );
    expect(read(ndarrayList([{ shape: [2, 3], typeFlag: TYPE_FLAG.int32 }]))).toThrow(
      'array 0 is int32, expected float32',
    );
    expect(read(ndarrayList([{ shape: [2, 3], typeFlag: 99, data: new Uint8Array(0) }]))).toThrow(
      'model_algo-1: byte 60, array 0 type flag: 99 is not an MXNet dtype',
    );
  });

  test('sparse storage, a vector, an empty list and trailing bytes', () => {
    expect(read(ndarrayList([{ shape: [2, 3], storage: 2 }]))).toThrow(
      'array 0 storage type: csr arrays are not supported; expected dense (0)',
    );
    expect(read(ndarrayList([{ shape: [6] }]))).toThrow(
      'model_algo-1: array 0 has shape [6], expected [k, feature_dim] with both ≥ 1',
    );
    expect(read(ndarrayList([]))).toThrow('model_algo-1: holds no centroid array');
    expect(read(Buffer.concat([kmeansModelFile(CENTROIDS), Buffer.alloc(2)]))).toThrow(
      '2 unexpected bytes after the name list',
    );
  });

  test('a count larger than the file is not trusted', () => {
    const bytes = kmeansModelFile(CENTROIDS);
    bytes.writeBigUInt64LE(1n << 40n, 16);
    expect(read(bytes)).toThrow(
      'model_algo-1: byte 16, array count: 1099511627776 is larger than the whole file',
    );
  });
});

describe('parseNDArrayList', () => {
  test('reads V1 and V3 arrays, unset arrays and names', () => {
    const list = parseNDArrayList(
      ndarrayList(
        [
          { shape: [1, 2], magic: MAGIC.v1, data: float32Bytes([1, 2]) },
          { shape: [], magic: MAGIC.v2 },
          { shape: [2], magic: MAGIC.v3, data: float32Bytes([3, 4]) },
        ],
        { names: ['a', 'b', 'c'] },
      ),
      'f',
    );
    expect(list.names).toEqual(['a', 'b', 'c']);
    expect(list.arrays.map((a) => a?.shape ?? null)).toEqual([[1, 2], null, [2]]);
    expect(list.arrays[2]?.dtype).toBe('float32');
  });

  test('names must match the arrays', () => {
    expect(() =>
      parseNDArrayList(ndarrayList([{ shape: [1, 1] }], { names: ['a', 'b'] }), 'f'),
    ).toThrow('name count: 2 names for 1 arrays');
  });
});
