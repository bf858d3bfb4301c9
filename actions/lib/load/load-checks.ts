/**
 * The data checks a load runs inside its own transaction, after the copies and the mapping and
 * before it commits (`sql/checks/load`: they read only the tables a load writes and the views
 * over them). Locally the loader runs each query and rolls back with the offending rows. Redshift
 * runs a load as one BatchExecuteStatement, which returns no rows, so there each check becomes a
 * guard statement in the batch that fails (division by zero) when the check finds rows.
 */
import { runCheckQueries, type CheckResult, type DataCheck } from '../sql/data-checks.js';
import type { SqlStatement } from '../sql/statement.js';
import { StatementError, type Row } from '../warehouse/warehouse.js';

/** The first line of a failed load's message. */
export const checksStopped = (dataPath: string): string =>
  `${dataPath}: data checks failed inside the load, so it was rolled back: the tables hold what they held before. Fix the rows in the files and load again`;

/** Runs `checks` in the load's session; a CheckFailure leaves the caller to roll back. */
export function runLoadChecks(
  query: (sql: string) => Promise<readonly Row[]>,
  checks: readonly DataCheck[],
  dataPath: string,
): Promise<CheckResult[]> {
  return runCheckQueries((statement) => query(statement.sql), checks, checksStopped(dataPath));
}

/** A statement that succeeds when `check` finds no rows and fails with division by zero when it does. */
export function guardStatement(check: DataCheck): SqlStatement {
  return {
    sql: `select 1 / (case when count(*) = 0 then 1 else 0 end) as ${check.check.replace(/\W/g, '_')}_passed
from (
${check.statement.sql}
) as offending`,
    file: check.file,
    line: check.statement.line,
  };
}

/** The check whose guard statement failed `error`, if that is what failed. */
export function failedGuard(
  error: unknown,
  guards: readonly SqlStatement[],
  checks: readonly DataCheck[],
): DataCheck | undefined {
  if (!(error instanceof StatementError)) return undefined;
  const i = guards.findIndex((g) => g.sql === error.statement.sql);
  return i === -1 ? undefined : checks[i];
}

/** What a load refused by a Redshift guard says: the check, and how to see its rows. */
export class LoadCheckFailure extends Error {
  override name = 'LoadCheckFailure';
  constructor(
    readonly check: DataCheck,
    dataPath: string,
  ) {
    super(
      `${checksStopped(dataPath)}.\n${check.file}: the check ${check.check} found offending rows. Redshift returns no rows from inside a load: load the same files with --backend local to list them`,
    );
  }
}
