/**
 * What a workflow job needs to know about a team: its stack folder, its GitHub environment and the
 * role it deploys with. The names come from `contracts/naming.ts`, the same place the stacks and
 * the bootstrap stack's CI roles take them from.
 */
import {
  PLAN_ROLE_NAME,
  deployRoleName,
  driftRoleName,
  githubEnvironmentName,
  teamStackId,
} from '../../../contracts/naming.js';

/** Where `node dist/stacks/main.js` writes the synthesized stacks (its default `WORKSHOP_OUTDIR`). */
export const SYNTH_OUTDIR = 'cdktf.out';

/** One team as a matrix entry; the keys are what the workflows read as `matrix.<key>`. */
export interface TeamTarget {
  readonly team: string;
  readonly region: string;
  /** The stack's folder, e.g. `cdktf.out/stacks/team-acme`. */
  readonly 'stack-dir': string;
  /** The GitHub environment the deploy job runs in, e.g. `workshop-acme`. */
  readonly environment: string;
  /** The deploy role's name (the account id comes from the repository's variables). */
  readonly 'deploy-role': string;
  /** The read-only plan role's name, the same for every team. */
  readonly 'plan-role': string;
  /** The team's read-only drift role (its migration history and dashboard). */
  readonly 'drift-role': string;
}

/** The matrix entry of a team. */
export function teamTarget(env: { readonly team: string; readonly region: string }): TeamTarget {
  return {
    team: env.team,
    region: env.region,
    'stack-dir': `${SYNTH_OUTDIR}/stacks/${teamStackId(env.team)}`,
    environment: githubEnvironmentName(env.team),
    'deploy-role': deployRoleName(env.team),
    'plan-role': PLAN_ROLE_NAME,
    'drift-role': driftRoleName(env.team),
  };
}

/** A `strategy.matrix` value: `{ include: [...] }`, one entry per team. */
export interface TeamMatrix {
  readonly include: readonly TeamTarget[];
}

/** The matrix of `targets`, in team order. */
export function teamMatrix(targets: readonly TeamTarget[]): TeamMatrix {
  return { include: [...targets].sort((a, b) => a.team.localeCompare(b.team)) };
}
