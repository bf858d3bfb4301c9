import { execFile } from 'node:child_process';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { Environment } from '../../contracts/environment/schema.js';
import { loadEnvironmentFile } from '../../contracts/environment/load.js';
import {
  openTeamBackend,
  type BackendKind,
  type OpenBackendOptions,
  type TeamBackend,
} from '../lib/pipeline/backend.js';
import { resolveEnvironment } from '../lib/pipeline/environment.js';
import { sqlDirs, type SqlDirs } from '../lib/pipeline/sql-dirs.js';
import { DATABASE_URL_ENV } from './options.js';
import { findRepositoryRoot, sqlRoot } from './root.js';
import { databaseUrlValues, secretRedactor } from './secrets.js';

let root: string | undefined;
let redactor: ((text: string) => string) | undefined;

/** The repository the user stands in, found once; an error says where it looked. */
function repositoryRoot(): string {
  root ??= findRepositoryRoot(process.cwd());
  if (root === undefined) {
    throw new Error(
      `${process.cwd()} is not inside the rfm-workshop repository (no folder above it holds environments/); cd into your checkout and run it again`,
    );
  }
  return root;
}

/** Hides database passwords from the command line and the environment in `text`. */
export function redactSecrets(text: string): string {
  redactor ??= secretRedactor(
    databaseUrlValues(process.argv.slice(2), process.env[DATABASE_URL_ENV]),
  );
  return redactor(text);
}

/**
 * What every command shares: the repository it works in (found from the current folder, so a
 * command works from any subfolder) and how it reports. Paths the user types are resolved against
 * the folder they stand in by the option parsers (options.ts).
 */
export const cli = {
  get root(): string {
    return repositoryRoot();
  },
  get environmentsDir(): string {
    return join(repositoryRoot(), 'environments');
  },
  get sql(): SqlDirs {
    return sqlDirs(sqlRoot(repositoryRoot()));
  },
  /** Progress and diagnostics go to stderr, results to stdout; neither shows a password. */
  log: (line: string): void => void process.stderr.write(redactSecrets(`${line}\n`)),
  out: (line: string): void => void process.stdout.write(redactSecrets(`${line}\n`)),
};

/**
 * The environments folder as messages should name it: relative to where the user stands
 * (`environments`, or `../environments` from `sql/`), since the process never changes folder.
 */
export const environmentsDirShown = (): string =>
  relative(process.cwd(), cli.environmentsDir) || '.';

/**
 * The team's environment: `--env-file` (an environment file outside environments/, such as the
 * examples, which no deploy picks up), else `--team`, else the only team.
 */
export const teamEnvironment = (
  team: string | undefined,
  envFile?: string,
): Promise<Environment> =>
  envFile === undefined
    ? resolveEnvironment(environmentsDirShown(), team)
    : loadEnvironmentFile(relative(process.cwd(), envFile) || envFile);

/** The flags that choose and reach a team's backend. */
export interface BackendFlags {
  team?: string;
  /** Already resolved against the user's folder by the option parser. */
  envFile?: string;
  backend?: BackendKind;
  databaseUrl?: string;
  /** Already resolved against the user's folder by the option parser. */
  stackOutputs?: string;
}

/** Why `flags` cannot open a backend, or undefined when they can. */
export function backendFlagsProblem(flags: BackendFlags): string | undefined {
  return flags.backend === 'aws' && flags.stackOutputs === undefined
    ? "--backend aws needs --stack-outputs <file>: the JSON of `terraform output -json` in the team's stack folder"
    : undefined;
}

/** The commit being worked from, for the registry's metadata; `unknown` outside a git checkout. */
async function currentCommit(): Promise<string> {
  if (process.env.GITHUB_SHA !== undefined) return process.env.GITHUB_SHA;
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], {
      timeout: 5000,
      cwd: cli.root,
    });
    return stdout.trim();
  } catch {
    return 'unknown';
  }
}

/** The reason an interrupted command stopped; the CLI exits with 130 for it. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}; the team's database was closed cleanly`);
  }
}

/**
 * Ctrl-C or SIGTERM: the first aborts `signal` (a Redshift statement or AWS wait is cancelled; a
 * local run stops before its next stage) so the command closes its database and lock cleanly; a
 * second one stops the process at once.
 */
export async function interruptible<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const interrupt = new AbortController();
  const onSignal = (name: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) process.exit(130);
    cli.log(`${name}: stopping after the current step; press Ctrl-C again to stop at once`);
    interrupt.abort(new InterruptedError(name));
  };
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  try {
    return await fn(interrupt.signal);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  }
}

/** Opens the team's backend for one command, runs `fn` on it and closes it, also when interrupted. */
export async function withBackend<T>(
  flags: BackendFlags,
  fn: (backend: TeamBackend) => Promise<T>,
  extra: Pick<OpenBackendOptions, 'instanceType' | 'quickSight'> = {},
): Promise<T> {
  const problem = backendFlagsProblem(flags);
  if (problem !== undefined) throw new Error(problem);
  const env = await teamEnvironment(flags.team, flags.envFile);
  const run = { commit: await currentCommit(), runId: `cli-${Date.now()}` };
  return interruptible(async (signal) => {
    const opened = await openTeamBackend({
      env,
      backend: flags.backend ?? 'local',
      stateRoot: cli.root,
      run,
      signal,
      userAgent: 'rfm-workshop/cli',
      log: cli.log,
      ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
      ...(flags.stackOutputs === undefined ? {} : { stackOutputs: flags.stackOutputs }),
      ...extra,
    });
    try {
      return await fn(opened);
    } finally {
      await opened.close();
    }
  });
}
