/**
 * Which teams a change touches: an environment file names its team; shared code (stacks, SQL,
 * actions, pinned dependencies) touches every team; a deleted environment file means the team's
 * stack must be torn down.
 */

/** One changed path, as `git diff --name-status` reports it. */
export interface FileChange {
  /** A added, M modified, D deleted, R renamed, C copied, T type changed. */
  readonly status: 'A' | 'M' | 'D' | 'R' | 'C' | 'T';
  readonly path: string;
  /** The path before a rename or copy. */
  readonly from?: string;
}

/** Paths (a folder ending in `/`, or a file) whose change affects every team's stack or pipeline. */
export const ALL_TEAMS_PATHS = [
  'stacks/',
  'contracts/',
  'sql/',
  'actions/',
  'cdktf.json',
  'package-lock.json',
];

const ENVIRONMENT_FILE = /^environments\/([^/]+)\.ya?ml$/;

/** The team an environment file belongs to, or undefined for any other path. */
export function teamOfPath(path: string): string | undefined {
  return ENVIRONMENT_FILE.exec(path)?.[1];
}

/** What a change means for the teams. */
export interface TeamChanges {
  /** Teams to plan or deploy, sorted; all of them have an environment file now. */
  readonly deploy: readonly string[];
  /** Teams whose environment file was deleted: their stacks are to be destroyed. */
  readonly teardown: readonly string[];
  /** The shared paths that made every team change; empty when only environment files changed. */
  readonly allTeamsBecause: readonly string[];
  /** Why each team in `deploy` or `teardown` is there. */
  readonly reasons: Readonly<Record<string, readonly string[]>>;
}

/** The entry of {@link ALL_TEAMS_PATHS} that `path` falls under, if any. */
function sharedPathOf(path: string): string | undefined {
  return ALL_TEAMS_PATHS.find((p) => (p.endsWith('/') ? path.startsWith(p) : path === p));
}

/**
 * Classifies `changes` against `teams`, the teams that have an environment file after the change.
 * A renamed environment file tears down the old team and deploys the new one.
 */
export function classifyChanges(
  changes: readonly FileChange[],
  teams: readonly string[],
): TeamChanges {
  const known = new Set(teams);
  const reasons = new Map<string, string[]>();
  const because = (team: string, why: string): void => {
    const list = reasons.get(team) ?? [];
    if (!list.includes(why)) list.push(why);
    reasons.set(team, list);
  };
  const deploy = new Set<string>();
  const teardown = new Set<string>();
  const shared = new Set<string>();

  for (const change of changes) {
    const paths = change.from === undefined ? [change.path] : [change.from, change.path];
    for (const path of paths) {
      const sharedPath = sharedPathOf(path);
      if (sharedPath !== undefined) shared.add(sharedPath);
    }
    const removed =
      change.status === 'D' ? change.path : change.status === 'R' ? change.from : undefined;
    const removedTeam = removed === undefined ? undefined : teamOfPath(removed);
    if (removedTeam !== undefined && !known.has(removedTeam)) {
      teardown.add(removedTeam);
      because(removedTeam, `${removed} deleted`);
    }
    const kept = change.status === 'D' ? undefined : teamOfPath(change.path);
    if (kept !== undefined && known.has(kept)) {
      deploy.add(kept);
      because(kept, `${change.path} ${change.status === 'A' ? 'added' : 'changed'}`);
    }
  }

  const allTeamsBecause = [...shared].sort();
  if (allTeamsBecause.length > 0) {
    for (const team of teams) {
      deploy.add(team);
      because(team, `${allTeamsBecause.join(', ')} changed (every team)`);
    }
  }
  const sorted = (s: Set<string>): string[] => [...s].sort();
  return {
    deploy: sorted(deploy),
    teardown: sorted(teardown),
    allTeamsBecause,
    reasons: Object.fromEntries(reasons),
  };
}
