/**
 * Redshift's UNLOAD for tests of the AWS path. The Data API mock (FakeDataApi) runs SQL on PGlite,
 * which has no UNLOAD; this shim sits in front of it on the client the warehouse uses: UNLOAD
 * statements are recorded and carried out by `perform` (typically: run the SELECT on PGlite and
 * put the CSV into moto's S3), everything else is forwarded to the FakeDataApi client.
 */
import {
  BatchExecuteStatementCommand,
  CancelStatementCommand,
  DescribeStatementCommand,
  ExecuteStatementCommand,
  GetStatementResultCommand,
  type RedshiftDataClient,
} from '@aws-sdk/client-redshift-data';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** One UNLOAD as Redshift would read it. */
export interface UnloadCall {
  readonly sql: string;
  /** The SELECT, unquoted. */
  readonly select: string;
  /** The TO target: an S3 key prefix, e.g. `s3://bucket/prefix/train/part_`. */
  readonly to: string;
}

const UNLOAD = /^\s*unload\s*\(\s*'((?:[^']|'')*)'\s*\)\s*to\s*'([^']*)'/i;

/** The parts of an UNLOAD statement, or undefined for any other statement. */
export function parseUnload(sql: string): UnloadCall | undefined {
  const m = UNLOAD.exec(sql);
  if (m === null) return undefined;
  return { sql, select: (m[1] as string).replace(/''/g, "'"), to: m[2] as string };
}

/**
 * Answers `outer` (the mocked client the warehouse holds): UNLOADs through `perform`, the rest by
 * forwarding to `inner` (the client FakeDataApi answers). Returns the UNLOADs seen so far.
 */
export function routeUnloads(
  outer: AwsClientStub<RedshiftDataClient>,
  inner: RedshiftDataClient,
  perform: (call: UnloadCall) => Promise<void>,
): UnloadCall[] {
  const seen: UnloadCall[] = [];
  const done = new Set<string>();
  outer.on(ExecuteStatementCommand).callsFake(async (input) => {
    const call = parseUnload(input.Sql as string);
    if (call === undefined) return inner.send(new ExecuteStatementCommand(input));
    seen.push(call);
    await perform(call);
    const id = `unload-${seen.length}`;
    done.add(id);
    return { Id: id };
  });
  outer
    .on(DescribeStatementCommand)
    .callsFake(async (input) =>
      done.has(input.Id as string)
        ? { Id: input.Id, Status: 'FINISHED', HasResultSet: false }
        : inner.send(new DescribeStatementCommand(input)),
    );
  outer
    .on(BatchExecuteStatementCommand)
    .callsFake((input) => inner.send(new BatchExecuteStatementCommand(input)));
  outer
    .on(GetStatementResultCommand)
    .callsFake((input) => inner.send(new GetStatementResultCommand(input)));
  outer
    .on(CancelStatementCommand)
    .callsFake((input) => inner.send(new CancelStatementCommand(input)));
  return seen;
}
