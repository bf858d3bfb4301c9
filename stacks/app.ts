import type { App } from 'cdktf';
import type { Environment } from '../contracts/environment/schema.js';
import type { StateBackend } from './backend.js';
import { BootstrapStack } from './bootstrap-stack.js';
import { BOOTSTRAP_STACK_ID, teamStackId } from '../contracts/naming.js';
import type { WorkshopSettings } from './settings.js';
import { WorkshopStack } from './workshop-stack.js';

/** The stacks `buildApp` added. */
export interface WorkshopApp {
  readonly teams: readonly WorkshopStack[];
  /** Absent when no GitHub repository is configured. */
  readonly bootstrap?: BootstrapStack;
}

/** Adds one stack per team and, when a repository is configured, the bootstrap stack. */
export function buildApp(
  app: App,
  environments: readonly Environment[],
  settings: Pick<WorkshopSettings, 'github' | 'stateBucket' | 'stateRegion'>,
): WorkshopApp {
  const backend: StateBackend =
    settings.stateBucket === undefined
      ? { kind: 'local' }
      : { kind: 's3', bucket: settings.stateBucket, region: settings.stateRegion };
  const teams = environments.map(
    (environment) =>
      new WorkshopStack(app, teamStackId(environment.team), { environment, backend }),
  );
  if (settings.github === undefined) return { teams };
  const bootstrap = new BootstrapStack(app, BOOTSTRAP_STACK_ID, {
    region: settings.stateRegion,
    ...(settings.stateBucket === undefined ? {} : { stateBucket: settings.stateBucket }),
    backend,
    repository: settings.github,
    environments,
  });
  return { teams, bootstrap };
}
