import { InvalidArgumentError, Option } from 'commander';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { approvalPolicy, kValue, teamId } from '../../contracts/environment/schema.js';
import {
  openTeamBackend,
  type BackendKind,
  type OpenBackendOptions,
  type TeamBackend,
} from '../lib/pipeline/backend.js';
import { resolveEnvironment } from '../lib/pipeline/environment.js';
import { sqlDirs } from '../lib/pipeline/sql-dirs.js';
import { redact } from '../lib/warehouse/postgres.js';

/** What every command shares: where it runs and how it reports. */
export const cli = {
  root: process.cwd(),
  environmentsDir: resolve(process.cwd(), 'environments'),
  sql: sqlDirs(process.cwd()),
  /** Progress and diagnostics go to stderr, results to stdout. */
  log: (line: string): void => void process.stderr.write(`${line}\n`),
  out: (line: string): void => void process.stdout.write(`${line}\n`),
};

/** A commander argument parser from a field schema of the environment file. */
const fromSchema =
  <T>(flag: string, schema: z.ZodType<T>, read: (value: string) => unknown = (v) => v) =>
  (value: string): T => {
    const parsed = schema.safeParse(read(value));
    if (parsed.success) return parsed.data;
    throw new InvalidArgumentError(`${flag} ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
  };

export const positiveInt =
  (name: string) =>
  (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(`${name} must be a whole number ≥ 1, got "${value}"`);
    }
    return n;
  };

/** `--team`: environments/<id>.yaml; optional when there is exactly one team. */
export const teamOption = (): Option =>
  new Option(
    '--team <id>',
    'team (environments/<id>.yaml); optional when there is one team',
  ).argParser(fromSchema('--team', teamId));

/** `--k`: a fixed number of clusters or auto. */
export const kOption = (): Option =>
  new Option(
    '--k <k>',
    'number of clusters, 2..50, or auto (default: the environment file)',
  ).argParser(fromSchema('--k', kValue, (v) => (/^\d+$/.test(v) ? Number(v) : v)));

/** `--approval`: the approval policy of a new model version. */
export const approvalOption = (fallback: string): Option =>
  new Option('--approval <policy>', `approval policy of the new version (default: ${fallback})`)
    .choices(approvalPolicy.options)
    .argParser(fromSchema('--approval', approvalPolicy));

/**
 * `--database-url`: a PostgreSQL server instead of the team's PGlite folder, for data that
 * outgrows PGlite. Also read from WORKSHOP_DATABASE_URL, which keeps the password out of the
 * process list.
 */
export const databaseUrlOption = (): Option =>
  new Option(
    '--database-url <url>',
    'use this PostgreSQL server instead of the local PGlite database (postgres://user:password@host:port/database)',
  )
    .env('WORKSHOP_DATABASE_URL')
    .argParser((value: string) => {
      if (!/^postgres(ql)?:\/\//.test(value)) {
        throw new InvalidArgumentError(
          `--database-url must be postgres://user:password@host:port/database, got ${redact(value)}`,
        );
      }
      return value;
    });

/** `--backend local|aws`. */
export const backendOption = (): Option =>
  new Option(
    '--backend <backend>',
    'local (PGlite, or --database-url) or aws (Redshift, SageMaker, QuickSight; needs --stack-outputs)',
  )
    .choices(['local', 'aws'])
    .default('local');

/** `--stack-outputs`: what `terraform output -json` printed for the team's stack. */
export const stackOutputsOption = (): Option =>
  new Option(
    '--stack-outputs <file>',
    "with --backend aws: the JSON of `terraform output -json` in the team's stack folder",
  );

/** The flags that choose and reach a team's backend. */
export interface BackendFlags {
  team?: string;
  backend?: BackendKind;
  databaseUrl?: string;
  stackOutputs?: string;
}

/** The commit being worked from, for the registry's metadata; `unknown` outside a git checkout. */
async function currentCommit(): Promise<string> {
  if (process.env.GITHUB_SHA !== undefined) return process.env.GITHUB_SHA;
  try {
    const { stdout } = await promisify(execFile)('git', ['rev-parse', 'HEAD'], { timeout: 5000 });
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
  const backend = flags.backend ?? 'local';
  if (backend === 'aws' && flags.stackOutputs === undefined) {
    throw new InvalidArgumentError(
      "--backend aws needs --stack-outputs <file>: the JSON of `terraform output -json` in the team's stack",
    );
  }
  const env = await resolveEnvironment(cli.environmentsDir, flags.team);
  const run = { commit: await currentCommit(), runId: `cli-${Date.now()}` };
  return interruptible(async (signal) => {
    const opened = await openTeamBackend({
      env,
      backend,
      stateRoot: cli.root,
      run,
      signal,
      userAgent: 'rfm-workshop/cli',
      log: cli.log,
      ...(flags.databaseUrl === undefined ? {} : { databaseUrl: flags.databaseUrl }),
      ...(flags.stackOutputs === undefined ? {} : { stackOutputs: resolve(flags.stackOutputs) }),
      ...extra,
    });
    try {
      return await fn(opened);
    } finally {
      await opened.close();
    }
  });
}
