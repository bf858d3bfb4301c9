#!/usr/bin/env node
/**
 * `npm start` and `npm run workshop -- …`: bundles the CLI from its TypeScript sources with
 * esbuild into dist/cli/ (no type check: `npm test` checks types), then runs it. The bundle is
 * rebuilt only when a file it was built from, or the lock file, changed since. It is split at each
 * dynamic import, so that a local command does not load the AWS SDK (or pg) that a single file
 * would import up front.
 */
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist/cli`;
const outfile = `${outdir}/workshop.mjs`;
const inputsFile = `${outdir}/inputs.json`;

/** Modification time in ms, or -1 when the file is missing. */
const mtime = (file) =>
  stat(file).then(
    (s) => s.mtimeMs,
    () => -1,
  );

async function upToDate() {
  const built = await mtime(outfile);
  if (built < 0) return false;
  const inputs = await readFile(inputsFile, 'utf8').then(JSON.parse, () => null);
  if (!Array.isArray(inputs)) return false;
  const times = await Promise.all([...inputs, 'package-lock.json'].map((f) => mtime(root + f)));
  return times.every((t) => t >= 0 && t <= built);
}

if (!(await upToDate())) {
  // Loaded only to rebuild: importing esbuild costs a run that is up to date a fifth of a second.
  const { build } = await import('esbuild');
  // The chunks' names change with their content: start empty so that old ones do not pile up.
  await rm(outdir, { recursive: true, force: true });
  const result = await build({
    entryPoints: [`${root}actions/workshop.ts`],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    splitting: true,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await mkdir(outdir, { recursive: true });
  await writeFile(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}
// The CLI reads process.argv itself: `node scripts/workshop.mjs run --team x` passes `run --team x`.
await import(new URL(`file://${outfile}`).href);
