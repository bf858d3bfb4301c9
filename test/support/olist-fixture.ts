import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CUSTOMERS_HEADER =
  '"customer_id","customer_unique_id","customer_zip_code_prefix","customer_city","customer_state"';
export const ORDERS_HEADER =
  '"order_id","customer_id","order_status","order_purchase_timestamp","order_approved_at","order_delivered_carrier_date","order_delivered_customer_date","order_estimated_delivery_date"';
export const PAYMENTS_HEADER =
  '"order_id","payment_sequential","payment_type","payment_installments","payment_value"';

export interface OlistFiles {
  customers: string[];
  orders: string[];
  payments: string[];
}

/** Writes the three files (header + given rows) into a fresh temp folder and returns it. */
export async function writeOlistFiles(rows: OlistFiles): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'olist-'));
  await writeFile(
    join(dir, 'olist_customers_dataset.csv'),
    [CUSTOMERS_HEADER, ...rows.customers, ''].join('\n'),
  );
  await writeFile(
    join(dir, 'olist_orders_dataset.csv'),
    [ORDERS_HEADER, ...rows.orders, ''].join('\n'),
  );
  await writeFile(
    join(dir, 'olist_order_payments_dataset.csv'),
    [PAYMENTS_HEADER, ...rows.payments, ''].join('\n'),
  );
  return dir;
}

/** A 32-hex-char id from a short label, so fixtures stay readable. */
export const hexId = (label: string): string =>
  Buffer.from(label).toString('hex').padEnd(32, '0').slice(0, 32);

export const customer = (id: string, unique: string): string =>
  `${hexId(id)},${hexId(unique)},"01001",sao paulo,SP`;

export const order = (id: string, cust: string, status: string, purchasedAt: string): string =>
  `${hexId(id)},${hexId(cust)},${status},${purchasedAt},,,,`;

export const payment = (id: string, seq: number, type: string, value: string): string =>
  `${hexId(id)},${seq},${type},1,${value}`;

/** Two customers with one delivered order and one payment each: a load that passes every check. */
export const twoGoodCustomers = (): OlistFiles => ({
  customers: [customer('c1', 'u1'), customer('c2', 'u2')],
  orders: [
    order('o1', 'c1', 'delivered', '2018-01-01 10:00:00'),
    order('o2', 'c2', 'delivered', '2018-01-02 10:00:00'),
  ],
  payments: [payment('o1', 1, 'credit_card', '10.00'), payment('o2', 1, 'boleto', '20.50')],
});
