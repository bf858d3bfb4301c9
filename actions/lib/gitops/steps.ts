/**
 * One function per workflow step of the GitOps workflows: each reads what the step has (git, the
 * environment files, plan files), decides, and returns the step's outputs and job summary. The
 * `workshop gitops` commands only parse flags and write the results to the runner's files.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEnvironments, parseEnvironment } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import { classifyChanges, type FileChange, type TeamChanges } from './changed-teams.js';
import { deployBase, type DeployBase } from './deploy-base.js';
import { readDeployRecord, type RecordStore } from './deploy-record.js';
import {
  decideDeploySteps,
  deployStepOutputs,
  NOTHING_TO_DEPLOY,
  renderDeploySteps,
  type PreviousEnvironment,
} from './deploy-steps.js';
import { renderDriftReport, type DriftCheck, type DriftReport } from './drift.js';
import { OUTSIDE_CHECKS, readOutsideCheck } from './outside-checks.js';
import { expiredTeams, expiryMode, expiryStatus, isLive, type ExpiryStatus } from './expiry.js';
import { changedFiles, isNullRevision, type Git } from './git.js';
import { renderChangedTeams, renderExpiry, renderPreview } from './job-summary.js';
import { renderPlanComment } from './plan-comment.js';
import { renderTeamPlan, type TeamPlan } from './plan-markdown.js';
import { planHasChanges, summarizePlan } from './plan.js';
import type { StepOutputs } from './runner-files.js';
import {
  changesSinceDeployed,
  decideBootstrap,
  environmentFileAt,
  pushBase,
  type BootstrapDecision,
} from './since-deployed.js';
import { teamMatrix, teamTarget, type TeamTarget } from './targets.js';

/** What a step hands back to the runner. */
export interface StepResult {
  readonly outputs: StepOutputs;
  /** Markdown for the job summary. */
  readonly summary: string;
}

/** The clock and grace period every step that looks at `expires` shares. */
export interface ExpiryClock {
  readonly now: Date;
  readonly graceDays: number;
}

const bool = (b: boolean): 'true' | 'false' => (b ? 'true' : 'false');
const json = (v: unknown): string => JSON.stringify(v);

/** The environment file of `team` at `ref`, parsed, or undefined when it did not exist there. */
async function environmentAt(
  git: Git,
  ref: string,
  team: string,
  environmentsDir: string,
): Promise<{ readonly env: Environment; readonly path: string } | undefined> {
  const file = await environmentFileAt(git, ref, team, environmentsDir);
  if (file === undefined) return undefined;
  try {
    return { env: parseEnvironment(file.text, file.path), path: file.path };
  } catch (e) {
    throw new Error(`${(e as Error).message}\n(in ${file.path} as of commit ${ref})`);
  }
}

/** Inputs of {@link changedTeamsStep}. */
export interface ChangedTeamsInput {
  readonly git: Git;
  /** Folder of the environment files, relative to the repository root (as git names paths). */
  readonly environmentsDir: string;
  /** The same folder as an absolute path, to read the files of the checkout. */
  readonly environmentsPath: string;
  /** The commit to compare with: the pull request's base branch, or the push's `before`. */
  readonly base: string;
  readonly head: string;
  readonly clock: ExpiryClock;
  /**
   * The deploy records (deploy workflow): each team is also compared with the commit it last
   * deployed, so that the changes of cancelled runs are not lost, and the bootstrap stack with
   * its last apply. Without them only `base...head` counts (pull requests).
   */
  readonly records?: RecordStore;
}

/** A matrix entry of a team to tear down: where to read its deleted environment file back from. */
export type TeardownTarget = TeamTarget & {
  /** `<commit>:<path>` for `git show`; the path keeps its extension (`.yaml` or `.yml`). */
  readonly 'environment-source': string;
};

/**
 * The teams to plan or deploy (live ones only), to tear down (environment file deleted), to preview,
 * and whether the bootstrap stack is to be applied first. Outputs: `teams`, `matrix`, `any`,
 * `teardown`, `teardown-matrix`, `teardown-sources` (one `<commit>:<path>` a line), `any-teardown`,
 * `all-teams-because`, `preview-matrix`, `any-preview`, `bootstrap`, `bootstrap-because`.
 */
export async function changedTeamsStep(input: ChangedTeamsInput): Promise<StepResult> {
  const envs = await loadEnvironments(input.environmentsPath);
  const teams = envs.map((e) => e.team);
  const noBase = isNullRevision(input.base);
  const pushed: TeamChanges = noBase
    ? {
        deploy: teams,
        teardown: [],
        allTeamsBecause: [],
        reasons: Object.fromEntries(teams.map((t) => [t, ['no base commit to compare with']])),
      }
    : classifyChanges(await changedFiles(input.git, input.base, input.head), teams);

  const reasons = new Map(Object.entries(pushed.reasons).map(([t, r]) => [t, [...r]]));
  const deploy = new Set(pushed.deploy);
  const sources = new Map<string, string>();
  const skipped: { team: string; why: string }[] = [];
  let bootstrap: BootstrapDecision;
  if (input.records === undefined) {
    bootstrap = await decideBootstrap({
      git: input.git,
      base: pushBase(input.base),
      head: input.head,
      environmentsDir: input.environmentsDir,
    });
  } else {
    const since = await changesSinceDeployed({
      git: input.git,
      store: input.records,
      teams,
      head: input.head,
      environmentsDir: input.environmentsDir,
    });
    for (const [team, why] of since.deploy) {
      deploy.add(team);
      reasons.set(team, [...new Set([...(reasons.get(team) ?? []), ...why])]);
    }
    for (const t of since.teardown) {
      sources.set(t.team, t.source);
      reasons.set(t.team, [...new Set([...(reasons.get(t.team) ?? []), t.why])]);
    }
    for (const s of since.skipped) {
      deploy.delete(s.team);
      reasons.delete(s.team);
      skipped.push(s);
    }
    const stored = await readDeployRecord(input.records, { bootstrap: true });
    bootstrap = await decideBootstrap({
      git: input.git,
      base: await deployBase(input.git, stored?.record, input.head),
      head: input.head,
      environmentsDir: input.environmentsDir,
    });
  }
  const skippedTeams = new Set(skipped.map((s) => s.team));
  const teardownTeams = [...new Set([...pushed.teardown, ...sources.keys()])]
    .filter((t) => !skippedTeams.has(t))
    .sort();

  const byTeam = new Map(envs.map((e) => [e.team, e]));
  const chosen = [...deploy]
    .sort()
    .map((t) => byTeam.get(t))
    .filter((e) => e !== undefined);
  const live = chosen.filter((e) => isLive(e, input.clock.now, input.clock.graceDays));
  const expired = chosen
    .filter((e) => !live.includes(e))
    .map((e) => expiryStatus(e, input.clock.now, input.clock.graceDays));

  const gone: TeardownTarget[] = [];
  for (const team of teardownTeams) {
    const source = sources.get(team);
    const [commit, path] = source === undefined ? [input.base, undefined] : splitSource(source);
    const found = await environmentAt(input.git, commit, team, input.environmentsDir);
    if (found === undefined || (path !== undefined && found.path !== path)) {
      throw new Error(
        `${input.environmentsDir}/${team}.yaml (or .yml) is deleted but not found at ${commit}; cannot tell which region to tear down`,
      );
    }
    gone.push({ ...teamTarget(found.env), 'environment-source': `${commit}:${found.path}` });
  }
  const matrix = teamMatrix(live.map(teamTarget));
  const teardownMatrix = { include: [...gone].sort((a, b) => a.team.localeCompare(b.team)) };
  const preview = previewTargets(matrix.include, envs);
  const changes: TeamChanges = {
    deploy: live.map((e) => e.team),
    teardown: teardownMatrix.include.map((t) => t.team),
    allTeamsBecause: pushed.allTeamsBecause,
    reasons: Object.fromEntries(reasons),
  };
  return {
    outputs: {
      teams: json(matrix.include.map((t) => t.team)),
      matrix: json(matrix),
      any: bool(matrix.include.length > 0),
      teardown: json(changes.teardown),
      'teardown-matrix': json(teardownMatrix),
      'teardown-sources': teardownMatrix.include.map((t) => t['environment-source']).join('\n'),
      'any-teardown': bool(teardownMatrix.include.length > 0),
      'all-teams-because': json(pushed.allTeamsBecause),
      'preview-matrix': json(teamMatrix(preview)),
      'any-preview': bool(preview.length > 0),
      bootstrap: bool(bootstrap.apply),
      'bootstrap-because': json(bootstrap.because),
    },
    summary: renderChangedTeams(changes, expired, { skipped, bootstrap }),
  };
}

/** `<commit>:<path>` split at the first colon (a SHA has none). */
function splitSource(source: string): [string, string] {
  const at = source.indexOf(':');
  return [source.slice(0, at), source.slice(at + 1)];
}

/**
 * The teams a pull request previews locally: the changed ones, or, when the change touches no team
 * (a workflow, a dependency, the docs), the first team of the repository, so that every pull
 * request shows the page it produces.
 */
function previewTargets(
  changed: readonly TeamTarget[],
  envs: readonly Environment[],
): readonly TeamTarget[] {
  if (changed.length > 0) return changed;
  const first = [...envs].sort((a, b) => a.team.localeCompare(b.team))[0];
  return first === undefined ? [] : [teamTarget(first)];
}

/**
 * The live teams (all of them, or the one named) as a matrix, for drift checks and retraining.
 * Naming a team that has no environment file, or one that expired, is an error.
 */
export async function liveTeamsStep(
  environmentsPath: string,
  clock: ExpiryClock,
  team?: string,
): Promise<StepResult> {
  const envs = await loadEnvironments(environmentsPath);
  const live = envs.filter((e) => isLive(e, clock.now, clock.graceDays));
  let chosen = live;
  if (team !== undefined) {
    const env = envs.find((e) => e.team === team);
    if (env === undefined) {
      throw new Error(
        `no environment file for team "${team}" in ${environmentsPath}/ (teams: ${envs.map((e) => e.team).join(', ') || 'none'})`,
      );
    }
    if (!live.includes(env)) {
      const s = expiryStatus(env, clock.now, clock.graceDays);
      throw new Error(
        `team "${team}" expired on ${s.expires} and is torn down from ${s.teardownAt.toISOString().slice(0, 10)}; extend expires in its environment file first`,
      );
    }
    chosen = [env];
  }
  const matrix = teamMatrix(chosen.map(teamTarget));
  return {
    outputs: {
      teams: json(matrix.include.map((t) => t.team)),
      matrix: json(matrix),
      any: bool(matrix.include.length > 0),
    },
    summary: `Teams: ${matrix.include.map((t) => `\`${t.team}\``).join(', ') || 'none'}.\n`,
  };
}

/** Inputs of {@link deployStepsStep}. */
export interface DeployStepsInput {
  readonly git: Git;
  readonly environmentsDir: string;
  readonly environmentsPath: string;
  readonly team: string;
  /** The commit before the push (`github.event.before`); used when there are no records. */
  readonly base?: string;
  /** The commit being deployed. */
  readonly head: string;
  readonly clock: ExpiryClock;
  /** The deploy records: compare with the team's last deployed commit instead of the push. */
  readonly records?: RecordStore;
}

/**
 * Which of migrate, load, train and publish the team's deploy runs: outputs `true`/`false` each,
 * `deploy` (`false` when a newer commit is already deployed: the job stops there, successfully)
 * and `compared-with` (the commit the steps were decided against, empty when none).
 */
export async function deployStepsStep(input: DeployStepsInput): Promise<StepResult> {
  const envs = await loadEnvironments(input.environmentsPath);
  const after = envs.find((e) => e.team === input.team);
  if (after === undefined) {
    throw new Error(`no environment file for team "${input.team}" in ${input.environmentsPath}/`);
  }
  let base: DeployBase;
  if (input.records !== undefined) {
    const stored = await readDeployRecord(input.records, { team: input.team });
    base = await deployBase(input.git, stored?.record, input.head);
  } else if (input.base !== undefined) {
    base = pushBase(input.base);
  } else {
    throw new Error(
      'deploy-steps needs the deploy records or a base commit (--base) to compare with',
    );
  }
  if (base.kind === 'superseded') {
    return {
      outputs: {
        deploy: 'false',
        'compared-with': '',
        ...deployStepOutputs(NOTHING_TO_DEPLOY),
      },
      summary: `### Deploy of \`${input.team}\` stopped\n\n${base.why}; this run deploys nothing.\n`,
    };
  }
  let previous: PreviousEnvironment;
  let files: string[] = [];
  if (base.kind !== 'compare') {
    previous = { kind: 'unknown', why: base.why };
  } else {
    const before = await environmentAt(input.git, base.base, input.team, input.environmentsDir);
    previous =
      before === undefined
        ? { kind: 'absent' }
        : {
            kind: 'present',
            env: before.env,
            tornDown: !isLive(before.env, input.clock.now, input.clock.graceDays),
          };
    files = (await changedFiles(input.git, base.base, input.head)).flatMap(pathsOf);
  }
  const plan = decideDeploySteps(previous, after, files);
  const comparedWith = base.kind === 'compare' ? base.base : '';
  return {
    outputs: { deploy: 'true', 'compared-with': comparedWith, ...deployStepOutputs(plan) },
    summary:
      renderDeploySteps(input.team, plan) +
      (comparedWith === '' ? '' : `\nCompared with ${comparedWith.slice(0, 7)}: ${base.why}.\n`),
  };
}

const pathsOf = (c: FileChange): string[] => (c.from === undefined ? [c.path] : [c.from, c.path]);

/** Reads `<dir>/<team>.plan.json`; a missing or unreadable file becomes the team's error. */
async function readTeamPlan(dir: string, team: string): Promise<TeamPlan> {
  const file = join(dir, `${team}.plan.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return {
      team,
      error: `no plan file ${file}: the plan job of ${team} failed or was cancelled; see its log`,
    };
  }
  try {
    return { team, plan: summarizePlan(text, file) };
  } catch (e) {
    return { team, error: (e as Error).message };
  }
}

/**
 * One team's plan (`terraform show -json` in `planFile`) as a job summary section. Outputs `add`,
 * `change`, `destroy` and `changes` (`true` when anything would change).
 */
export async function planSummaryStep(
  team: string,
  planFile: string,
  title?: string,
): Promise<StepResult> {
  const plan = summarizePlan(await readFile(planFile, 'utf8'), planFile);
  const section = renderTeamPlan({ team, plan }, { headingLevel: 3 });
  return {
    outputs: {
      add: String(plan.add),
      change: String(plan.change),
      destroy: String(plan.destroy),
      changes: bool(planHasChanges(plan)),
    },
    summary: title === undefined ? section : `## ${title}\n\n${section}`,
  };
}

/** Inputs of {@link planCommentStep}. */
export interface PlanCommentStepInput {
  /** Folder with one `<team>.plan.json` per team that planned. */
  readonly plansDir: string;
  /** The teams that were to be planned (the changed-teams `teams` output). */
  readonly teams: readonly string[];
  readonly commit: string;
  readonly runUrl?: string;
  readonly allTeamsBecause?: readonly string[];
}

/** The pull request's plan comment; `changes` and `failed` outputs say whether to look closer. */
export async function planCommentStep(
  input: PlanCommentStepInput,
): Promise<StepResult & { readonly comment: string }> {
  const plans = await Promise.all(input.teams.map((t) => readTeamPlan(input.plansDir, t)));
  const comment = renderPlanComment({
    teams: plans,
    commit: input.commit,
    ...(input.runUrl === undefined ? {} : { runUrl: input.runUrl }),
    ...(input.allTeamsBecause === undefined ? {} : { allTeamsBecause: input.allTeamsBecause }),
  });
  return {
    comment,
    outputs: {
      changes: bool(plans.some((p) => 'plan' in p && planHasChanges(p.plan))),
      failed: json(plans.filter((p) => 'error' in p).map((p) => p.team)),
    },
    summary: comment,
  };
}

/**
 * The drift report of the teams in `teams`, from `<dir>/<team>.plan.json` and `<dir>/<team>.exitcode`
 * (the exit code of `terraform plan -detailed-exitcode`) and the checks of what Terraform does not
 * see, `<dir>/<team>.migrations.json` and `<dir>/<team>.dashboard.json` (a missing one is a failed
 * check). Outputs `drifted` and `failed` (JSON).
 */
export async function driftStep(
  dir: string,
  teams: readonly string[],
  context: { readonly date: string; readonly runUrl?: string },
): Promise<StepResult & { readonly report: DriftReport }> {
  const checks: DriftCheck[] = [];
  for (const team of teams) {
    const code = await readFile(join(dir, `${team}.exitcode`), 'utf8').catch(() => undefined);
    const plan = await readTeamPlan(dir, team);
    const exitCode = code === undefined || code.trim() === '' ? undefined : Number(code.trim());
    checks.push({
      team,
      exitCode: exitCode !== undefined && Number.isInteger(exitCode) ? exitCode : undefined,
      ...('plan' in plan ? { plan: plan.plan } : {}),
      outside: await Promise.all(OUTSIDE_CHECKS.map((check) => readOutsideCheck(dir, team, check))),
    });
  }
  const report = renderDriftReport(checks, context);
  return {
    report,
    outputs: { drifted: json(report.drifted), failed: json(report.failed) },
    summary: report.summary,
  };
}

/**
 * The teams to destroy now, and whether this run destroys them (`destroy`) or only lists them.
 * Outputs: `teams`, `matrix`, `any`, `destroy`, `dry-run`.
 */
export async function expiredStep(
  environmentsPath: string,
  clock: ExpiryClock,
  event: string,
  dryRunInput: string,
): Promise<StepResult> {
  const envs = await loadEnvironments(environmentsPath);
  const mode = expiryMode(event, dryRunInput);
  const expired = expiredTeams(envs, clock.now, clock.graceDays);
  const statuses: ExpiryStatus[] = envs.map((e) => expiryStatus(e, clock.now, clock.graceDays));
  const byTeam = new Map(envs.map((e) => [e.team, e]));
  const matrix = teamMatrix(
    expired.flatMap((s) => {
      const env = byTeam.get(s.team);
      return env === undefined ? [] : [teamTarget(env)];
    }),
  );
  return {
    outputs: {
      teams: json(matrix.include.map((t) => t.team)),
      matrix: json(matrix),
      any: bool(matrix.include.length > 0),
      destroy: bool(matrix.include.length > 0 && !mode.dryRun),
      'dry-run': bool(mode.dryRun),
    },
    summary: renderExpiry(statuses, mode, clock.graceDays),
  };
}

/** The local preview's job summary, from the folder `workshop run --out` wrote. */
export async function previewStep(
  outDir: string,
  links: { readonly artifactUrl?: string } = {},
): Promise<StepResult> {
  const read = (name: string): Promise<string> =>
    readFile(join(outDir, name), 'utf8').catch(() => {
      throw new Error(`${join(outDir, name)} is missing; run workshop run --out ${outDir} first`);
    });
  const screenshot = await access(join(outDir, 'dashboard.png')).then(
    () => true,
    () => false,
  );
  const summary = renderPreview(
    {
      run: await read('run.json'),
      model: await read('model.json'),
      segments: await read('segments.csv'),
    },
    { ...links, screenshot },
  );
  return { outputs: {}, summary };
}
