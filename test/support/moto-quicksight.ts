import { afterAll, beforeAll } from '@jest/globals';
import { Readable } from 'node:stream';
import {
  CreateDataSetCommand,
  DescribeDashboardCommand,
  DescribeDataSetCommand,
  DescribeDataSourceCommand,
  DescribeIngestionCommand,
  QuickSightClient,
  ResourceNotFoundException,
  UpdateDashboardCommand,
  UpdateDashboardPermissionsCommand,
  UpdateDashboardPublishedVersionCommand,
  UpdateDataSetCommand,
  UpdateDataSetPermissionsCommand,
  UpdateDataSourcePermissionsCommand,
  type CreateDataSetCommandInput,
  type DescribeDashboardCommandInput,
  type DescribeDashboardResponse,
  type DescribeDataSourceCommandOutput,
  type ResourcePermission,
  type ServiceOutputTypes,
  type UpdateDashboardCommandInput,
} from '@aws-sdk/client-quicksight';
import { mockClient } from 'aws-sdk-client-mock';
import { groupArn } from '../../actions/lib/dashboards/quicksight-names.js';
import {
  publishQuickSight,
  type PublishReport,
  type QuickSightTarget,
} from '../../actions/lib/dashboards/quicksight.js';
import { fakeClock } from './fake-clock.js';
import { startMoto, type MotoServer } from './moto.js';

/** The account moto serves when no credentials say otherwise. */
export const MOTO_ACCOUNT_ID = '123456789012';
export const MOTO_REGION = 'eu-west-1';
/** The warehouse secret the targets below name (QuickSight only passes it on). */
export const MOTO_SECRET_ARN = `arn:aws:secretsmanager:${MOTO_REGION}:${MOTO_ACCOUNT_ID}:secret:warehouse-AbCdEf`;

/** A team's QuickSight target in moto's account: a provisioned cluster `<team>-warehouse`. */
export function motoTarget(
  team: string,
  overrides: Partial<QuickSightTarget> = {},
): QuickSightTarget {
  return {
    accountId: MOTO_ACCOUNT_ID,
    region: MOTO_REGION,
    team,
    redshift: {
      endpoint: { clusterId: `${team}-warehouse` },
      database: 'rfm',
      secretArn: MOTO_SECRET_ARN,
    },
    groupArn: groupArn(MOTO_REGION, MOTO_ACCOUNT_ID, `workshop-${team}`),
    currency: 'EUR',
    ...overrides,
  };
}

/** A publish as the pipeline makes it for model version 1, with no waiting and no jitter. */
export const publishModelOne = (
  qs: QuickSightClient,
  target: QuickSightTarget,
  runId: string,
): Promise<PublishReport> =>
  publishQuickSight(qs, target, { clock: fakeClock(), random: () => 0, runId, modelVersion: 1 });

/** Keys whose values the AWS JSON protocols send as epoch seconds. */
const TIMESTAMP_KEY = /(Time|At|Date|Timestamp)$/;

/** The raw HTTP response as the deserialize step sees it, before the SDK parses it. */
interface RawResponse {
  body?: unknown;
}

function epochSecondsFor(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ms / 1000;
}

/** Rewrites ISO-string timestamps (what moto sends) into epoch seconds (what SDK v3 expects). */
export function epochTimestamps(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(epochTimestamps);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, v]) => [
      key,
      TIMESTAMP_KEY.test(key) ? epochSecondsFor(v) : epochTimestamps(v),
    ]),
  );
}

async function readBody(body: unknown): Promise<string | undefined> {
  if (!(body instanceof Readable)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * moto 5.2.1 answers QuickSight with timestamps such as `"CreatedTime": "2026-11-23 20:26:10.6"`;
 * SDK v3 rejects those (`Expected real number, got implicit NaN`). This deserialize-step middleware
 * runs between the HTTP response and the SDK's parser and turns them into epoch seconds. Test-only:
 * real QuickSight sends epoch seconds.
 */
export function acceptMotoTimestamps(client: QuickSightClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const response = result.response as RawResponse;
      const text = await readBody(response.body);
      if (text === undefined) return result;
      let fixed = text;
      try {
        fixed = JSON.stringify(epochTimestamps(JSON.parse(text)));
      } catch {
        // not JSON (an HTML error page): hand it to the SDK unchanged
      }
      response.body = Readable.from([Buffer.from(fixed)]);
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'motoIsoTimestamps' },
  );
}

/** A QuickSight client for a moto server, with the timestamp fix and no retries. */
export function motoQuickSightClient(endpoint: string): QuickSightClient {
  const client = new QuickSightClient({
    region: MOTO_REGION,
    endpoint,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    // moto answers what it lacks with HTTP 404/500; retrying only slows the test down.
    maxAttempts: 1,
  });
  acceptMotoTimestamps(client);
  return client;
}

/** QuickSight calls that change nothing; everything else counts as mutating. */
export const isReadOnlyCall = (commandName: string): boolean =>
  /^(Describe|List|Search|Get)/.test(commandName);

/** What the gap-filling fake remembers between calls. */
export interface MotoGapState {
  /** CreateDataSet / UpdateDataSet requests by DataSetId, with the ARN moto gave. */
  readonly dataSets: Map<string, { arn: string; input: CreateDataSetCommandInput }>;
  /** Dashboard versions created by UpdateDashboard (moto keeps only version 1). */
  readonly dashboardVersions: Map<string, { number: number; description: string }[]>;
  /** Published version per dashboard, when UpdateDashboardPublishedVersion changed it. */
  readonly published: Map<string, number>;
  /** GrantPermissions of every Update*Permissions call, by resource id. */
  readonly grants: Map<string, ResourcePermission[]>;
}

/** Empty fake state; share one between clients that stand for the same account. */
export const motoGapState = (): MotoGapState => ({
  dataSets: new Map(),
  dashboardVersions: new Map(),
  published: new Map(),
  grants: new Map(),
});

/** The fake's answer for a resource moto does not know. */
const notFound = (what: string) =>
  new ResourceNotFoundException({ message: `${what} not found`, $metadata: {} });

/**
 * Sends every call to moto, except the ones moto 5.2.1 lacks, which a small in-memory fake
 * answers through aws-sdk-client-mock: DescribeDataSet, UpdateDataSet, DescribeIngestion,
 * UpdateDashboard, UpdateDashboardPublishedVersion and the Update*Permissions calls. Because
 * moto cannot store a new dashboard version, DescribeDashboard goes to moto and then has the
 * fake's latest published version laid over moto's answer. CreateDataSet goes to moto too; the
 * fake only remembers what was created, for DescribeDataSet. Pass the same `state` to every
 * client that talks to the same moto server.
 */
export function fillMotoGaps(client: QuickSightClient, state: MotoGapState = motoGapState()) {
  const send = client.send.bind(client) as (command: unknown) => Promise<ServiceOutputTypes>;
  const realSend = (command: unknown): Promise<unknown> => send(command);
  const mock = mockClient(client);
  mock.send.callsFake((command) => send(command));

  mock.on(CreateDataSetCommand).callsFake(async (input: CreateDataSetCommandInput) => {
    const out = (await realSend(new CreateDataSetCommand(input))) as { Arn?: string };
    state.dataSets.set(input.DataSetId ?? '', { arn: out.Arn ?? '', input });
    return out;
  });
  mock.on(DescribeDataSetCommand).callsFake(async (input: { DataSetId?: string }) => {
    const found = state.dataSets.get(input.DataSetId ?? '');
    if (found === undefined) throw notFound(`data set ${input.DataSetId}`);
    return {
      Status: 200,
      DataSet: {
        Arn: found.arn,
        DataSetId: input.DataSetId,
        Name: found.input.Name,
        ImportMode: found.input.ImportMode,
        PhysicalTableMap: found.input.PhysicalTableMap,
      },
    };
  });
  mock.on(UpdateDataSetCommand).callsFake(async (input: CreateDataSetCommandInput) => {
    const found = state.dataSets.get(input.DataSetId ?? '');
    if (found === undefined) throw notFound(`data set ${input.DataSetId}`);
    state.dataSets.set(input.DataSetId ?? '', { arn: found.arn, input });
    return {
      Status: 200,
      Arn: found.arn,
      DataSetId: input.DataSetId,
      IngestionId: `update-${input.DataSetId}`,
    };
  });
  mock.on(DescribeIngestionCommand).callsFake(async (input: { IngestionId?: string }) => ({
    Status: 200,
    Ingestion: {
      IngestionId: input.IngestionId,
      IngestionStatus: 'COMPLETED',
      RowInfo: { RowsIngested: 42 },
    },
  }));
  mock.on(UpdateDashboardCommand).callsFake(async (input: UpdateDashboardCommandInput) => {
    const id = input.DashboardId ?? '';
    const versions = state.dashboardVersions.get(id) ?? [];
    const number = versions.length + 2; // moto holds version 1
    versions.push({ number, description: input.VersionDescription ?? '' });
    state.dashboardVersions.set(id, versions);
    const arn = `arn:aws:quicksight:${MOTO_REGION}:${input.AwsAccountId}:dashboard/${id}`;
    return {
      Status: 200,
      Arn: arn,
      VersionArn: `${arn}/version/${number}`,
      DashboardId: id,
      CreationStatus: 'CREATION_IN_PROGRESS',
    };
  });
  mock
    .on(UpdateDashboardPublishedVersionCommand)
    .callsFake(async (input: { DashboardId?: string; VersionNumber?: number }) => {
      state.published.set(input.DashboardId ?? '', input.VersionNumber ?? 1);
      return { Status: 200, DashboardId: input.DashboardId };
    });
  mock.on(DescribeDashboardCommand).callsFake(async (input: DescribeDashboardCommandInput) => {
    const out = (await realSend(new DescribeDashboardCommand(input))) as DescribeDashboardResponse;
    const id = input.DashboardId ?? '';
    const number = input.VersionNumber ?? state.published.get(id);
    const version = state.dashboardVersions.get(id)?.find((v) => v.number === number);
    if (version === undefined || out.Dashboard?.Version === undefined) return out;
    return {
      ...out,
      Dashboard: {
        ...out.Dashboard,
        Version: {
          ...out.Dashboard.Version,
          VersionNumber: version.number,
          Description: version.description,
          Status: 'UPDATE_SUCCESSFUL',
        },
      },
    };
  });
  const grant =
    (idKey: 'DataSourceId' | 'DataSetId' | 'DashboardId') =>
    async (input: Record<string, unknown>) => {
      const id = String(input[idKey]);
      state.grants.set(id, (input.GrantPermissions as ResourcePermission[] | undefined) ?? []);
      return { Status: 200, [idKey]: id, Permissions: input.GrantPermissions };
    };
  mock.on(UpdateDataSourcePermissionsCommand).callsFake(grant('DataSourceId'));
  mock.on(UpdateDataSetPermissionsCommand).callsFake(grant('DataSetId'));
  mock.on(UpdateDashboardPermissionsCommand).callsFake(grant('DashboardId'));

  return {
    mock,
    state,
    /** Sends to moto itself, past the fake. */
    sendToMoto: realSend,
    /** Names of the commands sent so far (`CreateDataSetCommand`, …), in order. */
    callNames: (): string[] => mock.calls().map((c) => (c.args[0] as object).constructor.name),
  };
}

/** One moto server for a test file's QuickSight tests, and the gap state its clients share. */
export interface MotoQuickSight {
  /** What moto cannot store (datasets, dashboard versions), for the whole server. */
  readonly state: MotoGapState;
  /** A client straight to moto, without the fake. */
  plain(): QuickSightClient;
  /** A client with the gaps filled over `state`, and what `fillMotoGaps` gives back. */
  client(): { qs: QuickSightClient; gaps: ReturnType<typeof fillMotoGaps> };
  /** What moto itself holds of the data source `DataSourceId`. */
  describeDataSource(dataSourceId: string): Promise<DescribeDataSourceCommandOutput>;
  /**
   * Publishes `team`'s dashboard (`motoTarget` with `overrides`) with `publishModelOne` through
   * a fresh gap-filled client: the report and the names of the commands it sent.
   */
  publish(
    team: string,
    runId: string,
    overrides?: Partial<QuickSightTarget>,
  ): Promise<{ report: PublishReport; calls: string[] }>;
}

/** Starts moto before the file's tests (bounded at 60 s) and stops it after them. */
export function motoQuickSightForFile(): MotoQuickSight {
  let moto: MotoServer | undefined;
  beforeAll(async () => {
    moto = await startMoto();
  }, 60_000);
  afterAll(async () => {
    await moto?.stop();
  });
  const url = (): string => {
    if (moto === undefined) throw new Error('moto is not running: use it inside a test or hook');
    return moto.url;
  };
  const state = motoGapState();
  return {
    state,
    plain: () => motoQuickSightClient(url()),
    client() {
      const qs = motoQuickSightClient(url());
      return { qs, gaps: fillMotoGaps(qs, state) };
    },
    async publish(team, runId, overrides = {}) {
      const { qs, gaps } = this.client();
      const report = await publishModelOne(qs, motoTarget(team, overrides), runId);
      return { report, calls: gaps.callNames() };
    },
    async describeDataSource(dataSourceId) {
      const qs = motoQuickSightClient(url());
      try {
        return await qs.send(
          new DescribeDataSourceCommand({
            AwsAccountId: MOTO_ACCOUNT_ID,
            DataSourceId: dataSourceId,
          }),
        );
      } finally {
        qs.destroy();
      }
    },
  };
}
