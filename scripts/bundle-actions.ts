/**
 * Bundles each GitHub Action of this repository into `actions/<name>/dist/index.js`, the file its
 * `action.yml` runs with `using: node24`. An action is a folder under `actions/` holding an
 * `action.yml` and an `index.ts` entry point.
 *
 * The bundle is one ESM file (`@actions/core` 3 is ESM-only); DuckDB, a native module, stays
 * outside it and is imported from the checkout's node_modules.
 *
 * Usage: `npm run bundle` (every action) or `npm run bundle -- train-kmeans` (some of them).
 */
import { build } from 'esbuild';
import { readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where GitHub runs the bundle from, relative to the action's folder. */
export const BUNDLE_PATH = 'dist/index.js';
const ENTRY_POINT = 'index.ts';

/**
 * Never bundled: `playwright-core` is a development dependency that only screenshots load (with a
 * dynamic import), `pg-native` is an optional add-on of `pg` that is not installed, and DuckDB is a
 * native module (a `.node` binary per platform) that the job's `npm ci` installs beside the bundle's
 * checkout, where Node resolves it.
 */
const EXTERNAL = ['playwright-core', 'pg-native', '@duckdb/node-api', '@duckdb/node-bindings*'];

/**
 * CommonJS dependencies inside an ESM bundle call `require` for Node built-ins; ESM has none, so
 * the bundle makes one first.
 */
const REQUIRE_SHIM = [
  "import { createRequire as __bundleCreateRequire } from 'node:module';",
  'const require = __bundleCreateRequire(import.meta.url);',
].join('\n');

/** What bundling one action produced. */
export interface BundleResult {
  readonly action: string;
  /** Absolute path of `dist/index.js`. */
  readonly outfile: string;
  readonly bytes: number;
  readonly ms: number;
}

/** The actions under `<root>/actions`: folders with both an `action.yml` and an `index.ts`. */
export async function findActions(root: string): Promise<string[]> {
  const dir = join(root, 'actions');
  const entries = await readdir(dir, { withFileTypes: true });
  const names: string[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort(byName)) {
    const files = await readdir(join(dir, entry.name));
    if (files.includes('action.yml') && files.includes(ENTRY_POINT)) names.push(entry.name);
  }
  return names;
}

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

/** Bundles `actions/<action>/index.ts` into `actions/<action>/dist/index.js`, replacing `dist/`. */
export async function bundleAction(root: string, action: string): Promise<BundleResult> {
  const started = performance.now();
  const actionDir = join(root, 'actions', action);
  const entry = join(actionDir, ENTRY_POINT);
  await stat(entry).catch(() => {
    throw new Error(
      `${relative(root, entry)} not found: an action's entry point is index.ts beside its action.yml`,
    );
  });
  const outfile = join(actionDir, BUNDLE_PATH);
  await rm(dirname(outfile), { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    external: EXTERNAL,
    banner: { js: REQUIRE_SHIM },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'silent',
  });
  return {
    action,
    outfile,
    bytes: result.metafile.outputs[relative(root, outfile)]?.bytes ?? (await stat(outfile)).size,
    ms: Math.round(performance.now() - started),
  };
}

/** Bundles the named actions, or every action when `names` is empty, one after another. */
export async function bundleActions(
  root: string,
  names: readonly string[] = [],
): Promise<BundleResult[]> {
  const known = await findActions(root);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `no action named ${unknown.join(', ')} under actions/ (actions: ${known.join(', ') || 'none'})`,
    );
  }
  const results: BundleResult[] = [];
  for (const name of names.length > 0 ? names : known) results.push(await bundleAction(root, name));
  return results;
}

async function main(): Promise<void> {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  for (const r of await bundleActions(root, process.argv.slice(2))) {
    const size = `${(r.bytes / 1024 / 1024).toFixed(1)} MiB`;
    console.log(`${relative(root, r.outfile)}\t${size}\t${r.ms} ms`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(`bundle-actions: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
