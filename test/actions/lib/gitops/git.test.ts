import {
  changedFiles,
  fileAtRevision,
  isNullRevision,
  parseNameStatus,
  type Git,
} from '../../../../actions/lib/gitops/git.js';

describe('parseNameStatus', () => {
  test('reads -z output with renames, copies and paths with spaces', () => {
    const out = [
      'M',
      'environments/acme.yaml',
      'A',
      'sql/migrations/V005__add x.sql',
      'D',
      'environments/old.yaml',
      'R100',
      'environments/a.yaml',
      'environments/b.yaml',
      'C075',
      'stacks/a.ts',
      'stacks/b.ts',
      'T',
      'scripts/link',
      '',
    ].join('\0');
    expect(parseNameStatus(out)).toEqual([
      { status: 'M', path: 'environments/acme.yaml' },
      { status: 'A', path: 'sql/migrations/V005__add x.sql' },
      { status: 'D', path: 'environments/old.yaml' },
      { status: 'R', from: 'environments/a.yaml', path: 'environments/b.yaml' },
      { status: 'C', from: 'stacks/a.ts', path: 'stacks/b.ts' },
      { status: 'T', path: 'scripts/link' },
    ]);
  });

  test('no changes is an empty list', () => {
    expect(parseNameStatus('')).toEqual([]);
  });

  test('an unmerged entry is refused rather than guessed at', () => {
    expect(() => parseNameStatus('U\0environments/acme.yaml\0')).toThrow(
      'git diff --name-status: unexpected status "U" at entry 1',
    );
  });

  test('a rename without its target path is reported as truncated', () => {
    expect(() => parseNameStatus('R100\0environments/a.yaml\0')).toThrow(/truncated/);
  });
});

describe('git questions', () => {
  const calls: string[][] = [];
  const git: Git = async (args) => {
    calls.push([...args]);
    if (args[0] === 'diff') return 'M\0stacks/main.ts\0';
    if (args[0] === 'ls-tree')
      return args[3] === '--' && args[4] === 'environments/acme.yaml'
        ? 'environments/acme.yaml\n'
        : '';
    if (args[0] === 'show') return 'team: acme\n';
    throw new Error(`unexpected git ${args.join(' ')}`);
  };

  beforeEach(() => {
    calls.length = 0;
  });

  test('changedFiles compares from the merge base, with rename detection', async () => {
    expect(await changedFiles(git, 'origin/main', 'HEAD')).toEqual([
      { status: 'M', path: 'stacks/main.ts' },
    ]);
    expect(calls).toEqual([['diff', '--name-status', '-z', '-M', 'origin/main...HEAD']]);
  });

  test('fileAtRevision reads a file that existed and says undefined for one that did not', async () => {
    expect(await fileAtRevision(git, 'abc123', 'environments/acme.yaml')).toBe('team: acme\n');
    expect(await fileAtRevision(git, 'abc123', 'environments/new.yaml')).toBeUndefined();
    expect(calls.filter((c) => c[0] === 'show')).toEqual([
      ['show', 'abc123:environments/acme.yaml'],
    ]);
  });

  test.each([
    ['0000000000000000000000000000000000000000', true],
    ['', true],
    [undefined, true],
    ['9c0f2d1', false],
    ['origin/main', false],
  ])('isNullRevision(%p) is %p', (ref, expected) => {
    expect(isNullRevision(ref)).toBe(expected);
  });
});
