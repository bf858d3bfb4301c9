import {
  CreateDataSetCommand,
  CreateIngestionCommand,
  DescribeDataSetCommand,
  DescribeIngestionCommand,
  TagResourceCommand,
  UpdateDataSetCommand,
  UpdateDataSetPermissionsCommand,
  type CreateDataSetCommandInput,
  type Tag,
} from '@aws-sdk/client-quicksight';
import { waitFor } from '../wait.js';
import { contentHash } from './content-hash.js';
import {
  call,
  describe,
  quickSightWait,
  tagsOf,
  type QuickSightContext,
} from './quicksight-call.js';
import type { Change } from './quicksight-data-source.js';
import { HASH_TAG, MODEL_VERSION_TAG, permissionsFor, resourceTags } from './quicksight-names.js';
import { toLogicalTable, toPhysicalTable } from './to-quicksight.js';
import type { DatasetSpec } from './types.js';

/** When to refresh SPICE: on a new model version, every time, or never. */
export type RefreshMode = 'auto' | 'always' | 'never';

/** A SPICE ingestion the publish started or that QuickSight started for a new dataset. */
export interface StartedIngestion {
  readonly dataSetId: string;
  readonly ingestionId: string;
}

/** A dataset after `ensureDataSet`, with the ingestion to wait for, if any. */
export interface DataSetOutcome {
  readonly arn: string;
  readonly changes: readonly Change[];
  readonly ingestion?: StartedIngestion;
}

/** The CreateDataSet request, without tags: what the content hash covers. */
export function dataSetInput(
  ctx: QuickSightContext,
  id: string,
  team: string,
  dataset: DatasetSpec,
  dataSourceArn: string,
  principal: string,
): CreateDataSetCommandInput {
  return {
    AwsAccountId: ctx.accountId,
    DataSetId: id,
    Name: `${dataset.name} (${team})`,
    ImportMode: 'SPICE',
    PhysicalTableMap: { [dataset.id]: toPhysicalTable(dataset, dataSourceArn) },
    LogicalTableMap: { [dataset.id]: toLogicalTable(dataset) },
    Permissions: permissionsFor('dataSet', principal),
  };
}

/** The ingestion id in an `…/ingestion/<id>` ARN. */
const ingestionIdOf = (id: string | undefined, arn: string | undefined): string | undefined =>
  id ?? arn?.split('/').pop();

const modelTag = (modelVersion: number | undefined): Tag[] =>
  modelVersion === undefined ? [] : [{ Key: MODEL_VERSION_TAG, Value: String(modelVersion) }];

/** One dataset to publish and how to refresh it. */
export interface DataSetRequest {
  readonly input: CreateDataSetCommandInput;
  readonly team: string;
  readonly modelVersion?: number;
  readonly refresh: RefreshMode;
  /** Unique per publish, e.g. from the run id; the ingestion id is `<this>-<dataset>`. */
  readonly ingestionPrefix: string;
}

/**
 * Creates or updates one SPICE dataset (creating or updating starts an ingestion by itself), or,
 * when its definition is unchanged, starts an ingestion if the model version moved on (`auto`)
 * or always (`always`).
 */
export async function ensureDataSet(
  ctx: QuickSightContext,
  req: DataSetRequest,
): Promise<DataSetOutcome> {
  const { input, team, modelVersion } = req;
  const id = input.DataSetId ?? '';
  const hash = contentHash(input);
  const tags = resourceTags(team, hash, modelTag(modelVersion));
  const existing = await describe(ctx, 'DescribeDataSet', id, () =>
    ctx.client.send(new DescribeDataSetCommand({ AwsAccountId: ctx.accountId, DataSetId: id })),
  );
  const arn = existing?.DataSet?.Arn;
  if (arn === undefined) {
    const out = await call(ctx, 'CreateDataSet', id, () =>
      ctx.client.send(new CreateDataSetCommand({ ...input, Tags: tags })),
    );
    return withIngestion(out.Arn ?? '', { resource: 'dataset', id, action: 'created' }, id, out);
  }

  const current = await tagsOf(ctx, arn);
  if (current.get(HASH_TAG) !== hash) {
    const { Permissions, ...update } = input;
    const out = await call(ctx, 'UpdateDataSet', id, () =>
      ctx.client.send(new UpdateDataSetCommand(update)),
    );
    await call(ctx, 'UpdateDataSetPermissions', id, () =>
      ctx.client.send(
        new UpdateDataSetPermissionsCommand({
          AwsAccountId: ctx.accountId,
          DataSetId: id,
          GrantPermissions: Permissions,
        }),
      ),
    );
    await call(ctx, 'TagResource', id, () =>
      ctx.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags })),
    );
    return withIngestion(arn, { resource: 'dataset', id, action: 'updated' }, id, out);
  }

  const unchanged: Change = { resource: 'dataset', id, action: 'unchanged' };
  const newModel =
    modelVersion !== undefined && current.get(MODEL_VERSION_TAG) !== String(modelVersion);
  if (req.refresh === 'never' || (req.refresh === 'auto' && !newModel))
    return { arn, changes: [unchanged] };

  const ingestionId = `${req.ingestionPrefix}-${id}`.slice(0, 128);
  await call(ctx, 'CreateIngestion', id, () =>
    ctx.client.send(
      new CreateIngestionCommand({
        AwsAccountId: ctx.accountId,
        DataSetId: id,
        IngestionId: ingestionId,
        IngestionType: 'FULL_REFRESH',
      }),
    ),
  );
  if (modelVersion !== undefined)
    await call(ctx, 'TagResource', id, () =>
      ctx.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: modelTag(modelVersion) })),
    );
  const reason = req.refresh === 'always' ? 'refresh: always' : `model v${modelVersion}`;
  return {
    arn,
    changes: [
      unchanged,
      { resource: 'ingestion', id: ingestionId, action: 'started', detail: reason },
    ],
    ingestion: { dataSetId: id, ingestionId },
  };
}

function withIngestion(
  arn: string,
  change: Change,
  dataSetId: string,
  out: { IngestionId?: string; IngestionArn?: string },
): DataSetOutcome {
  const ingestionId = ingestionIdOf(out.IngestionId, out.IngestionArn);
  if (ingestionId === undefined) return { arn, changes: [change] };
  return {
    arn,
    changes: [
      change,
      {
        resource: 'ingestion',
        id: ingestionId,
        action: 'started',
        detail: `dataset ${change.action}`,
      },
    ],
    ingestion: { dataSetId, ingestionId },
  };
}

/** Waits (bounded) for an ingestion to complete; a failed or cancelled one throws. */
export async function waitForIngestion(
  ctx: QuickSightContext,
  ingestion: StartedIngestion,
): Promise<Change> {
  const what = `SPICE ingestion ${ingestion.ingestionId} of dataset ${ingestion.dataSetId}`;
  const rows = await waitFor(
    async () => {
      const out = await call(ctx, 'DescribeIngestion', ingestion.dataSetId, () =>
        ctx.client.send(
          new DescribeIngestionCommand({
            AwsAccountId: ctx.accountId,
            DataSetId: ingestion.dataSetId,
            IngestionId: ingestion.ingestionId,
          }),
        ),
      );
      const status = out.Ingestion?.IngestionStatus;
      if (status === 'COMPLETED') return out.Ingestion?.RowInfo?.RowsIngested ?? 0;
      if (status === 'FAILED' || status === 'CANCELLED') {
        const error = out.Ingestion?.ErrorInfo;
        throw new Error(
          `${what} ${status.toLowerCase()}: ${error?.Type ?? 'unknown'}: ${error?.Message ?? ''}; ` +
            'check that the view exists in the warehouse (run the migrations) and that the data source can connect',
        );
      }
      return undefined;
    },
    quickSightWait(ctx, what, { initialMs: 5000, factor: 1.5, maxMs: 30_000 }),
  );
  return {
    resource: 'ingestion',
    id: ingestion.ingestionId,
    action: 'completed',
    detail: `${rows} rows into ${ingestion.dataSetId}`,
  };
}
