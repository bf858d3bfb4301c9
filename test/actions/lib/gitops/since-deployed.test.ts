import { recordDeploy } from '../../../../actions/lib/gitops/deploy-record.js';
import { supersededStep } from '../../../../actions/lib/gitops/record-steps.js';
import {
  changesSinceDeployed,
  decideBootstrap,
  pushBase,
} from '../../../../actions/lib/gitops/since-deployed.js';
import { environmentYaml } from '../../../support/cdktf.js';
import { testRepo, type TestRepo } from './git-repo.js';
import { memoryStore } from './memory-store.js';

let repo: TestRepo;
const c: Record<string, string> = {};
const at = (commit: string) => ({ commit, deployedAt: '2027-01-01T00:00:00.000Z' });

beforeAll(async () => {
  repo = await testRepo();
  c.base = await repo.commit('two teams', {
    'environments/acme.yaml': environmentYaml('acme'),
    'environments/globex.yaml': environmentYaml('globex'),
  });
  c.owners = await repo.commit('acme owners', {
    'environments/acme.yaml': environmentYaml('acme', { owners: "owners: ['@someone']" }),
  });
  c.region = await repo.commit('globex moves', {
    'environments/globex.yaml': environmentYaml('globex', { region: 'region: us-east-1' }),
  });
  c.sql = await repo.commit('sql only', { 'sql/migrations/V002__x.sql': 'select 2;\n' });
  c.stacks = await repo.commit('stacks', { 'stacks/main.ts': '// changed\n' });
  c.removed = await repo.commit('remove acme', { 'environments/acme.yaml': null });
  c.readded = await repo.commit('acme back', {
    'environments/acme.yaml': environmentYaml('acme'),
  });
});

describe('decideBootstrap', () => {
  const decide = (base: string, head: string) =>
    decideBootstrap({
      git: repo.git,
      base: pushBase(base),
      head,
      environmentsDir: 'environments',
    });

  test.each([
    ['a team setting other than the region', 'base', 'owners', false, []],
    ['SQL', 'region', 'sql', false, []],
    ['a region', 'owners', 'region', true, ['region of globex changed']],
    ['the stacks', 'sql', 'stacks', true, ['stacks/ changed']],
    ['a removed team', 'stacks', 'removed', true, ['team acme removed']],
    ['an added team', 'removed', 'readded', true, ['team acme added']],
  ] as const)('%s', async (_what, from, to, apply, because) => {
    const decision = await decide(c[from]!, c[to]!);
    expect(decision.apply).toBe(apply);
    expect(decision.because).toEqual(because.map((b) => `${b} since ${c[from]!.slice(0, 7)}`));
  });

  test('with nothing recorded it applies; a newer record means it does not', async () => {
    expect(
      await decideBootstrap({
        git: repo.git,
        base: { kind: 'first', why: 'no completed deploy is recorded' },
        head: c.sql!,
        environmentsDir: 'environments',
      }),
    ).toEqual({ apply: true, because: ['no completed deploy is recorded'] });
    expect(
      (
        await decideBootstrap({
          git: repo.git,
          base: { kind: 'superseded', newer: c.stacks!, why: 'newer' },
          head: c.sql!,
          environmentsDir: 'environments',
        })
      ).apply,
    ).toBe(false);
  });
});

describe('changesSinceDeployed', () => {
  test('a team deployed at a newer commit that has its file again is not torn down by an older run', async () => {
    const store = memoryStore();
    await recordDeploy(store, repo.git, { team: 'acme' }, at(c.readded!));
    await repo.checkout(c.removed!);
    const since = await changesSinceDeployed({
      git: repo.git,
      store,
      teams: ['globex'],
      head: c.removed!,
      environmentsDir: 'environments',
    });
    expect(since.teardown).toEqual([]);
    expect(since.skipped).toEqual([
      {
        team: 'acme',
        why: expect.stringContaining('a newer commit that has its environment file'),
      },
    ]);
  });

  test('a recorded team whose commit the clone lacks is reported, not guessed at', async () => {
    const store = memoryStore();
    await store.write('teams/gone/deployed.json', JSON.stringify(at('f'.repeat(40))), undefined);
    const since = await changesSinceDeployed({
      git: repo.git,
      store,
      teams: [],
      head: c.stacks!,
      environmentsDir: 'environments',
    });
    expect(since.teardown).toEqual([]);
    expect(since.skipped).toEqual([
      { team: 'gone', why: expect.stringContaining('tear it down by hand') },
    ]);
  });

  test('every team is compared with its own record', async () => {
    const store = memoryStore();
    await recordDeploy(store, repo.git, { team: 'acme' }, at(c.sql!));
    await recordDeploy(store, repo.git, { team: 'globex' }, at(c.base!));
    const since = await changesSinceDeployed({
      git: repo.git,
      store,
      teams: ['acme', 'globex'],
      head: c.sql!,
      environmentsDir: 'environments',
    });
    expect([...since.deploy.keys()]).toEqual(['globex']);
    expect(since.deploy.get('globex')).toEqual([
      `environments/globex.yaml changed since ${c.base!.slice(0, 7)}`,
      `sql/ changed (every team) since ${c.base!.slice(0, 7)}`,
    ]);
  });
});

describe('supersededStep', () => {
  test('proceeds unless a newer commit is recorded', async () => {
    const store = memoryStore();
    const step = (commit: string) =>
      supersededStep({ git: repo.git, store, subject: { bootstrap: true }, commit });
    expect((await step(c.sql!)).outputs.proceed).toBe('true');
    await recordDeploy(store, repo.git, { bootstrap: true }, at(c.stacks!));
    expect((await step(c.readded!)).outputs).toEqual({
      proceed: 'true',
      'deployed-commit': c.stacks,
    });
    const stale = await step(c.sql!);
    expect(stale.outputs).toEqual({ proceed: 'false', 'deployed-commit': c.stacks });
    expect(stale.summary).toContain('The bootstrap stack: nothing to do');
  });
});
