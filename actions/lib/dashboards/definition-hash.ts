import { contentHash } from './content-hash.js';
import { DASHBOARD_PUBLISH_OPTIONS } from './quicksight-dashboard.js';
import { toQuickSightDefinition } from './to-quicksight.js';
import type { DashboardSpec } from './types.js';

/**
 * The hash of the dashboard the code builds: the spec (datasets with their SQL, sheets, visuals),
 * the QuickSight `Definition` generated from it and the publish options. Dataset ARNs, which name
 * the account and region, are replaced by the dataset ids, so the drift check computes the same
 * hash from the code alone as the publish did with the real ARNs.
 */
export function dashboardDefinitionHash(spec: DashboardSpec): string {
  const placeholders = Object.fromEntries(spec.datasets.map((d) => [d.id, `dataset/${d.id}`]));
  return contentHash({
    spec,
    definition: toQuickSightDefinition(spec, placeholders),
    publishOptions: DASHBOARD_PUBLISH_OPTIONS,
  });
}
