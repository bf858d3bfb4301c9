import {
  CreateDataSourceCommand,
  DescribeDataSourceCommand,
  TagResourceCommand,
  UpdateDataSourceCommand,
  UpdateDataSourcePermissionsCommand,
  type CreateDataSourceCommandInput,
} from '@aws-sdk/client-quicksight';
import { contentHash } from './content-hash.js';
import {
  call,
  describe,
  tagsOf,
  waitForStatus,
  type QuickSightContext,
} from './quicksight-call.js';
import { HASH_TAG, permissionsFor, resourceTags } from './quicksight-names.js';

/** How QuickSight reaches the warehouse: a provisioned cluster by id, Serverless by endpoint. */
export type RedshiftEndpoint =
  { readonly clusterId: string } | { readonly host: string; readonly port: number };

/** Everything QuickSight needs to connect to the warehouse. */
export interface RedshiftConnection {
  readonly endpoint: RedshiftEndpoint;
  readonly database: string;
  /** Secrets Manager secret with the database user and password. */
  readonly secretArn: string;
  /** A QuickSight VPC connection, when the warehouse is private. */
  readonly vpcConnectionArn?: string;
}

/** A resource the publish looked at, and what it did to it. */
export interface Change {
  readonly resource: 'data source' | 'dataset' | 'dashboard' | 'ingestion';
  readonly id: string;
  readonly action: 'created' | 'updated' | 'unchanged' | 'started' | 'completed';
  readonly detail?: string;
}

/** The CreateDataSource request, without tags: what the content hash covers. */
export function dataSourceInput(
  ctx: QuickSightContext,
  id: string,
  team: string,
  redshift: RedshiftConnection,
  principal: string,
): CreateDataSourceCommandInput {
  const endpoint =
    'clusterId' in redshift.endpoint
      ? { ClusterId: redshift.endpoint.clusterId }
      : { Host: redshift.endpoint.host, Port: redshift.endpoint.port };
  return {
    AwsAccountId: ctx.accountId,
    DataSourceId: id,
    Name: `RFM warehouse (${team})`,
    Type: 'REDSHIFT',
    DataSourceParameters: { RedshiftParameters: { Database: redshift.database, ...endpoint } },
    Credentials: { SecretArn: redshift.secretArn },
    ...(redshift.vpcConnectionArn === undefined
      ? {}
      : { VpcConnectionProperties: { VpcConnectionArn: redshift.vpcConnectionArn } }),
    SslProperties: { DisableSsl: false },
    Permissions: permissionsFor('dataSource', principal),
  };
}

async function waitForDataSource(ctx: QuickSightContext, id: string): Promise<void> {
  await waitForStatus(ctx, `QuickSight data source ${id}`, async () => {
    const out = await call(ctx, 'DescribeDataSource', id, () =>
      ctx.client.send(
        new DescribeDataSourceCommand({ AwsAccountId: ctx.accountId, DataSourceId: id }),
      ),
    );
    const error = out.DataSource?.ErrorInfo;
    return {
      status: out.DataSource?.Status,
      failure:
        `${error?.Type ?? 'unknown error'}: ${error?.Message ?? ''}; check the warehouse endpoint, ` +
        'the VPC connection and that QuickSight may read the secret',
    };
  });
}

/**
 * Creates the team's Redshift data source, or updates it when the request differs from the one
 * recorded in its content-hash tag. An unchanged data source costs two read calls.
 */
export async function ensureDataSource(
  ctx: QuickSightContext,
  input: CreateDataSourceCommandInput,
  team: string,
): Promise<{ arn: string; change: Change }> {
  const id = input.DataSourceId ?? '';
  const hash = contentHash(input);
  const existing = await describe(ctx, 'DescribeDataSource', id, () =>
    ctx.client.send(
      new DescribeDataSourceCommand({ AwsAccountId: ctx.accountId, DataSourceId: id }),
    ),
  );
  const arn = existing?.DataSource?.Arn;
  if (arn === undefined) {
    const created = await call(ctx, 'CreateDataSource', id, () =>
      ctx.client.send(new CreateDataSourceCommand({ ...input, Tags: resourceTags(team, hash) })),
    );
    await waitForDataSource(ctx, id);
    return { arn: created.Arn ?? '', change: { resource: 'data source', id, action: 'created' } };
  }
  if ((await tagsOf(ctx, arn)).get(HASH_TAG) === hash)
    return { arn, change: { resource: 'data source', id, action: 'unchanged' } };

  await call(ctx, 'UpdateDataSource', id, () =>
    ctx.client.send(
      new UpdateDataSourceCommand({
        AwsAccountId: ctx.accountId,
        DataSourceId: id,
        Name: input.Name,
        DataSourceParameters: input.DataSourceParameters,
        Credentials: input.Credentials,
        VpcConnectionProperties: input.VpcConnectionProperties,
        SslProperties: input.SslProperties,
      }),
    ),
  );
  await waitForDataSource(ctx, id);
  await call(ctx, 'UpdateDataSourcePermissions', id, () =>
    ctx.client.send(
      new UpdateDataSourcePermissionsCommand({
        AwsAccountId: ctx.accountId,
        DataSourceId: id,
        GrantPermissions: input.Permissions,
      }),
    ),
  );
  // Last, so that a failure above leaves the old hash and the next publish tries again.
  await call(ctx, 'TagResource', id, () =>
    ctx.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: resourceTags(team, hash) })),
  );
  return { arn, change: { resource: 'data source', id, action: 'updated' } };
}
