/**
 * The publish-quicksight action's logic over an open backend: the pipeline's publish step, then
 * the outputs and the job summary.
 */
import type { PublishRequest } from '../lib/dashboards/publisher.js';
import type { PublishReport } from '../lib/dashboards/quicksight.js';
import type { TeamBackend } from '../lib/pipeline/backend.js';
import { publishStep } from '../lib/pipeline/steps.js';

/** The action's outputs, as strings. */
export interface PublishOutputs {
  readonly 'dashboard-id': string;
  readonly 'dashboard-url': string;
  readonly 'published-version': string;
  readonly changed: string;
}

/** Publishes the team's dashboard to QuickSight and describes what changed. */
export async function runPublishQuickSight(
  backend: TeamBackend,
  request: PublishRequest,
): Promise<{ outputs: PublishOutputs; summary: string; report: PublishReport }> {
  if (backend.publisher.kind !== 'quicksight') {
    throw new Error('publish-quicksight needs the aws backend (the team stack outputs)');
  }
  const published = await publishStep(backend, request);
  const report = published.report;
  if (report === undefined) throw new Error('the QuickSight publisher returned no report');
  return {
    outputs: {
      'dashboard-id': report.dashboardId,
      'dashboard-url': report.url,
      'published-version': String(report.publishedVersion),
      changed: String(report.changed),
    },
    summary: published.summary,
    report,
  };
}
