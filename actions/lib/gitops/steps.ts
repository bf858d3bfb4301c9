/**
 * One function per workflow step of the GitOps workflows: each reads what the step has (git, the
 * environment files, plan files), decides, and returns the step's outputs and job summary. The
 * `workshop gitops` commands only parse flags and write the results to the runner's files.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEnvironments, parseEnvironment } from '../../../contracts/environment/load.js';
import type { Environment } from '../../../contracts/environment/schema.js';
import { classifyChanges, type FileChange } from './changed-teams.js';
import {
  decideDeploySteps,
  deployStepOutputs,
  renderDeploySteps,
  type PreviousEnvironment,
} from './deploy-steps.js';
import { renderDriftReport, type DriftCheck, type DriftReport } from './drift.js';
import { expiredTeams, expiryMode, expiryStatus, isLive, type ExpiryStatus } from './expiry.js';
import { changedFiles, fileAtRevision, isNullRevision, type Git } from './git.js';
import { renderChangedTeams, renderExpiry, renderPreview } from './job-summary.js';
import { renderPlanComment } from './plan-comment.js';
import { renderTeamPlan, type TeamPlan } from './plan-markdown.js';
import { planHasChanges, summarizePlan } from './plan.js';
import type { StepOutputs } from './runner-files.js';
import { teamMatrix, teamTarget } from './targets.js';

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

/** The environment file of `team` at `ref`, or undefined when it did not exist there. */
async function environmentAt(
  git: Git,
  ref: string,
  team: string,
  environmentsDir: string,
): Promise<Environment | undefined> {
  for (const ext of ['yaml', 'yml']) {
    const path = `${environmentsDir}/${team}.${ext}`;
    const text = await fileAtRevision(git, ref, path);
    if (text === undefined) continue;
    try {
      return parseEnvironment(text, path);
    } catch (e) {
      throw new Error(`${(e as Error).message}\n(in ${path} as of commit ${ref})`);
    }
  }
  return undefined;
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
}

/**
 * The teams to plan or deploy (live ones only) and to tear down (environment file deleted).
 * Outputs: `teams`, `matrix`, `any`, `teardown`, `teardown-matrix`, `any-teardown`,
 * `all-teams-because` (JSON arrays and matrices, `true`/`false` flags).
 */
export async function changedTeamsStep(input: ChangedTeamsInput): Promise<StepResult> {
  const envs = await loadEnvironments(input.environmentsPath);
  const teams = envs.map((e) => e.team);
  const noBase = isNullRevision(input.base);
  const changes = noBase
    ? {
        deploy: teams,
        teardown: [],
        allTeamsBecause: [],
        reasons: Object.fromEntries(teams.map((t) => [t, ['no base commit to compare with']])),
      }
    : classifyChanges(await changedFiles(input.git, input.base, input.head), teams);

  const byTeam = new Map(envs.map((e) => [e.team, e]));
  const chosen = changes.deploy.map((t) => byTeam.get(t)).filter((e) => e !== undefined);
  const live = chosen.filter((e) => isLive(e, input.clock.now, input.clock.graceDays));
  const expired = chosen
    .filter((e) => !live.includes(e))
    .map((e) => expiryStatus(e, input.clock.now, input.clock.graceDays));

  const gone: Environment[] = [];
  for (const team of changes.teardown) {
    const env = await environmentAt(input.git, input.base, team, input.environmentsDir);
    if (env === undefined) {
      throw new Error(
        `${input.environmentsDir}/${team}.yaml is deleted but not found at ${input.base}; cannot tell which region to tear down`,
      );
    }
    gone.push(env);
  }
  const matrix = teamMatrix(live.map(teamTarget));
  const teardownMatrix = teamMatrix(gone.map(teamTarget));
  return {
    outputs: {
      teams: json(matrix.include.map((t) => t.team)),
      matrix: json(matrix),
      any: bool(matrix.include.length > 0),
      teardown: json(teardownMatrix.include.map((t) => t.team)),
      'teardown-matrix': json(teardownMatrix),
      'any-teardown': bool(teardownMatrix.include.length > 0),
      'all-teams-because': json(changes.allTeamsBecause),
    },
    summary: renderChangedTeams({ ...changes, deploy: live.map((e) => e.team) }, expired),
  };
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
  /** The commit before the push (`github.event.before`). */
  readonly base: string;
  readonly head: string;
  readonly clock: ExpiryClock;
}

/** Which of migrate, load, train and publish the team's deploy runs: outputs `true`/`false` each. */
export async function deployStepsStep(input: DeployStepsInput): Promise<StepResult> {
  const envs = await loadEnvironments(input.environmentsPath);
  const after = envs.find((e) => e.team === input.team);
  if (after === undefined) {
    throw new Error(`no environment file for team "${input.team}" in ${input.environmentsPath}/`);
  }
  let previous: PreviousEnvironment;
  let files: string[] = [];
  if (isNullRevision(input.base)) {
    previous = { kind: 'unknown', why: 'the push has no previous commit' };
  } else {
    const before = await environmentAt(input.git, input.base, input.team, input.environmentsDir);
    previous =
      before === undefined
        ? { kind: 'absent' }
        : {
            kind: 'present',
            env: before,
            tornDown: !isLive(before, input.clock.now, input.clock.graceDays),
          };
    files = (await changedFiles(input.git, input.base, input.head)).flatMap(pathsOf);
  }
  const plan = decideDeploySteps(previous, after, files);
  return { outputs: deployStepOutputs(plan), summary: renderDeploySteps(input.team, plan) };
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
 * (the exit code of `terraform plan -detailed-exitcode`). Outputs `drifted` and `failed` (JSON).
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
