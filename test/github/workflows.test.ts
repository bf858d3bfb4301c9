import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerGitops } from '../../actions/cli/gitops.js';
import { ALL_TEAMS_PATHS } from '../../actions/lib/gitops/changed-teams.js';
import { BUNDLE_PATH } from '../../scripts/bundle-actions.js';
import {
  actionManifests,
  checkAction,
  checkWorkflow,
  everyStep,
  readYaml,
  ROOT,
  workflowFiles,
  type RawAction,
  type RawStep,
  type RawWorkflow,
} from '../support/github-files.js';
import { assumesRole, transitiveUses } from './workflow-model.js';

const WORKFLOWS = workflowFiles();
const MANIFESTS = actionManifests();
const text = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const workflow = (file: string): RawWorkflow => readYaml<RawWorkflow>(file);

const allSteps = everyStep();

test('the five GitOps workflows exist', () => {
  expect(WORKFLOWS).toEqual(
    expect.arrayContaining(
      ['pr', 'deploy', 'retrain', 'drift', 'expire'].map((w) => `.github/workflows/${w}.yml`),
    ),
  );
});

describe("GitHub's workflow parser (@actions/workflow-parser) accepts", () => {
  test.each(WORKFLOWS)('%s', async (file) => {
    expect((await checkWorkflow(file, text(file))).errors).toEqual([]);
  });

  test('and rejects a workflow with mistakes (it really checks)', async () => {
    const broken = [
      'on: push',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    timeout: 5',
      '    env: { X: "${{ runner.temp }}" }',
      '    steps: [{ run: "echo ${{ secret.X }}" }]',
    ].join('\n');
    const { errors } = await checkWorkflow('broken.yml', broken);
    expect(errors.join('\n')).toMatch(/timeout/);
    expect(errors.join('\n')).toMatch(/runner/);
    expect(errors.join('\n')).toMatch(/secret/);
  });
});

describe("GitHub's action manifest parser accepts", () => {
  test.each(MANIFESTS)('%s', (file) => {
    expect(checkAction(file, text(file)).errors).toEqual([]);
  });

  test('and rejects a manifest with mistakes (it really checks)', () => {
    const errors = [
      'description: y\nruns: { using: node24, main: x.js }\n',
      'name: x\ndescription: y\nruns: { using: node99, main: x.js }\n',
      'name: x\ndescription: y\ninputs: { a: { required: maybe } }\nruns: { using: node24, main: x.js }\n',
    ].map((manifest) => checkAction('action.yml', manifest).errors.join('\n'));
    expect(errors[0]).toMatch(/Required property is missing: name/);
    expect(errors[1]).toMatch(/Unexpected value 'node99'/);
    expect(errors[2]).toMatch(/Unexpected value 'maybe'/);
  });
});

test('each JavaScript action runs its bundle, dist/index.js, on node24', () => {
  const runs = MANIFESTS.map((file) => ({ file, runs: readYaml<RawAction>(file).runs }))
    .filter(({ runs }) => runs.using !== 'composite')
    .map(({ file, runs }) => ({ file, using: runs.using, main: runs.main }));
  expect(runs.length).toBeGreaterThanOrEqual(3);
  expect(runs).toEqual(runs.map(({ file }) => ({ file, using: 'node24', main: BUNDLE_PATH })));
});

describe('workflow hygiene', () => {
  test.each(WORKFLOWS)(
    '%s: read-only by default; id-token only in jobs that assume an AWS role',
    (file) => {
      const wf = workflow(file);
      expect(wf.permissions).toEqual({ contents: 'read' });
      for (const [id, job] of Object.entries(wf.jobs)) {
        expect({ job: id, idToken: job.permissions?.['id-token'] === 'write' }).toEqual({
          job: id,
          idToken: assumesRole(job),
        });
        const granted = Object.entries(job.permissions ?? {}).filter(([, v]) => v !== 'none');
        expect(
          granted.every(
            ([k, v]) => v === 'read' || ['id-token', 'pull-requests', 'issues'].includes(k),
          ),
        ).toBe(true);
      }
    },
  );

  test.each(WORKFLOWS)('%s: every job has a timeout', (file) => {
    for (const job of Object.values(workflow(file).jobs)) {
      expect(job['timeout-minutes']).toEqual(expect.any(Number));
    }
  });

  test('every step has a name and an id', () => {
    const unnamed = allSteps.filter(({ step }) => !step.name || !step.id).map((s) => s.where);
    expect(unnamed).toEqual([]);
  });

  test('every third-party action is pinned by full commit SHA with a version comment', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of [...WORKFLOWS, ...MANIFESTS]) {
      for (const [n, line] of text(file).split('\n').entries()) {
        const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line);
        if (m === null || m[1]!.startsWith('./')) continue;
        const [, ref, rest] = m as unknown as [string, string, string];
        expect({ at: `${file}:${n + 1}`, ref }).toEqual({
          at: `${file}:${n + 1}`,
          ref: expect.stringMatching(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/),
        });
        expect({ at: `${file}:${n + 1}`, comment: rest.trim() }).toEqual({
          at: `${file}:${n + 1}`,
          comment: expect.stringMatching(/^# v\d+\.\d+\.\d+$/),
        });
        const [action, sha] = ref.split('@') as [string, string];
        pins.set(action, (pins.get(action) ?? new Set()).add(`${sha} ${rest.trim()}`));
      }
    }
    for (const [action, versions] of pins)
      expect({ action, versions: [...versions].length }).toEqual({ action, versions: 1 });
    expect([...pins.keys()].sort()).toEqual([
      'actions/checkout',
      'actions/download-artifact',
      'actions/setup-node',
      'actions/upload-artifact',
      'aws-actions/configure-aws-credentials',
      'hashicorp/setup-terraform',
    ]);
  });

  test('no run script expands ${{ }} itself: values reach scripts through env', () => {
    const expanded = allSteps.filter(({ step }) => step.run?.includes('${{')).map((s) => s.where);
    expect(expanded).toEqual([]);
  });

  test('jobs that change a team run in its GitHub environment, one at a time, never cancelled', () => {
    for (const file of WORKFLOWS) {
      for (const [id, job] of Object.entries(workflow(file).jobs)) {
        if (job.environment === undefined) continue;
        expect({
          where: `${file} ${id}`,
          environment: job.environment,
          concurrency: job.concurrency,
        }).toEqual({
          where: `${file} ${id}`,
          environment: '${{ matrix.environment }}',
          concurrency: { group: 'deploy-${{ matrix.team }}', 'cancel-in-progress': false },
        });
      }
    }
  });

  test('Node.js comes from .node-version: 24, the LTS the actions run on', () => {
    const setupNode = allSteps.filter(({ step }) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode.length).toBeGreaterThan(0);
    for (const { step } of setupNode)
      expect(step.with?.['node-version-file']).toBe('.node-version');
    expect(text('.node-version').trim()).toBe('24');
  });

  test('package.json engines admit the CI version and state the oldest supported (20)', () => {
    const engines = (JSON.parse(text('package.json')) as { engines?: { node?: string } }).engines;
    expect(engines?.node).toBe('>=20');
    const minimum = Number(/^>=(\d+)$/.exec(engines?.node ?? '')?.[1]);
    expect(Number(text('.node-version').trim())).toBeGreaterThanOrEqual(minimum);
  });

  test('deploy.yml runs for every path that changes a team', () => {
    const paths = workflow('.github/workflows/deploy.yml').on.push?.paths ?? [];
    const wanted = [
      'environments/**',
      ...ALL_TEAMS_PATHS.map((p) => (p.endsWith('/') ? `${p}**` : p)),
    ];
    expect(paths).toEqual(expect.arrayContaining(wanted));
  });

  test('pr.yml runs for every pull request, whatever it changes', () => {
    const on = workflow('.github/workflows/pr.yml').on as Record<string, Record<string, unknown>>;
    expect(Object.keys(on)).toEqual(['pull_request']);
    expect(on.pull_request).toEqual({});
  });

  test('every npm script the workflows run exists in package.json', () => {
    const scripts = Object.keys(
      (JSON.parse(text('package.json')) as { scripts: Record<string, string> }).scripts,
    );
    const used = allSteps.flatMap(({ where, step }) =>
      [...(step.run ?? '').matchAll(/npm run ([\w:-]+)/g)].map((m) => ({ where, script: m[1]! })),
    );
    expect(used.length).toBeGreaterThan(0);
    const missing = used.filter((u) => !scripts.includes(u.script));
    expect(missing).toEqual([]);
  });

  test('plans as the plan role never take a state lock: it may not write lock files', () => {
    const planRuns = ['.github/workflows/pr.yml', '.github/workflows/drift.yml'].flatMap((file) =>
      Object.entries(workflow(file).jobs).flatMap(([job, j]) =>
        (j.steps ?? [])
          .filter((step) => /terraform\b[^\n]*\splan\s/.test(step.run ?? ''))
          .map((step) => ({ where: `${file} job ${job} step ${step.id ?? step.name}`, step })),
      ),
    );
    expect(planRuns.length).toBeGreaterThanOrEqual(2);
    expect(planRuns.filter(({ step }) => !step.run!.includes('-lock=false'))).toEqual([]);
  });

  test('every workshop gitops command the workflows run exists', () => {
    const program = new Command();
    registerGitops(program);
    const gitops = program.commands.find((c) => c.name() === 'gitops')!;
    const known = gitops.commands.map((c) => c.name());
    const used = allSteps.flatMap(({ step }) =>
      [...(step.run ?? '').matchAll(/workshop\.js gitops ([\w-]+)/g)].map((m) => m[1]!),
    );
    expect(new Set(used).size).toBeGreaterThan(5);
    expect(used.filter((c) => !known.includes(c))).toEqual([]);
  });
});

describe("drift.yml: what Terraform does not see, as each team's drift role", () => {
  const drift = workflow('.github/workflows/drift.yml');
  const outside = drift.jobs.outside!;
  const step = (id: string): RawStep => {
    const found = (outside.steps ?? []).find((s) => s.id === id);
    if (found === undefined) throw new Error(`drift.yml job outside has no step ${id}`);
    return found;
  };

  test('one job per live team assumes the drift role of the matrix, outside any environment and without Terraform', () => {
    expect(outside.needs).toBe('teams');
    expect(outside.strategy).toEqual({
      'fail-fast': false,
      matrix: '${{ fromJSON(needs.teams.outputs.matrix) }}',
    });
    expect(outside.environment).toBeUndefined();
    expect(step('aws').uses).toMatch(/^aws-actions\/configure-aws-credentials@/);
    expect(step('aws').with?.['role-to-assume']).toBe(
      'arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:role/${{ matrix.drift-role }}',
    );
    expect(step('aws').with?.['aws-region']).toBe('${{ matrix.region }}');
    const uses = transitiveUses(outside.steps ?? []);
    expect(uses).not.toContain('.github/actions/terraform-preamble');
    expect(uses.filter((u) => u.startsWith('aws-actions/'))).toHaveLength(1);
    expect(JSON.stringify(outside)).not.toMatch(/WORKSHOP_STATE_BUCKET|deploy-role|plan-role/);
  });

  test('both checks leave their result where the report reads it, also when the other failed', () => {
    expect(step('migrations').run).toBe(
      'node dist/actions/workshop.js gitops migration-drift --team "$TEAM" --out "$RUNNER_TEMP/drift"',
    );
    expect(step('dashboard').run).toContain('gitops dashboard-drift --team "$TEAM"');
    expect(step('dashboard').run).toContain(
      '--account-id "$AWS_ACCOUNT_ID" --out "$RUNNER_TEMP/drift"',
    );
    expect(step('dashboard').if).toBe("${{ !cancelled() && steps.aws.outcome == 'success' }}");
    expect(outside.env).toMatchObject({
      TEAM: '${{ matrix.team }}',
      AWS_ACCOUNT_ID: '${{ vars.AWS_ACCOUNT_ID }}',
    });
    expect(step('upload').if).toBe('${{ !cancelled() }}');
    expect(step('upload').with).toMatchObject({
      name: 'drift-outside-${{ matrix.team }}',
      path: '${{ runner.temp }}/drift/',
    });
  });

  test('the report waits for the plans and the checks and downloads every result into one folder', () => {
    const report = drift.jobs.report!;
    expect(report.needs).toEqual(['teams', 'plan', 'outside']);
    expect(report.if).toBe("always() && needs.teams.outputs.any == 'true'");
    const download = (report.steps ?? []).find((s) => s.id === 'download')!;
    expect(download.with).toMatchObject({
      pattern: 'drift-*',
      'merge-multiple': true,
      path: '${{ runner.temp }}/drift',
    });
    const names = [
      step('upload'),
      ...(drift.jobs.plan!.steps ?? []).filter((s) => s.id === 'upload'),
    ].map((s) => String(s.with?.name));
    expect(names.every((n) => n.startsWith('drift-'))).toBe(true);
    expect((report.steps ?? []).find((s) => s.id === 'report')!.run).toContain(
      'gitops drift --reports "$RUNNER_TEMP/drift"',
    );
  });
});
