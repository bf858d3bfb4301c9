/** The dashboard published to QuickSight: the AWS backend's publisher. */
import type { QuickSightClient } from '@aws-sdk/client-quicksight';
import type { Publisher } from './publisher.js';
import { formatPublishSummary } from './publish-summary.js';
import { publishQuickSight, type QuickSightTarget } from './quicksight.js';

/** The team's QuickSight data source, datasets and dashboard. */
export function quickSightPublisher(client: QuickSightClient, target: QuickSightTarget): Publisher {
  return {
    kind: 'quicksight',
    async publish(request = {}) {
      const report = await publishQuickSight(client, target, {
        ...(request.modelVersion === undefined ? {} : { modelVersion: request.modelVersion }),
        ...(request.refresh === undefined ? {} : { refresh: request.refresh }),
        ...(request.waitForIngestions === undefined
          ? {}
          : { waitForIngestions: request.waitForIngestions }),
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
        ...(request.runId === undefined ? {} : { runId: request.runId }),
        ...(request.log === undefined ? {} : { log: request.log }),
        ...(request.clock === undefined ? {} : { clock: request.clock }),
        ...(request.random === undefined ? {} : { random: request.random }),
      });
      return {
        location: report.url,
        files: [],
        changed: report.changed,
        summary: formatPublishSummary(target.team, report, target.owners),
        report,
      };
    },
  };
}
