import { commitOrder, resolveCommit } from '../../../../actions/lib/gitops/commit-order.js';
import { deployBase } from '../../../../actions/lib/gitops/deploy-base.js';
import { testRepo, type TestRepo } from './git-repo.js';

let repo: TestRepo;
let a: string;
let b: string;
let c: string;
let side: string;

// main: A → B → C; a side branch from A: A → S (another line of history, as after a force push).
beforeAll(async () => {
  repo = await testRepo();
  [a, b, c] = await repo.commits('A', 'B', 'C');
  await repo.git(['checkout', '--quiet', '-b', 'side', a]);
  side = await repo.commit('S', { 'y.txt': 's' });
});

describe('commitOrder(recorded, target)', () => {
  test.each([
    ['the same commit', () => [b, b], 'same'],
    ['an ancestor', () => [a, c], 'before'],
    ['a descendant', () => [c, b], 'after'],
    ['another line of history', () => [side, c], 'diverged'],
    ['a commit the clone lacks', () => ['f'.repeat(40), c], 'missing'],
  ] as const)('%s', async (_name, pair, expected) => {
    const [recorded, target] = pair();
    expect(await commitOrder(repo.git, recorded, target)).toBe(expected);
  });

  test('short SHAs and refs resolve to the same commits', async () => {
    expect(await commitOrder(repo.git, a.slice(0, 8), 'main')).toBe('before');
    expect(await resolveCommit(repo.git, 'main')).toBe(c);
  });

  test('a target the clone lacks is an error that says how to fetch it', async () => {
    await expect(commitOrder(repo.git, a, 'e'.repeat(40))).rejects.toThrow(/fetch-depth: 0/);
  });
});

describe('deployBase', () => {
  const record = (commit: string) => ({ commit, deployedAt: '2027-01-01T00:00:00Z' });

  test('no record: a first deploy', async () => {
    expect(await deployBase(repo.git, undefined, c)).toEqual({
      kind: 'first',
      why: 'no completed deploy is recorded',
    });
  });

  test('an older record: compare with it, not with the push', async () => {
    expect(await deployBase(repo.git, record(a), c)).toEqual({
      kind: 'compare',
      base: a,
      same: false,
      why: `last deployed ${a.slice(0, 7)}`,
    });
  });

  test('the same commit (a re-run): compare with itself', async () => {
    expect(await deployBase(repo.git, record(c), c)).toMatchObject({ kind: 'compare', same: true });
  });

  test('a newer record: this older commit is superseded', async () => {
    expect(await deployBase(repo.git, record(c), b)).toEqual({
      kind: 'superseded',
      newer: c,
      why: `${c.slice(0, 7)}, a newer commit than ${b.slice(0, 7)}, is already deployed`,
    });
  });

  test('rewritten history or a missing commit: compare with nothing', async () => {
    expect(await deployBase(repo.git, record(side), c)).toMatchObject({
      kind: 'unknown',
      why: expect.stringContaining('history rewritten'),
    });
    expect(await deployBase(repo.git, record('f'.repeat(40)), c)).toMatchObject({
      kind: 'unknown',
      why: expect.stringContaining('not in this clone'),
    });
  });
});
