import type { ColumnMetadata, Field } from '@aws-sdk/client-redshift-data';
import type { Row } from './warehouse.js';

const INTEGER_TYPES = new Set(['int2', 'int4', 'int8', 'smallint', 'integer', 'bigint', 'oid']);
const FLOAT_TYPES = new Set(['float4', 'float8', 'real', 'float', 'double precision']);
const BOOLEAN_TYPES = new Set(['bool', 'boolean']);
const TIMESTAMP_TYPES = new Set(['timestamp', 'timestamp without time zone']);
const TIMESTAMPTZ_TYPES = new Set(['timestamptz', 'timestamp with time zone']);

/**
 * Turns Data API records into rows typed as the PGlite and PostgreSQL warehouses type them:
 * integers and floats as numbers, booleans as booleans, DECIMAL as a string (exact), DATE and
 * TIMESTAMP as UTC Dates, everything else as the text Redshift sent. The Data API itself sends
 * DECIMAL, DATE and TIMESTAMP as strings, so the column's `typeName` decides.
 */
export function toRows<R extends Row = Row>(
  columns: readonly ColumnMetadata[],
  records: readonly (readonly Field[])[],
): R[] {
  const names = columns.map((c, i) => c.label ?? c.name ?? `column${i + 1}`);
  return records.map((record) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = toValue(record[i], columns[i]);
    });
    return row as R;
  });
}

/** One field of a record, converted by its column's type. */
export function toValue(field: Field | undefined, column: ColumnMetadata | undefined): unknown {
  if (field === undefined || field.isNull === true) return null;
  const type = (column?.typeName ?? '').toLowerCase();
  const raw = rawValue(field);
  if (raw === null) return null;
  if (INTEGER_TYPES.has(type) || FLOAT_TYPES.has(type)) return Number(raw);
  if (BOOLEAN_TYPES.has(type))
    return typeof raw === 'boolean' ? raw : raw === 't' || raw === 'true';
  if (type === 'date') return new Date(`${String(raw)}T00:00:00Z`);
  if (TIMESTAMP_TYPES.has(type)) return new Date(`${String(raw).replace(' ', 'T')}Z`);
  if (TIMESTAMPTZ_TYPES.has(type)) return parseTimestampTz(String(raw));
  return raw instanceof Uint8Array || typeof raw === 'string' ? raw : String(raw);
}

function rawValue(field: Field): string | number | boolean | Uint8Array | null {
  if (field.stringValue !== undefined) return field.stringValue;
  if (field.longValue !== undefined) return field.longValue;
  if (field.doubleValue !== undefined) return field.doubleValue;
  if (field.booleanValue !== undefined) return field.booleanValue;
  if (field.blobValue !== undefined) return field.blobValue;
  return null;
}

/** `2020-01-02 03:04:05.123+00` (Redshift's text form) → Date; a bare `+hh` offset gets `:00`. */
function parseTimestampTz(text: string): Date {
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  return new Date(iso);
}
