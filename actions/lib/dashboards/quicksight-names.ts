import type { ResourcePermission, Tag } from '@aws-sdk/client-quicksight';
import type { DashboardSpec } from './types.js';

/** Tag holding the hash of what the publisher last sent for a resource. */
export const HASH_TAG = 'rfm-workshop:content-hash';
/** Tag holding the model version a SPICE dataset was last refreshed for. */
export const MODEL_VERSION_TAG = 'rfm-workshop:model-version';
/**
 * Dashboard tag: the hash of the definition the code builds (definition-hash.ts) that the
 * pipeline last published. The drift check recomputes it from the code and compares.
 */
export const DEFINITION_HASH_TAG = 'rfm-workshop:definition-hash';
/**
 * Dashboard tag: the version the pipeline last published. A published version other than this one
 * was published outside the pipeline (the console, the API).
 */
export const PUBLISHED_VERSION_TAG = 'rfm-workshop:published-version';
/** A dashboard version's description starts with this, followed by the hash. */
export const VERSION_DESCRIPTION_PREFIX = 'rfm-workshop content-hash ';

/** QuickSight ids of one team's dashboard resources: `<dashboard>-<team>[-<part>]`. */
export interface QuickSightNames {
  readonly dataSourceId: string;
  readonly dashboardId: string;
  dataSetId(datasetId: string): string;
}

/** The ids of a dashboard's resources for one team, e.g. `rfm-acme-customers`. */
export function quickSightNames(spec: DashboardSpec, team: string): QuickSightNames {
  const prefix = `${spec.id}-${team}`;
  return {
    dataSourceId: `${prefix}-warehouse`,
    dashboardId: prefix,
    dataSetId: (datasetId) => `${prefix}-${datasetId}`,
  };
}

/** Where people open the dashboard. */
export const dashboardUrl = (region: string, dashboardId: string): string =>
  `https://${region}.quicksight.aws.amazon.com/sn/dashboards/${encodeURIComponent(dashboardId)}`;

/** The ARN of a QuickSight group; groups live in the account's identity region. */
export const groupArn = (
  identityRegion: string,
  accountId: string,
  group: string,
  namespace = 'default',
): string => `arn:aws:quicksight:${identityRegion}:${accountId}:group/${namespace}/${group}`;

/** The team may use the data source and datasets in analyses of its own, but not change them. */
const DATA_SOURCE_ACTIONS = [
  'quicksight:DescribeDataSource',
  'quicksight:DescribeDataSourcePermissions',
  'quicksight:PassDataSource',
];
const DATA_SET_ACTIONS = [
  'quicksight:DescribeDataSet',
  'quicksight:DescribeDataSetPermissions',
  'quicksight:PassDataSet',
  'quicksight:DescribeIngestion',
  'quicksight:ListIngestions',
];
/** Viewers: the dashboard changes through the repository, not the console. */
const DASHBOARD_ACTIONS = [
  'quicksight:DescribeDashboard',
  'quicksight:ListDashboardVersions',
  'quicksight:QueryDashboard',
];

/** The team group's permissions on a data source, a dataset or the dashboard. */
export const permissionsFor = (
  kind: 'dataSource' | 'dataSet' | 'dashboard',
  principal: string,
): ResourcePermission[] => [
  {
    Principal: principal,
    Actions:
      kind === 'dataSource'
        ? DATA_SOURCE_ACTIONS
        : kind === 'dataSet'
          ? DATA_SET_ACTIONS
          : DASHBOARD_ACTIONS,
  },
];

/** Tags every resource gets, plus the content hash. */
export const resourceTags = (team: string, hash: string, extra: readonly Tag[] = []): Tag[] => [
  { Key: 'team', Value: team },
  { Key: 'managed-by', Value: 'rfm-workshop' },
  { Key: HASH_TAG, Value: hash },
  ...extra,
];
