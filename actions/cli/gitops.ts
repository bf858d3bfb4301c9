/**
 * `workshop gitops …`: the decisions of the GitHub workflows, one command per step. Each writes its
 * outputs to `GITHUB_OUTPUT` and its Markdown to `GITHUB_STEP_SUMMARY` when they are set (printing
 * them otherwise), so the workflow YAML only wires steps together.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { relative, resolve } from 'node:path';
import { DEFAULT_GRACE_DAYS } from '../lib/gitops/expiry.js';
import { systemGit } from '../lib/gitops/git.js';
import { githubContextFromEnv, syncIssue, upsertComment } from '../lib/gitops/github-api.js';
import { DRIFT_ISSUE_MARKER, DRIFT_ISSUE_TITLE } from '../lib/gitops/drift.js';
import { PLAN_COMMENT_MARKER } from '../lib/gitops/plan-comment.js';
import { requireVariables, writeJobSummary, writeStepOutputs } from '../lib/gitops/runner-files.js';
import {
  changedTeamsStep,
  deployStepsStep,
  driftStep,
  expiredStep,
  liveTeamsStep,
  planCommentStep,
  planSummaryStep,
  previewStep,
  type ExpiryClock,
  type StepResult,
} from '../lib/gitops/steps.js';
import { cli, positiveInt } from './context.js';

interface ClockFlags {
  graceDays: number;
  now?: Date;
}

const isoMoment = (value: string): Date => {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) {
    throw new InvalidArgumentError(
      `--now must be a date or time such as 2027-04-08, got "${value}"`,
    );
  }
  return d;
};

/** Days of grace; empty (a workflow input left blank) means the default. */
const graceDays = (value: string): number => {
  if (value.trim() === '') return DEFAULT_GRACE_DAYS;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 365) {
    throw new InvalidArgumentError(
      `--grace-days must be a whole number from 0 to 365, got "${value}"`,
    );
  }
  return n;
};

const jsonList =
  (name: string) =>
  (value: string): string[] => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed) || !parsed.every((t) => typeof t === 'string')) {
      throw new InvalidArgumentError(`${name} must be a JSON array of strings, got ${value}`);
    }
    return parsed;
  };

function withClock(command: Command): Command {
  return command
    .option(
      '--grace-days <n>',
      'days after expires before a team is torn down',
      graceDays,
      DEFAULT_GRACE_DAYS,
    )
    .option(
      '--now <time>',
      'the current time (default: now), e.g. to rehearse an expiry',
      isoMoment,
    );
}

const clockOf = (o: ClockFlags): ExpiryClock => ({
  now: o.now ?? new Date(),
  graceDays: o.graceDays,
});

async function emit(result: StepResult): Promise<void> {
  await writeStepOutputs(result.outputs, process.env, cli.out);
  await writeJobSummary(result.summary, process.env, cli.log);
}

const environmentsDirName = (): string => relative(cli.root, cli.environmentsDir) || 'environments';

/** The URL of the current workflow run, from the variables GitHub Actions sets. */
function runUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = process.env;
  return server && repo && id ? `${server}/${repo}/actions/runs/${id}` : undefined;
}

/** Adds `workshop gitops` and its commands to `program`. */
export function registerGitops(program: Command): void {
  const gitops = program
    .command('gitops')
    .description(
      'decisions of the GitHub workflows: changed teams, deploy steps, plan comment, drift, expiry',
    );

  withClock(
    gitops
      .command('changed-teams')
      .description('teams to plan or deploy, and teams to tear down, between two commits')
      .requiredOption(
        '--base <ref>',
        'commit to compare with (pull request base, or the push before)',
      )
      .option('--head <ref>', 'commit to compare', 'HEAD'),
  ).action(async (o: ClockFlags & { base: string; head: string }) => {
    await emit(
      await changedTeamsStep({
        git: systemGit(cli.root),
        environmentsDir: environmentsDirName(),
        environmentsPath: cli.environmentsDir,
        base: o.base,
        head: o.head,
        clock: clockOf(o),
      }),
    );
  });

  withClock(
    gitops
      .command('teams')
      .description('the live teams (not past expiry and grace period) as a matrix')
      .option('--team <id>', 'only this team; fails when it has no environment file or expired'),
  ).action(async (o: ClockFlags & { team?: string }) => {
    const team = o.team === undefined || o.team === '' ? undefined : o.team;
    await emit(await liveTeamsStep(cli.environmentsDir, clockOf(o), team));
  });

  withClock(
    gitops
      .command('deploy-steps')
      .description('which of migrate, load, train and publish a team deploy runs')
      .requiredOption('--team <id>', 'team id')
      .requiredOption('--base <ref>', 'the commit before the push')
      .option('--head <ref>', 'the pushed commit', 'HEAD'),
  ).action(async (o: ClockFlags & { team: string; base: string; head: string }) => {
    await emit(
      await deployStepsStep({
        git: systemGit(cli.root),
        environmentsDir: environmentsDirName(),
        environmentsPath: cli.environmentsDir,
        team: o.team,
        base: o.base,
        head: o.head,
        clock: clockOf(o),
      }),
    );
  });

  gitops
    .command('plan-summary')
    .description("one team's plan (terraform show -json) in the job summary")
    .requiredOption('--team <id>', 'team id')
    .requiredOption('--plan <file>', 'output of terraform show -json <planfile>')
    .option('--title <text>', 'heading above the plan')
    .action(async (o: { team: string; plan: string; title?: string }) => {
      await emit(await planSummaryStep(o.team, resolve(o.plan), o.title));
    });

  gitops
    .command('plan-comment')
    .description("render the pull request's plan comment and create or update it")
    .requiredOption('--plans <dir>', 'folder with <team>.plan.json files')
    .requiredOption(
      '--teams <json>',
      'JSON array of the teams that were planned',
      jsonList('--teams'),
    )
    .requiredOption('--commit <sha>', 'the planned commit')
    .option(
      '--all-teams-because <json>',
      'JSON array of shared paths that changed',
      jsonList('--all-teams-because'),
    )
    .option('--pr <number>', 'pull request to comment on (needs GITHUB_TOKEN)', positiveInt('--pr'))
    .action(
      async (o: {
        plans: string;
        teams: string[];
        commit: string;
        allTeamsBecause?: string[];
        pr?: number;
      }) => {
        const url = runUrl();
        const result = await planCommentStep({
          plansDir: resolve(o.plans),
          teams: o.teams,
          commit: o.commit,
          ...(url === undefined ? {} : { runUrl: url }),
          ...(o.allTeamsBecause === undefined ? {} : { allTeamsBecause: o.allTeamsBecause }),
        });
        if (o.pr !== undefined) {
          const done = await upsertComment(
            githubContextFromEnv(process.env, fetch),
            o.pr,
            PLAN_COMMENT_MARKER,
            result.comment,
          );
          cli.log(`plan comment ${done.action}${done.url === undefined ? '' : `: ${done.url}`}`);
        }
        await emit(result);
      },
    );

  gitops
    .command('drift')
    .description(
      'drift report from terraform plan -detailed-exitcode per team; optionally sync the drift issue',
    )
    .requiredOption('--reports <dir>', 'folder with <team>.plan.json and <team>.exitcode files')
    .requiredOption('--teams <json>', 'JSON array of the teams checked', jsonList('--teams'))
    .option('--issue', 'create, update or close the drift issue (needs GITHUB_TOKEN)')
    .action(async (o: { reports: string; teams: string[]; issue?: boolean }) => {
      const url = runUrl();
      const result = await driftStep(resolve(o.reports), o.teams, {
        date: new Date().toISOString().slice(0, 10),
        ...(url === undefined ? {} : { runUrl: url }),
      });
      if (o.issue === true) {
        const done = await syncIssue(githubContextFromEnv(process.env, fetch), {
          marker: DRIFT_ISSUE_MARKER,
          title: DRIFT_ISSUE_TITLE,
          body: result.report.issueBody,
          labels: ['drift'],
          closingComment: `No drift any more: every team stack matches the code${url === undefined ? '' : ` ([run](${url}))`}.`,
        });
        cli.log(`drift issue: ${done.action}${done.url === undefined ? '' : ` ${done.url}`}`);
      }
      await emit(result);
      if (result.report.failed.length > 0) {
        throw new Error(
          `the drift check failed for ${result.report.failed.join(', ')}; see their plan steps`,
        );
      }
    });

  withClock(
    gitops
      .command('expired')
      .description('teams past expires plus the grace period, and whether this run destroys them')
      .option('--event <name>', 'the triggering event (github.event_name)', 'workflow_dispatch')
      .option('--dry-run <bool>', 'the dry-run input: true or false; empty on a schedule', ''),
  ).action(async (o: ClockFlags & { event: string; dryRun: string }) => {
    await emit(await expiredStep(cli.environmentsDir, clockOf(o), o.event, o.dryRun));
  });

  gitops
    .command('require-vars')
    .description('fail unless each named environment variable is set (repository variables)')
    .argument('<names...>', 'variable names')
    .action((names: string[]) => {
      requireVariables(process.env, names);
    });

  gitops
    .command('preview-summary')
    .description('job summary of a local run (workshop run --out DIR)')
    .requiredOption('--out <dir>', 'the folder workshop run wrote')
    .option('--artifact-url <url>', 'where the uploaded preview artifact is')
    .action(async (o: { out: string; artifactUrl?: string }) => {
      const links =
        o.artifactUrl === undefined || o.artifactUrl === '' ? {} : { artifactUrl: o.artifactUrl };
      await emit(await previewStep(resolve(o.out), links));
    });
}
