/**
 * A sequence of pushes to main as the deploy workflow sees them, in a real git repository:
 * A → B → C, where B's team deploys were cancelled while they waited (GitHub keeps one pending run
 * per concurrency group and cancels the older one). C's run must deploy B's changes too, B's run
 * must not apply over C when it comes late, and a team deleted in a cancelled run is still torn
 * down.
 */
import { join } from 'node:path';
import type { RecordStore } from '../../../../actions/lib/gitops/deploy-record.js';
import { recordDeployedStep } from '../../../../actions/lib/gitops/record-steps.js';
import { changedTeamsStep, deployStepsStep } from '../../../../actions/lib/gitops/steps.js';
import { environmentYaml } from '../../../support/cdktf.js';
import { testRepo, type TestRepo } from './git-repo.js';
import { memoryStore } from './memory-store.js';

const CLOCK = { now: new Date('2027-06-01T00:00:00Z'), graceDays: 7 };

let repo: TestRepo;
let store: RecordStore;
const commits: Record<string, string> = {};

/** The changes job of the run for `head` (push `before` → `head`); `null`: without the records. */
async function changes(before: string, head: string, records: RecordStore | null = store) {
  await repo.checkout(head);
  const result = await changedTeamsStep({
    git: repo.git,
    environmentsDir: 'environments',
    environmentsPath: join(repo.root, 'environments'),
    base: before,
    head,
    clock: CLOCK,
    ...(records === null ? {} : { records }),
  });
  return {
    teams: JSON.parse(result.outputs.teams!) as string[],
    teardown: JSON.parse(result.outputs.teardown!) as string[],
    sources: result.outputs['teardown-sources']!,
    bootstrap: result.outputs.bootstrap,
    summary: result.summary,
  };
}

/** One team's deploy job of the run for `head`: decide the steps, and record success. */
async function deploy(team: string, head: string) {
  await repo.checkout(head);
  const steps = await deployStepsStep({
    git: repo.git,
    environmentsDir: 'environments',
    environmentsPath: join(repo.root, 'environments'),
    team,
    head,
    clock: CLOCK,
    records: store,
  });
  if (steps.outputs.deploy === 'true') {
    await recordDeployedStep({
      git: repo.git,
      store,
      subject: { team },
      commit: head,
      now: CLOCK.now,
    });
  }
  return steps;
}

beforeAll(async () => {
  repo = await testRepo();
  store = memoryStore();
  commits.A = await repo.commit('A: two teams', {
    'environments/acme.yaml': environmentYaml('acme'),
    'environments/globex.yml': environmentYaml('globex'),
    'sql/migrations/V001__init.sql': 'select 1;\n',
  });
  // B changes acme's model (retrain) and globex's load settings (reload).
  commits.B = await repo.commit('B: acme k=5, globex maxErrors', {
    'environments/acme.yaml': environmentYaml('acme', { model: 'model: { k: 5 }' }),
    'environments/globex.yml': environmentYaml('globex', { load: 'load: { maxErrors: 50 }' }),
  });
  // C only adds a team.
  commits.C = await repo.commit('C: add initech', {
    'environments/initech.yaml': environmentYaml('initech'),
  });
});

test('A deploys every team: nothing is recorded yet', async () => {
  const run = await changes('0'.repeat(40), commits.A!);
  expect(run.teams).toEqual(['acme', 'globex']);
  expect(run.bootstrap).toBe('true');
  for (const team of run.teams) {
    const steps = await deploy(team, commits.A!);
    expect(steps.outputs).toMatchObject({ deploy: 'true', load: 'true', train: 'true' });
  }
});

test("B's run is cancelled while it waits: nothing of it is recorded", async () => {
  // Its changes job ran; its team jobs never did.
  expect((await changes(commits.A!, commits.B!)).teams).toEqual(['acme', 'globex']);
});

test('judged by its push alone, C would lose B: acme and globex would not deploy', async () => {
  expect((await changes(commits.B!, commits.C!, null)).teams).toEqual(['initech']);
});

test("C's run deploys B's changes too, and the new team", async () => {
  const run = await changes(commits.B!, commits.C!);
  expect(run.teams).toEqual(['acme', 'globex', 'initech']);
  expect(run.summary).toContain(`since ${commits.A!.slice(0, 7)}`);
  expect(run.bootstrap).toBe('true'); // initech needs its deploy role first

  const acme = await deploy('acme', commits.C!);
  expect(acme.outputs).toMatchObject({
    deploy: 'true',
    'compared-with': commits.A,
    load: 'false',
    train: 'true',
  });
  const globex = await deploy('globex', commits.C!);
  expect(globex.outputs).toMatchObject({ deploy: 'true', load: 'true', train: 'true' });
  const initech = await deploy('initech', commits.C!);
  expect(initech.outputs).toMatchObject({ deploy: 'true', load: 'true', train: 'true' });
});

test("B's team job, arriving after C's, stops without deploying", async () => {
  const late = await deploy('acme', commits.B!);
  expect(late.outputs).toMatchObject({ deploy: 'false', migrate: 'false', publish: 'false' });
  expect(late.summary).toContain(`${commits.C!.slice(0, 7)}, a newer commit than`);
  const record = JSON.parse((await store.read('teams/acme/deployed.json'))!.text) as {
    commit: string;
  };
  expect(record.commit).toBe(commits.C);
});

test('re-running C deploys no load or training', async () => {
  const again = await deploy('acme', commits.C!);
  expect(again.outputs).toMatchObject({ deploy: 'true', load: 'false', train: 'false' });
  expect((await changes(commits.C!, commits.C!)).teams).toEqual([]);
});

test('a team deleted in a cancelled run is still torn down, from its .yml file', async () => {
  commits.D = await repo.commit('D: remove globex', { 'environments/globex.yml': null });
  // D's run is cancelled; E changes nothing a team cares about.
  commits.E = await repo.commit('E: docs', { 'docs/notes.md': 'notes\n' });
  const run = await changes(commits.D!, commits.E!);
  expect(run.teardown).toEqual(['globex']);
  expect(run.sources).toBe(`${commits.C}:environments/globex.yml`);
  expect(run.teams).toEqual([]);
});
