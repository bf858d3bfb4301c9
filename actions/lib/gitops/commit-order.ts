/**
 * Where one commit stands relative to another in the repository's history: the question a deploy
 * asks of the commit it last deployed, so that it never applies an older commit over a newer one.
 */
import type { Git } from './git.js';

/**
 * `recorded` relative to `target`: the same commit, an ancestor of it (`before`), a descendant of
 * it (`after`), on another line of history (`diverged`, e.g. after a force push), or not in the
 * clone at all (`missing`).
 */
export type CommitOrder = 'same' | 'before' | 'after' | 'diverged' | 'missing';

/** The full SHA of `ref`, or undefined when the clone has no such commit. */
export async function resolveCommit(git: Git, ref: string): Promise<string | undefined> {
  try {
    return (await git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** How `recorded` relates to `target`; `target` must exist (it is the commit being deployed). */
export async function commitOrder(
  git: Git,
  recorded: string,
  target: string,
): Promise<CommitOrder> {
  const to = await resolveCommit(git, target);
  if (to === undefined) {
    throw new Error(
      `commit ${target} is not in this clone; check out with full history (actions/checkout fetch-depth: 0)`,
    );
  }
  const from = await resolveCommit(git, recorded);
  if (from === undefined) return 'missing';
  if (from === to) return 'same';
  let base: string;
  try {
    base = (await git(['merge-base', from, to])).trim();
  } catch {
    return 'diverged'; // no common ancestor
  }
  if (base === from) return 'before';
  if (base === to) return 'after';
  return 'diverged';
}
