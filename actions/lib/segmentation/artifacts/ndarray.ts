/**
 * Reader for MXNet's NDArray list file (`mx.nd.save`), the format of SageMaker's `model_algo-1`.
 * Layout (little-endian), from MXNet's `NDArray::Save`:
 *   uint64 0x112 (list magic), uint64 reserved, uint64 count, count × array, uint64 name count,
 *   name count × (uint64 length, bytes).
 *   array (V2/V3): uint32 magic, int32 storage type, shape, [int32 dev_type, int32 dev_id,
 *   int32 type flag, data] when the shape has dimensions; V1 has no storage type.
 *   shape: int32 ndim, ndim × int64.
 */

export const NDARRAY_LIST_MAGIC = 0x112n;
const V1_MAGIC = 0xf993fac8;
const V2_MAGIC = 0xf993fac9;
/** V3 marks NumPy shape semantics: ndim -1 is "no array", ndim 0 a scalar. */
const V3_MAGIC = 0xf993faca;
const DENSE_STORAGE = 0;
/** More dimensions than any MXNet build allows: the bytes are not a shape. */
const MAX_NDIM = 32;

/** mshadow type flags: name and bytes per element. */
const DTYPES: Readonly<Record<number, { name: string; size: number }>> = {
  0: { name: 'float32', size: 4 },
  1: { name: 'float64', size: 8 },
  2: { name: 'float16', size: 2 },
  3: { name: 'uint8', size: 1 },
  4: { name: 'int32', size: 4 },
  5: { name: 'int8', size: 1 },
  6: { name: 'int64', size: 8 },
  7: { name: 'bool', size: 1 },
  8: { name: 'int16', size: 2 },
  9: { name: 'uint16', size: 2 },
  10: { name: 'uint32', size: 4 },
  11: { name: 'uint64', size: 8 },
  12: { name: 'bfloat16', size: 2 },
};

const STORAGE_NAMES: Readonly<Record<number, string>> = { 1: 'row_sparse', 2: 'csr' };

/** One dense array as stored: its shape, element type and raw little-endian bytes. */
export interface NDArray {
  readonly shape: readonly number[];
  /** `float32`, `float64`, … (mshadow type names). */
  readonly dtype: string;
  readonly data: Uint8Array;
}

/** The arrays of a file in order, and their names (MXNet allows an empty name list). */
export interface NDArrayList {
  readonly arrays: readonly (NDArray | null)[];
  readonly names: readonly string[];
}

/** A file that is not a readable NDArray list; the message names the file, byte and field. */
export class NDArrayFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NDArrayFormatError';
  }
}

/** Sequential little-endian reads that fail with the field being read when bytes run out. */
class Cursor {
  offset = 0;
  /** Where the field read last (or being read) starts: the byte errors point at. */
  private fieldStart = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly source: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.byteLength - this.offset;
  }

  fail(field: string, problem: string): NDArrayFormatError {
    return new NDArrayFormatError(`${this.source}: byte ${this.fieldStart}, ${field}: ${problem}`);
  }

  private need(n: number, field: string): number {
    this.fieldStart = this.offset;
    if (n > this.remaining) {
      throw this.fail(
        field,
        `truncated: needs ${n} bytes, ${this.remaining} left of ${this.bytes.byteLength}; ` +
          'the file is incomplete, download or extract it again',
      );
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u32(field: string): number {
    return this.view.getUint32(this.need(4, field), true);
  }

  i32(field: string): number {
    return this.view.getInt32(this.need(4, field), true);
  }

  u64(field: string): bigint {
    return this.view.getBigUint64(this.need(8, field), true);
  }

  i64(field: string): bigint {
    return this.view.getBigInt64(this.need(8, field), true);
  }

  /** A uint64 count or length that must fit in memory. */
  size(field: string): number {
    const value = this.u64(field);
    if (value > BigInt(this.bytes.byteLength)) {
      throw this.fail(
        field,
        `${value} is larger than the whole file; the file is not an NDArray list`,
      );
    }
    return Number(value);
  }

  take(n: number, field: string): Uint8Array {
    const at = this.need(n, field);
    return this.bytes.subarray(at, at + n);
  }
}

/** Parses a whole NDArray list file; throws {@link NDArrayFormatError} naming the byte and field. */
export function parseNDArrayList(bytes: Uint8Array, source: string): NDArrayList {
  const cursor = new Cursor(bytes, source);
  const magic = cursor.u64('list header');
  if (magic !== NDARRAY_LIST_MAGIC) {
    throw cursor.fail(
      'list header',
      `is 0x${magic.toString(16)}, expected 0x112 (${describeStart(bytes)})`,
    );
  }
  cursor.u64('reserved');
  const count = cursor.size('array count');
  const arrays: (NDArray | null)[] = [];
  for (let i = 0; i < count; i++) arrays.push(readArray(cursor, `array ${i}`));
  const nameCount = cursor.size('name count');
  const names: string[] = [];
  for (let i = 0; i < nameCount; i++) {
    const length = cursor.size(`name ${i} length`);
    names.push(new TextDecoder().decode(cursor.take(length, `name ${i}`)));
  }
  if (names.length !== 0 && names.length !== arrays.length) {
    throw cursor.fail('name count', `${names.length} names for ${arrays.length} arrays`);
  }
  if (cursor.remaining !== 0) {
    throw cursor.fail('end of file', `${cursor.remaining} unexpected bytes after the name list`);
  }
  return { arrays, names };
}

function readArray(cursor: Cursor, label: string): NDArray | null {
  const magic = cursor.u32(`${label} magic`);
  if (magic !== V1_MAGIC && magic !== V2_MAGIC && magic !== V3_MAGIC) {
    throw cursor.fail(
      `${label} magic`,
      `is 0x${magic.toString(16)}, expected 0xf993fac9 (V2), 0xf993fac8 (V1) or 0xf993faca (V3)`,
    );
  }
  if (magic !== V1_MAGIC) {
    const storage = cursor.i32(`${label} storage type`);
    if (storage !== DENSE_STORAGE) {
      throw cursor.fail(
        `${label} storage type`,
        `${STORAGE_NAMES[storage] ?? storage} arrays are not supported; expected dense (0)`,
      );
    }
  }
  const ndim = cursor.i32(`${label} ndim`);
  if (ndim > MAX_NDIM || ndim < -1) {
    throw cursor.fail(`${label} ndim`, `${ndim} is not a dimension count`);
  }
  // An unset array: V1/V2 write ndim 0, V3 writes -1; nothing follows.
  if (ndim === -1 || (ndim === 0 && magic !== V3_MAGIC)) return null;
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const dim = cursor.i64(`${label} dimension ${d}`);
    if (dim < 0n || dim > BigInt(Number.MAX_SAFE_INTEGER)) {
      throw cursor.fail(`${label} dimension ${d}`, `${dim} is not a dimension size`);
    }
    shape.push(Number(dim));
  }
  cursor.i32(`${label} device type`);
  cursor.i32(`${label} device id`);
  const flag = cursor.i32(`${label} type flag`);
  const dtype = DTYPES[flag];
  if (dtype === undefined) throw cursor.fail(`${label} type flag`, `${flag} is not an MXNet dtype`);
  const elements = shape.reduce((a, b) => a * b, 1);
  const data = cursor.take(
    elements * dtype.size,
    `${label} data (${shape.join(' × ')} ${dtype.name})`,
  );
  return { shape, dtype: dtype.name, data };
}

/** A hint at what the bytes are instead, for the wrong-magic message. */
function describeStart(bytes: Uint8Array): string {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    return 'the file is a zip archive; unzip it and read the NDArray file inside';
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'the file is gzip-compressed; gunzip it first';
  return 'not an MXNet NDArray list file';
}
