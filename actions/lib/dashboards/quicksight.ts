import type { QuickSightOwners } from '../../../contracts/quicksight-members.js';
import type { QuickSightClient } from '@aws-sdk/client-quicksight';
import type { Clock } from '../wait.js';
import { checkQuickSightDefinition } from './check-quicksight.js';
import { rfmDashboard } from './definition.js';
import type { QuickSightContext } from './quicksight-call.js';
import { dashboardDefinitionHash } from './definition-hash.js';
import { dashboardInput, ensureDashboard } from './quicksight-dashboard.js';
import {
  dataSourceInput,
  ensureDataSource,
  type Change,
  type RedshiftConnection,
} from './quicksight-data-source.js';
import {
  dataSetInput,
  ensureDataSet,
  waitForIngestion,
  type RefreshMode,
  type StartedIngestion,
} from './quicksight-datasets.js';
import { dashboardUrl, quickSightNames } from './quicksight-names.js';
import { toQuickSightDefinition } from './to-quicksight.js';
import type { DashboardSpec } from './types.js';
import { assertValidSpec } from './validate.js';

export type { Change, RedshiftConnection, RefreshMode };

/** Where a team's dashboard goes and what it reads. */
export interface QuickSightTarget {
  readonly accountId: string;
  readonly region: string;
  readonly team: string;
  readonly redshift: RedshiftConnection;
  /** The team's QuickSight group: it may view the dashboard and use the datasets. */
  readonly groupArn: string;
  /** ISO 4217 code of the team's amounts (`source.currency`), on every money figure. */
  readonly currency: string;
  /** The environment's owners: e-mail addresses are group members (the stack adds them). */
  readonly owners?: QuickSightOwners;
}

/** How a publish refreshes, waits and reports. */
export interface PublishOptions {
  /** The active model version the warehouse now scores with; a new one refreshes SPICE (`auto`). */
  readonly modelVersion?: number;
  /** Default `auto`: refresh datasets whose last refresh was for another model version. */
  readonly refresh?: RefreshMode;
  /** Wait for the SPICE ingestions to complete (default true); a failed one fails the publish. */
  readonly waitForIngestions?: boolean;
  /** Bound on each wait (resource creation, each ingestion). Default 15 minutes. */
  readonly timeoutMs?: number;
  /** Makes ingestion ids unique per publish; default: the current time. */
  readonly runId?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly log?: (line: string) => void;
}

/** What a publish did, and where the dashboard is. */
export interface PublishReport {
  readonly dashboardId: string;
  readonly dashboardArn: string;
  readonly url: string;
  readonly publishedVersion: number;
  /** Every resource looked at, in order, with what was done to it. */
  readonly changes: readonly Change[];
  /** True when any call changed something. */
  readonly changed: boolean;
}

const DEFAULT_TIMEOUT_MS = 15 * 60_000;

/**
 * Publishes a dashboard definition to QuickSight: the Redshift data source, one SPICE dataset per
 * dataset, and the dashboard from the generated `Definition`, each created or updated only when
 * its content hash differs from the deployed one. With nothing changed (and no new model version)
 * it makes read calls only.
 */
export async function publishQuickSight(
  client: QuickSightClient,
  target: QuickSightTarget,
  options: PublishOptions = {},
  spec: DashboardSpec = rfmDashboard(target.currency),
): Promise<PublishReport> {
  assertValidSpec(spec);
  const ctx: QuickSightContext = {
    client,
    accountId: target.accountId,
    region: target.region,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    log: options.log ?? (() => undefined),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.random === undefined ? {} : { random: options.random }),
  };
  const names = quickSightNames(spec, target.team);
  const changes: Change[] = [];
  const note = (change: Change) => {
    changes.push(change);
    ctx.log(
      `${change.resource} ${change.id}: ${change.action}${change.detail ? ` (${change.detail})` : ''}`,
    );
  };

  const source = await ensureDataSource(
    ctx,
    dataSourceInput(ctx, names.dataSourceId, target.team, target.redshift, target.groupArn),
    target.team,
  );
  note(source.change);

  const dataSetArns: Record<string, string> = {};
  const ingestions: StartedIngestion[] = [];
  const ingestionPrefix = options.runId ?? `publish-${Date.now()}`;
  for (const dataset of spec.datasets) {
    const outcome = await ensureDataSet(ctx, {
      input: dataSetInput(
        ctx,
        names.dataSetId(dataset.id),
        target.team,
        dataset,
        source.arn,
        target.groupArn,
      ),
      team: target.team,
      refresh: options.refresh ?? 'auto',
      ingestionPrefix,
      ...(options.modelVersion === undefined ? {} : { modelVersion: options.modelVersion }),
    });
    dataSetArns[dataset.id] = outcome.arn;
    outcome.changes.forEach(note);
    if (outcome.ingestion !== undefined) ingestions.push(outcome.ingestion);
  }

  const definition = toQuickSightDefinition(spec, dataSetArns);
  const problems = checkQuickSightDefinition(
    definition,
    Object.fromEntries(spec.datasets.map((d) => [d.id, d.columns])),
  );
  if (problems.length > 0)
    throw new Error(`the generated QuickSight Definition is invalid:\n  ${problems.join('\n  ')}`);
  const dashboard = await ensureDashboard(
    ctx,
    dashboardInput(
      ctx,
      names.dashboardId,
      `${spec.title}: ${target.team}`,
      definition,
      target.groupArn,
    ),
    target.team,
    dashboardDefinitionHash(spec),
  );
  note(dashboard.change);

  if (options.waitForIngestions ?? true)
    for (const ingestion of ingestions) note(await waitForIngestion(ctx, ingestion));

  return {
    dashboardId: names.dashboardId,
    dashboardArn: dashboard.arn,
    url: dashboardUrl(target.region, names.dashboardId),
    publishedVersion: dashboard.publishedVersion,
    changes,
    changed: changes.some((c) => c.action !== 'unchanged'),
  };
}
