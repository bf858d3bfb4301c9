/**
 * A team's transactions file onto the canonical transactions table: the columns the environment's
 * `source.columns` names are found in the header (any others are ignored), every row is checked
 * as the warehouse will store it, and the accepted rows are written in the table's own columns,
 * timestamps normalised (instant.ts), so that every loader COPYs the same bytes.
 */
import { basename } from 'node:path';
import type { TransactionColumns } from '../../../contracts/environment/schema.js';
import type { CsvRecord } from '../csv/scan-csv.js';
import { normalizeInstant } from '../sources/instant.js';
import type { TableSpec } from '../sources/olist-tables.js';
import {
  TRANSACTION_COLUMNS,
  TRANSACTIONS_TABLE,
  transactionColumn,
  type TransactionField,
} from '../sources/transactions.js';
import type { CheckedCsv } from './check-csv.js';
import { CsvFileError, readCsvFile } from './read-csv-file.js';
import { fieldProblem, timeRangeProblem, type TimeBounds } from './validate-field.js';

/** Where each mapped field is in the file's header. */
export type FieldIndexes = Partial<Record<TransactionField, number>>;

const FIELDS: readonly TransactionField[] = [
  'transaction_id',
  'customer_id',
  'occurred_at',
  'amount',
  'status',
];

/**
 * Checks `bytes` (a CSV file with a header) against the mapping and returns its accepted rows as
 * canonical transactions. Without a mapped `transaction_id`, a row's id is `<file name>:<line>`.
 */
export function mapTransactionsCsv(
  bytes: Uint8Array,
  mapping: TransactionColumns,
  file: string,
  bounds: TimeBounds,
): CheckedCsv {
  const name = basename(file);
  const spec: TableSpec = {
    table: TRANSACTIONS_TABLE,
    file: name,
    columns: TRANSACTION_COLUMNS,
    key: [],
  };
  const out: string[] = [TRANSACTION_COLUMNS.map((c) => c.name).join(',')];
  const sourceLines: number[] = [];
  const read = readCsvFile(bytes, file, (header) => {
    const indexes = headerIndexes(header.names, mapping, header.where);
    const width = header.names.length;
    return (record) => {
      if (record.fields.length !== width) {
        return { reason: `has ${record.fields.length} fields, expected ${width}` };
      }
      const row = canonicalRow(record, indexes, mapping, name, bounds);
      if ('problem' in row) return { reason: `${row.column} ${row.problem}`, column: row.column };
      out.push(row.line);
      sourceLines.push(record.line);
      return null;
    };
  });
  const accepted = out.length - 1;
  return {
    spec,
    file,
    columns: TRANSACTION_COLUMNS.map((c) => c.name),
    rowsIn: accepted + read.rejected.length,
    rowsAccepted: accepted,
    rejected: read.rejected,
    acceptedBytes: new TextEncoder().encode(`${out.join('\n')}\n`),
    acceptedSourceLines: [read.header.line, ...sourceLines],
  };
}

/** Where each mapped column is in the header; `where` is `file:line`. */
export function headerIndexes(
  header: readonly string[],
  mapping: TransactionColumns,
  where: string,
): FieldIndexes {
  const indexes: FieldIndexes = {};
  const missing: string[] = [];
  for (const field of FIELDS) {
    const column = mapping[field];
    if (column === undefined) continue;
    const i = header.indexOf(column);
    if (i === -1) missing.push(`"${column}" (source.columns.${field})`);
    else if (header.indexOf(column, i + 1) !== -1) {
      throw new CsvFileError(
        `${where}: the column "${column}" (source.columns.${field}) appears more than once in the header, as columns ${i + 1} and ${header.indexOf(column, i + 1) + 1}; nothing was loaded. Rename one of them`,
      );
    } else indexes[field] = i;
  }
  if (missing.length > 0) {
    throw new CsvFileError(
      `${where}: no column ${missing.join(', ')} named in the environment file; the header has ${header.map((h) => `"${h}"`).join(', ')}. Name the right columns in source.columns, or check the file`,
    );
  }
  return indexes;
}

/** One accepted row as a canonical CSV line, or the first field that cannot be stored. */
function canonicalRow(
  record: CsvRecord,
  indexes: FieldIndexes,
  mapping: TransactionColumns,
  fileName: string,
  bounds: TimeBounds,
): { line: string } | { column: string; problem: string } {
  const value = (field: TransactionField): string | undefined => {
    const i = indexes[field];
    return i === undefined ? undefined : (record.fields[i] as string);
  };
  const problem = (
    field: TransactionField,
    v: string,
  ): { column: string; problem: string } | null => {
    const reason = fieldProblem(transactionColumn(field), v, bounds);
    return reason === null ? null : { column: mapping[field] ?? field, problem: reason };
  };

  const transactionId = value('transaction_id') ?? `${fileName}:${record.line}`;
  const customerId = value('customer_id') as string;
  const amount = (value('amount') as string).trim();
  const status = value('status') ?? '';
  for (const [field, v] of [
    ['transaction_id', transactionId],
    ['customer_id', customerId],
    ['amount', amount],
    ['status', status],
  ] as const) {
    const p = problem(field, v);
    if (p !== null) return p;
  }
  const instant = normalizeInstant((value('occurred_at') as string).trim());
  if ('problem' in instant) return { column: mapping.occurred_at, problem: instant.problem };
  const outOfRange = timeRangeProblem(transactionColumn('occurred_at'), instant.value, bounds);
  if (outOfRange !== null) return { column: mapping.occurred_at, problem: outOfRange };
  const fields = [
    quote(transactionId),
    quote(customerId),
    instant.value,
    amount,
    status === '' ? '' : quote(status),
  ];
  return { line: fields.join(',') };
}

/** Always quoted, so that an empty string is told apart from NULL and commas stay inside. */
const quote = (v: string): string => `"${v.replace(/"/g, '""')}"`;
