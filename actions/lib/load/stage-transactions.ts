/**
 * How DuckDB checks and inserts a staged transactions file (duckdb-stage.ts), as
 * map-transactions.ts does in JavaScript: the header checked against `source.columns` (the same
 * CsvFileError), the same checks in the same order with the same reasons, a row's id
 * `<file name>:<line>` when none is mapped, timestamps normalised (instant-sql.ts), amounts and
 * timestamps trimmed as JavaScript's `trim` does.
 */
import type { TransactionColumns } from '../../../contracts/environment/schema.js';
import {
  TRANSACTIONS_TABLE,
  transactionColumn,
  type TransactionField,
} from '../sources/transactions.js';
import type { StagePlan } from './duckdb-stage.js';
import { fieldProblemSql, sqlText, timeRangeProblemSql } from './field-checks-sql.js';
import { instantSql } from './instant-sql.js';
import { headerIndexes } from './map-transactions.js';
import type { TimeBounds } from './validate-field.js';

/** Every character JavaScript's `trim` removes (none lies outside the Basic Multilingual Plane). */
const JS_WHITESPACE = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c))
  .filter((c) => c.trim() === '')
  .join('');

/**
 * `v` trimmed as JavaScript trims. Trimming by a set of characters is slow, so a value starting
 * and ending in printable ASCII (no whitespace at either end) is taken as it is.
 */
const trimmed = (v: string): string =>
  `case when unicode(${v}) between 33 and 126 and unicode(right(${v}, 1)) between 33 and 126 then ${v} else trim(${v}, ${sqlText(JS_WHITESPACE)}) end`;

/**
 * The plan for a transactions file named `fileName` whose header is `header` (`where` is
 * `file:line` of it), or undefined when the JavaScript reader must read it: a header of one
 * field may be another separator, which that reader names. Throws CsvFileError when a mapped
 * column is missing or repeated.
 */
export function transactionsPlan(
  mapping: TransactionColumns,
  header: readonly string[],
  where: string,
  fileName: string,
  bounds: TimeBounds,
): StagePlan | undefined {
  if (header.length < 2) return undefined;
  const indexes = headerIndexes(header, mapping, where);
  const field = (name: TransactionField): string | undefined => {
    const i = indexes[name];
    return i === undefined ? undefined : `coalesce(c${i}, '')`;
  };
  const instant = instantSql('t_occurred_at', 't_at_');
  const values = [
    `${field('transaction_id') ?? `${sqlText(`${fileName}:`)} || line`} as t_transaction_id`,
    `${field('customer_id') as string} as t_customer_id`,
    `${trimmed(field('occurred_at') as string)} as t_occurred_at`,
    `${trimmed(field('amount') as string)} as t_amount`,
    `${field('status') ?? "''"} as t_status`,
  ];
  const check = (name: TransactionField, problem: string): StagePlan['checks'][number] => ({
    column: mapping[name] ?? name,
    problem,
  });
  const fieldCheck = (name: TransactionField): StagePlan['checks'][number] =>
    check(name, fieldProblemSql(transactionColumn(name), `t_${name}`, bounds));
  return {
    table: TRANSACTIONS_TABLE,
    width: header.length,
    derived: [values, ...instant.layers],
    checks: [
      fieldCheck('transaction_id'),
      fieldCheck('customer_id'),
      fieldCheck('amount'),
      fieldCheck('status'),
      check(
        'occurred_at',
        `coalesce(${instant.problem}, ${timeRangeProblemSql(transactionColumn('occurred_at'), instant.value, bounds)})`,
      ),
    ],
    insert: [
      { column: 'transaction_id', value: 't_transaction_id' },
      { column: 'customer_id', value: 't_customer_id' },
      { column: 'occurred_at', value: `cast(${instant.value} as timestamp)` },
      { column: 'amount', value: 'cast(t_amount as decimal(18, 4))' },
      { column: 'status', value: "nullif(t_status, '')" },
    ],
  };
}
