/**
 * The SDK clients the rehearsal's backend runs with. moto 5.2.1 runs no SQL (its Data API never
 * finishes a statement and has no BatchExecuteStatement), so the Data API is FakeDataApi on PGlite,
 * whose COPY and UNLOAD read and write moto's S3 as the team's Redshift role would; moto's
 * training jobs write nothing, so playKMeansAlgorithm writes the model as the SageMaker role would;
 * and moto lacks some QuickSight calls, which fillMotoGaps answers. Every call, whoever answers
 * it, passes the gate first.
 */
import * as quicksightApi from '@aws-sdk/client-quicksight';
import * as dataApiCommands from '@aws-sdk/client-redshift-data';
import { RedshiftDataClient } from '@aws-sdk/client-redshift-data';
import * as s3Api from '@aws-sdk/client-s3';
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import * as sagemakerApi from '@aws-sdk/client-sagemaker';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientFactory } from '../../../actions/lib/pipeline/aws-clients.js';
import { toPostgres } from '../../../actions/lib/warehouse/redshift-compat.js';
import { FakeDataApi } from '../../actions/lib/warehouse/fake-data-api.js';
import { playKMeansAlgorithm } from '../../support/kmeans-algorithm.js';
import type { SessionCredentials } from '../../support/moto-calls.js';
import { acceptMotoTimestamps, fillMotoGaps, motoGapState } from '../../support/moto-quicksight.js';
import { freshPgliteDatabase } from '../../support/pglite.js';
import { routeUnloads } from '../../support/redshift-unload.js';
import type { ApiCall } from './authorization.js';
import type { PermissionGate } from './permission-gate.js';
import { REGION, type RehearsalAccount } from './rehearsal-account.js';

/**
 * The QuickSight calls moto 5.2.1 lacks, answered by fillMotoGaps (moto-quicksight.ts), and
 * calls moto has no route for at all, which never reach its IAM check (no stand-in answers them).
 */
const QUICKSIGHT_UNROUTED = new Set(['DeleteDataSet']);
const QUICKSIGHT_GAPS = new Set([
  'CreateDataSet',
  'DescribeDataSet',
  'UpdateDataSet',
  'DescribeIngestion',
  'UpdateDashboard',
  'UpdateDashboardPublishedVersion',
  'DescribeDashboard',
  'UpdateDataSourcePermissions',
  'UpdateDataSetPermissions',
  'UpdateDashboardPermissions',
]);

type Command = new (input: never) => never;
/** The SDK command `<operation>Command` of a client package. */
const commandOf = (api: object, operation: string): Command => {
  const found = (api as Record<string, unknown>)[`${operation}Command`];
  if (typeof found !== 'function') throw new Error(`no ${operation}Command in the SDK package`);
  return found as Command;
};

const s3Url = (url: string) => {
  const m = /^s3:\/\/([^/]+)\/(.*)$/.exec(url);
  if (m === null) throw new Error(`not an s3:// URL: ${url}`);
  return { Bucket: m[1]!, Key: m[2]! };
};

/** SDK v3's shape of STS credentials. */
const sdkCredentials = (c: SessionCredentials) => ({
  accessKeyId: c.AccessKeyId,
  secretAccessKey: c.SecretAccessKey,
  ...(c.SessionToken === undefined ? {} : { sessionToken: c.SessionToken }),
});

/** The gates every call passes: the deploy role's session, and the services' roles. */
export interface RehearsalGates {
  readonly deploy: PermissionGate;
  /** COPY and UNLOAD. */
  readonly redshift: PermissionGate;
  /** The training job. */
  readonly sagemaker: PermissionGate;
}

/** The backend's clients, and a way to send any call through them. */
export interface RehearsalClients {
  readonly factory: AwsClientFactory;
  /** Sends `call` through the gated client of its service; resolves to its error, if any. */
  send(call: ApiCall): Promise<unknown>;
  close(): Promise<void>;
}

/**
 * The clients the backend gets, each behind the deploy gate with the session's credentials:
 * S3, SageMaker and QuickSight to moto, the Data API and QuickSight's gaps to stand-ins.
 */
export async function rehearsalClients(
  account: RehearsalAccount,
  session: SessionCredentials,
  gates: RehearsalGates,
): Promise<RehearsalClients> {
  const gate = gates.deploy;
  const destroy: Array<{ destroy(): void }> = [];
  const creds = sdkCredentials(session);
  const admin = sdkCredentials(account.admin);
  const aws = { region: REGION, endpoint: account.moto.url, maxAttempts: 1 };
  // What the services do in the team's bucket, checked as the role each runs as.
  const asRole = (g: PermissionGate) =>
    g.guard(new S3Client({ ...aws, forcePathStyle: true, credentials: admin }), 's3');
  const asRedshift = asRole(gates.redshift);
  const asSageMaker = asRole(gates.sagemaker);
  destroy.push(asRedshift, asSageMaker);

  // Redshift: the Data API on PGlite; COPY reads and UNLOAD writes moto's S3.
  const db = await freshPgliteDatabase();
  const behind = new RedshiftDataClient({ region: REGION });
  const routed = new RedshiftDataClient({ region: REGION });
  destroy.push(behind, routed);
  await FakeDataApi.install(mockClient(behind), db, {
    // COPY lists the key as a prefix, then reads what it found.
    copyFrom: async (url) => {
      const { Bucket, Key } = s3Url(url);
      await asRedshift.send(new ListObjectsV2Command({ Bucket, Prefix: Key }));
      const out = await asRedshift.send(new GetObjectCommand({ Bucket, Key }));
      return out.Body!.transformToByteArray();
    },
  });
  await db.exec(`create table public.sys_load_error_detail (
    file_name text, line_number int, column_name text, error_code int, error_message text)`);
  routeUnloads(mockClient(routed), behind, async (call) => {
    const result = await db.query<Record<string, unknown>>(
      toPostgres({ sql: call.select, line: 1 }),
    );
    const csv = result.rows.map((r) => Object.values(r).join(',')).join('\n');
    const key = /kms_key_id\s+'([^']+)'/i.exec(call.sql)?.[1];
    await asRedshift.send(
      new PutObjectCommand({
        ...s3Url(`${call.to}000`),
        Body: `${csv}\n`,
        ...(key === undefined ? {} : { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: key }),
      }),
    );
  });
  const dataApi = gate.guard(
    new RedshiftDataClient({ region: REGION, endpoint: 'http://127.0.0.1:9', credentials: creds }),
    'redshift-data',
    (operation) => (input) =>
      routed.send(new (commandOf(dataApiCommands, operation))(input as never)) as Promise<unknown>,
  );

  const s3 = gate.guard(new S3Client({ ...aws, forcePathStyle: true, credentials: creds }), 's3');
  const sagemaker = gate.guard(new SageMakerClient({ ...aws, credentials: creds }), 'sagemaker');
  playKMeansAlgorithm(sagemaker, asSageMaker);

  const qsGaps = new quicksightApi.QuickSightClient({ ...aws, credentials: admin });
  acceptMotoTimestamps(qsGaps);
  fillMotoGaps(qsGaps, motoGapState());
  const quicksight = new quicksightApi.QuickSightClient({ ...aws, credentials: creds });
  acceptMotoTimestamps(quicksight);
  gate.guard(quicksight, 'quicksight', (operation) => {
    if (QUICKSIGHT_UNROUTED.has(operation)) {
      return () => Promise.reject(new Error(`moto has no ${operation}, the rehearsal no stand-in`));
    }
    if (!QUICKSIGHT_GAPS.has(operation)) return undefined;
    return (input) =>
      qsGaps.send(new (commandOf(quicksightApi, operation))(input as never)) as Promise<unknown>;
  });
  destroy.push(dataApi, s3, sagemaker, qsGaps, quicksight);
  const factory: AwsClientFactory = {
    redshiftData: () => dataApi,
    s3: () => s3,
    sagemaker: () => sagemaker,
    quicksight: () => quicksight,
  };
  const byService: Record<string, [object, { send(command: unknown): Promise<unknown> }]> = {
    s3: [s3Api, s3],
    sagemaker: [sagemakerApi, sagemaker],
    quicksight: [quicksightApi, quicksight],
    'redshift-data': [dataApiCommands, dataApi],
  };
  return {
    factory,
    send: (c) => {
      const [api, client] = byService[c.service] ?? [];
      if (api === undefined || client === undefined) {
        throw new Error(`rehearsal-clients.ts: no SDK client for ${c.service}`);
      }
      return client.send(new (commandOf(api, c.operation))(c.input as never)).then(
        () => undefined,
        (error: unknown) => error ?? new Error('rejected'),
      );
    },
    close: async () => {
      for (const c of destroy) c.destroy();
      await db.close();
    },
  };
}
