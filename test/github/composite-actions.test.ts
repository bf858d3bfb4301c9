/**
 * The repository's composite actions and how the workflows use them: one Terraform preamble, one
 * teardown, one bootstrap apply. The teardown's restore step is run for real, with its inputs
 * evaluated from the workflow and from the changed-teams step's matrix, in a git repository
 * where a team's `.yml` environment file was deleted.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadEnvironments } from '../../contracts/environment/load.js';
import { changedTeamsStep } from '../../actions/lib/gitops/steps.js';
import { environmentYaml } from '../support/cdktf.js';
import {
  declaredInputs,
  readYaml,
  workflowFiles,
  type RawAction,
  type RawStep,
  type RawWorkflow,
} from '../support/github-files.js';
import { run } from '../support/process.js';
import { testRepo, type TestRepo } from '../actions/lib/gitops/git-repo.js';
import { condition, interpolate, type Contexts } from './expressions.js';
import {
  allJobs,
  compositeSteps,
  jobsUsing,
  localManifest,
  transitiveUses,
} from './workflow-model.js';

const PREAMBLE = '.github/actions/terraform-preamble';
const TEARDOWN = '.github/actions/teardown';
const BOOTSTRAP = '.github/actions/apply-bootstrap';

/** Every step of every workflow job and composite action, with where it is. */
const everyStep: { where: string; step: RawStep }[] = [
  ...allJobs().flatMap(({ file, id, job }) =>
    (job.steps ?? []).map((step) => ({ where: `${file}#${id}`, step })),
  ),
  ...[PREAMBLE, TEARDOWN, BOOTSTRAP, '.github/actions/setup'].flatMap((dir) =>
    compositeSteps(`./${dir}`).map((step) => ({ where: dir, step })),
  ),
];

const whereSteps = (match: (step: RawStep) => boolean): string[] => [
  ...new Set(everyStep.filter(({ step }) => match(step)).map((s) => s.where)),
];

describe('the Terraform preamble', () => {
  test('is the one place that synthesizes and runs terraform init', () => {
    expect(whereSteps((s) => /\bterraform\b.*\binit\b/.test(s.run ?? ''))).toEqual([PREAMBLE]);
    expect(whereSteps((s) => (s.run ?? '').includes('dist/stacks/main.js'))).toEqual([PREAMBLE]);
  });

  test('is the one place that assumes a role, but for reading the deploy records and the drift checks', () => {
    expect(
      whereSteps((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials@') === true),
    ).toEqual([
      '.github/workflows/deploy.yml#changes',
      '.github/workflows/drift.yml#outside',
      PREAMBLE,
    ]);
  });

  test('checks the variables, assumes the role, synthesizes and inits, in that order', () => {
    expect(compositeSteps(`./${PREAMBLE}`).map((s) => s.id)).toEqual([
      'vars',
      'aws',
      'synth',
      'init',
    ]);
  });

  test('is used by every job that runs Terraform against AWS', () => {
    expect(jobsUsing(PREAMBLE)).toEqual([
      '.github/workflows/deploy.yml#bootstrap',
      '.github/workflows/deploy.yml#bootstrap-prune',
      '.github/workflows/deploy.yml#deploy',
      '.github/workflows/deploy.yml#teardown',
      '.github/workflows/drift.yml#plan',
      '.github/workflows/expire.yml#destroy',
      '.github/workflows/pr.yml#plan',
      '.github/workflows/retrain.yml#retrain',
    ]);
  });

  test('role names come from the matrix or from gitops ci-names, never from the YAML', () => {
    const files = [...workflowFiles(), ...[PREAMBLE, TEARDOWN, BOOTSTRAP].map(localManifest)];
    for (const file of files) {
      const yaml = readYaml<unknown>(file);
      expect({ file, hardCoded: JSON.stringify(yaml).match(/role\/workshop-/g) }).toEqual({
        file,
        hardCoded: null,
      });
    }
  });
});

describe('one teardown', () => {
  test('serves a deleted environment file (deploy) and an expired team (expire)', () => {
    expect(jobsUsing(TEARDOWN)).toEqual([
      '.github/workflows/deploy.yml#teardown',
      '.github/workflows/expire.yml#destroy',
    ]);
    expect(whereSteps((s) => /plan -destroy/.test(s.run ?? ''))).toEqual([TEARDOWN]);
  });

  test('deletes QuickSight before the stack, forgets the record after it, and only when no newer commit is deployed', () => {
    const steps = compositeSteps(`./${TEARDOWN}`);
    const ids = steps.map((s) => s.id);
    expect(ids).toEqual([
      'restore',
      'preamble',
      'check',
      'quicksight',
      'plan',
      'destroy',
      'summary',
      'forget',
    ]);
    for (const step of steps.slice(ids.indexOf('quicksight'))) {
      expect({ id: step.id, if: step.if }).toEqual({
        id: step.id,
        if: expect.stringContaining("steps.check.outputs.proceed == 'true'"),
      });
    }
    expect(steps.find((s) => s.id === 'quicksight')?.run).toContain('gitops quicksight-teardown');
  });
});

describe('the deploy workflow', () => {
  const deploy = readYaml<RawWorkflow>('.github/workflows/deploy.yml');

  test('applies the bootstrap stack on main before the team jobs, one apply at a time', () => {
    const bootstrap = deploy.jobs.bootstrap!;
    expect(bootstrap).toMatchObject({
      needs: 'changes',
      if: expect.stringMatching(
        /github\.ref == 'refs\/heads\/main' && needs\.changes\.outputs\.bootstrap == 'true'/,
      ),
      concurrency: { group: 'bootstrap', 'cancel-in-progress': false },
    });
    expect(transitiveUses(bootstrap.steps ?? [])).toContain(BOOTSTRAP);
    const step = bootstrap.steps?.find((s) => s.uses === `./${BOOTSTRAP}`);
    expect(step?.with?.role).toBe('${{ needs.changes.outputs.bootstrap-role }}');
    expect(deploy.jobs.deploy).toMatchObject({ needs: ['changes', 'bootstrap'] });
    expect(deploy.jobs['bootstrap-prune']).toMatchObject({
      needs: ['changes', 'teardown'],
      concurrency: { group: 'bootstrap', 'cancel-in-progress': false },
    });
  });

  test('every step after the decision is skipped when a newer commit is deployed', () => {
    const steps = deploy.jobs.deploy!.steps ?? [];
    const after = steps.slice(steps.findIndex((s) => s.id === 'steps') + 1);
    expect(after.map((s) => s.id)).toEqual(
      expect.arrayContaining(['plan', 'apply', 'migrate', 'load', 'train', 'publish', 'record']),
    );
    for (const step of after) {
      expect({ id: step.id, if: step.if }).toEqual({
        id: step.id,
        if: expect.stringMatching(/^steps\.steps\.outputs\.[a-z]+ == 'true'$/),
      });
    }
    expect(steps.find((s) => s.id === 'steps')?.run).toContain('--state-bucket');
    expect(steps.at(-1)?.run).toContain('gitops record-deployed --team');
  });
});

/** The inputs a step passes to a local action: its `with:` evaluated, else the declared defaults. */
function actionInputs(step: RawStep, contexts: Contexts): Record<string, string> {
  const uses = step.uses ?? '';
  return Object.fromEntries(
    [...declaredInputs(uses.slice(2))].map(([name, input]) => [
      name,
      step.with?.[name] === undefined
        ? (input.default ?? '')
        : interpolate(step.with[name], contexts),
    ]),
  );
}

/** Runs one `run:` step of a composite action as the runner would: its `if`, its `env`, bash. */
async function runCompositeStep(
  action: string,
  id: string,
  inputs: Record<string, string>,
  cwd: string,
): Promise<{ ran: boolean; code: number | null; stderr: string }> {
  const step = readYaml<RawAction>(localManifest(`./${action}`)).runs.steps?.find(
    (s) => s.id === id,
  ) as (RawStep & { env?: Record<string, string>; shell?: string }) | undefined;
  if (step?.run === undefined) throw new Error(`${action} has no run step ${id}`);
  expect(step.shell).toBe('bash');
  const contexts = { inputs, github: { run_id: '1' } };
  if (!condition(step.if, contexts)) return { ran: false, code: null, stderr: '' };
  const env = Object.fromEntries(
    Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(v, contexts)]),
  );
  const result = await run('bash', ['-e', '-o', 'pipefail', '-c', step.run], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    timeoutMs: 30_000,
  });
  return { ran: true, code: result.code, stderr: result.stderr };
}

describe('restoring deleted environment files, as the workflows run it', () => {
  let repo: TestRepo;
  let before: string;
  let after: string;
  const legacy = environmentYaml('legacy', { region: 'region: us-east-1' });
  const old = environmentYaml('old');

  beforeAll(async () => {
    repo = await testRepo();
    before = await repo.commit('three teams', {
      'environments/acme.yaml': environmentYaml('acme'),
      'environments/legacy.yml': legacy,
      'environments/old.yaml': old,
    });
    after = await repo.commit('remove two', {
      'environments/legacy.yml': null,
      'environments/old.yaml': null,
    });
  });

  /** The deploy workflow's changes job for the push before → after. */
  async function changes() {
    await repo.checkout(after);
    return changedTeamsStep({
      git: repo.git,
      environmentsDir: 'environments',
      environmentsPath: join(repo.root, 'environments'),
      base: before,
      head: after,
      clock: { now: new Date('2027-06-01T00:00:00Z'), graceDays: 7 },
    });
  }

  test("deploy.yml's teardown restores a .yml file, from the matrix to the script", async () => {
    const result = await changes();
    const matrix = JSON.parse(result.outputs['teardown-matrix']!) as {
      include: Record<string, string>[];
    };
    const entry = matrix.include.find((t) => t.team === 'legacy')!;
    expect(entry).toMatchObject({
      region: 'us-east-1',
      'environment-source': `${before}:environments/legacy.yml`,
    });

    const job = readYaml<RawWorkflow>('.github/workflows/deploy.yml').jobs.teardown!;
    const step = job.steps!.find((s) => s.uses === `./${TEARDOWN}`)!;
    const inputs = actionInputs(step, { matrix: entry, github: { sha: after, run_id: '1' } });
    expect(inputs).toMatchObject({ team: 'legacy', commit: after, title: 'Torn down' });

    const restored = await runCompositeStep(TEARDOWN, 'restore', inputs, repo.root);
    expect(restored).toMatchObject({ ran: true, code: 0 });
    expect(await readFile(join(repo.root, 'environments', 'legacy.yml'), 'utf8')).toBe(legacy);
    const envs = await loadEnvironments(join(repo.root, 'environments'));
    expect(envs.map((e) => e.team)).toContain('legacy');
  });

  test("expire.yml's teardown restores nothing: the file is still there", async () => {
    const job = readYaml<RawWorkflow>('.github/workflows/expire.yml').jobs.destroy!;
    const step = job.steps!.find((s) => s.uses === `./${TEARDOWN}`)!;
    const inputs = actionInputs(step, {
      matrix: { team: 'acme', region: 'eu-west-1' },
      github: { sha: after, run_id: '1' },
    });
    expect(inputs['environment-source']).toBe('');
    expect(await runCompositeStep(TEARDOWN, 'restore', inputs, repo.root)).toEqual({
      ran: false,
      code: null,
      stderr: '',
    });
  });

  test('the bootstrap apply keeps the deploy roles of every team still to be torn down', async () => {
    await repo.checkout(after);
    const result = await changes();
    const job = readYaml<RawWorkflow>('.github/workflows/deploy.yml').jobs.bootstrap!;
    const step = job.steps!.find((s) => s.uses === `./${BOOTSTRAP}`)!;
    const inputs = actionInputs(step, {
      needs: { changes: { outputs: result.outputs } },
      github: { sha: after, run_id: '1' },
    });
    expect(inputs['keep-sources']?.split('\n')).toEqual([
      `${before}:environments/legacy.yml`,
      `${before}:environments/old.yaml`,
    ]);
    expect(await runCompositeStep(BOOTSTRAP, 'keep', inputs, repo.root)).toMatchObject({
      ran: true,
      code: 0,
    });
    const envs = await loadEnvironments(join(repo.root, 'environments'));
    expect(envs.map((e) => e.team).sort()).toEqual(['acme', 'legacy', 'old']);
  });

  test('the old restore (always .yaml) fails on this repository: the test catches it', async () => {
    await repo.checkout(after);
    const oldScript = 'git show "$BEFORE:environments/$TEAM.yaml" > "environments/$TEAM.yaml"';
    const result = await run('bash', ['-e', '-c', oldScript], {
      cwd: repo.root,
      env: { PATH: process.env.PATH, BEFORE: before, TEAM: 'legacy' },
      timeoutMs: 30_000,
    });
    expect(result.code).not.toBe(0);
  });
});
