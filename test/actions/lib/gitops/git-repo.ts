/** A throwaway git repository in a temp folder, for tests that need real history. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { systemGit, type Git } from '../../../../actions/lib/gitops/git.js';

/** A repository and the few operations the tests need. */
export interface TestRepo {
  readonly root: string;
  readonly git: Git;
  /** Writes (text) or deletes (null) files, commits them, and returns the new commit's SHA. */
  commit(message: string, files: Readonly<Record<string, string | null>>): Promise<string>;
  /** One commit per message, each setting x.txt to the message in lower case; their SHAs. */
  commits<const M extends readonly string[]>(...messages: M): Promise<{ [K in keyof M]: string }>;
  /** Checks out `ref` (detached) into a clean tree, as a workflow run checks out its commit. */
  checkout(ref: string): Promise<void>;
}

/** `git init` in a new temp folder, with a committer identity of its own. */
export async function testRepo(): Promise<TestRepo> {
  const root = await mkdtemp(join(tmpdir(), 'gitops-repo-'));
  const git = systemGit(root);
  await git(['init', '--quiet', '--initial-branch=main']);
  await git(['config', 'user.name', 'Test']);
  await git(['config', 'user.email', 'test@example.com']);
  await git(['config', 'commit.gpgsign', 'false']);
  const repo: TestRepo = {
    root,
    git,
    async commit(message, files) {
      for (const [path, text] of Object.entries(files)) {
        const file = join(root, path);
        if (text === null) {
          await rm(file);
        } else {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, text);
        }
      }
      await git(['add', '--all']);
      await git(['commit', '--quiet', '--allow-empty', '-m', message]);
      return (await git(['rev-parse', 'HEAD'])).trim();
    },
    async commits(...messages) {
      const shas: string[] = [];
      for (const m of messages) shas.push(await repo.commit(m, { 'x.txt': m.toLowerCase() }));
      return shas as { [K in keyof typeof messages]: string };
    },
    async checkout(ref) {
      await git(['checkout', '--quiet', '--force', '--detach', ref]);
      await git(['clean', '--quiet', '--force', '-d', '-x']);
    },
  };
  return repo;
}
