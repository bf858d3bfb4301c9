/** How an action opens its team's backend: the workspace, the run's identity, the inputs. */
import { resolve } from 'node:path';
import { loadTeam } from '../../contracts/environment/load.js';
import {
  openTeamBackend,
  type BackendKind,
  type OpenBackendOptions,
  type TeamBackend,
} from '../lib/pipeline/backend.js';

export interface ActionBackendInputs {
  readonly team: string;
  readonly backend: BackendKind;
  readonly 'environments-dir': string;
  readonly 'stack-outputs'?: string | undefined;
  readonly 'database-url'?: string | undefined;
}

/** The repository checkout the workflow runs in. */
export const workspace = (): string => process.env.GITHUB_WORKSPACE ?? process.cwd();

/** `<run id>-<attempt>` in a workflow, so that a re-run registers and ingests under a new id. */
export function runIdentity(): { commit: string; runId: string } {
  const runId = process.env.GITHUB_RUN_ID;
  return {
    commit: process.env.GITHUB_SHA ?? 'unknown',
    runId:
      runId === undefined
        ? `local-${Date.now()}`
        : `${runId}-${process.env.GITHUB_RUN_ATTEMPT ?? '1'}`,
  };
}

/** Loads the team's environment file and opens its backend for an action step. */
export async function openActionBackend(
  inputs: ActionBackendInputs,
  options: { signal: AbortSignal; userAgent: string; log: (line: string) => void } & Pick<
    OpenBackendOptions,
    'statementTimeoutMs' | 'instanceType' | 'quickSight'
  >,
): Promise<TeamBackend> {
  const root = workspace();
  const env = await loadTeam(resolve(root, inputs['environments-dir']), inputs.team);
  const stackOutputs = inputs['stack-outputs'];
  const databaseUrl = inputs['database-url'];
  return openTeamBackend({
    env,
    backend: inputs.backend,
    stateRoot: root,
    run: runIdentity(),
    signal: options.signal,
    userAgent: options.userAgent,
    log: options.log,
    ...(stackOutputs === undefined ? {} : { stackOutputs: resolve(root, stackOutputs) }),
    ...(databaseUrl === undefined ? {} : { databaseUrl }),
    ...(options.statementTimeoutMs === undefined
      ? {}
      : { statementTimeoutMs: options.statementTimeoutMs }),
    ...(options.instanceType === undefined ? {} : { instanceType: options.instanceType }),
    ...(options.quickSight === undefined ? {} : { quickSight: options.quickSight }),
  });
}
