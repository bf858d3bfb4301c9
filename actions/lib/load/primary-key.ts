import type { BlobCopySession } from '../warehouse/copy-session.js';

/**
 * Drops `table`'s primary key for the length of `fn` and builds it again afterwards, in the
 * caller's transaction: one index build over the loaded rows is much cheaper than maintaining the
 * index row by row during COPY. The checks have already rejected duplicate keys, so the rebuild
 * cannot fail on data. A table without a primary key is loaded as it is.
 */
export async function withoutPrimaryKey<T>(
  session: BlobCopySession,
  table: string,
  fn: () => Promise<T>,
): Promise<T> {
  const [pk] = await session.query<{ name: string; definition: string }>(
    `select conname as name, pg_get_constraintdef(oid) as definition
from pg_constraint
where conrelid = $1::regclass and contype = 'p'`,
    [`public.${table}`],
  );
  if (pk === undefined) return fn();
  await session.query(`alter table public.${table} drop constraint ${quoteIdent(pk.name)}`);
  const result = await fn();
  await session.query(
    `alter table public.${table} add constraint ${quoteIdent(pk.name)} ${pk.definition}`,
  );
  return result;
}

const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;
