import { S3Client } from '@aws-sdk/client-s3';
import { InvalidArgumentError, Option } from 'commander';
import { resolve } from 'node:path';
import { readStackOutputsFile } from '../../contracts/stack-outputs.js';
import type { CopySessionWarehouse } from '../lib/warehouse/copy-session.js';
import { PgliteWarehouse } from '../lib/warehouse/pglite.js';
import { PostgresWarehouse, redact } from '../lib/warehouse/postgres.js';
import { createRedshiftDataClient } from '../lib/warehouse/redshift-data-client.js';
import { RedshiftDataWarehouse, redshiftTarget } from '../lib/warehouse/redshift-data.js';
import { resolveEnvironment } from '../lib/workshop/environment.js';
import { localPaths } from '../lib/workshop/paths.js';

/** What every command shares: where it runs and how it reports. */
export const cli = {
  root: process.cwd(),
  environmentsDir: resolve(process.cwd(), 'environments'),
  migrationsDir: resolve(process.cwd(), 'sql', 'migrations'),
  checksDir: resolve(process.cwd(), 'sql', 'checks'),
  refreshDir: resolve(process.cwd(), 'sql', 'refresh'),
  /** Progress and diagnostics go to stderr, results to stdout. */
  log: (line: string): void => void process.stderr.write(`${line}\n`),
  out: (line: string): void => void process.stdout.write(`${line}\n`),
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

export const kOption = (value: string): number | 'auto' => {
  if (value === 'auto') return 'auto';
  const n = Number(value);
  if (!Number.isInteger(n) || n < 2 || n > 50) {
    throw new InvalidArgumentError(
      `--k must be auto or a whole number from 2 to 50, got "${value}"`,
    );
  }
  return n;
};

/**
 * `--database-url`: a PostgreSQL server instead of the team's PGlite folder, for data that outgrows
 * PGlite. Also read from WORKSHOP_DATABASE_URL, which keeps the password out of the process list.
 */
export function databaseUrlOption(): Option {
  return new Option(
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
}

/** `--backend local|aws`. */
export function backendOption(): Option {
  return new Option('--backend <backend>', 'local (PGlite or --database-url) or aws (Redshift)')
    .choices(['local', 'aws'])
    .default('local');
}

/** `--stack-outputs`: what `terraform output -json` printed for the team's stack. */
export function stackOutputsOption(): Option {
  return new Option(
    '--stack-outputs <file>',
    "JSON from `terraform output -json` of the team's stack (with --backend aws)",
  );
}

/**
 * The team's environment and its local warehouse: PGlite in .workshop/<team>, or the PostgreSQL
 * server at `databaseUrl`. The caller closes the warehouse.
 */
export async function openLocalTeam(team: string | undefined, databaseUrl?: string) {
  const env = await resolveEnvironment(cli.environmentsDir, team);
  const paths = localPaths(cli.root, env.team);
  const wh: CopySessionWarehouse =
    databaseUrl === undefined
      ? await PgliteWarehouse.open(paths.database)
      : await PostgresWarehouse.connect(databaseUrl);
  return { env, paths, wh };
}

/**
 * The team's environment, stack outputs and Redshift (Data API) warehouse, plus an S3 client.
 * Ctrl-C cancels the running statement. The caller calls `release` when done.
 */
export async function openAwsTeam(team: string | undefined, stackOutputs: string | undefined) {
  if (stackOutputs === undefined) {
    throw new InvalidArgumentError(
      "--backend aws needs --stack-outputs <file>: the JSON of `terraform output -json` in the team's stack",
    );
  }
  const env = await resolveEnvironment(cli.environmentsDir, team);
  const stack = await readStackOutputsFile(resolve(stackOutputs));
  const data = createRedshiftDataClient(stack.region);
  const s3 = new S3Client({ region: stack.region, retryMode: 'adaptive' });
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  const wh = new RedshiftDataWarehouse({
    client: data,
    target: redshiftTarget(stack.warehouse),
    signal: interrupt.signal,
  });
  const release = (): void => {
    process.off('SIGINT', onSigint);
    data.destroy();
    s3.destroy();
  };
  return { env, stack, wh, s3, release };
}
