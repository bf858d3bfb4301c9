/**
 * Builds SageMaker-style model artifacts byte by byte for tests: MXNet NDArray list files (the
 * layout of `model_algo-1`) and the gzipped tar around them.
 */
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

export const MAGIC = { list: 0x112, v1: 0xf993fac8, v2: 0xf993fac9, v3: 0xf993faca } as const;
export const TYPE_FLAG = { float32: 0, float64: 1, float16: 2, int32: 4 } as const;

/** One array as written by `NDArray::Save` (V2 unless `magic` says otherwise). */
export interface ArraySpec {
  shape: number[];
  typeFlag?: number;
  /** Raw data bytes; default: the values 0, 1, 2, … encoded for the type flag. */
  data?: Uint8Array;
  magic?: number;
  storage?: number;
}

/** Little-endian byte writer. */
class Bytes {
  private readonly parts: Buffer[] = [];
  u32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v >>> 0);
    this.parts.push(b);
    return this;
  }
  i32(v: number): this {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.parts.push(b);
    return this;
  }
  u64(v: number | bigint): this {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.parts.push(b);
    return this;
  }
  raw(bytes: Uint8Array): this {
    this.parts.push(Buffer.from(bytes));
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Float32 little-endian bytes of `values`. */
export function float32Bytes(values: readonly number[]): Uint8Array {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeFloatLE(v, i * 4));
  return b;
}

function defaultData(shape: number[], typeFlag: number): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, (_, i) => i);
  if (typeFlag === TYPE_FLAG.float64) {
    const b = Buffer.alloc(n * 8);
    values.forEach((v, i) => b.writeDoubleLE(v, i * 8));
    return b;
  }
  if (typeFlag === TYPE_FLAG.int32) {
    const b = Buffer.alloc(n * 4);
    values.forEach((v, i) => b.writeInt32LE(v, i * 4));
    return b;
  }
  return float32Bytes(values);
}

/** An NDArray list file with `arrays` and optional `names`. */
export function ndarrayList(
  arrays: ArraySpec[],
  options: { names?: string[]; listMagic?: number } = {},
): Buffer {
  const out = new Bytes()
    .u64(options.listMagic ?? MAGIC.list)
    .u64(0)
    .u64(arrays.length);
  for (const a of arrays) {
    const magic = a.magic ?? MAGIC.v2;
    const typeFlag = a.typeFlag ?? TYPE_FLAG.float32;
    out.u32(magic);
    if (magic !== MAGIC.v1) out.i32(a.storage ?? 0);
    out.i32(a.shape.length);
    for (const d of a.shape) out.u64(d);
    if (a.shape.length === 0) continue;
    out.i32(1).i32(0).i32(typeFlag);
    out.raw(a.data ?? defaultData(a.shape, typeFlag));
  }
  const names = options.names ?? [];
  out.u64(names.length);
  for (const name of names) out.u64(Buffer.byteLength(name)).raw(Buffer.from(name));
  return out.done();
}

/** The `model_algo-1` file SageMaker KMeans writes for these centroids (float32, k × dim). */
export function kmeansModelFile(centroids: readonly (readonly number[])[]): Buffer {
  const k = centroids.length;
  const dim = centroids[0]?.length ?? 0;
  return ndarrayList([{ shape: [k, dim], data: float32Bytes(centroids.flat()) }]);
}

/** A gzipped tar of `members`. */
export async function tarGz(members: { name: string; bytes: Uint8Array }[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  for (const m of members) {
    await new Promise<void>((resolve, reject) =>
      archive.entry({ name: m.name, size: m.bytes.length }, Buffer.from(m.bytes), (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }
  archive.finalize();
  await collected;
  return gzipSync(Buffer.concat(chunks));
}

/** A complete model.tar.gz for these centroids. */
export async function kmeansArtifact(centroids: readonly (readonly number[])[]): Promise<Buffer> {
  return tarGz([{ name: 'model_algo-1', bytes: kmeansModelFile(centroids) }]);
}
