import {
  ALL_TEAMS_PATHS,
  classifyChanges,
  teamOfPath,
  type FileChange,
} from '../../../../actions/lib/gitops/changed-teams.js';

const TEAMS = ['acme', 'globex', 'initech'];
const modified = (path: string): FileChange => ({ status: 'M', path });

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
    const changes = classifyChanges([modified('environments/globex.yaml')], TEAMS);
    expect(changes).toEqual({
      deploy: ['globex'],
      teardown: [],
      allTeamsBecause: [],
      reasons: { globex: ['environments/globex.yaml changed'] },
    });
  });

  test('an added environment file deploys the new team', () => {
    const changes = classifyChanges([{ status: 'A', path: 'environments/initech.yaml' }], TEAMS);
    expect(changes.deploy).toEqual(['initech']);
    expect(changes.reasons.initech).toEqual(['environments/initech.yaml added']);
  });

  test.each(ALL_TEAMS_PATHS.map((p) => [p, p.endsWith('/') ? `${p}some/file.ts` : p]))(
    'a change under %s deploys every team',
    (shared, path) => {
      const changes = classifyChanges([modified(path)], TEAMS);
      expect(changes.deploy).toEqual(TEAMS);
      expect(changes.allTeamsBecause).toEqual([shared]);
      expect(changes.reasons.acme).toEqual([`${shared} changed (every team)`]);
    },
  );

  test('other paths (tests, README, workflows) deploy nobody', () => {
    const changes = classifyChanges(
      [
        modified('README.md'),
        modified('test/stacks/app.test.ts'),
        modified('.github/workflows/pr.yml'),
      ],
      TEAMS,
    );
    expect(changes.deploy).toEqual([]);
    expect(changes.teardown).toEqual([]);
  });

  test('a deleted environment file tears its team down and deploys nobody', () => {
    const changes = classifyChanges([{ status: 'D', path: 'environments/umbrella.yaml' }], TEAMS);
    expect(changes.deploy).toEqual([]);
    expect(changes.teardown).toEqual(['umbrella']);
    expect(changes.reasons.umbrella).toEqual(['environments/umbrella.yaml deleted']);
  });

  test('a deleted team is torn down even when shared code changed too', () => {
    const changes = classifyChanges(
      [{ status: 'D', path: 'environments/umbrella.yaml' }, modified('sql/migrations/V005__x.sql')],
      TEAMS,
    );
    expect(changes.deploy).toEqual(TEAMS);
    expect(changes.teardown).toEqual(['umbrella']);
  });

  test('a renamed environment file tears down the old team and deploys the new one', () => {
    const changes = classifyChanges(
      [{ status: 'R', from: 'environments/umbrella.yaml', path: 'environments/initech.yaml' }],
      TEAMS,
    );
    expect(changes.deploy).toEqual(['initech']);
    expect(changes.teardown).toEqual(['umbrella']);
  });

  test('a .yaml file renamed to .yml keeps its team: nothing is torn down', () => {
    const changes = classifyChanges(
      [{ status: 'R', from: 'environments/acme.yaml', path: 'environments/acme.yml' }],
      TEAMS,
    );
    expect(changes.deploy).toEqual(['acme']);
    expect(changes.teardown).toEqual([]);
  });

  test('code moved into a shared folder by rename counts for every team', () => {
    const changes = classifyChanges(
      [{ status: 'R', from: 'docs/x.sql', path: 'sql/checks/x.sql' }],
      TEAMS,
    );
    expect(changes.deploy).toEqual(TEAMS);
  });

  test('teams come out sorted and once, with every reason', () => {
    const changes = classifyChanges(
      [
        modified('environments/initech.yaml'),
        modified('stacks/main.ts'),
        modified('environments/acme.yaml'),
      ],
      TEAMS,
    );
    expect(changes.deploy).toEqual(['acme', 'globex', 'initech']);
    expect(changes.reasons.initech).toEqual([
      'environments/initech.yaml changed',
      'stacks/ changed (every team)',
    ]);
  });
});
