/**
 * Reads the centroids out of the `model.tar.gz` that SageMaker's built-in KMeans (`kmeans:1`)
 * writes: a gzipped tar holding `model_algo-1`, an MXNet NDArray list whose first array is the
 * k × feature_dim float32 centroid matrix.
 */
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { parseNDArrayList } from './ndarray.js';

/** The member of model.tar.gz that holds the model. */
export const MODEL_MEMBER = 'model_algo-1';
/** Far above any KMeans model (k ≤ 50 centroids of a few features); guards against gzip bombs. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** KMeans centroids as float32 values widened to double, one row per cluster id. */
export interface KMeansCentroids {
  readonly k: number;
  readonly dim: number;
  readonly centroids: number[][];
}

/** A model.tar.gz that cannot be read; the message names the file and what is wrong. */
export class ModelArtifactError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelArtifactError';
  }
}

/** Reads a model.tar.gz file from disk. */
export async function readModelArtifactFile(path: string): Promise<KMeansCentroids> {
  return readModelArtifact(await readFile(path), path);
}

/**
 * Centroids from the bytes of a model.tar.gz. `source` (a path or s3:// URL) is used in errors.
 * Throws {@link ModelArtifactError} for a file that is not gzip, a truncated archive, a missing
 * `model_algo-1`, or an array that is not a 2-D float32 matrix.
 */
export async function readModelArtifact(
  bytes: Uint8Array,
  source: string,
): Promise<KMeansCentroids> {
  const tar = gunzip(bytes, source);
  const member = await findMember(tar, MODEL_MEMBER, source);
  return centroidsFromNDArrayFile(member, `${source}#${MODEL_MEMBER}`);
}

/** Centroids from the bytes of `model_algo-1` itself (an NDArray list). */
export function centroidsFromNDArrayFile(bytes: Uint8Array, source: string): KMeansCentroids {
  const { arrays } = parseNDArrayList(bytes, source);
  const first = arrays[0];
  if (first === undefined || first === null) {
    throw new ModelArtifactError(
      `${source}: holds no centroid array; expected one k × feature_dim float32 array`,
    );
  }
  if (first.dtype !== 'float32') {
    throw new ModelArtifactError(
      `${source}: array 0 is ${first.dtype}, expected float32 (the dtype SageMaker KMeans writes)`,
    );
  }
  if (first.shape.length !== 2 || first.shape[0] === 0 || first.shape[1] === 0) {
    throw new ModelArtifactError(
      `${source}: array 0 has shape [${first.shape.join(', ')}], expected [k, feature_dim] with both ≥ 1`,
    );
  }
  const [k, dim] = first.shape as [number, number];
  const view = new DataView(first.data.buffer, first.data.byteOffset, first.data.byteLength);
  const centroids: number[][] = [];
  for (let c = 0; c < k; c++) {
    const row: number[] = [];
    for (let j = 0; j < dim; j++) {
      const value = view.getFloat32((c * dim + j) * 4, true);
      if (!Number.isFinite(value)) {
        throw new ModelArtifactError(`${source}: centroid ${c}, feature ${j} is ${value}`);
      }
      row.push(value);
    }
    centroids.push(row);
  }
  return { k, dim, centroids };
}

function gunzip(bytes: Uint8Array, source: string): Buffer {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    const start = Buffer.from(bytes.subarray(0, 4)).toString('hex') || 'nothing';
    throw new ModelArtifactError(
      `${source}: not a gzip file (starts with ${start}, expected 1f8b); expected the model.tar.gz of a SageMaker training job`,
    );
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (err) {
    throw new ModelArtifactError(
      `${source}: cannot decompress (${(err as Error).message}); the download is probably truncated, fetch it again`,
    );
  }
}

/** The bytes of the tar member named `name` (a leading `./` is ignored). */
async function findMember(tar: Buffer, name: string, source: string): Promise<Uint8Array> {
  const seen: string[] = [];
  const entries = extract();
  Readable.from([tar]).pipe(entries);
  try {
    for await (const entry of entries) {
      const entryName = entry.header.name.replace(/^\.\//, '');
      if (entryName !== name || entry.header.type !== 'file') {
        seen.push(entryName);
        entry.resume();
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.destroy();
      return Buffer.concat(chunks);
    }
  } catch (err) {
    throw new ModelArtifactError(
      `${source}: not a readable tar archive (${(err as Error).message}); fetch model.tar.gz again`,
    );
  }
  throw new ModelArtifactError(
    `${source}: has no member ${name} (members: ${seen.length === 0 ? 'none' : seen.join(', ')}); ` +
      'expected the output of SageMaker built-in KMeans (kmeans:1)',
  );
}
