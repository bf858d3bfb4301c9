/**
 * Which teams a deploy of `head` must touch, judged against what is deployed (the records) rather
 * than against the push: a team whose recorded commit is older than `head` is deployed when the
 * changes since that commit touch it, so a run cancelled while it waited loses nothing; a team
 * with a record but no environment file any more is torn down; and the bootstrap stack is applied
 * when the teams, their regions or the stack code changed since its last recorded apply.
 */
import { parseEnvironment } from '../../../contracts/environment/load.js';
import { classifyChanges, type FileChange } from './changed-teams.js';
import { commitOrder } from './commit-order.js';
import { deployBase, type DeployBase } from './deploy-base.js';
import { readDeployRecord, recordedTeams, type RecordStore } from './deploy-record.js';
import { changedFiles, fileAtRevision, isNullRevision, type Git } from './git.js';

const short = (sha: string): string => sha.slice(0, 7);

/** A team to tear down, and where its environment file can be read back from. */
export interface TeardownSource {
  readonly team: string;
  /** `<commit>:<path>`, as `git show` takes it, e.g. `3f2a…:environments/acme.yml`. */
  readonly source: string;
  readonly why: string;
}

/** What the records say a deploy of `head` must do. */
export interface SinceDeployed {
  /** Teams to deploy, with why. */
  readonly deploy: ReadonlyMap<string, readonly string[]>;
  /** Teams to tear down: recorded, and without an environment file at `head`. */
  readonly teardown: readonly TeardownSource[];
  /** Teams left alone, with why (a newer commit is deployed, or the file cannot be restored). */
  readonly skipped: readonly { readonly team: string; readonly why: string }[];
}

/** The environment file of `team` at `commit` (either extension), or undefined. */
export async function environmentFileAt(
  git: Git,
  commit: string,
  team: string,
  environmentsDir: string,
): Promise<{ readonly path: string; readonly text: string } | undefined> {
  for (const ext of ['yaml', 'yml']) {
    const path = `${environmentsDir}/${team}.${ext}`;
    const text = await fileAtRevision(git, commit, path);
    if (text !== undefined) return { path, text };
  }
  return undefined;
}

/** Memoizes `changedFiles(base, head)` per base: many teams were last deployed at the same commit. */
function diffCache(git: Git, head: string): (base: string) => Promise<FileChange[]> {
  const cache = new Map<string, Promise<FileChange[]>>();
  return (base) => {
    let found = cache.get(base);
    if (found === undefined) {
      found = changedFiles(git, base, head);
      cache.set(base, found);
    }
    return found;
  };
}

/**
 * Compares each team of `teams` (those with an environment file at `head`) and each recorded team
 * without one against its record.
 */
export async function changesSinceDeployed(input: {
  readonly git: Git;
  readonly store: RecordStore;
  readonly teams: readonly string[];
  readonly head: string;
  readonly environmentsDir: string;
}): Promise<SinceDeployed> {
  const { git, store, head } = input;
  const diff = diffCache(git, head);
  const deploy = new Map<string, string[]>();
  const skipped: { team: string; why: string }[] = [];

  for (const team of input.teams) {
    const stored = await readDeployRecord(store, { team });
    const base = await deployBase(git, stored?.record, head);
    if (base.kind === 'superseded') {
      skipped.push({ team, why: base.why });
    } else if (base.kind !== 'compare') {
      deploy.set(team, [base.why]);
    } else if (!base.same) {
      const changes = classifyChanges(await diff(base.base), [team]);
      const why = changes.reasons[team];
      if (changes.deploy.includes(team) && why !== undefined) {
        deploy.set(
          team,
          why.map((w) => `${w} since ${short(base.base)}`),
        );
      }
    }
  }

  const teardown: TeardownSource[] = [];
  const present = new Set(input.teams);
  for (const team of await recordedTeams(store)) {
    if (present.has(team)) continue;
    const stored = await readDeployRecord(store, { team });
    if (stored === undefined) continue; // forgotten meanwhile
    const { commit } = stored.record;
    const order = await commitOrder(git, commit, head);
    if (order === 'after') {
      skipped.push({
        team,
        why: `${short(commit)}, a newer commit that has its environment file, is deployed`,
      });
      continue;
    }
    const file =
      order === 'missing'
        ? undefined
        : await environmentFileAt(git, commit, team, input.environmentsDir);
    if (file === undefined) {
      skipped.push({
        team,
        why: `its environment file cannot be read at the deployed commit ${short(commit)}; tear it down by hand (see README, GitOps)`,
      });
      continue;
    }
    teardown.push({
      team,
      source: `${commit}:${file.path}`,
      why: `deployed at ${short(commit)}; ${file.path} is gone`,
    });
  }
  return { deploy, teardown, skipped };
}

/** Paths whose change can change the bootstrap stack (its code, the shared names, the provider). */
export const BOOTSTRAP_PATHS = ['stacks/', 'contracts/', 'cdktf.json', 'package-lock.json'];

/** Whether the bootstrap stack must be applied before the team deploys, and why. */
export interface BootstrapDecision {
  readonly apply: boolean;
  readonly because: readonly string[];
}

const ENVIRONMENT_FILE_NAME = /^([^/]+)\.ya?ml$/;

/** team → region of every environment file at `commit`; undefined when one cannot be read. */
async function regionsAt(
  git: Git,
  commit: string,
  environmentsDir: string,
): Promise<Map<string, string> | undefined> {
  const listed = await git(['ls-tree', '--name-only', commit, '--', `${environmentsDir}/`]);
  const regions = new Map<string, string>();
  for (const path of listed.split('\n').filter((p) => p !== '')) {
    const team = ENVIRONMENT_FILE_NAME.exec(path.slice(environmentsDir.length + 1))?.[1];
    if (team === undefined) continue;
    try {
      const text = await git(['show', `${commit}:${path}`]);
      regions.set(team, parseEnvironment(text, path).region);
    } catch {
      return undefined;
    }
  }
  return regions;
}

/**
 * The bootstrap stack holds one deploy role per team (scoped to the team's region): it changes
 * when a team is added or removed, a team's region changes, or its code changes.
 */
export async function decideBootstrap(input: {
  readonly git: Git;
  readonly base: DeployBase;
  readonly head: string;
  readonly environmentsDir: string;
}): Promise<BootstrapDecision> {
  const { git, base, head } = input;
  if (base.kind === 'superseded') return { apply: false, because: [base.why] };
  if (base.kind !== 'compare') return { apply: true, because: [base.why] };
  if (base.same) return { apply: false, because: [base.why] };

  const because: string[] = [];
  const files = await changedFiles(git, base.base, head);
  const code = BOOTSTRAP_PATHS.filter((p) =>
    files.some((f) =>
      [f.path, f.from].some(
        (x) => x !== undefined && (p.endsWith('/') ? x.startsWith(p) : x === p),
      ),
    ),
  );
  if (code.length > 0) because.push(`${code.join(', ')} changed`);

  const before = await regionsAt(git, base.base, input.environmentsDir);
  const after = await regionsAt(git, head, input.environmentsDir);
  if (before === undefined || after === undefined) {
    because.push('an environment file could not be read at one of the two commits');
  } else {
    const added = [...after.keys()].filter((t) => !before.has(t));
    const removed = [...before.keys()].filter((t) => !after.has(t));
    const moved = [...after.keys()].filter((t) => before.has(t) && before.get(t) !== after.get(t));
    if (added.length > 0)
      because.push(`team${added.length > 1 ? 's' : ''} ${added.join(', ')} added`);
    if (removed.length > 0) {
      because.push(`team${removed.length > 1 ? 's' : ''} ${removed.join(', ')} removed`);
    }
    if (moved.length > 0) because.push(`region of ${moved.join(', ')} changed`);
  }
  return {
    apply: because.length > 0,
    because: because.length > 0 ? because.map((b) => `${b} since ${short(base.base)}`) : [],
  };
}

/** A push's own comparison (no records): its `before` commit, or nothing to compare with. */
export function pushBase(before: string): DeployBase {
  return isNullRevision(before)
    ? { kind: 'unknown', why: 'the push has no previous commit' }
    : { kind: 'compare', base: before, same: false, why: `the push replaced ${short(before)}` };
}
