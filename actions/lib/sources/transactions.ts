/**
 * The canonical transactions table every RFM and lifetime-value view reads
 * (`sql/migrations/V007__create_transactions.sql`), and how the Olist files map onto it. Every
 * source format ends as rows of this table; nothing downstream knows the format.
 */
import type { ColumnSpec } from './olist-tables.js';

export const TRANSACTIONS_TABLE = 'transactions';
export const EXCLUDED_STATUSES_TABLE = 'excluded_statuses';

/** The table's columns in order: what a load writes and COPY reads. */
export const TRANSACTION_COLUMNS: readonly ColumnSpec[] = [
  { name: 'transaction_id', type: 'id', required: true, length: 256 },
  { name: 'customer_id', type: 'id', required: true, length: 256 },
  { name: 'occurred_at', type: 'timestamp', required: true, event: true },
  { name: 'amount', type: 'decimal', required: true, decimal: [18, 4] },
  { name: 'status', type: 'text', required: false, length: 64 },
];

export type TransactionField =
  'transaction_id' | 'customer_id' | 'occurred_at' | 'amount' | 'status';

/** The definition of one canonical column. */
export function transactionColumn(name: TransactionField): ColumnSpec {
  return TRANSACTION_COLUMNS.find((c) => c.name === name) as ColumnSpec;
}

/**
 * Olist onto transactions: one row per order with a payment, its amount the sum of its payments
 * (an order may be paid with a voucher and a card), its customer the person
 * (`customer_unique_id`, not Olist's per-order `customer_id`), its status the order's.
 */
export const OLIST_TO_TRANSACTIONS = `insert into ${TRANSACTIONS_TABLE} (transaction_id, customer_id, occurred_at, amount, status)
select
    orders.order_id,
    customers.customer_unique_id,
    orders.order_purchase_timestamp,
    order_payments.amount,
    orders.order_status
from orders
inner join customers
    on orders.customer_id = customers.customer_id
inner join (
    select order_id, sum(payment_value) as amount
    from payments
    group by order_id
) as order_payments
    on orders.order_id = order_payments.order_id`;
