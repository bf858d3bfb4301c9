import {
  DuckDBBlobValue,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBListValue,
  DuckDBArrayValue,
  type DuckDBPreparedStatement,
  type DuckDBResultReader,
  DuckDBTimestampMillisecondsValue,
  DuckDBTimestampNanosecondsValue,
  DuckDBTimestampSecondsValue,
  DuckDBTimestampTZValue,
  DuckDBTimestampValue,
  DuckDBTypeId,
  ResultReturnType,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import type { Row, SqlValue } from './warehouse.js';

const MS_PER_DAY = 86_400_000;

/**
 * The rows of a result, typed as PgliteWarehouse and PostgresWarehouse type them, so code above
 * the Warehouse interface sees the same values on every local engine: integers (BIGINT too) and
 * floats as numbers (REAL as its shortest decimal), DECIMAL as an exact string with its scale (`12.50`), DATE and TIMESTAMP as
 * UTC Dates, BLOB as bytes, lists as arrays, anything else as DuckDB's text. A HUGEINT (DuckDB's
 * `sum` of integers) is a number while it is a safe integer and exact text beyond. A statement
 * that returns no query result (INSERT, CREATE …) gives no rows, as on PostgreSQL.
 */
export function toRows<R extends Row = Row>(reader: DuckDBResultReader): R[] {
  if (reader.returnType !== ResultReturnType.QUERY_RESULT) return [];
  const names = reader.columnNames();
  const converters = reader.columnTypes().map(converterFor);
  return reader.getRows().map((values) => {
    const row: Row = {};
    names.forEach((name, i) => {
      const value = values[i] ?? null;
      row[name] = value === null ? null : (converters[i] as Converter)(value);
    });
    return row as R;
  });
}

type Converter = (value: DuckDBValue) => unknown;

function converterFor(type: DuckDBType): Converter {
  switch (type.typeId) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.UBIGINT:
      return (v) => Number(v);
    case DuckDBTypeId.HUGEINT:
    case DuckDBTypeId.UHUGEINT:
    case DuckDBTypeId.BIGNUM:
      return exactInteger;
    case DuckDBTypeId.FLOAT:
      return (v) => (typeof v === 'number' ? shortestFloat32(v) : v);
    case DuckDBTypeId.DECIMAL:
      return (v) => (v instanceof DuckDBDecimalValue ? v.toString() : String(v));
    case DuckDBTypeId.DATE:
      return (v) =>
        v instanceof DuckDBDateValue && v.isFinite ? new Date(v.days * MS_PER_DAY) : String(v);
    case DuckDBTypeId.TIMESTAMP:
    case DuckDBTypeId.TIMESTAMP_TZ:
    case DuckDBTypeId.TIMESTAMP_S:
    case DuckDBTypeId.TIMESTAMP_MS:
    case DuckDBTypeId.TIMESTAMP_NS:
      return timestamp;
    case DuckDBTypeId.BLOB:
      return (v) => (v instanceof DuckDBBlobValue ? v.bytes : v);
    case DuckDBTypeId.LIST:
    case DuckDBTypeId.ARRAY: {
      const item = converterFor(type.valueType);
      return (v) =>
        v instanceof DuckDBListValue || v instanceof DuckDBArrayValue
          ? v.items.map((x) => (x === null ? null : item(x)))
          : String(v);
    }
    default:
      return (v) =>
        typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : String(v);
  }
}

/**
 * A REAL as PostgreSQL prints it, the shortest decimal that reads back as the same 32-bit float
 * (0.1, not 0.10000000149011612), so that it parses to the same number on both engines.
 */
function shortestFloat32(x: number): number {
  if (!Number.isFinite(x)) return x;
  for (let digits = 1; digits < 9; digits += 1) {
    const candidate = Number(x.toPrecision(digits));
    if (Math.fround(candidate) === x) return candidate;
  }
  return Number(x.toPrecision(9));
}

function exactInteger(value: DuckDBValue): number | string {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : String(value);
}

/** Milliseconds since the epoch, rounded down as a Date parsed from the engine's text would be. */
function timestamp(value: DuckDBValue): Date | string {
  const ms = epochMillis(value);
  return ms === undefined ? String(value) : new Date(Number(ms));
}

function epochMillis(value: DuckDBValue): bigint | undefined {
  if (value instanceof DuckDBTimestampValue || value instanceof DuckDBTimestampTZValue) {
    return value.isFinite ? floorDiv(value.micros, 1000n) : undefined;
  }
  if (value instanceof DuckDBTimestampMillisecondsValue) return value.millis;
  if (value instanceof DuckDBTimestampSecondsValue) return value.seconds * 1000n;
  if (value instanceof DuckDBTimestampNanosecondsValue) return floorDiv(value.nanos, 1_000_000n);
  return undefined;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/**
 * Binds `$1 … $n` from JavaScript values: text, whole numbers as BIGINT, other numbers as DOUBLE,
 * booleans, NULL, and Dates as UTC timestamps. DuckDB casts each to the type its place in the
 * statement needs, as PostgreSQL does with untyped parameters.
 */
export function bindParams(prepared: DuckDBPreparedStatement, params: readonly SqlValue[]): void {
  params.forEach((value, i) => {
    const index = i + 1;
    if (value === null) prepared.bindNull(index);
    else if (typeof value === 'string') prepared.bindVarchar(index, value);
    else if (typeof value === 'boolean') prepared.bindBoolean(index, value);
    else if (value instanceof Date) {
      prepared.bindTimestamp(index, new DuckDBTimestampValue(BigInt(value.getTime()) * 1000n));
    } else if (Number.isSafeInteger(value)) prepared.bindBigInt(index, BigInt(value));
    else prepared.bindDouble(index, value);
  });
}
