/**
 * Where the CLI's files are: the repository the user stands in (environments/, sql/, state) and
 * the package the CLI itself comes from (its version).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'rfm-workshop';

/** The nearest folder at or above `start` for which `found` holds. */
function findUp(start: string, found: (dir: string) => boolean): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (found(dir)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

const isDir = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/** The parsed package.json in `dir`, or undefined when there is none or it is not JSON. */
function packageJson(dir: string): { name?: unknown; version?: unknown } | undefined {
  const file = join(dir, 'package.json');
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
  } catch {
    return undefined;
  }
}

const isWorkshopPackage = (dir: string): boolean => packageJson(dir)?.name === PACKAGE_NAME;

/**
 * The repository root at or above `start`: the nearest folder holding both `environments/` and
 * `sql/`, or the rfm-workshop package.json; failing that, the nearest folder holding
 * `environments/` (a workspace with the team files only, run with an installed CLI).
 */
export function findRepositoryRoot(start: string): string | undefined {
  return (
    findUp(
      start,
      (dir) =>
        (isDir(join(dir, 'environments')) && isDir(join(dir, 'sql'))) || isWorkshopPackage(dir),
    ) ?? findUp(start, (dir) => isDir(join(dir, 'environments')))
  );
}

/** The folder of the CLI's own package.json, which ships sql/ with the code. */
export function cliPackageRoot(): string | undefined {
  return findUp(dirname(fileURLToPath(import.meta.url)), isWorkshopPackage);
}

/** `root/sql` when the repository has one, else the sql/ shipped with the CLI. */
export function sqlRoot(root: string): string {
  if (isDir(join(root, 'sql'))) return root;
  return cliPackageRoot() ?? root;
}

/** The version in the CLI's own package.json (not the one of the folder it runs in). */
export function cliVersion(): string {
  const dir = cliPackageRoot();
  const version = dir === undefined ? undefined : packageJson(dir)?.version;
  return typeof version === 'string' ? version : 'unknown';
}
