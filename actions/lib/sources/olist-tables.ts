/**
 * The Olist source files and the tables they load into: the one definition the loader checks rows
 * against and the sample generator writes. test/actions/lib/sources/olist-tables.test.ts holds it
 * against `sql/migrations/V001__create_source_tables.sql`, which creates the tables.
 */

/** How one CSV column becomes one warehouse column. */
export interface ColumnSpec {
  readonly name: string;
  readonly type: 'id' | 'text' | 'integer' | 'decimal' | 'timestamp';
  readonly required: boolean;
  /** For text: the varchar/char length, in bytes of UTF-8 as Redshift counts it. For decimal: [precision, scale]. */
  readonly length?: number;
  /** char(n) rather than varchar(n): Redshift's CHAR holds single-byte characters only. */
  readonly fixed?: boolean;
  readonly decimal?: readonly [number, number];
  /**
   * For timestamps: the time something happened (a purchase, a delivery), so not later than the
   * load's time plus a day. Every timestamp is refused before 1900-01-01.
   */
  readonly event?: boolean;
}

export interface TableSpec {
  readonly table: 'customers' | 'orders' | 'payments' | 'transactions';
  /** The file's name: Olist's, or the team's own for the transactions table. */
  readonly file: string;
  readonly columns: readonly ColumnSpec[];
  /** Columns that identify a row; a repeat is rejected as a duplicate. */
  readonly key: readonly string[];
}

const id = (name: string): ColumnSpec => ({ name, type: 'id', required: true, length: 32 });
const ts = (name: string, required = false, event = true): ColumnSpec => ({
  name,
  type: 'timestamp',
  required,
  event,
});

export type SourceTable = 'customers' | 'orders' | 'payments';

/** One of the three Olist files. */
export type OlistTableSpec = TableSpec & { readonly table: SourceTable };

export const SOURCE_TABLES: readonly OlistTableSpec[] = [
  {
    table: 'customers',
    file: 'olist_customers_dataset.csv',
    key: ['customer_id'],
    columns: [
      id('customer_id'),
      id('customer_unique_id'),
      { name: 'customer_zip_code_prefix', type: 'text', required: false, length: 5, fixed: true },
      { name: 'customer_city', type: 'text', required: false, length: 64 },
      { name: 'customer_state', type: 'text', required: false, length: 2, fixed: true },
    ],
  },
  {
    table: 'orders',
    file: 'olist_orders_dataset.csv',
    key: ['order_id'],
    columns: [
      id('order_id'),
      id('customer_id'),
      { name: 'order_status', type: 'text', required: true, length: 16 },
      ts('order_purchase_timestamp', true),
      ts('order_approved_at'),
      ts('order_delivered_carrier_date'),
      ts('order_delivered_customer_date'),
      // An estimate: a date in the future is what it usually is.
      ts('order_estimated_delivery_date', false, false),
    ],
  },
  {
    table: 'payments',
    file: 'olist_order_payments_dataset.csv',
    key: ['order_id', 'payment_sequential'],
    columns: [
      id('order_id'),
      { name: 'payment_sequential', type: 'integer', required: true },
      { name: 'payment_type', type: 'text', required: true, length: 16 },
      { name: 'payment_installments', type: 'integer', required: true },
      { name: 'payment_value', type: 'decimal', required: true, decimal: [12, 2] },
    ],
  },
];

/** The definition of `table`. */
export function sourceTable(table: SourceTable): OlistTableSpec {
  const spec = SOURCE_TABLES.find((t) => t.table === table);
  if (spec === undefined) throw new Error(`no source table ${table}`);
  return spec;
}
