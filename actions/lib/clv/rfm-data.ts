/**
 * The BG/NBD input in the compact form the likelihood loop reads: per row a frequency x, indexes into the
 * tables of distinct t_x and T values, and a weight (how many customers share the row). Rows are either
 * one per customer (in input order) or one per distinct (x, t_x, T) triple ("grouped", ordered by x,
 * then t_x, then T).
 */

/** Per-customer BG/NBD statistics, in weeks: x repeat occasions, t_x recency, T age; optional weights. */
export interface RfmColumns {
  readonly x: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly T: ArrayLike<number>;
  /** Customers per row (default 1 each). */
  readonly weight?: ArrayLike<number>;
}

export interface IndexedRfm {
  readonly rows: number;
  readonly x: Int32Array;
  readonly txIndex: Int32Array;
  readonly TIndex: Int32Array;
  readonly weight: Float64Array;
  readonly txValues: Float64Array;
  readonly TValues: Float64Array;
  readonly maxX: number;
  /** Σ weight: the number of customers. */
  readonly customers: number;
  /** Whether rows are distinct (x, t_x, T) triples. */
  readonly grouped: boolean;
}

/**
 * `auto` groups when every t_x and T lies on the day grid (a whole number of days / 7), which is how
 * summaries built from calendar days look and where many customers share a triple; `always` groups any
 * data; `never` keeps one row per input row.
 */
export type Grouping = 'auto' | 'always' | 'never';

const DAY_GRID_TOLERANCE = 1e-9;

/** Distinct values of `values` and each element's index into them. */
interface ValueIndex {
  readonly values: Float64Array;
  readonly index: Int32Array;
  readonly onDayGrid: boolean;
}

/** MurmurHash3's 32-bit finaliser: every input bit affects every output bit. */
function fmix32(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * An open-addressing hash from numbers to row numbers, several times faster than a Map for the
 * million-key case. Sized once for at most `capacityHint` keys (it never grows).
 */
class NumberKeys {
  private readonly keys: Float64Array;
  private readonly rows: Int32Array;
  private readonly mask: number;
  private readonly scratch = new Float64Array(1);
  private readonly bits = new Uint32Array(this.scratch.buffer);

  constructor(capacityHint: number) {
    let size = 16;
    while (size < 2 * capacityHint) size *= 2;
    this.keys = new Float64Array(size);
    this.rows = new Int32Array(size).fill(-1);
    this.mask = size - 1;
  }

  /** The row stored for `key`, or `row` after storing it when the key is new. */
  rowOf(key: number, row: number): number {
    this.scratch[0] = key + 0; // −0 → 0
    // Whole numbers stored as doubles have all-zero low mantissa bits, so both words are mixed fully.
    const h = fmix32((this.bits[0] as number) ^ fmix32(this.bits[1] as number));
    let slot = h & this.mask;
    for (;;) {
      const found = this.rows[slot] as number;
      if (found === -1) {
        this.keys[slot] = key;
        this.rows[slot] = row;
        return row;
      }
      if (this.keys[slot] === key) return found;
      slot = (slot + 1) & this.mask;
    }
  }
}

/**
 * Distinct values and each element's index into them. Day-grid values index by their day number;
 * other values get a table of distinct values only when `distinct` is asked for (grouping needs equal
 * values to share an index), else the column itself is the table (index i → element i).
 */
function indexValues(values: Float64Array, distinct: boolean): ValueIndex {
  const n = values.length;
  const index = new Int32Array(n);
  let onDayGrid = true;
  let maxDay = 0;
  for (let i = 0; i < n; i++) {
    const days = (values[i] as number) * 7;
    const rounded = Math.round(days);
    if (Math.abs(days - rounded) > DAY_GRID_TOLERANCE) {
      onDayGrid = false;
      break;
    }
    index[i] = rounded;
    if (rounded > maxDay) maxDay = rounded;
  }
  if (onDayGrid) {
    const table = new Float64Array(maxDay + 1);
    for (let d = 0; d <= maxDay; d++) table[d] = d / 7;
    return { values: table, index, onDayGrid };
  }
  if (!distinct) {
    for (let i = 0; i < n; i++) index[i] = i;
    return { values, index, onDayGrid };
  }
  const keys = new NumberKeys(n);
  const table: number[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    const k = keys.rowOf(v, table.length);
    if (k === table.length) table.push(v);
    index[i] = k;
  }
  return { values: Float64Array.from(table), index, onDayGrid };
}

/** Checks the columns (the error names the row and field) and builds the indexed form. */
export function indexRfm(data: RfmColumns, grouping: Grouping = 'auto'): IndexedRfm {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || (data.weight && data.weight.length !== n))
    throw new RangeError(
      `BG/NBD input columns differ in length: x ${n}, t_x ${data.tx.length}, T ${data.T.length}` +
        (data.weight ? `, weight ${data.weight.length}` : ''),
    );
  const x = new Int32Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const weight = new Float64Array(n);
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    const xi = data.x[i] as number;
    const ti = data.T[i] as number;
    const txi = xi === 0 ? 0 : (data.tx[i] as number);
    const wi = data.weight ? (data.weight[i] as number) : 1;
    if (!Number.isInteger(xi) || xi < 0 || xi > 2 ** 31 - 1)
      throw new RangeError(`BG/NBD input row ${i}: x = ${xi} is not a non-negative whole number`);
    if (!(ti >= 0) || !Number.isFinite(ti))
      throw new RangeError(`BG/NBD input row ${i}: T = ${ti} weeks is not a finite number ≥ 0`);
    if (!(txi >= 0 && txi <= ti + 1e-9))
      throw new RangeError(`BG/NBD input row ${i}: t_x = ${txi} is not within [0, T = ${ti}]`);
    if (!(wi >= 0) || !Number.isFinite(wi))
      throw new RangeError(`BG/NBD input row ${i}: weight = ${wi} is not a finite number ≥ 0`);
    x[i] = xi;
    tx[i] = Math.min(txi, ti);
    T[i] = ti;
    weight[i] = wi;
    if (xi > maxX) maxX = xi;
  }
  const txIdx = indexValues(tx, grouping === 'always');
  const TIdx = indexValues(T, grouping === 'always');
  const group = grouping === 'always' || (grouping === 'auto' && txIdx.onDayGrid && TIdx.onDayGrid);
  let customers = 0;
  for (let i = 0; i < n; i++) customers += weight[i] as number;
  if (!group)
    return {
      rows: n,
      x,
      txIndex: txIdx.index,
      TIndex: TIdx.index,
      weight,
      txValues: txIdx.values,
      TValues: TIdx.values,
      maxX,
      customers,
      grouped: false,
    };
  return groupRows(x, txIdx, TIdx, weight, maxX, customers);
}

/** `order` stably sorted by `key[order[i]]` (counting sort; keys are 0 … range−1). */
function countingSort(order: Int32Array, key: Int32Array, range: number): Int32Array {
  const counts = new Int32Array(range + 1);
  for (let i = 0; i < order.length; i++) {
    const k = (key[order[i] as number] as number) + 1;
    counts[k] = (counts[k] as number) + 1;
  }
  for (let k = 1; k <= range; k++) counts[k] = (counts[k] as number) + (counts[k - 1] as number);
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i] as number;
    const k = key[row] as number;
    sorted[counts[k] as number] = row;
    counts[k] = (counts[k] as number) + 1;
  }
  return sorted;
}

/**
 * One row per distinct (x, t_x index, T index). Customers without repeats (t_x = 0) collapse by T in
 * one tally; the repeat rows are put in order by a least-significant-first counting sort on the three
 * small integer keys, then one pass adds up the weights of equal neighbours.
 */
function groupRows(
  x: Int32Array,
  txIdx: ValueIndex,
  TIdx: ValueIndex,
  weight: Float64Array,
  maxX: number,
  customers: number,
): IndexedRfm {
  const n = x.length;
  const nT = TIdx.values.length;
  const zeroByT = new Float64Array(nT);
  const seenT = new Uint8Array(nT);
  let repeatCount = 0;
  let zeroTxIndex = 0; // every x = 0 row has t_x = 0, so they share one t_x index
  for (let i = 0; i < n; i++) {
    if (x[i] === 0) {
      zeroTxIndex = txIdx.index[i] as number;
      const k = TIdx.index[i] as number;
      zeroByT[k] = (zeroByT[k] as number) + (weight[i] as number);
      seenT[k] = 1;
    } else repeatCount++;
  }
  let order: Int32Array = new Int32Array(repeatCount);
  for (let i = 0, j = 0; i < n; i++) if (x[i] !== 0) order[j++] = i;
  order = countingSort(order, TIdx.index, nT);
  order = countingSort(order, txIdx.index, txIdx.values.length);
  order = countingSort(order, x, maxX + 1);

  let zeroRows = 0;
  for (let k = 0; k < nT; k++) zeroRows += seenT[k] as number;
  const capacity = zeroRows + repeatCount;
  const gx = new Int32Array(capacity);
  const gtx = new Int32Array(capacity);
  const gT = new Int32Array(capacity);
  const gw = new Float64Array(capacity);
  let rows = 0;
  for (let k = 0; k < nT; k++) {
    if (seenT[k] === 0) continue;
    gT[rows] = k;
    gw[rows] = zeroByT[k] as number;
    gtx[rows] = zeroTxIndex;
    rows++;
  }
  for (let j = 0; j < order.length; j++) {
    const i = order[j] as number;
    const xi = x[i] as number;
    const a = txIdx.index[i] as number;
    const b = TIdx.index[i] as number;
    const last = rows - 1;
    if (rows > zeroRows && gx[last] === xi && gtx[last] === a && gT[last] === b)
      gw[last] = (gw[last] as number) + (weight[i] as number);
    else {
      gx[rows] = xi;
      gtx[rows] = a;
      gT[rows] = b;
      gw[rows] = weight[i] as number;
      rows++;
    }
  }
  return {
    rows,
    x: gx.slice(0, rows),
    txIndex: gtx.slice(0, rows),
    TIndex: gT.slice(0, rows),
    weight: gw.slice(0, rows),
    txValues: txIdx.values,
    TValues: TIdx.values,
    maxX,
    customers,
    grouped: true,
  };
}
