import { readFile } from 'node:fs/promises';
import type { QuickSightClient } from '@aws-sdk/client-quicksight';
import { loadTeam } from '../../contracts/environment/load.js';
import { readStackOutputs } from '../../contracts/stack-outputs.js';
import { formatPublishSummary } from '../lib/dashboards/publish-summary.js';
import { quickSightTarget } from '../lib/dashboards/quicksight-target.js';
import {
  publishQuickSight,
  type PublishReport,
  type RefreshMode,
} from '../lib/dashboards/quicksight.js';

/** The action's inputs, parsed and typed. */
export interface PublishInputs {
  /** Team id: `<environmentsDir>/<team>.yaml` is its environment file. */
  readonly team: string;
  readonly environmentsDir: string;
  /** A file with the team stack's `terraform output -json`. */
  readonly stackOutputs: string;
  readonly modelVersion?: number;
  readonly refresh: RefreshMode;
  readonly waitForIngestion: boolean;
  readonly timeoutMinutes: number;
  readonly accountId?: string;
  readonly identityRegion?: string;
  readonly namespace?: string;
  readonly redshiftHost?: string;
  readonly redshiftPort?: number;
  /** Makes SPICE ingestion ids unique, e.g. the workflow run id and attempt. */
  readonly runId?: string;
}

/** AWS clients, made by the caller for the team's region. */
export interface PublishClients {
  readonly quicksight: (region: string) => QuickSightClient;
}

/** The action's outputs. */
export interface PublishOutputs {
  readonly dashboardId: string;
  readonly dashboardUrl: string;
  readonly publishedVersion: number;
  readonly changed: boolean;
}

/**
 * Publishes the team's dashboard to QuickSight from its environment file and stack outputs.
 * Returns the action's outputs, the job summary in Markdown and the full report.
 */
export async function run(
  inputs: PublishInputs,
  clients: PublishClients,
  log: (line: string) => void = () => undefined,
): Promise<{ outputs: PublishOutputs; summary: string; report: PublishReport }> {
  const env = await loadTeam(inputs.environmentsDir, inputs.team);
  let outputsJson: string;
  try {
    outputsJson = await readFile(inputs.stackOutputs, 'utf8');
  } catch (e) {
    throw new Error(
      `stack-outputs ${inputs.stackOutputs} cannot be read (${(e as Error).message}); ` +
        'write it with `terraform output -json > FILE` in the team stack first',
    );
  }
  const outputs = readStackOutputs(outputsJson, inputs.stackOutputs);
  const target = quickSightTarget(env, outputs, {
    ...(inputs.accountId === undefined ? {} : { accountId: inputs.accountId }),
    ...(inputs.identityRegion === undefined ? {} : { identityRegion: inputs.identityRegion }),
    ...(inputs.namespace === undefined ? {} : { namespace: inputs.namespace }),
    ...(inputs.redshiftHost === undefined ? {} : { redshiftHost: inputs.redshiftHost }),
    ...(inputs.redshiftPort === undefined ? {} : { redshiftPort: inputs.redshiftPort }),
  });
  const report = await publishQuickSight(clients.quicksight(target.region), target, {
    refresh: inputs.refresh,
    waitForIngestions: inputs.waitForIngestion,
    timeoutMs: inputs.timeoutMinutes * 60_000,
    log,
    ...(inputs.modelVersion === undefined ? {} : { modelVersion: inputs.modelVersion }),
    ...(inputs.runId === undefined ? {} : { runId: inputs.runId }),
  });
  return {
    outputs: {
      dashboardId: report.dashboardId,
      dashboardUrl: report.url,
      publishedVersion: report.publishedVersion,
      changed: report.changed,
    },
    summary: formatPublishSummary(env.team, report),
    report,
  };
}
