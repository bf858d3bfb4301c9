/**
 * What a deploy of commit `target` compares with: the commit last deployed (from its record), so
 * that the changes of runs that were cancelled while waiting are deployed too, and an older commit
 * never applies over a newer one.
 */
import { commitOrder } from './commit-order.js';
import type { DeployRecord } from './deploy-record.js';
import type { Git } from './git.js';

/** The verdict, with the reason for the job summary. */
export type DeployBase =
  /** Nothing recorded: a first deploy (or the first since a teardown); every step runs. */
  | { readonly kind: 'first'; readonly why: string }
  /**
   * Compare `base` (the deployed commit, an ancestor of the target) with the target; `same` when
   * the target itself is the deployed commit (a re-run).
   */
  | {
      readonly kind: 'compare';
      readonly base: string;
      readonly same: boolean;
      readonly why: string;
    }
  /** A newer commit (a descendant of the target) is already deployed: stop, successfully. */
  | { readonly kind: 'superseded'; readonly newer: string; readonly why: string }
  /** The recorded commit cannot be compared (history rewritten or not fetched): every step runs. */
  | { readonly kind: 'unknown'; readonly why: string };

const short = (sha: string): string => sha.slice(0, 7);

/** Decides from the stored record (undefined when there is none) what `target` compares with. */
export async function deployBase(
  git: Git,
  recorded: DeployRecord | undefined,
  target: string,
): Promise<DeployBase> {
  if (recorded === undefined) {
    return { kind: 'first', why: 'no completed deploy is recorded' };
  }
  const at = short(recorded.commit);
  switch (await commitOrder(git, recorded.commit, target)) {
    case 'same':
      return {
        kind: 'compare',
        base: recorded.commit,
        same: true,
        why: `${at} is already deployed`,
      };
    case 'before':
      return { kind: 'compare', base: recorded.commit, same: false, why: `last deployed ${at}` };
    case 'after':
      return {
        kind: 'superseded',
        newer: recorded.commit,
        why: `${at}, a newer commit than ${short(target)}, is already deployed`,
      };
    case 'diverged':
      return {
        kind: 'unknown',
        why: `the deployed commit ${at} is not an ancestor of ${short(target)} (history rewritten)`,
      };
    case 'missing':
      return { kind: 'unknown', why: `the deployed commit ${at} is not in this clone` };
  }
}
