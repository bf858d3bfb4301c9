#!/usr/bin/env node
/**
 * `npm start` and `npm run workshop -- …`: bundles the CLI from its TypeScript sources with
 * esbuild into dist/cli/ (no type check: `npm test` checks types), then runs it. The bundle is
 * rebuilt only when a file it was built from, or the lock file, changed since.
 */
import { build } from 'esbuild';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}dist/cli/workshop.mjs`;
const inputsFile = `${root}dist/cli/inputs.json`;

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
  const result = await build({
    entryPoints: [`${root}actions/workshop.ts`],
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile,
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  await mkdir(`${root}dist/cli`, { recursive: true });
  await writeFile(inputsFile, JSON.stringify(Object.keys(result.metafile.inputs)));
}
// The CLI reads process.argv itself: `node scripts/workshop.mjs run --team x` passes `run --team x`.
await import(new URL(`file://${outfile}`).href);
