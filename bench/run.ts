/**
 * The benchmarks (outside `npm test`). Runs the selected parts and merges them into
 * bench/results/<date>.json; prints markdown tables for BENCHMARKS.md.
 *
 *   tsx bench/run.ts [--only peer,run,postgres,kmeans,synth,migrations] [--sizes 10000,100000]
 *                    [--peer-sizes 99441,1000000]
 *                    [--pg-sizes 10000,100000,1000000] [--repeats 3] [--root DIR] [--label NAME]
 *
 * The runs use the built CLI (dist/), so build first (`npm run bench` does).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { startPostgres } from '../test/support/postgres.js';
import { measureKMeans } from './kmeans.js';
import { rfmFeatures } from './lib/features.js';
import { describeMachine } from './lib/machine.js';
import { REPO } from './lib/paths.js';
import { kmeansTable, migrationTable, peerTable, runTable, synthTable } from './lib/tables.js';
import { measureMigrations } from './migrations.js';
import { measurePeer } from './peer.js';
import { measureSynth } from './synth.js';
import { measureWorkshopRun, sampleData } from './workshop-run.js';

const PARTS = ['peer', 'run', 'postgres', 'kmeans', 'synth', 'migrations'] as const;
type Part = (typeof PARTS)[number];

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? undefined : process.argv[i + 1];
}
const numbers = (text: string): number[] => text.split(',').map(Number);

const only = (flag('only')?.split(',') ?? [...PARTS]) as Part[];
const repeats = Number(flag('repeats') ?? 3);
const sizes = numbers(flag('sizes') ?? '10000,100000,1000000');
const pgSizes = numbers(flag('pg-sizes') ?? '10000,100000,1000000,10000000');
const root = flag('root') ?? REPO;
const label = flag('label') ?? 'current';
const log = (line: string): void => void process.stderr.write(`${line}\n`);

const results: Record<string, unknown> = {};
const tables: string[] = [];

if (only.includes('peer')) {
  log('workshop run beside the pandas + scikit-learn peer');
  const samples = await measurePeer({
    sizes: numbers(flag('peer-sizes') ?? '99441,1000000'),
    repeats,
    log,
  });
  results.peer = samples;
  tables.push(`### workshop run and the pandas + scikit-learn peer\n\n${peerTable(samples)}`);
}
if (only.includes('run')) {
  log(`workshop run on PGlite (${label})`);
  const samples = await measureWorkshopRun({ sizes, repeats, root, log });
  results[`run:${label}`] = samples;
  tables.push(`### workshop run, PGlite (${label})\n\n${runTable(samples)}`);
}
if (only.includes('postgres')) {
  log(`workshop run on PostgreSQL (${label})`);
  const server = await startPostgres();
  try {
    const samples = await measureWorkshopRun({
      sizes: pgSizes,
      repeats: 1,
      root,
      log,
      createDatabase: (name) => server.createDatabase(name),
    });
    results[`postgres:${label}`] = samples;
    tables.push(`### workshop run, PostgreSQL (${label})\n\n${runTable(samples)}`);
  } finally {
    await server.stop();
  }
}
if (only.includes('kmeans')) {
  log('kmeans');
  const orders = 100_000;
  const { csv, features } = await rfmFeatures(await sampleData(orders), orders);
  const samples = await measureKMeans(csv, features, {
    k: 5,
    restarts: 8,
    seed: 42,
    repeats: Math.max(repeats, 5),
    log,
  });
  results.kmeans = { orders, customers: features.n, k: 5, restarts: 8, samples };
  tables.push(`### KMeans, k = 5, 8 restarts, ${features.n} customers\n\n${kmeansTable(samples)}`);
}
if (only.includes('synth')) {
  log('synth');
  const samples = await measureSynth([1, 10, 50], repeats, log);
  results.synth = samples;
  tables.push(`### synth\n\n${synthTable(samples)}`);
}
if (only.includes('migrations')) {
  log('migrations');
  const counts = await measureMigrations();
  results.migrations = counts;
  tables.push(`### migration runner\n\n${migrationTable(counts)}`);
}

const machine = describeMachine();
const file = join(REPO, 'bench', 'results', `${machine.date.slice(0, 10)}.json`);
await mkdir(join(REPO, 'bench', 'results'), { recursive: true });
const previous = existsSync(file)
  ? (JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>)
  : {};
const merged = { ...previous, machine, ...results };
const style = (await resolveConfig(file)) ?? {};
await writeFile(file, await format(JSON.stringify(merged), { ...style, parser: 'json' }));
process.stdout.write(`${tables.join('\n\n')}\n\nwritten to ${file}\n`);
