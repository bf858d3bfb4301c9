/** The few git questions the workflows ask: what changed between two commits, and a file's text then. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { FileChange } from './changed-teams.js';

/** Runs `git <args>` and resolves with its stdout; rejects with git's message on failure. */
export type Git = (args: readonly string[]) => Promise<string>;

const GIT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT = 64 * 1024 * 1024;

/** `git` in `cwd`. */
export function systemGit(cwd: string): Git {
  const run = promisify(execFile);
  return async (args) => {
    try {
      const { stdout } = await run('git', [...args], {
        cwd,
        timeout: GIT_TIMEOUT_MS,
        maxBuffer: MAX_OUTPUT,
        encoding: 'utf8',
      });
      return stdout;
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr?.trim();
      throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr || (e as Error).message}`);
    }
  };
}

/**
 * True for the revisions GitHub sends when there is nothing to compare with: the all-zero SHA
 * of a newly pushed branch's `before`, or an empty value.
 */
export function isNullRevision(ref: string | undefined): boolean {
  return ref === undefined || ref.trim() === '' || /^0+$/.test(ref.trim());
}

const STATUSES = new Set(['A', 'M', 'D', 'R', 'C', 'T']);

/**
 * Parses `git diff --name-status -z` output: `STATUS\0path\0`, or `R100\0from\0to\0` for renames
 * and copies. Unmerged or unknown entries are errors, since a deploy must not guess.
 */
export function parseNameStatus(output: string): FileChange[] {
  const fields = output.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length;) {
    const code = fields[i++] ?? '';
    const status = code.charAt(0);
    if (!STATUSES.has(status)) {
      throw new Error(
        `git diff --name-status: unexpected status "${code}" at entry ${changes.length + 1}`,
      );
    }
    if (status === 'R' || status === 'C') {
      const from = fields[i++];
      const path = fields[i++];
      if (from === undefined || path === undefined) throw truncated(code);
      changes.push({ status, from, path });
    } else {
      const path = fields[i++];
      if (path === undefined) throw truncated(code);
      changes.push({ status: status as FileChange['status'], path });
    }
  }
  return changes;
}

const truncated = (code: string): Error =>
  new Error(`git diff --name-status: entry "${code}" has no path; the output is truncated`);

/**
 * Files changed from `base` to `head`, counted from their merge base (`base...head`), so that a
 * pull request is compared with where it branched off and a push with the commit it replaced.
 */
export async function changedFiles(git: Git, base: string, head: string): Promise<FileChange[]> {
  return parseNameStatus(await git(['diff', '--name-status', '-z', '-M', `${base}...${head}`]));
}

/** The text of `path` at `ref`, or undefined when the file did not exist there. */
export async function fileAtRevision(
  git: Git,
  ref: string,
  path: string,
): Promise<string | undefined> {
  const listed = await git(['ls-tree', '--name-only', ref, '--', path]);
  if (listed.trim() === '') return undefined;
  return git(['show', `${ref}:${path}`]);
}
