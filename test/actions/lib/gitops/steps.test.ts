import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Git } from '../../../../actions/lib/gitops/git.js';
import * as gitops from '../../../../actions/lib/gitops/steps.js';
import { environmentYaml } from '../../../support/cdktf.js';
import { planJson } from './plan-fixtures.js';

const NOW = { now: new Date('2027-06-01T00:00:00Z'), graceDays: 7 };

/** A checkout: environments/<team>.yaml for each team, with `expires` per team. */
async function checkout(teams: Record<string, string>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'gitops-steps-'));
  await mkdir(join(root, 'environments'));
  for (const [team, expires] of Object.entries(teams)) {
    await writeFile(
      join(root, 'environments', `${team}.yaml`),
      environmentYaml(team, { expires: `expires: ${expires}` }),
    );
  }
  return root;
}

/** git answering `diff` with `nameStatus` and `show`/`ls-tree` from `files` (path → text at base). */
function fakeGit(nameStatus: string, files: Record<string, string> = {}): Git {
  return async (args) => {
    if (args[0] === 'diff') return nameStatus;
    if (args[0] === 'ls-tree') return files[args[4] ?? ''] === undefined ? '' : `${args[4]}\n`;
    if (args[0] === 'show') {
      const text = files[(args[1] ?? '').split(':')[1] ?? ''];
      if (text === undefined) throw new Error(`no ${args[1]}`);
      return text;
    }
    throw new Error(`unexpected git ${args.join(' ')}`);
  };
}

const parse = (s: string): unknown => JSON.parse(s);

/** What every changed-teams and deploy-steps call here shares: a checkout of `teams`, git and clock. */
async function inCheckout(teams: Record<string, string>, git: Git, head = 'HEAD') {
  const root = await checkout(teams);
  return {
    git,
    environmentsDir: 'environments',
    environmentsPath: join(root, 'environments'),
    head,
    clock: NOW,
  };
}

/** gitops.changedTeamsStep in a checkout of `teams`, with `git` answering for `base`..`head`. */
const changedTeams = async (teams: Record<string, string>, git: Git, base = 'abc', head = 'def') =>
  gitops.changedTeamsStep({ ...(await inCheckout(teams, git, head)), base });

const ACME = { acme: '2028-01-01' };
const ACME_GLOBEX = { acme: '2028-01-01', globex: '2028-01-01' };

describe('changedTeamsStep', () => {
  test('plans changed live teams, skips expired ones and tears down deleted ones', async () => {
    const result = await changedTeams(
      { acme: '2028-01-01', old: '2027-01-01', globex: '2028-01-01' },
      fakeGit('M\0stacks/main.ts\0D\0environments/gone.yaml\0', {
        'environments/gone.yaml': environmentYaml('gone', { region: 'region: us-east-1' }),
      }),
      'origin/main',
      'HEAD',
    );
    expect(parse(result.outputs.teams!)).toEqual(['acme', 'globex']);
    expect(result.outputs.any).toBe('true');
    expect(parse(result.outputs['teardown-matrix']!)).toEqual({
      include: [
        expect.objectContaining({
          team: 'gone',
          region: 'us-east-1',
          'deploy-role': 'workshop-gone-deploy',
        }),
      ],
    });
    expect(result.outputs['any-teardown']).toBe('true');
    expect(parse(result.outputs['all-teams-because']!)).toEqual(['stacks/']);
    expect(result.summary).toContain('| `old` | skipped | expired on 2027-01-01');
  });

  test('nothing relevant changed: an empty matrix and any=false', async () => {
    const result = await changedTeams(ACME, fakeGit('M\0README.md\0'));
    expect(result.outputs).toMatchObject({ teams: '[]', matrix: '{"include":[]}', any: 'false' });
  });

  test('a change that touches no team still previews the first team', async () => {
    const git = fakeGit('M\0.github/workflows/pr.yml\0M\0README.md\0');
    const result = await changedTeams({ globex: '2028-01-01', acme: '2028-01-01' }, git);
    expect(result.outputs.any).toBe('false');
    expect(result.outputs['any-preview']).toBe('true');
    expect(parse(result.outputs['preview-matrix']!)).toEqual({
      include: [expect.objectContaining({ team: 'acme' })],
    });
  });

  test('the preview covers the changed teams when there are some', async () => {
    const result = await changedTeams(ACME_GLOBEX, fakeGit('M\0environments/globex.yaml\0'));
    expect(parse(result.outputs['preview-matrix']!)).toEqual(parse(result.outputs.matrix!));
    expect(parse(result.outputs.teams!)).toEqual(['globex']);
  });

  test('a push without a previous commit deploys every live team', async () => {
    const noBase = '0000000000000000000000000000000000000000';
    const result = await changedTeams(ACME_GLOBEX, fakeGit(''), noBase, 'HEAD');
    expect(parse(result.outputs.teams!)).toEqual(['acme', 'globex']);
    expect(result.summary).toContain('no base commit to compare with');
  });

  test('a deleted file missing at the base commit is an error naming it', async () => {
    const git = fakeGit('D\0environments/gone.yaml\0');
    await expect(changedTeams(ACME, git, 'abc', 'HEAD')).rejects.toThrow(
      'environments/gone.yaml (or .yml) is deleted but not found at abc',
    );
  });
});

describe('liveTeamsStep', () => {
  test('all live teams, or the one named', async () => {
    const root = await checkout({ acme: '2028-01-01', old: '2027-01-01' });
    const dir = join(root, 'environments');
    expect((await gitops.liveTeamsStep(dir, NOW)).outputs.teams).toBe('["acme"]');
    expect(parse((await gitops.liveTeamsStep(dir, NOW, 'acme')).outputs.matrix!)).toMatchObject({
      include: [{ team: 'acme', environment: 'workshop-acme' }],
    });
  });

  test('an unknown or expired team is refused with what to do', async () => {
    const root = await checkout({ acme: '2028-01-01', old: '2027-01-01' });
    const dir = join(root, 'environments');
    await expect(gitops.liveTeamsStep(dir, NOW, 'nobody')).rejects.toThrow(
      /no environment file for team "nobody" .* \(teams: acme, old\)/,
    );
    await expect(gitops.liveTeamsStep(dir, NOW, 'old')).rejects.toThrow(
      'team "old" expired on 2027-01-01 and is torn down from 2027-01-09; extend expires in its environment file first',
    );
  });
});

describe('deployStepsStep', () => {
  test('compares with the environment file at the previous commit', async () => {
    const before = environmentYaml('acme', {
      expires: 'expires: 2028-01-01',
      model: 'model: { k: 3 }',
    });
    const input = await inCheckout(
      ACME,
      fakeGit('M\0environments/acme.yaml\0', { 'environments/acme.yaml': before }),
    );
    const result = await gitops.deployStepsStep({ ...input, team: 'acme', base: 'abc' });
    expect(result.outputs).toEqual({
      deploy: 'true',
      'compared-with': 'abc',
      migrate: 'true',
      load: 'false',
      train: 'true',
      publish: 'true',
    });
  });

  test('without records or a base commit there is nothing to decide against', async () => {
    const input = await inCheckout(ACME, fakeGit(''));
    await expect(gitops.deployStepsStep({ ...input, team: 'acme' })).rejects.toThrow(
      'deploy-steps needs the deploy records or a base commit (--base)',
    );
  });

  test('a team without a file at the previous commit is new', async () => {
    const input = await inCheckout(ACME, fakeGit('A\0environments/acme.yaml\0'));
    const result = await gitops.deployStepsStep({ ...input, team: 'acme', base: 'abc' });
    expect(result.outputs.load).toBe('true');
    expect(result.summary).toContain('new team: first deploy');
  });

  test('an invalid file at the previous commit is reported with the commit', async () => {
    const input = await inCheckout(
      ACME,
      fakeGit('M\0environments/acme.yaml\0', { 'environments/acme.yaml': 'team: acme\n' }),
    );
    await expect(gitops.deployStepsStep({ ...input, team: 'acme', base: 'abc' })).rejects.toThrow(
      /environments\/acme\.yaml:.*\n\(in environments\/acme\.yaml as of commit abc\)$/s,
    );
  });
});

describe('plan steps', () => {
  test('plan-summary outputs the counts', async () => {
    const root = await checkout({});
    const file = join(root, 'acme.plan.json');
    await writeFile(file, planJson([{ address: 'aws_s3_bucket.a', actions: ['delete'] }]));
    const result = await gitops.planSummaryStep('acme', file, 'Destroyed');
    expect(result.outputs).toEqual({ add: '0', change: '0', destroy: '1', changes: 'true' });
    expect(
      result.summary.startsWith(
        '## Destroyed\n\n### ⚠️ `acme`: Plan: 0 to add, 0 to change, 1 to destroy.',
      ),
    ).toBe(true);
  });

  test('plan-comment reads each team’s plan and reports the ones missing', async () => {
    const root = await checkout({});
    await writeFile(
      join(root, 'acme.plan.json'),
      planJson([{ address: 'aws_s3_bucket.a', actions: ['create'] }]),
    );
    const result = await gitops.planCommentStep({
      plansDir: root,
      teams: ['acme', 'globex'],
      commit: 'abcdef0',
    });
    expect(result.outputs).toEqual({ changes: 'true', failed: '["globex"]' });
    expect(result.comment).toContain('### 📝 `acme`: Plan: 1 to add, 0 to change, 0 to destroy.');
    expect(result.comment).toContain('### ❌ `globex`: no plan');
  });

  test('drift reads the exit codes, the plans and the migration and dashboard checks', async () => {
    const root = await checkout({});
    const inSync = async (team: string) => {
      for (const check of ['migrations', 'dashboard'])
        await writeFile(
          join(root, `${team}.${check}.json`),
          JSON.stringify({ check, findings: [] }),
        );
    };
    await writeFile(join(root, 'acme.exitcode'), '2\n');
    await writeFile(
      join(root, 'acme.plan.json'),
      planJson([{ address: 'aws_s3_bucket.a', actions: ['update'] }]),
    );
    await inSync('acme');
    await writeFile(join(root, 'globex.exitcode'), '0\n');
    await writeFile(join(root, 'globex.plan.json'), planJson([]));
    await inSync('globex');
    await writeFile(
      join(root, 'globex.dashboard.json'),
      JSON.stringify({
        check: 'dashboard',
        findings: [{ kind: 'edited-outside', subject: 'rfm-globex', detail: 'version 3' }],
      }),
    );
    // hooli's plan ran, its other checks did not; initech ran nothing.
    await writeFile(join(root, 'hooli.exitcode'), '0\n');
    await writeFile(join(root, 'hooli.plan.json'), planJson([]));
    const result = await gitops.driftStep(root, ['acme', 'globex', 'hooli', 'initech'], {
      date: '2027-06-01',
    });
    expect(result.outputs).toEqual({
      drifted: '["acme","globex"]',
      failed: '["hooli","initech"]',
    });
    expect(result.report.issueBody).toContain(
      '| `hooli` | ❌ failed | exit 0: 0 to add, 0 to change, 0 to destroy | ❌ did not run | ❌ did not run |',
    );
    expect(result.report.issueBody).toContain(
      '| `initech` | ❌ failed | did not run | ❌ did not run | ❌ did not run |',
    );
    expect(result.report.issueBody).toContain(
      '- dashboard **edited-outside** `rfm-globex`: version 3',
    );
  });
});

test('expiredStep: a scheduled run destroys the expired teams', async () => {
  const root = await checkout({ acme: '2028-01-01', old: '2027-01-01' });
  const dir = join(root, 'environments');
  const scheduled = await gitops.expiredStep(dir, NOW, 'schedule', '');
  expect(scheduled.outputs).toMatchObject({
    teams: '["old"]',
    any: 'true',
    destroy: 'true',
    'dry-run': 'false',
  });
  const manual = await gitops.expiredStep(dir, NOW, 'workflow_dispatch', 'true');
  expect(manual.outputs).toMatchObject({ any: 'true', destroy: 'false', 'dry-run': 'true' });
  expect(manual.summary).toContain('would be destroyed (dry run)');
});
