/**
 * Dashboard drift: the team's published QuickSight dashboard against the definition the code
 * builds, read with DescribeDashboard and ListTagsForResource only. The publish records the
 * definition hash and the version it published in the dashboard's tags (quicksight-dashboard.ts).
 */
import { DescribeDashboardCommand, type QuickSightClient } from '@aws-sdk/client-quicksight';
import { dashboardDefinitionHash } from './definition-hash.js';
import { describe, tagsOf, type QuickSightContext } from './quicksight-call.js';
import { DEFINITION_HASH_TAG, PUBLISHED_VERSION_TAG, quickSightNames } from './quicksight-names.js';
import type { DashboardSpec } from './types.js';

export type DashboardFindingKind =
  /** No dashboard: never published, or deleted outside the pipeline. */
  | 'not-published'
  /** The dashboard carries no record of what the pipeline published. */
  | 'unrecorded'
  /** The code's definition differs from the one last published. */
  | 'definition-changed'
  /** The published version is not the one the pipeline published. */
  | 'edited-outside';

export interface DashboardFinding {
  readonly kind: DashboardFindingKind;
  /** What differs and what to do, in one sentence. */
  readonly detail: string;
}

export interface DashboardDrift {
  readonly dashboardId: string;
  readonly findings: readonly DashboardFinding[];
  /** Hash of the definition the code builds now. */
  readonly codeHash: string;
  /** Hash the pipeline recorded when it last published. */
  readonly publishedHash?: string;
  /** The version QuickSight shows (the published one). */
  readonly liveVersion?: number;
  /** The version the pipeline last published. */
  readonly pipelineVersion?: number;
}

/** What the drift check reads from QuickSight. */
export interface PublishedDashboard {
  readonly liveVersion: number | undefined;
  readonly tags: ReadonlyMap<string, string>;
}

const short = (hash: string): string => `${hash.slice(0, 12)}…`;

/** Pure: the findings for a dashboard as read (undefined: it does not exist). */
export function dashboardDrift(
  dashboardId: string,
  codeHash: string,
  published: PublishedDashboard | undefined,
): DashboardDrift {
  if (published === undefined)
    return {
      dashboardId,
      codeHash,
      findings: [
        {
          kind: 'not-published',
          detail: `there is no dashboard ${dashboardId}: it was never published, or deleted outside the pipeline; the next deploy publishes it`,
        },
      ],
    };
  const { liveVersion, tags } = published;
  const publishedHash = tags.get(DEFINITION_HASH_TAG);
  const recorded = tags.get(PUBLISHED_VERSION_TAG);
  const pipelineVersion = recorded === undefined ? undefined : Number(recorded);
  const base = {
    dashboardId,
    codeHash,
    ...(publishedHash === undefined ? {} : { publishedHash }),
    ...(liveVersion === undefined ? {} : { liveVersion }),
    ...(pipelineVersion === undefined ? {} : { pipelineVersion }),
  };
  if (publishedHash === undefined || pipelineVersion === undefined)
    return {
      ...base,
      findings: [
        {
          kind: 'unrecorded',
          detail: `the dashboard has no ${DEFINITION_HASH_TAG} and ${PUBLISHED_VERSION_TAG} tags: it was last published before the pipeline recorded what it publishes, or they were removed; the next deploy records them`,
        },
      ],
    };
  const findings: DashboardFinding[] = [];
  if (publishedHash !== codeHash)
    findings.push({
      kind: 'definition-changed',
      detail: `definition changed in code, not published: the code builds ${short(codeHash)}, the pipeline last published ${short(publishedHash)}; the next deploy publishes it`,
    });
  if (liveVersion !== pipelineVersion)
    findings.push({
      kind: 'edited-outside',
      detail: `edited outside the pipeline: version ${liveVersion ?? '?'} is published, the pipeline published version ${pipelineVersion}; make the change in actions/lib/dashboards/definition.ts (the next deploy publishes the code's definition again)`,
    });
  return { ...base, findings };
}

/** Where the team's dashboard is, and the definition the code builds for it. */
export interface DashboardDriftTarget {
  readonly accountId: string;
  readonly region: string;
  readonly team: string;
  readonly spec: DashboardSpec;
}

/** Reads the team's dashboard (DescribeDashboard, ListTagsForResource) and compares. */
export async function checkDashboardDrift(
  client: QuickSightClient,
  target: DashboardDriftTarget,
): Promise<DashboardDrift> {
  const ctx: QuickSightContext = {
    client,
    accountId: target.accountId,
    region: target.region,
    timeoutMs: 0,
    log: () => undefined,
  };
  const id = quickSightNames(target.spec, target.team).dashboardId;
  const codeHash = dashboardDefinitionHash(target.spec);
  const out = await describe(ctx, 'DescribeDashboard', id, () =>
    client.send(new DescribeDashboardCommand({ AwsAccountId: target.accountId, DashboardId: id })),
  );
  const dashboard = out?.Dashboard;
  if (dashboard === undefined) return dashboardDrift(id, codeHash, undefined);
  return dashboardDrift(id, codeHash, {
    liveVersion: dashboard.Version?.VersionNumber,
    tags: await tagsOf(ctx, dashboard.Arn ?? ''),
  });
}
