/**
 * `workshop gitops …`: the decisions of the GitHub workflows, one command per step. Each writes its
 * outputs to `GITHUB_OUTPUT` and its Markdown to `GITHUB_STEP_SUMMARY` when they are set (printing
 * them otherwise), so the workflow YAML only wires steps together.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { relative, resolve } from 'node:path';
import { BOOTSTRAP_ROLE_NAME, BOOTSTRAP_STACK_ID, PLAN_ROLE_NAME } from '../../contracts/naming.js';
import type { RecordStore, RecordSubject } from '../lib/gitops/deploy-record.js';
import { DEFAULT_GRACE_DAYS } from '../lib/gitops/expiry.js';
import { systemGit } from '../lib/gitops/git.js';
import { githubContextFromEnv, syncIssue, upsertComment } from '../lib/gitops/github-api.js';
import { DRIFT_ISSUE_MARKER, DRIFT_ISSUE_TITLE } from '../lib/gitops/drift.js';
import {
  outsideCheckStep,
  type OutsideCheckName,
  type OutsideFinding,
} from '../lib/gitops/outside-checks.js';
import { PLAN_COMMENT_MARKER } from '../lib/gitops/plan-comment.js';
import {
  forgetDeployedStep,
  recordDeployedStep,
  supersededStep,
  type RecordStepInput,
} from '../lib/gitops/record-steps.js';
import { requireVariables, writeJobSummary, writeStepOutputs } from '../lib/gitops/runner-files.js';
import { SYNTH_OUTDIR } from '../lib/gitops/targets.js';
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
import { openIdentityWarehouse } from '../lib/pipeline/backend.js';
import { cli, interruptible, teamEnvironment } from './context.js';
import { positiveInt, teamIdArg } from './options.js';

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

/** `--state-bucket` and `--state-region`: where the deploy records are (the Terraform state bucket). */
interface StateFlags {
  stateBucket?: string;
  stateRegion?: string;
}

function withState(command: Command, required: boolean): Command {
  const describe = required ? '' : '; compare with the deploy records there';
  return command
    .option(
      '--state-bucket <name>',
      `the Terraform state bucket (WORKSHOP_STATE_BUCKET)${describe}`,
    )
    .option('--state-region <region>', 'region of the state bucket (WORKSHOP_STATE_REGION)');
}

/** Runs `use` with the record store of `--state-bucket`, which must be given. */
const withRequiredRecords = <T>(o: StateFlags, use: (store: RecordStore) => Promise<T>) =>
  withRecords(o, true, (store) => use(store as RecordStore));

/** Runs `use` with the record store of `--state-bucket`, or undefined when it is not given. */
async function withRecords<T>(
  o: StateFlags,
  required: boolean,
  use: (store: RecordStore | undefined) => Promise<T>,
): Promise<T> {
  const bucket = o.stateBucket?.trim() ?? '';
  if (bucket === '') {
    if (required) {
      throw new InvalidArgumentError(
        '--state-bucket is required: the Terraform state bucket that holds the deploy records (repository variable WORKSHOP_STATE_BUCKET)',
      );
    }
    return use(undefined);
  }
  const region = o.stateRegion?.trim() ?? '';
  if (region === '') {
    throw new InvalidArgumentError(
      '--state-region is required with --state-bucket (repository variable WORKSHOP_STATE_REGION)',
    );
  }
  const [{ awsClients }, { s3RecordStore }] = await Promise.all([
    import('../lib/pipeline/aws-clients.js'),
    import('../lib/gitops/deploy-record-s3.js'),
  ]);
  const client = awsClients('rfm-workshop/gitops').s3(region);
  try {
    return await use(s3RecordStore(client, bucket));
  } finally {
    client.destroy();
  }
}

/** `--team <id>` or `--bootstrap`: whose deploy record. */
/** `--account-id`: the 12 digits of the repository variable AWS_ACCOUNT_ID. */
function accountIdOf(value: string): string {
  if (!/^\d{12}$/.test(value)) {
    throw new InvalidArgumentError(`--account-id must be 12 digits, got "${value}"`);
  }
  return value;
}

/** Runs one check of what Terraform does not see, reports it, and fails when it could not run. */
async function runOutsideCheck(
  o: { team: string; out: string },
  check: OutsideCheckName,
  run: (signal: AbortSignal) => Promise<readonly OutsideFinding[]>,
): Promise<void> {
  const step = await interruptible((signal) =>
    outsideCheckStep(resolve(o.out), o.team, check, () => run(signal)),
  );
  await emit(step);
  if (step.failure !== undefined) throw step.failure;
}

function subjectOf(o: { team?: string; bootstrap?: boolean }): RecordSubject {
  const team = o.team?.trim() ?? '';
  if ((team === '') === (o.bootstrap !== true)) {
    throw new InvalidArgumentError('give either --team <id> or --bootstrap');
  }
  return team === '' ? { bootstrap: true } : { team };
}

async function emit(result: StepResult): Promise<void> {
  await writeStepOutputs(result.outputs, process.env, cli.out);
  await writeJobSummary(result.summary, process.env, cli.log);
}

const environmentsDirName = (): string => relative(cli.root, cli.environmentsDir) || 'environments';

/** What changed-teams and deploy-steps read: the checkout and its git, the clock, the records. */
const checkoutInput = (o: ClockFlags & { head: string }, records: RecordStore | undefined) => ({
  git: systemGit(cli.root),
  environmentsDir: environmentsDirName(),
  environmentsPath: cli.environmentsDir,
  head: o.head,
  clock: clockOf(o),
  ...(records === undefined ? {} : { records }),
});

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

  gitops
    .command('ci-names')
    .description('the names the workflows need before anything else: CI roles, bootstrap stack')
    .action(async () => {
      await emit({
        outputs: {
          'plan-role': PLAN_ROLE_NAME,
          'bootstrap-role': BOOTSTRAP_ROLE_NAME,
          'bootstrap-stack-dir': `${SYNTH_OUTDIR}/stacks/${BOOTSTRAP_STACK_ID}`,
        },
        summary: '',
      });
    });

  withState(
    withClock(
      gitops
        .command('changed-teams')
        .description(
          'teams to plan or deploy, teams to tear down, the preview, and whether to apply the bootstrap stack',
        )
        .requiredOption(
          '--base <ref>',
          'commit to compare with (pull request base, or the push before)',
        )
        .option('--head <ref>', 'commit to compare', 'HEAD'),
    ),
    false,
  ).action(async (o: ClockFlags & StateFlags & { base: string; head: string }) => {
    await withRecords(o, false, async (records) =>
      emit(await changedTeamsStep({ ...checkoutInput(o, records), base: o.base })),
    );
  });

  withClock(
    gitops
      .command('teams')
      .description('the live teams (not past expiry and grace period) as a matrix')
      .option(
        '--team <id>',
        'only this team; fails when it has no environment file or expired',
        teamIdArg,
      ),
  ).action(async (o: ClockFlags & { team?: string }) => {
    await emit(await liveTeamsStep(cli.environmentsDir, clockOf(o), o.team));
  });

  withState(
    withClock(
      gitops
        .command('deploy-steps')
        .description(
          "which of migrate, load, train and publish a team deploy runs, judged against the team's last deployed commit (--state-bucket) or the push (--base)",
        )
        .requiredOption('--team <id>', 'team id')
        .option('--base <ref>', 'the commit before the push (without --state-bucket)')
        .option('--head <ref>', 'the commit being deployed', 'HEAD'),
    ),
    false,
  ).action(async (o: ClockFlags & StateFlags & { team: string; base?: string; head: string }) => {
    await withRecords(o, false, async (records) => {
      if (records === undefined && o.base === undefined) {
        throw new InvalidArgumentError('give --state-bucket (deploy records) or --base <ref>');
      }
      await emit(
        await deployStepsStep({
          ...checkoutInput(o, records),
          team: o.team,
          ...(o.base === undefined ? {} : { base: o.base }),
        }),
      );
    });
  });

  type RecordFlags = StateFlags & { team?: string; bootstrap?: boolean; commit: string };
  const recordCommand = (name: string, description: string): Command =>
    withState(
      gitops
        .command(name)
        .description(description)
        .option('--team <id>', "the team's record")
        .option('--bootstrap', "the bootstrap stack's record")
        .option('--commit <sha>', 'the commit this run works from', 'HEAD'),
      true,
    );

  /** Runs `step` on the subject and commit of `o`, with the records of `--state-bucket`. */
  const runRecordStep = async (
    o: RecordFlags,
    step: (input: RecordStepInput) => Promise<StepResult>,
  ): Promise<void> => {
    const subject = subjectOf(o);
    await withRequiredRecords(o, async (store) =>
      emit(await step({ git: systemGit(cli.root), store, subject, commit: o.commit })),
    );
  };

  recordCommand(
    'supersede-check',
    'output proceed=false when a newer commit than --commit is already deployed',
  ).action((o: RecordFlags) => runRecordStep(o, supersededStep));

  recordCommand('record-deployed', 'record --commit as deployed (a newer record is kept)').action(
    async (o: RecordFlags) => {
      const run = runUrl();
      await runRecordStep(o, (input) =>
        recordDeployedStep({ ...input, now: new Date(), ...(run === undefined ? {} : { run }) }),
      );
    },
  );

  withState(
    gitops
      .command('forget-deployed')
      .description("remove a torn-down team's deploy record")
      .requiredOption('--team <id>', 'team id'),
    true,
  ).action(async (o: StateFlags & { team: string }) => {
    await withRequiredRecords(o, async (store) =>
      emit(await forgetDeployedStep(store, { team: o.team })),
    );
  });

  gitops
    .command('quicksight-teardown')
    .description("delete a team's QuickSight dashboard, datasets and data source")
    .requiredOption('--team <id>', 'team id')
    .requiredOption('--region <region>', "the team's region (where its dashboard was published)")
    .requiredOption('--account-id <id>', 'AWS account id (repository variable AWS_ACCOUNT_ID)')
    .action(async (o: { team: string; region: string; accountId: string }) => {
      accountIdOf(o.accountId);
      const [{ awsClients }, { deleteTeamQuickSight, renderQuickSightTeardown }] =
        await Promise.all([
          import('../lib/pipeline/aws-clients.js'),
          import('../lib/dashboards/quicksight-teardown.js'),
        ]);
      const client = awsClients('rfm-workshop/gitops').quicksight(o.region);
      const target = { team: o.team, region: o.region, accountId: o.accountId };
      try {
        const resources = await deleteTeamQuickSight(client, target, { log: cli.log });
        await emit({
          outputs: {
            deleted: JSON.stringify(
              resources.filter((r) => r.result === 'deleted').map((r) => r.id),
            ),
          },
          summary: renderQuickSightTeardown(target, resources),
        });
      } finally {
        client.destroy();
      }
    });

  gitops
    .command('migration-drift')
    .description(
      "compare the migrations applied in a team's warehouse with sql/migrations, reading only, as the caller's IAM identity (the team's drift role); writes <out>/<team>.migrations.json",
    )
    .requiredOption('--team <id>', 'team id', teamIdArg)
    .requiredOption('--out <dir>', 'folder for the result, read by gitops drift')
    .action(async (o: { team: string; out: string }) => {
      const env = await teamEnvironment(o.team);
      await runOutsideCheck(o, 'migrations', async (signal) => {
        const [{ awsClients }, { migrationDriftFindings }] = await Promise.all([
          import('../lib/pipeline/aws-clients.js'),
          import('../lib/pipeline/drift-checks.js'),
        ]);
        const clients = awsClients('rfm-workshop/gitops');
        const opened = await openIdentityWarehouse({ env, clients, signal });
        try {
          return await migrationDriftFindings(opened.wh, cli.sql.migrations);
        } finally {
          await opened.close();
        }
      });
    });

  gitops
    .command('dashboard-drift')
    .description(
      "compare a team's published QuickSight dashboard with the definition in the code (DescribeDashboard, ListTagsForResource); writes <out>/<team>.dashboard.json",
    )
    .requiredOption('--team <id>', 'team id', teamIdArg)
    .requiredOption('--account-id <id>', 'AWS account id (repository variable AWS_ACCOUNT_ID)')
    .requiredOption('--out <dir>', 'folder for the result, read by gitops drift')
    .action(async (o: { team: string; accountId: string; out: string }) => {
      const accountId = accountIdOf(o.accountId);
      const env = await teamEnvironment(o.team);
      await runOutsideCheck(o, 'dashboard', async () => {
        const [{ awsClients }, { dashboardDriftFindings }] = await Promise.all([
          import('../lib/pipeline/aws-clients.js'),
          import('../lib/pipeline/drift-checks.js'),
        ]);
        const client = awsClients('rfm-workshop/gitops').quicksight(env.region);
        try {
          return await dashboardDriftFindings(client, { env, accountId });
        } finally {
          client.destroy();
        }
      });
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
      'drift report from terraform plan -detailed-exitcode, migration-drift and dashboard-drift per team; optionally sync the drift issue',
    )
    .requiredOption(
      '--reports <dir>',
      'folder with <team>.plan.json, <team>.exitcode, <team>.migrations.json and <team>.dashboard.json files',
    )
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
          closingComment: `No drift any more: every team's stack, migrations and dashboard match the code${url === undefined ? '' : ` ([run](${url}))`}.`,
        });
        cli.log(`drift issue: ${done.action}${done.url === undefined ? '' : ` ${done.url}`}`);
      }
      await emit(result);
      if (result.report.failed.length > 0) {
        throw new Error(
          `the drift check failed for ${result.report.failed.join(', ')}; see their plan, migration-drift and dashboard-drift steps`,
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
