import { InvalidArgumentError } from 'commander';
import { resolve } from 'node:path';
import { resolveEnvironment } from '../lib/workshop/environment.js';
import { localPaths } from '../lib/workshop/paths.js';
import { PgliteWarehouse } from '../lib/warehouse/pglite.js';

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

/** The team's environment and its local warehouse; the caller closes the warehouse. */
export async function openLocalTeam(team: string | undefined) {
  const env = await resolveEnvironment(cli.environmentsDir, team);
  const paths = localPaths(cli.root, env.team);
  return { env, paths, wh: await PgliteWarehouse.open(paths.database) };
}
