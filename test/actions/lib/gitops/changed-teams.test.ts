import {
  ALL_TEAMS_PATHS,
  classifyChanges,
  teamOfPath,
  type FileChange,
} from '../../../../actions/lib/gitops/changed-teams.js';

const TEAMS = ['acme', 'globex', 'initech'];
const modified = (path: string): FileChange => ({ status: 'M', path });
const deleted = (path: string): FileChange => ({ status: 'D', path });
const renamed = (from: string, path: string): FileChange => ({ status: 'R', from, path });
const classify = (...files: FileChange[]) => classifyChanges(files, TEAMS);

describe('teamOfPath', () => {
  test.each([
    ['environments/acme.yaml', 'acme'],
    ['environments/acme.yml', 'acme'],
    ['environments/README.md', undefined],
    ['environments/old/acme.yaml', undefined],
    ['stacks/acme.yaml', undefined],
  ])('%s → %s', (path, team) => {
    expect(teamOfPath(path)).toBe(team);
  });
});

describe('classifyChanges', () => {
  test('a changed environment file deploys that team only', () => {
    const changes = classify(modified('environments/globex.yaml'));
    expect(changes).toEqual({
      deploy: ['globex'],
      teardown: [],
      allTeamsBecause: [],
      reasons: { globex: ['environments/globex.yaml changed'] },
    });
  });

  test('an added environment file deploys the new team', () => {
    const changes = classify({ status: 'A', path: 'environments/initech.yaml' });
    expect(changes.deploy).toEqual(['initech']);
    expect(changes.reasons.initech).toEqual(['environments/initech.yaml added']);
  });

  test.each(ALL_TEAMS_PATHS.map((p) => [p, p.endsWith('/') ? `${p}some/file.ts` : p]))(
    'a change under %s deploys every team',
    (shared, path) => {
      const changes = classify(modified(path));
      expect(changes.deploy).toEqual(TEAMS);
      expect(changes.allTeamsBecause).toEqual([shared]);
      expect(changes.reasons.acme).toEqual([`${shared} changed (every team)`]);
    },
  );

  test('other paths (tests, README, workflows) deploy nobody', () => {
    const changes = classify(
      modified('README.md'),
      modified('test/stacks/app.test.ts'),
      modified('.github/workflows/pr.yml'),
    );
    expect(changes).toMatchObject({ deploy: [], teardown: [] });
  });

  test('a deleted environment file tears its team down and deploys nobody', () => {
    const changes = classify(deleted('environments/umbrella.yaml'));
    expect(changes).toMatchObject({ deploy: [], teardown: ['umbrella'] });
    expect(changes.reasons.umbrella).toEqual(['environments/umbrella.yaml deleted']);
  });

  test('a deleted team is torn down even when shared code changed too', () => {
    const changes = classify(
      deleted('environments/umbrella.yaml'),
      modified('sql/migrations/V005__x.sql'),
    );
    expect(changes).toMatchObject({ deploy: TEAMS, teardown: ['umbrella'] });
  });

  test('a renamed environment file tears down the old team and deploys the new one', () => {
    const changes = classify(renamed('environments/umbrella.yaml', 'environments/initech.yaml'));
    expect(changes).toMatchObject({ deploy: ['initech'], teardown: ['umbrella'] });
  });

  test('a .yaml file renamed to .yml keeps its team: nothing is torn down', () => {
    const changes = classify(renamed('environments/acme.yaml', 'environments/acme.yml'));
    expect(changes).toMatchObject({ deploy: ['acme'], teardown: [] });
  });

  test('code moved into a shared folder by rename counts for every team', () => {
    expect(classify(renamed('docs/x.sql', 'sql/checks/x.sql')).deploy).toEqual(TEAMS);
  });

  test('teams come out sorted and once, with every reason', () => {
    const changes = classify(
      modified('environments/initech.yaml'),
      modified('stacks/main.ts'),
      modified('environments/acme.yaml'),
    );
    expect(changes.deploy).toEqual(['acme', 'globex', 'initech']);
    expect(changes.reasons.initech).toEqual([
      'environments/initech.yaml changed',
      'stacks/ changed (every team)',
    ]);
  });
});
