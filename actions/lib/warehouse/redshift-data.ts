import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type ColumnMetadata,
  type DescribeStatementResponse,
  type Field,
  type RedshiftDataClient,
  type SqlParameter,
} from '@aws-sdk/client-redshift-data';
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { WarehouseOutputs } from '../../../contracts/stack-outputs.js';
import { tokenize } from '../sql/tokenize.js';
import { describeLocation, statementOf, type SqlStatement } from '../sql/statement.js';
import {
  retry,
  waitFor,
  WaitAbortedError,
  WaitTimeoutError,
  type Backoff,
  type Clock,
  type WaitOptions,
} from '../wait.js';
import { toRows } from './redshift-values.js';
import { StatementError, type Row, type SqlValue, type Warehouse } from './warehouse.js';

/** `BatchExecuteStatement` takes 1 to 40 SQL strings (API reference, `Sqls`). */
export const MAX_BATCH_STATEMENTS = 40;

/** Default overall bound for one statement or batch, from submission to the last result page. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15 * 60_000;

/** DescribeStatement polling: 0.25 s, 0.5 s, 1 s, … capped at 5 s, each with equal jitter. */
export const POLL_BACKOFF: Backoff = { initialMs: 250, factor: 2, maxMs: 5_000 };

/** Waits between attempts of a throttled call, on top of the SDK's own adaptive retries. */
export const THROTTLE_BACKOFF: Backoff = { initialMs: 1_000, factor: 2, maxMs: 20_000 };

const CANCEL_TIMEOUT_MS = 30_000;

/** Error codes that mean "slow down and try again", never "this request is wrong". */
const THROTTLING = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'ActiveStatementsExceededException',
]);

/**
 * Where the SQL goes: a provisioned cluster or a serverless workgroup. With a Secrets Manager
 * secret the statements run as the secret's user; without one, as the caller's IAM identity
 * (`IAMR:<role>`, through `redshift:GetClusterCredentialsWithIAM` or
 * `redshift-serverless:GetCredentials`).
 */
export type RedshiftTarget =
  | {
      readonly clusterIdentifier: string;
      readonly database: string;
      readonly secretArn?: string;
    }
  | {
      readonly workgroupName: string;
      readonly database: string;
      readonly secretArn?: string;
    };

/** The target a team stack's outputs describe. */
export function redshiftTarget(outputs: WarehouseOutputs): RedshiftTarget {
  const { database, secretArn } = outputs;
  return outputs.type === 'provisioned'
    ? { clusterIdentifier: outputs.clusterId, database, secretArn }
    : { workgroupName: outputs.workgroup, database, secretArn };
}

export interface RedshiftDataOptions {
  /** Created by the caller, with `retryMode: 'adaptive'` (see `awsClients` in pipeline/aws-clients.ts). */
  readonly client: RedshiftDataClient;
  readonly target: RedshiftTarget;
  /** Overall bound for one statement or batch; on expiry the statement is cancelled. */
  readonly timeoutMs?: number;
  readonly pollBackoff?: Backoff;
  readonly throttleBackoff?: Backoff;
  readonly clock?: Clock;
  readonly random?: () => number;
  /** Aborting (Ctrl-C, a cancelled job) cancels the running statement. */
  readonly signal?: AbortSignal;
  /** Idempotency token per submission, reused across retries of that submission. */
  readonly newToken?: () => string;
}

/**
 * Redshift through the Data API. A `transaction` is one `BatchExecuteStatement`, which Redshift
 * runs as a single transaction; every call polls `DescribeStatement` with bounded, jittered
 * backoff and cancels the statement when the time is up or the caller aborts.
 */
export class RedshiftDataWarehouse implements Warehouse {
  readonly kind = 'redshift';
  readonly maxStatementsPerTransaction = MAX_BATCH_STATEMENTS;

  private readonly client: RedshiftDataClient;
  private readonly auth: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(private readonly options: RedshiftDataOptions) {
    this.client = options.client;
    this.auth = authParameters(options.target);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
  }

  async query<R extends Row = Row>(
    sql: string | SqlStatement,
    params: readonly SqlValue[] = [],
  ): Promise<R[]> {
    const stmt = statementOf(sql);
    const { text, parameters } = bindParameters(stmt, params);
    const { id, described } = await this.execute('ExecuteStatement', stmt, [stmt], (submission) =>
      this.client.send(
        new ExecuteStatementCommand({
          ...submission,
          Sql: text,
          ...(parameters.length > 0 ? { Parameters: parameters } : {}),
        }),
      ),
    );
    return described.HasResultSet === true ? this.fetchRows<R>(id, stmt) : [];
  }

  async transaction(statements: readonly SqlStatement[]): Promise<void> {
    const first = statements[0];
    if (first === undefined) return;
    if (statements.length > MAX_BATCH_STATEMENTS) throw tooManyStatements(statements);
    await this.execute('BatchExecuteStatement', first, statements, (submission) =>
      this.client.send(
        new BatchExecuteStatementCommand({ ...submission, Sqls: statements.map((s) => s.sql) }),
      ),
    );
  }

  /** The client belongs to the caller, who destroys it; there is no connection to close. */
  async close(): Promise<void> {}

  /**
   * Submits `statements` (the first named in errors) with `send`, given the target, a name and one
   * client token, kept across throttled retries so that a retry cannot run them twice; then waits
   * until they have finished.
   */
  private async execute(
    command: 'ExecuteStatement' | 'BatchExecuteStatement',
    first: SqlStatement,
    statements: readonly SqlStatement[],
    send: (submission: Record<string, string>) => Promise<{ Id?: string }>,
  ): Promise<{ id: string; described: DescribeStatementResponse }> {
    const submission = {
      ...this.auth,
      StatementName: statementName(statements),
      ClientToken: this.token(),
    };
    const { Id } = await this.call(
      () => send(submission),
      `${command} for ${describeLocation(first)}`,
    );
    const id = submitted(Id, first);
    return { id, described: await this.finish(id, statements) };
  }

  /** Polls until the statement is FINISHED; FAILED, ABORTED, timeout and abort all throw. */
  private async finish(
    id: string,
    statements: readonly SqlStatement[],
  ): Promise<DescribeStatementResponse> {
    let last: DescribeStatementResponse | undefined;
    try {
      return await waitFor(
        async () => {
          last = await this.call(
            () => this.client.send(new DescribeStatementCommand({ Id: id })),
            `DescribeStatement ${id}`,
          );
          if (last.Status === 'FINISHED') return last;
          if (last.Status === 'FAILED' || last.Status === 'ABORTED') {
            throw statementFailure(last, statements);
          }
          return undefined;
        },
        this.waitOptions(`Redshift statement ${id}`, this.options.pollBackoff ?? POLL_BACKOFF),
      );
    } catch (error) {
      if (!(error instanceof WaitTimeoutError || error instanceof WaitAbortedError)) throw error;
      const cancelled = await this.cancel(id);
      const stmt = runningStatement(last, statements);
      const why =
        error instanceof WaitTimeoutError
          ? `${error.message}; ${cancelled} (raise the timeout, or look for sessions holding locks in STV_LOCKS)`
          : `${error.message} by the caller; ${cancelled}`;
      throw new StatementError(stmt, stmt.line, new Error(why));
    }
  }

  private async fetchRows<R extends Row>(id: string, stmt: SqlStatement): Promise<R[]> {
    const rows: R[] = [];
    let columns: readonly ColumnMetadata[] = [];
    let nextToken: string | undefined;
    do {
      const token = nextToken;
      const page = await this.call(
        () =>
          this.client.send(
            new GetStatementResultCommand({
              Id: id,
              ...(token === undefined ? {} : { NextToken: token }),
            }),
          ),
        `GetStatementResult ${id} for ${describeLocation(stmt)}`,
      );
      if (page.ColumnMetadata !== undefined && page.ColumnMetadata.length > 0) {
        columns = page.ColumnMetadata;
      }
      // One page can hold many thousands of rows: too many to spread into push().
      for (const row of toRows<R>(columns, (page.Records ?? []) as Field[][])) rows.push(row);
      nextToken = page.NextToken === '' ? undefined : page.NextToken;
    } while (nextToken !== undefined);
    return rows;
  }

  /** Best effort: says whether CancelStatement was accepted, for the error message. */
  private async cancel(id: string): Promise<string> {
    try {
      const { Status } = await retry(
        () => this.client.send(new CancelStatementCommand({ Id: id })),
        isThrottling,
        // Not tied to the caller's signal: cancelling is what an abort asks for.
        {
          ...this.waitOptions(`CancelStatement ${id}`, THROTTLE_BACKOFF, CANCEL_TIMEOUT_MS),
          signal: undefined,
        },
      );
      return Status === false
        ? `CancelStatement ${id} was refused (the statement may have just finished)`
        : `statement ${id} was cancelled`;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return `CancelStatement ${id} failed (${reason}); cancel it in the Redshift console`;
    }
  }

  /** One Data API call, retried while it is throttled, within the statement's time budget. */
  private call<T>(send: () => Promise<T>, what: string): Promise<T> {
    const backoff = this.options.throttleBackoff ?? THROTTLE_BACKOFF;
    return retry(send, isThrottling, this.waitOptions(what, backoff));
  }

  private waitOptions(what: string, backoff: Backoff, timeoutMs = this.timeoutMs): WaitOptions {
    const { clock, random, signal } = this.options;
    return {
      what,
      timeoutMs,
      backoff,
      ...(clock === undefined ? {} : { clock }),
      ...(random === undefined ? {} : { random }),
      ...(signal === undefined ? {} : { signal }),
    };
  }

  private token(): string {
    return (this.options.newToken ?? randomUUID)();
  }
}

function authParameters(target: RedshiftTarget): Record<string, string> {
  const common = {
    Database: target.database,
    ...(target.secretArn === undefined ? {} : { SecretArn: target.secretArn }),
  };
  return 'clusterIdentifier' in target
    ? { ...common, ClusterIdentifier: target.clusterIdentifier }
    : { ...common, WorkgroupName: target.workgroupName };
}

/** True for throttling, whether the SDK tagged it or only the error code says so. */
export function isThrottling(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: unknown;
    $retryable?: { throttling?: unknown };
    $metadata?: { httpStatusCode?: unknown };
  };
  return (
    (typeof e.name === 'string' && THROTTLING.has(e.name)) ||
    e.$retryable?.throttling === true ||
    e.$metadata?.httpStatusCode === 429
  );
}

function submitted(id: string | undefined, stmt: SqlStatement): string {
  if (id !== undefined && id !== '') return id;
  throw new StatementError(stmt, stmt.line, new Error('the Data API returned no statement Id'));
}

/** Visible in the Redshift console's query list: the file most of the SQL came from. */
function statementName(statements: readonly SqlStatement[]): string {
  const [file] = dominantFile(statements);
  return basename(file).slice(0, 500);
}

/** The .sql file contributing most statements (else any file), and how many it contributes. */
function dominantFile(statements: readonly SqlStatement[]): [string, number] {
  const counts = new Map<string, number>();
  for (const s of statements)
    counts.set(s.file ?? 'query', (counts.get(s.file ?? 'query') ?? 0) + 1);
  const ranked = [...counts].sort(
    (a, b) => Number(b[0].endsWith('.sql')) - Number(a[0].endsWith('.sql')) || b[1] - a[1],
  );
  return ranked[0] ?? ['query', 0];
}

function tooManyStatements(statements: readonly SqlStatement[]): StatementError {
  const [file, count] = dominantFile(statements);
  const first = statements.find((s) => (s.file ?? 'query') === file) as SqlStatement;
  return new StatementError(
    first,
    first.line,
    new Error(
      `${count} statements from ${file} make a batch of ${statements.length}; BatchExecuteStatement runs at most ${MAX_BATCH_STATEMENTS} in one transaction: split the file into smaller V### files`,
    ),
  );
}

/** The failed sub-statement (by its `:N` suffix), located to its file and line. */
function statementFailure(
  described: DescribeStatementResponse,
  statements: readonly SqlStatement[],
): StatementError {
  const subs = described.SubStatements ?? [];
  const failedAt = subs.findIndex((s) => s.Status === 'FAILED');
  const sub = failedAt === -1 ? undefined : subs[failedAt];
  const index = sub === undefined ? 0 : (subIndex(sub.Id) ?? failedAt + 1) - 1;
  const stmt = statements[index] ?? (statements[0] as SqlStatement);
  const message =
    sub?.Error ??
    described.Error ??
    (described.Status === 'ABORTED' ? 'the statement was cancelled in Redshift' : 'failed');
  const where = statements.length > 1 ? `statement ${index + 1} of ${statements.length}: ` : '';
  return new StatementError(stmt, lineOfPosition(stmt, message), new Error(`${where}${message}`));
}

/** `d9b6…:2` → 2. */
function subIndex(id: string | undefined): number | undefined {
  const match = /:(\d+)$/.exec(id ?? '');
  return match === null ? undefined : Number(match[1]);
}

/** Redshift appends `Position: N` (1-based character offset) to syntax errors. */
function lineOfPosition(stmt: SqlStatement, message: string): number {
  const match = /Position: (\d+)\s*$/.exec(message);
  if (match === null) return stmt.line;
  const before = stmt.sql.slice(0, Number(match[1]) - 1);
  return stmt.line + (before.match(/\n/g)?.length ?? 0);
}

function runningStatement(
  described: DescribeStatementResponse | undefined,
  statements: readonly SqlStatement[],
): SqlStatement {
  const subs = described?.SubStatements ?? [];
  const running = subs.findIndex((s) => s.Status === 'STARTED' || s.Status === 'PICKED');
  const index = running === -1 ? 0 : (subIndex(subs[running]?.Id) ?? running + 1) - 1;
  return statements[index] ?? (statements[0] as SqlStatement);
}

/**
 * PostgreSQL-style `$1` placeholders become the Data API's named `:p1`. The Data API has no NULL
 * parameter, so a null value is written into the SQL as `null` instead.
 */
export function bindParameters(
  stmt: SqlStatement,
  params: readonly SqlValue[],
): { text: string; parameters: SqlParameter[] } {
  if (params.length === 0) return { text: stmt.sql, parameters: [] };
  const used = new Map<string, SqlParameter>();
  const text = tokenize(stmt.sql, {
    ...(stmt.file ? { file: stmt.file } : {}),
    startLine: stmt.line,
  })
    .map((token) => {
      if (token.kind !== 'param') return token.text;
      const n = Number(token.text.slice(1));
      if (n < 1 || n > params.length) {
        throw new StatementError(
          stmt,
          token.line,
          new Error(`${token.text} has no value: ${params.length} parameters were given`),
        );
      }
      const value = params[n - 1] as SqlValue;
      if (value === null) return 'null';
      const name = `p${n}`;
      used.set(name, { name, value: parameterText(value) });
      return `:${name}`;
    })
    .join('');
  return { text, parameters: [...used.values()] };
}

function parameterText(value: Exclude<SqlValue, null>): string {
  if (value instanceof Date) return value.toISOString().replace('T', ' ').replace('Z', '');
  return String(value);
}
