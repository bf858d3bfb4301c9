/**
 * Removes a team's QuickSight resources, which the publisher creates by API and Terraform does not
 * know about: the dashboard first (it reads the datasets), then the datasets (they read the data
 * source), then the data source. The ids are the publisher's (`quickSightNames`); a resource that
 * is already gone is reported as absent, so a teardown can be run again.
 */
import {
  DeleteDashboardCommand,
  DeleteDataSetCommand,
  DeleteDataSourceCommand,
  type QuickSightClient,
} from '@aws-sdk/client-quicksight';
import { RFM_DASHBOARD } from './definition.js';
import { isNotFound, QuickSightError, type QuickSightContext } from './quicksight-call.js';
import { quickSightNames } from './quicksight-names.js';
import type { DashboardSpec } from './types.js';

/** One resource the teardown looked at. */
export interface TornDownResource {
  readonly kind: 'dashboard' | 'dataSet' | 'dataSource';
  readonly id: string;
  /** `deleted` by this call, or `absent` (never published, or deleted before). */
  readonly result: 'deleted' | 'absent';
}

/** Whose resources, and where. */
export interface QuickSightTeardownTarget {
  readonly accountId: string;
  readonly region: string;
  readonly team: string;
}

/**
 * Deletes the team's dashboard, datasets and data source of `spec` (default the RFM dashboard),
 * in that order. Fails on the first error other than "not found", naming the resource.
 */
export async function deleteTeamQuickSight(
  client: QuickSightClient,
  target: QuickSightTeardownTarget,
  options: { readonly spec?: DashboardSpec; readonly log?: (line: string) => void } = {},
): Promise<TornDownResource[]> {
  const spec = options.spec ?? RFM_DASHBOARD;
  const names = quickSightNames(spec, target.team);
  const ctx: QuickSightContext = {
    client,
    accountId: target.accountId,
    region: target.region,
    timeoutMs: 0,
    log: options.log ?? (() => undefined),
  };
  const account = { AwsAccountId: target.accountId };
  const steps: { kind: TornDownResource['kind']; id: string; send: () => Promise<unknown> }[] = [
    {
      kind: 'dashboard',
      id: names.dashboardId,
      send: () =>
        client.send(new DeleteDashboardCommand({ ...account, DashboardId: names.dashboardId })),
    },
    ...spec.datasets.map((d) => {
      const id = names.dataSetId(d.id);
      return {
        kind: 'dataSet' as const,
        id,
        send: () => client.send(new DeleteDataSetCommand({ ...account, DataSetId: id })),
      };
    }),
    {
      kind: 'dataSource',
      id: names.dataSourceId,
      send: () =>
        client.send(new DeleteDataSourceCommand({ ...account, DataSourceId: names.dataSourceId })),
    },
  ];
  const done: TornDownResource[] = [];
  for (const step of steps) {
    const operation = `Delete${step.kind.charAt(0).toUpperCase()}${step.kind.slice(1)}`;
    try {
      await step.send();
      done.push({ kind: step.kind, id: step.id, result: 'deleted' });
      ctx.log(`${operation} ${step.id}: deleted`);
    } catch (error) {
      if (!isNotFound(error)) throw new QuickSightError(operation, step.id, ctx, error);
      done.push({ kind: step.kind, id: step.id, result: 'absent' });
      ctx.log(`${operation} ${step.id}: not there`);
    }
  }
  return done;
}

const KIND_NAMES: Readonly<Record<TornDownResource['kind'], string>> = {
  dashboard: 'dashboard',
  dataSet: 'dataset',
  dataSource: 'data source',
};

/** The teardown as a job summary section: one row per resource. */
export function renderQuickSightTeardown(
  target: QuickSightTeardownTarget,
  resources: readonly TornDownResource[],
): string {
  const deleted = resources.filter((r) => r.result === 'deleted').length;
  return [
    `### QuickSight resources of \`${target.team}\` (${target.region})`,
    '',
    deleted === 0
      ? 'Nothing to delete: the team had no QuickSight resources.'
      : `Deleted ${deleted} of ${resources.length}.`,
    '',
    '| resource | id | result |',
    '| --- | --- | --- |',
    ...resources.map((r) => `| ${KIND_NAMES[r.kind]} | \`${r.id}\` | ${r.result} |`),
    '',
  ].join('\n');
}
