import type { PGlite } from '@electric-sql/pglite';
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  RedshiftDataServiceException,
  type ColumnMetadata,
  type Field,
  type RedshiftDataClient,
  type SubStatementData,
} from '@aws-sdk/client-redshift-data';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { randomUUID } from 'node:crypto';
import { toPostgres } from '../../../../actions/lib/warehouse/redshift-compat.js';

export interface FakeDataApiOptions {
  /** DescribeStatement answers STARTED this many times before the final status. */
  readonly pollsBeforeDone?: number;
  /** Records per GetStatementResult page. */
  readonly pageSize?: number;
  /** Called before every request; return true to answer with a ThrottlingException instead. */
  readonly throttle?: () => boolean;
  /**
   * Reads the object of an `s3://` URL: with it, `COPY <table> (<columns>) FROM 's3://…' … CSV
   * IGNOREHEADER 1` loads that object (header skipped, empty fields NULL), as Redshift's COPY
   * does; without it, COPY fails as PostgreSQL fails it.
   */
  readonly copyFrom?: (url: string) => Promise<Uint8Array>;
}

/** Redshift's COPY from S3, as the AWS loader writes it. */
const COPY_FROM_S3 = /^\s*copy\s+([\w.]+)\s*\(([^)]*)\)\s*from\s+'(s3:\/\/[^']+)'/i;

interface Entry {
  readonly sqls: readonly string[];
  polls: number;
  status: 'FINISHED' | 'FAILED' | 'ABORTED';
  error?: string;
  failedAt?: number;
  result?: { columns: ColumnMetadata[]; records: Field[][] };
}

/** PostgreSQL type oids → Redshift's type names, as ColumnMetadata.typeName reports them. */
const TYPE_NAMES: Record<number, string> = {
  16: 'bool',
  20: 'int8',
  21: 'int2',
  23: 'int4',
  25: 'text',
  700: 'float4',
  701: 'float8',
  1042: 'bpchar',
  1043: 'varchar',
  1082: 'date',
  1114: 'timestamp',
  1184: 'timestamptz',
  1700: 'numeric',
};
const LONG = new Set([20, 21, 23]);
const DOUBLE = new Set([700, 701]);
const RAW = Object.fromEntries(Object.keys(TYPE_NAMES).map((oid) => [oid, (v: string) => v]));

/**
 * A stand-in for the Redshift Data API behind `aws-sdk-client-mock`, executing the SQL for real on
 * an in-memory PGlite (through the same Redshift compatibility layer the PGlite warehouse uses).
 * It answers like the service: asynchronous ids, STARTED for a few polls, sub-statement ids with
 * `:N` suffixes, records as typed `Field`s (DECIMAL/DATE/TIMESTAMP as strings), paged results.
 */
export class FakeDataApi {
  readonly statements = new Map<string, Entry>();
  readonly cancelled: string[] = [];
  /** Requests answered with a ThrottlingException. */
  throttled = 0;

  private constructor(
    readonly db: PGlite,
    private readonly options: FakeDataApiOptions,
  ) {}

  /**
   * Answers the mock's Data API commands from `db`, emptied first (its public schema is dropped),
   * so one PGlite can serve a whole test file.
   */
  static async install(
    mock: AwsClientStub<RedshiftDataClient>,
    db: PGlite,
    options: FakeDataApiOptions = {},
  ): Promise<FakeDataApi> {
    await db.exec('drop schema public cascade; create schema public;');
    const fake = new FakeDataApi(db, options);
    const gate = (): void => {
      if (fake.options.throttle?.() !== true) return;
      fake.throttled += 1;
      throw throttling();
    };
    mock
      .on(ExecuteStatementCommand)
      .callsFake(
        async (input: { Sql: string; Parameters?: { name?: string; value?: string }[] }) => {
          gate();
          return { Id: await fake.execute([bind(input.Sql, input.Parameters ?? [])], true) };
        },
      );
    mock.on(BatchExecuteStatementCommand).callsFake(async (input: { Sqls: string[] }) => {
      gate();
      return { Id: await fake.execute(input.Sqls, false) };
    });
    mock.on(DescribeStatementCommand).callsFake(async (input: { Id: string }) => {
      gate();
      return fake.describe(input.Id);
    });
    mock
      .on(GetStatementResultCommand)
      .callsFake(async (input: { Id: string; NextToken?: string }) => {
        gate();
        return fake.page(input.Id, input.NextToken);
      });
    mock.on(CancelStatementCommand).callsFake(async (input: { Id: string }) => {
      fake.cancelled.push(input.Id);
      return { Status: true };
    });
    return fake;
  }

  private async execute(sqls: readonly string[], single: boolean): Promise<string> {
    const id = randomUUID();
    const entry: Entry = { sqls, polls: 0, status: 'FINISHED' };
    this.statements.set(id, entry);
    try {
      await this.db.transaction(async (tx) => {
        for (const [i, sql] of sqls.entries()) {
          try {
            const copy = this.options.copyFrom === undefined ? null : COPY_FROM_S3.exec(sql);
            if (copy !== null && this.options.copyFrom !== undefined) {
              const bytes = await this.options.copyFrom(copy[3] as string);
              await tx.query(
                `copy ${copy[1]} (${copy[2]}) from '/dev/blob' with (format csv, header true)`,
                [],
                { blob: new Blob([Uint8Array.from(bytes)]) },
              );
              continue;
            }
            const text = toPostgres({ sql, line: 1 });
            const r = await tx.query<unknown[]>(text, [], { rowMode: 'array', parsers: RAW });
            if (single && r.fields.length > 0) entry.result = encode(r.fields, r.rows);
          } catch (error) {
            entry.failedAt = i;
            throw error;
          }
        }
      });
    } catch (error) {
      entry.status = 'FAILED';
      entry.error = `ERROR: ${error instanceof Error ? error.message : String(error)}`;
    }
    return id;
  }

  private async describe(id: string) {
    const entry = this.entry(id);
    entry.polls += 1;
    const done = entry.polls > (this.options.pollsBeforeDone ?? 1);
    const status = done ? entry.status : 'STARTED';
    const subs: SubStatementData[] = entry.sqls.map((sql, i) => ({
      Id: `${id}:${i + 1}`,
      QueryString: sql,
      Status: !done
        ? i === 0
          ? 'STARTED'
          : 'SUBMITTED'
        : entry.failedAt === undefined || i < entry.failedAt
          ? 'FINISHED'
          : i === entry.failedAt
            ? 'FAILED'
            : 'ABORTED',
      ...(done && i === entry.failedAt ? { Error: entry.error } : {}),
    }));
    return {
      Id: id,
      Status: status,
      HasResultSet: entry.result !== undefined,
      ...(done && entry.error !== undefined ? { Error: entry.error } : {}),
      ...(entry.sqls.length > 1 ? { SubStatements: subs } : {}),
    };
  }

  private async page(id: string, token: string | undefined) {
    const result = this.entry(id).result;
    if (result === undefined) throw new Error(`statement ${id} has no result set`);
    const size = this.options.pageSize ?? 1000;
    const start = token === undefined ? 0 : Number(token);
    const end = start + size;
    return {
      ColumnMetadata: result.columns,
      Records: result.records.slice(start, end),
      TotalNumRows: result.records.length,
      ...(end < result.records.length ? { NextToken: String(end) } : {}),
    };
  }

  private entry(id: string): Entry {
    const entry = this.statements.get(id);
    if (entry === undefined) throw new Error(`no statement ${id}`);
    return entry;
  }
}

function encode(
  fields: readonly { name: string; dataTypeID: number }[],
  rows: readonly unknown[][],
): { columns: ColumnMetadata[]; records: Field[][] } {
  const columns = fields.map((f) => ({
    name: f.name,
    label: f.name,
    typeName: TYPE_NAMES[f.dataTypeID] ?? 'varchar',
  }));
  const records = rows.map((row) =>
    row.map((value, i): Field => {
      const oid = fields[i]?.dataTypeID ?? 25;
      if (value === null) return { isNull: true };
      const text = String(value);
      if (LONG.has(oid)) return { longValue: Number(text) };
      if (DOUBLE.has(oid)) return { doubleValue: Number(text) };
      if (oid === 16) return { booleanValue: text === 't' || text === 'true' };
      return { stringValue: text };
    }),
  );
  return { columns, records };
}

/** The Data API's named `:name` parameters, inlined as quoted literals for PGlite. */
function bind(sql: string, parameters: readonly { name?: string; value?: string }[]): string {
  return parameters.reduce(
    (text, p) =>
      text.replace(
        new RegExp(`:${p.name ?? ''}\\b`, 'g'),
        `'${(p.value ?? '').replace(/'/g, "''")}'`,
      ),
    sql,
  );
}

/** What the service sends when a caller exceeds its request rate. */
export function throttling(): RedshiftDataServiceException {
  return new RedshiftDataServiceException({
    name: 'ThrottlingException',
    $fault: 'client',
    message: 'Rate exceeded',
    $metadata: { httpStatusCode: 400 },
  });
}
