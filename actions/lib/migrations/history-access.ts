import type { SqlStatement } from '../sql/statement.js';
import type { Warehouse } from '../warehouse/warehouse.js';
import { HISTORY_TABLE } from './history.js';

const at = (sql: string): SqlStatement => ({ file: 'migrations/history-access.ts', line: 1, sql });

/**
 * Who may read the migration history on Redshift. The drift check runs as its own IAM role, whose
 * database user (`IAMR:<role>`) Redshift makes on its first connection with PUBLIC's privileges
 * only: it needs SELECT on the history, and nothing else. PUBLIC's default CREATE on schema
 * public is revoked so that such a user cannot write anything either; the pipeline and QuickSight
 * use the admin user, a superuser, whom neither statement touches. The history holds file names
 * and checksums, no data. Both statements are idempotent.
 */
export const HISTORY_READ_GRANTS: readonly SqlStatement[] = [
  at(`grant select on ${HISTORY_TABLE} to public`),
  at('revoke create on schema public from public'),
];

/** Lets read-only identities (the drift check) read the history; one transaction. */
export async function grantHistoryRead(wh: Warehouse): Promise<void> {
  await wh.transaction(HISTORY_READ_GRANTS);
}
